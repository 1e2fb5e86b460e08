"""Example: construction, from_dict, and reference annotation projected onto predicted tokens."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlpcore import Doc, Vocab
from nlpcore.training import Example


@pytest.fixture
def reference(vocab):
    return Doc(
        vocab,
        words=["I", "ca", "n't", "see", "New", "York", "."],
        spaces=[True, False, True, True, True, False, False],
        tags=["PRP", "MD", "RB", "VB", "NNP", "NNP", "."],
        heads=[3, 3, 3, 3, 5, 3, 3],
        deps=["nsubj", "aux", "neg", "ROOT", "compound", "obj", "punct"],
        ents=["O", "O", "O", "O", "B-GPE", "L-GPE", "O"],
    )


@pytest.fixture
def predicted(vocab):
    # "can't" merged, "New York" split into "Ne" + "w" and "York." merged.
    return Doc(vocab, words=["I", "can't", "see", "Ne", "w", "York."], spaces=[1, 1, 1, 0, 1, 0])


def test_aliases_and_text(predicted, reference):
    eg = Example(predicted, reference)
    assert eg.x is eg.predicted is predicted
    assert eg.y is eg.reference is reference
    assert eg.text == "I can't see New York."
    assert len(eg) == 6


def test_rejects_non_docs(predicted):
    with pytest.raises(TypeError, match=r"\[E171\]"):
        Example(predicted, "text")


def test_alignment(predicted, reference):
    eg = Example(predicted, reference)
    assert eg.alignment.x2y.to_lists() == [[0], [1, 2], [3], [4], [4], [5, 6]]
    assert eg.alignment.y2x.to_lists() == [[0], [1], [1], [2], [3, 4], [5], [5]]


def test_get_aligned(predicted, reference):
    eg = Example(predicted, reference)
    assert eg.get_aligned("TAG", as_string=True) == ["PRP", None, "VB", "NNP", "NNP", None]
    keys = eg.get_aligned("tag")
    assert keys[0] == predicted.vocab.strings["PRP"] and keys[1] is None
    assert eg.get_aligned("ORTH", as_string=True)[3] == "New"
    with pytest.raises(ValueError, match=r"\[E173\]"):
        eg.get_aligned("FOO")
    with pytest.raises(ValueError, match=r"\[E173\] .*attribute 5\."):
        eg.get_aligned(5)


def test_get_aligned_parse(predicted, reference):
    heads, deps = Example(predicted, reference).get_aligned_parse()
    # "see" is the root; "New" (split into "Ne" + "w") keeps its arc on its last
    # piece, which heads to the merged "York." that holds its head "York".
    assert heads == [2, None, 2, 4, 5, None]
    assert deps == ["nsubj", None, "ROOT", "subtok", "compound", None]
    assert Example(predicted, reference).get_aligned("HEAD") == heads


def test_get_aligned_parse_identity(parsed_doc):
    words = [t.text for t in parsed_doc]
    spaces = [bool(t.whitespace_) for t in parsed_doc]
    predicted = Doc(parsed_doc.vocab, words=words, spaces=spaces)
    heads, deps = Example(predicted, parsed_doc).get_aligned_parse()
    assert heads == [t.head.i for t in parsed_doc]
    assert deps == [t.dep_ for t in parsed_doc]


def test_get_aligned_parse_without_parse(predicted, vocab):
    reference = Doc(vocab, words=["I", "can't", "see", "New", "York."])
    assert Example(predicted, reference).get_aligned_parse() == ([None] * 6, [None] * 6)


def test_get_aligned_ents(predicted, reference, vocab):
    # "New York" ends inside "York." in the predicted tokens: it can't be placed.
    assert Example(predicted, reference).get_aligned_ents() == ["O", "O", "O", "-", "-", "-"]
    x = Doc(vocab, words=["I", "can't", "see", "New", "York", "."], spaces=[1, 1, 1, 1, 0, 0])
    assert Example(x, reference).get_aligned_ents() == ["O", "O", "O", "B-GPE", "L-GPE", "O"]
    x = Doc(vocab, words=["I", "can't", "see", "New York", "."], spaces=[1, 1, 1, 0, 0])
    assert Example(x, reference).get_aligned_ents() == ["O", "O", "O", "U-GPE", "O"]


def test_get_aligned_ents_missing(vocab):
    y = Doc(vocab, words=["a", "b", "c"], ents=["U-X", "-", "O"])
    x = Doc(vocab, words=["a", "b", "c"])
    assert Example(x, y).get_aligned_ents() == ["U-X", "-", "O"]


def test_get_aligned_sent_starts(vocab):
    y = Doc(vocab, words=["Hi", ".", "Go", "now"], sent_starts=[True, False, True, False])
    x = Doc(vocab, words=["Hi.", "G", "o", "now"], spaces=[1, 0, 1, 0])
    assert Example(x, y).get_aligned_sent_starts() == [True, True, False, False]


def test_get_aligned_spans(predicted, reference, vocab):
    eg = Example(predicted, reference)
    assert eg.get_aligned_spans_y2x(reference.ents) == []
    x = Doc(vocab, words=["I", "can't", "see", "New York", "."], spaces=[1, 1, 1, 0, 0])
    eg = Example(x, reference)
    spans = eg.get_aligned_spans_y2x(reference.ents)
    assert [(s.text, s.label_) for s in spans] == [("New York", "GPE")]
    back = eg.get_aligned_spans_x2y(spans)
    assert [(s.start, s.end, s.label_) for s in back] == [(4, 6, "GPE")]


def test_from_dict(vocab):
    predicted = Doc(vocab, words=["I", "like", "New", "York", "."], spaces=[1, 1, 1, 0, 0])
    eg = Example.from_dict(
        predicted,
        {
            "words": ["I", "like", "New York", "."],
            "tags": ["PRP", "VBP", "NNP", "."],
            "heads": [1, 1, 1, 1],
            "deps": ["nsubj", "ROOT", "obj", "punct"],
            "entities": [(7, 15, "GPE")],
            "cats": {"travel": 1.0},
        },
    )
    ref = eg.reference
    assert ref.text == predicted.text
    assert [(e.text, e.label_) for e in ref.ents] == [("New York", "GPE")]
    assert ref.cats == {"travel": 1.0}
    assert eg.get_aligned("TAG", as_string=True) == ["PRP", "VBP", "NNP", "NNP", "."]
    assert eg.get_aligned_ents() == ["O", "O", "B-GPE", "L-GPE", "O"]
    heads, deps = eg.get_aligned_parse()
    assert heads == [1, 1, 3, 1, 1]
    assert deps == ["nsubj", "ROOT", "subtok", "obj", "punct"]


def test_from_dict_misaligned_offsets(vocab):
    predicted = Doc(vocab, words=["New", "York", "!"], spaces=[1, 0, 0])
    eg = Example.from_dict(predicted, {"entities": [(0, 6, "GPE")]})
    assert [t.ent_iob_ for t in eg.reference] == ["", "", "O"]
    assert eg.get_aligned_ents() == ["-", "-", "O"]


def test_from_dict_defaults_and_errors(vocab):
    predicted = Doc(vocab, words=["a", "b"])
    eg = Example.from_dict(
        predicted, {"tags": ["X", "Y"], "doc_annotation": {"entities": ["U-P", "O"]}}
    )
    assert [t.text for t in eg.reference] == ["a", "b"]
    assert [e.label_ for e in eg.reference.ents] == ["P"]
    with pytest.raises(ValueError, match=r"\[E172\]"):
        Example.from_dict(predicted, {"tgs": ["X", "Y"]})
    with pytest.raises(ValueError, match=r"\[E174\]"):
        Example.from_dict(predicted, {"tags": ["X"]})
    with pytest.raises(ValueError, match=r"\[E170\]"):
        Example.from_dict(predicted, {"words": ["a", "c"]}).alignment


@pytest.mark.parametrize(
    "data,pattern",
    [
        ({"words": [None, "a"]}, r"\[E021\] .*None at position 0"),
        ({"words": ["a", ""]}, r"\[E021\] .*'' at position 1"),
        ({"entities": [(0, 1)]}, r"\[E198\] .*got \(0, 1\)\.$"),
        ({"entities": {"a": 1}}, r"\[E198\] .*got \{'a': 1\}\.$"),
        ({"entities": [(0, 1, "X"), "O"]}, r"\[E198\] .*got 'O'\.$"),
        ({"entities": [("0", 1, "X")]}, r"\[E198\] .*got \('0', 1, 'X'\)\.$"),
        ({"entities": [(0, 1, None)]}, r"\[E198\] .*got \(0, 1, None\)\.$"),
    ],
    ids=["word-none", "word-empty", "offset-short", "entities-dict", "offset-mixed",
         "offset-str", "offset-no-label"],
)
def test_from_dict_bad_values_are_named(vocab, data, pattern):
    with pytest.raises(ValueError, match=pattern):
        Example.from_dict(Doc(vocab, words=["a", "b"]), data)


@settings(max_examples=50, deadline=None)
@given(
    tags=st.lists(st.sampled_from(["O", "B-A", "I-A", "B-B"]), min_size=1, max_size=10),
    merges=st.lists(st.booleans(), min_size=10, max_size=10),
)
def test_random_merges_keep_aligned_entities(tags, merges):
    """Entities survive when predicted tokens merge only tokens outside entities."""
    vocab = Vocab()
    words = [f"w{i}" for i in range(len(tags))]
    y = Doc(vocab, words=words, ents=tags)
    biluo = Example(Doc(vocab, words=words), y).get_aligned_ents()
    x_words = []
    expected = []
    for i, word in enumerate(words):
        mergeable = i > 0 and tags[i] == "O" and expected[-1] == "O" and merges[i]
        if mergeable:
            x_words[-1] += word
        else:
            x_words.append(word)
            expected.append(biluo[i])
    x = Doc(vocab, words=x_words, spaces=[False] * len(x_words))
    assert Example(x, y).get_aligned_ents() == expected
