"""Entity tag helpers: IOB <-> BILUO, entities, spans and character offsets."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlpcore import Doc, Vocab
from nlpcore.training import (
    biluo_tags_to_offsets,
    biluo_tags_to_spans,
    biluo_to_iob,
    iob_to_biluo,
    offsets_to_biluo_tags,
    tags_to_entities,
)
from nlpcore.training.biluo import iob_to_spans, split_tag


def test_iob2_to_biluo():
    tags = ["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC", "I-LOC", "O"]
    assert iob_to_biluo(tags) == ["B-PER", "L-PER", "O", "U-LOC", "B-LOC", "I-LOC", "L-LOC", "O"]


def test_iob1_to_biluo():
    tags = ["I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG"]
    assert iob_to_biluo(tags) == ["B-PER", "L-PER", "U-PER", "O", "U-LOC", "U-ORG"]


def test_missing_tags_stay_missing():
    assert iob_to_biluo(["B-PER", "-", "I-PER", None]) == ["U-PER", "-", "U-PER", "-"]
    assert biluo_to_iob(["U-PER", "-", "O"]) == ["B-PER", "-", "O"]


def test_biluo_to_iob():
    assert biluo_to_iob(["B-X", "I-X", "L-X", "U-Y", "O"]) == ["B-X", "I-X", "I-X", "B-Y", "O"]


def test_tags_to_entities_inclusive_end():
    assert tags_to_entities(["O", "B-X", "L-X", "U-Y"]) == [("X", 1, 2), ("Y", 3, 3)]


@pytest.mark.parametrize(
    "tags",
    [["I-X"], ["O", "L-X"], ["B-X", "O"], ["B-X"], ["B-X", "I-Y", "L-Y"], ["B-X", "U-X"]],
)
def test_tags_to_entities_rejects_invalid(tags):
    with pytest.raises(ValueError, match=r"\[E162\]"):
        tags_to_entities(tags)


@pytest.mark.parametrize("tag", ["Z-PER", "B-", "B", "PER", "b-PER"])
def test_unknown_prefix(tag):
    with pytest.raises(ValueError, match=r"\[E160\]"):
        split_tag(tag)
    with pytest.raises(ValueError, match=r"\[E160\]"):
        iob_to_biluo(["O", tag])


@pytest.fixture
def doc():
    return Doc(Vocab(), words=["I", "like", "New", "York", "."], spaces=[1, 1, 1, 0, 0])


def test_offsets_to_biluo_tags(doc):
    assert offsets_to_biluo_tags(doc, [(7, 15, "GPE")]) == ["O", "O", "B-GPE", "L-GPE", "O"]
    assert offsets_to_biluo_tags(doc, [(0, 1, "PER")], missing="-") == ["U-PER"] + ["-"] * 4


def test_offsets_misaligned_become_missing(doc):
    assert offsets_to_biluo_tags(doc, [(7, 13, "GPE")]) == ["O", "O", "-", "-", "O"]
    assert offsets_to_biluo_tags(doc, [(6, 15, "GPE")]) == ["O", "O", "-", "-", "O"]


def test_offsets_errors(doc):
    with pytest.raises(ValueError, match=r"\[E163\]"):
        offsets_to_biluo_tags(doc, [(7, 15, "GPE"), (11, 15, "X")])
    with pytest.raises(ValueError, match=r"\[E164\]"):
        offsets_to_biluo_tags(doc, [(7, 99, "GPE")])


def test_spans_and_offsets(doc):
    tags = ["U-PER", "O", "B-GPE", "L-GPE", "O"]
    spans = biluo_tags_to_spans(doc, tags)
    assert [(s.text, s.label_) for s in spans] == [("I", "PER"), ("New York", "GPE")]
    assert biluo_tags_to_offsets(doc, tags) == [(0, 1, "PER"), (7, 15, "GPE")]


IOB = st.lists(st.sampled_from(["O", "B-PER", "I-PER", "B-LOC", "I-LOC"]), max_size=20)


@settings(max_examples=200, deadline=None)
@given(tags=IOB)
def test_iob_biluo_spans_consistent(tags):
    biluo = iob_to_biluo(tags)
    spans = iob_to_spans(tags)
    assert [(label, s, e + 1) for label, s, e in tags_to_entities(biluo)] == spans
    assert iob_to_biluo(biluo_to_iob(biluo)) == biluo
    assert iob_to_biluo(biluo) == biluo
    if tags:
        vocab = Vocab()
        doc = Doc(vocab, words=[f"w{i}" for i in range(len(tags))], ents=tags)
        assert [(e.label_, e.start, e.end) for e in doc.ents] == spans
        doc_spans = biluo_tags_to_spans(doc, biluo)
        assert [(s.label_, s.start, s.end) for s in doc_spans] == spans
        offsets = [(s.start_char, s.end_char, s.label_) for s in doc_spans]
        assert offsets_to_biluo_tags(doc, offsets) == biluo
        assert biluo_tags_to_offsets(doc, biluo) == offsets
