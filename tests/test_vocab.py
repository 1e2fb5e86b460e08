import pickle

import pytest

from nlpcore import Vocab
from nlpcore.attrs import IS_ALPHA, IS_STOP


def test_lexeme_attributes_are_computed_once_per_type(vocab):
    lex = vocab["Apples"]
    assert (lex.orth_, lex.lower_, lex.norm_) == ("Apples", "apples", "apples")
    assert (lex.shape_, lex.prefix_, lex.suffix_, lex.length) == ("Xxxxx", "A", "les", 6)
    assert vocab["Apples"] == lex
    assert len(vocab) == 1


@pytest.mark.parametrize(
    "text,shape",
    [("Apple", "Xxxxx"), ("12", "dd"), ("C3PO", "XdXX"), ("hello-World", "xxxx-Xxxxx"),
     ("2024-01-01", "dddd-dd-dd"), ("...", "..."), ("aaaaaaaa", "xxxx")],
)
def test_shape_caps_runs_at_four(vocab, text, shape):
    assert vocab[text].shape_ == shape


@pytest.mark.parametrize(
    "text,flags",
    [
        ("Hello", {"is_alpha", "is_title", "is_ascii"}),
        ("the", {"is_alpha", "is_lower", "is_stop", "is_ascii"}),
        ("NASA", {"is_alpha", "is_upper", "is_ascii"}),
        ("42", {"is_digit", "like_num", "is_ascii"}),
        ("3.14", {"like_num", "is_ascii"}),
        ("ten", {"is_alpha", "is_lower", "like_num", "is_ascii", "is_stop"}),
        ("!", {"is_punct", "is_ascii"}),
        ("(", {"is_punct", "is_bracket", "is_left_punct", "is_ascii"}),
        ("”", {"is_punct", "is_quote", "is_right_punct"}),
        ("$", {"is_currency", "is_ascii"}),
        ("\n", {"is_space", "is_ascii"}),
        ("https://example.com/a?b=1", {"like_url", "is_ascii", "is_lower"}),
        ("www.example.org", {"like_url", "is_ascii", "is_lower"}),
        ("jane.doe@example.com", {"like_email", "is_ascii", "is_lower"}),
    ],
)
def test_flags(vocab, text, flags):
    all_flags = ["is_alpha", "is_ascii", "is_digit", "is_lower", "is_upper", "is_title",
                 "is_punct", "is_space", "is_stop", "is_bracket", "is_quote",
                 "is_left_punct", "is_right_punct", "is_currency", "like_num",
                 "like_url", "like_email"]
    lex = vocab[text]
    assert {name for name in all_flags if getattr(lex, name)} == flags


def test_check_flag_by_id(vocab):
    assert vocab["and"].check_flag(IS_STOP)
    assert not vocab["42"].check_flag(IS_ALPHA)


def test_english_norms(vocab):
    assert vocab["n't"].norm_ == "not"
    assert vocab["Colour"].norm_ == "color"


def test_lookup_by_orth_and_contains(vocab):
    lex = vocab["word"]
    assert vocab[lex.orth].orth_ == "word"
    assert "word" in vocab and lex.orth in vocab
    assert "other" not in vocab


def test_unknown_orth_raises_coded_error(vocab):
    with pytest.raises(KeyError, match="E004"):
        vocab[987654321]
    with pytest.raises(KeyError, match="E004"):
        vocab[-1]
    assert -1 not in vocab and 2**70 not in vocab and None not in vocab


def test_round_trips(vocab, tmp_path):
    for word in ["a", "b", "ü"]:
        vocab[word]
    restored = Vocab("en").from_bytes(vocab.to_bytes())
    assert list(restored.strings) == list(vocab.strings)
    vocab.to_disk(tmp_path / "vocab")
    assert list(Vocab("en").from_disk(tmp_path / "vocab").strings) == list(vocab.strings)
    assert list(pickle.loads(pickle.dumps(vocab)).strings) == list(vocab.strings)


def test_language_neutral_vocab_has_no_stop_words():
    assert not Vocab()["the"].is_stop


def test_from_bytes_rejects_what_to_bytes_never_wrote():
    import srsly

    for data in (b"garbage", srsly.msgpack_dumps({"vectors": b""}), srsly.msgpack_dumps([1]),
                 srsly.msgpack_dumps({"strings": 5})):
        with pytest.raises(ValueError, match="E047"):
            Vocab("en").from_bytes(data)
