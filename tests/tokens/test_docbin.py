import zlib

import pytest
import srsly

from nlpcore import Doc, DocBin, Vocab
from nlpcore.attrs import LOWER, ORTH, SPACY, TAG


def test_round_trip_keeps_everything(parsed_doc, tmp_path):
    parsed_doc.cats = {"news": 1.0}
    parsed_doc.user_data[("._.", "rel", None, None)] = {"a": 1}
    docbin = DocBin(store_user_data=True, docs=[parsed_doc, Doc(parsed_doc.vocab)])
    docbin.to_disk(tmp_path / "train.nlpcore")
    docs = list(DocBin().from_disk(tmp_path / "train.nlpcore").get_docs(Vocab("en")))
    assert len(docs) == 2 and len(docs[1]) == 0
    restored = docs[0]
    assert restored.text == parsed_doc.text
    assert [t.head.i for t in restored] == [t.head.i for t in parsed_doc]
    assert [(e.text, e.label_) for e in restored.ents] == [("Alice", "PER"), ("Bob", "PER")]
    assert restored.cats == {"news": 1.0}
    assert restored.user_data[("._.", "rel", None, None)] == {"a": 1}


def test_chosen_attrs_only(parsed_doc):
    docbin = DocBin(attrs=["TAG"], docs=[parsed_doc])
    assert docbin.attrs[0] == ORTH and len(docbin.attrs) == 3
    doc = next(DocBin().from_bytes(docbin.to_bytes()).get_docs(Vocab()))
    assert [t.tag_ for t in doc] == [t.tag_ for t in parsed_doc]
    assert not doc.has_annotation("DEP")
    assert TAG in docbin.attrs


def test_user_data_dropped_unless_asked(parsed_doc):
    parsed_doc.user_data["x"] = 1
    doc = next(DocBin().from_bytes(DocBin(docs=[parsed_doc]).to_bytes()).get_docs(Vocab()))
    assert doc.user_data == {}


def test_merge_and_length(parsed_doc):
    first, second = DocBin(docs=[parsed_doc]), DocBin(docs=[parsed_doc, parsed_doc])
    first.merge(second)
    assert len(first) == 3
    with pytest.raises(ValueError, match="E042"):
        first.merge(DocBin(attrs=["TAG"]))


def test_corrupt_data_gives_coded_error(tmp_path):
    with pytest.raises(ValueError, match="E041"):
        DocBin().from_bytes(b"not zlib")
    with pytest.raises(FileNotFoundError, match="E043"):
        DocBin().from_disk(tmp_path / "missing.nlpcore")


def test_compact(parsed_doc):
    docbin = DocBin(docs=[parsed_doc] * 100)
    assert len(docbin.to_bytes()) < 100 * len(parsed_doc.to_bytes()) / 4


def test_lexical_attrs_come_back_from_orth(parsed_doc):
    docbin = DocBin(attrs=["LOWER", "TAG", "TAG"], docs=[parsed_doc])
    assert docbin.attrs == [ORTH, SPACY, TAG]
    doc = next(DocBin().from_bytes(docbin.to_bytes()).get_docs(Vocab()))
    assert doc.text == parsed_doc.text
    assert [t.lower_ for t in doc] == [t.lower_ for t in parsed_doc]
    assert [t.tag_ for t in doc] == [t.tag_ for t in parsed_doc]


def _tampered(parsed_doc, **changes):
    docbin = DocBin(store_user_data=True, docs=[parsed_doc, parsed_doc])
    msg = srsly.msgpack_loads(zlib.decompress(docbin.to_bytes()))
    for key, value in changes.items():
        if value is None:
            del msg[key]
        else:
            msg[key] = value
    return zlib.compress(srsly.msgpack_dumps(msg))


@pytest.mark.parametrize("changes,detail", [
    ({"strings": None}, "no 'strings' entry"),
    ({"cats": None}, "no 'cats' entry"),
    ({"user_data": None}, "no 'user_data' entry"),
    ({"cats": [{}]}, "cats has 1 entries for 2 docs"),
    ({"cats": "xx"}, "cats is not a list of dicts"),
    ({"user_data": [None]}, "user_data is not a list of 2 entries"),
    ({"user_data": [None, 5]}, "user_data is not a list of 2 entries"),
    ({"strings": [1]}, "strings is not a list of strings"),
    ({"attrs": [TAG, SPACY]}, "need ORTH and SPACY"),
    ({"attrs": [ORTH, SPACY, LOWER]}, "need ORTH and SPACY"),
], ids=["no-strings", "no-cats", "no-user-data", "short-cats", "cats-type", "short-user-data",
        "user-data-entry", "strings-type", "no-orth", "lexical"])
def test_inconsistent_data_gives_coded_error(parsed_doc, changes, detail):
    if "attrs" in changes:  # keep the token array's width
        attrs = changes["attrs"]
        changes = {"attrs": attrs + [TAG] * (len(DocBin().attrs) - len(attrs))}
    with pytest.raises(ValueError, match=r"\[E041\]") as info:
        DocBin().from_bytes(_tampered(parsed_doc, **changes))
    assert detail in str(info.value)
