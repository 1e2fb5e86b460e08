import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlpcore import StringStore
from nlpcore.strings import get_string_key


def test_add_and_lookup_both_ways():
    strings = StringStore()
    key = strings.add("apple")
    assert strings["apple"] == key
    assert strings[key] == "apple"
    assert "apple" in strings and key in strings
    assert "pear" not in strings
    assert len(strings) == 1


def test_keys_are_64_bit_and_stable():
    key = StringStore().add("apple")
    assert 0 < key < 2**64
    assert StringStore().add("apple") == key == get_string_key("apple")


def test_empty_string_is_key_zero():
    strings = StringStore()
    assert strings.add("") == 0
    assert strings[0] == ""
    assert len(strings) == 0


def test_unknown_key_raises_coded_error():
    with pytest.raises(KeyError, match="E001"):
        StringStore()[12345]


def test_bad_key_type_raises_coded_error():
    with pytest.raises(TypeError, match="E002"):
        StringStore()[1.5]
    with pytest.raises(TypeError, match="E006"):
        StringStore().add(None)


def test_keys_outside_64_bits_are_unknown():
    strings = StringStore(["a"])
    assert -1 not in strings and 2**64 not in strings and None not in strings
    for key in (-1, 2**64):
        with pytest.raises(KeyError, match="E001"):
            strings[key]


def test_a_lone_surrogate_is_a_coded_error():
    strings = StringStore()
    for text in ("\ud800", "ok \udfff"):
        with pytest.raises(ValueError, match="E005"):
            strings.add(text)
        with pytest.raises(ValueError, match="E005"):
            get_string_key(text)
    assert len(strings) == 0


def test_pickle_round_trip():
    strings = StringStore(["b", "a", "ç"])
    assert list(pickle.loads(pickle.dumps(strings))) == ["b", "a", "ç"]


def test_iteration_keeps_insertion_order_without_duplicates():
    strings = StringStore(["b", "a", "b", "ç"])
    assert list(strings) == ["b", "a", "ç"]


def test_bytes_round_trip():
    strings = StringStore(["a", "naïve", "日本"])
    restored = StringStore().from_bytes(strings.to_bytes())
    assert list(restored) == list(strings)


def test_from_bytes_rejects_garbage():
    with pytest.raises(ValueError, match="E003"):
        StringStore().from_bytes(b"\xc1 not msgpack")


def test_disk_round_trip(tmp_path):
    strings = StringStore(["x", "y"])
    strings.to_disk(tmp_path / "strings.json")
    assert list(StringStore().from_disk(tmp_path / "strings.json")) == ["x", "y"]


def test_from_disk_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="E043"):
        StringStore().from_disk(tmp_path / "nope.json")


@given(st.lists(st.text(min_size=1), max_size=30))
def test_any_unicode_round_trips(texts):
    strings = StringStore()
    keys = [strings.add(t) for t in texts]
    assert [strings[k] for k in keys] == texts
