"""Batch writers: many docs annotated from one array of their tokens."""

import numpy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nlpcore import Doc, Vocab
from nlpcore.tokens.annotate import set_parses, set_token_keys


@pytest.fixture
def vocab():
    return Vocab()


def docs_of(vocab, lengths):
    return [Doc(vocab, words=[f"w{i}" for i in range(n)]) for n in lengths]


def test_keys_go_to_each_docs_tokens_in_order(vocab):
    docs = docs_of(vocab, [2, 0, 3])
    tags = ["DT", "NN", "VB", "IN", "."]
    pos = ["DET", "NOUN", "VERB", "ADP", "PUNCT"]
    keys = numpy.array([[vocab.strings.add(t), vocab.strings.add(p)]
                        for t, p in zip(tags, pos)], dtype=numpy.uint64)
    set_token_keys(docs, ["TAG", "POS"], keys)
    assert [t.tag_ for t in docs[0]] + [t.tag_ for t in docs[2]] == tags
    assert [t.pos_ for t in docs[0]] + [t.pos_ for t in docs[2]] == pos


def test_keys_must_match_the_tokens_and_the_attrs(vocab):
    docs = docs_of(vocab, [2, 3])
    with pytest.raises(ValueError, match="E036"):
        set_token_keys(docs, ["TAG"], numpy.zeros((4, 1), dtype=numpy.uint64))
    with pytest.raises(ValueError, match="E037"):
        set_token_keys(docs, ["TAG"], numpy.zeros((5, 2), dtype=numpy.uint64))
    with pytest.raises(ValueError, match="E035"):
        set_token_keys(docs, ["ORTH"], numpy.zeros((5, 1), dtype=numpy.uint64))


@given(st.lists(st.integers(0, 8), max_size=6), st.randoms(use_true_random=False))
def test_parses_equal_those_set_doc_by_doc(lengths, rng):
    vocab = Vocab()
    batch, single = docs_of(vocab, lengths), docs_of(vocab, lengths)
    heads, deps = [], []
    for n in lengths:
        # A random tree: each word's head is an earlier word, the first is the root.
        tree = [0] + [rng.randrange(i) for i in range(1, n)]
        heads.extend(tree[:n])
        deps.extend(vocab.strings.add(rng.choice(["nsubj", "obj", "ROOT"])) for _ in range(n))
    set_parses(batch, numpy.array(heads, dtype=numpy.int32), numpy.array(deps, dtype=numpy.uint64))
    start = 0
    for doc, b in zip(single, batch):
        n = len(doc)
        doc.set_heads(heads[start:start + n])
        doc.from_array(["DEP"], numpy.array(deps[start:start + n], dtype=numpy.uint64))
        start += n
        assert [(t.head.i, t.dep_, t.is_sent_start, t.left_edge.i, t.right_edge.i) for t in b] == \
            [(t.head.i, t.dep_, t.is_sent_start, t.left_edge.i, t.right_edge.i) for t in doc]


def test_bad_heads_raise_the_docs_own_errors(vocab):
    docs = docs_of(vocab, [2, 2])
    deps = numpy.zeros(4, dtype=numpy.uint64)
    with pytest.raises(ValueError, match="E023"):
        set_parses(docs, numpy.array([0, 0, 0, 2], dtype=numpy.int32), deps)
    with pytest.raises(ValueError, match="E024"):
        set_parses(docs, numpy.array([0, 0, 1, 0], dtype=numpy.int32), deps)
    with pytest.raises(ValueError, match="E036"):
        set_parses(docs, numpy.array([0, 0, 0], dtype=numpy.int32), deps[:3])
