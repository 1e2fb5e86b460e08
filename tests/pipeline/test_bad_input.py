"""Odd texts through a trained pipeline: no crash, sensible output."""

import pytest
from thinc.api import Adam

import nlpcore
from nlpcore import Doc
from nlpcore.training import Example

TOK2VEC = {"@architectures": "nlpcore.HashEmbedCNN.v1", "width": 16, "depth": 1,
           "embed_size": 100, "window_size": 1, "maxout_pieces": 2,
           "subword_features": True, "pretrained_vectors": None}


@pytest.fixture(scope="module")
def nlp():
    nlp = nlpcore.blank("en")
    nlp.add_pipe("tok2vec", config={"model": TOK2VEC})
    nlp.add_pipe("tagger", config={"model": {
        "@architectures": "nlpcore.Tagger.v1", "nO": None,
        "tok2vec": {"@architectures": "nlpcore.Tok2VecListener.v1", "width": 16}}})
    examples = [Example(Doc(nlp.vocab, ["a", "b"]), Doc(nlp.vocab, ["a", "b"], tags=["X", "Y"]))]
    optimizer = nlp.initialize(lambda: examples, sgd=Adam(0.01))
    nlp.update(examples, sgd=optimizer)
    return nlp


@pytest.mark.parametrize("text", ["", " ", "   \n\t  ", "\x00\x01\x02 a\x7f b", "\u200b\ufeff"])
def test_empty_whitespace_and_control_texts(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    assert all(t.tag_ in ("X", "Y") for t in doc)


def test_a_million_characters(nlp):
    text = "word, another word. " * 50_000
    doc = nlp(text)
    assert len(text) == 1_000_000 and doc.text == text
    assert len(doc) == 250_000 and doc[-1].tag_ in ("X", "Y")


def test_five_thousand_tokens_without_punctuation(nlp):
    doc = nlp(" ".join(["token"] * 5000))
    assert len(doc) == 5000 and {t.tag_ for t in doc} <= {"X", "Y"}
