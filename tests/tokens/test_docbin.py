import pytest

from nlpcore import Doc, DocBin, Vocab
from nlpcore.attrs import ORTH, TAG


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
