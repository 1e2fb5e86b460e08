"""Tagger and morphologizer: learn tiny data, save and load, handle odd docs."""

import numpy
import pytest
from small_configs import SMALL_TOK2VEC
from thinc.api import Adam, SequenceCategoricalCrossentropy

import nlpcore
from nlpcore import Doc
from nlpcore.pipeline.morphologizer import join_label, split_label
from nlpcore.training import Example

SMALL_MODEL = {"model": {"@architectures": "nlpcore.Tagger.v1", "nO": None,
                         "tok2vec": SMALL_TOK2VEC}}

SENTENCES = [
    (["I", "like", "green", "eggs"], ["PRP", "VBP", "JJ", "NNS"],
     ["PRON", "VERB", "ADJ", "NOUN"], ["Case=Nom", "Tense=Pres", "Degree=Pos", "Number=Plur"]),
    (["Eat", "blue", "ham"], ["VB", "JJ", "NN"], ["VERB", "ADJ", "NOUN"],
     ["Mood=Imp", "Degree=Pos", "Number=Sing"]),
    (["They", "like", "ham", "."], ["PRP", "VBP", "NN", "."], ["PRON", "VERB", "NOUN", "PUNCT"],
     ["Case=Nom", "Tense=Pres", "Number=Sing", ""]),
]


def examples(nlp):
    out = []
    for words, tags, pos, morphs in SENTENCES:
        reference = Doc(nlp.vocab, words, tags=tags, pos=pos, morphs=morphs)
        out.append(Example(Doc(nlp.vocab, words), reference))
    return out


def train(component, egs, steps=60):
    component.initialize(lambda: egs)
    optimizer = Adam(0.01)
    for _ in range(steps):
        losses = component.update(egs, sgd=optimizer)
    return losses


@pytest.mark.parametrize("attr,prop,key", [("TAG", "tag_", "tag_acc"), ("POS", "pos_", "pos_acc")])
def test_tagger_learns_and_round_trips(tmp_path, attr, prop, key):
    nlp = nlpcore.blank("en")
    tagger = nlp.add_pipe("tagger", config={**SMALL_MODEL, "attr": attr})
    egs = examples(nlp)
    train(tagger, egs)
    for eg in egs:
        tagger(eg.predicted)
    assert tagger.score(egs)[key] == 1.0
    doc = nlp("I like ham")
    assert [getattr(t, prop) for t in doc] == [getattr(t, prop) for t in egs[0].reference][:2] + [
        getattr(egs[2].reference[2], prop)]
    nlp.to_disk(tmp_path / "p")
    loaded = nlpcore.load(tmp_path / "p")
    assert [getattr(t, prop) for t in loaded("I like ham")] == [getattr(t, prop) for t in doc]


def test_morphologizer_sets_pos_and_morph(tmp_path):
    nlp = nlpcore.blank("en")
    morph = nlp.add_pipe("morphologizer", config=SMALL_MODEL)
    egs = examples(nlp)
    train(morph, egs)
    assert "POS=PUNCT" in morph.labels and "POS=NOUN|Number=Sing" in morph.labels
    for eg in egs:
        morph(eg.predicted)
    assert morph.score(egs) == {"pos_acc": 1.0, "morph_acc": 1.0}
    nlp.to_disk(tmp_path / "p")
    doc = nlpcore.load(tmp_path / "p")("They like ham .")
    assert [(t.pos_, t.morph_) for t in doc][-1] == ("PUNCT", "")


def test_labels_join_and_split():
    assert join_label("NOUN", "Number=Sing") == "POS=NOUN|Number=Sing"
    assert split_label("POS=NOUN|Number=Sing|Case=Nom") == ("NOUN", "Number=Sing|Case=Nom")
    assert join_label("", "Number=Sing") is None


def test_empty_and_unaligned_docs(vocab):
    nlp = nlpcore.blank("en")
    tagger = nlp.add_pipe("tagger", config=SMALL_MODEL)
    egs = examples(nlp)
    train(tagger, egs, steps=2)
    assert len(nlp("")) == 0
    docs = list(nlp.pipe(["", "ham", "", "I like"]))
    assert [len(d) for d in docs] == [0, 1, 0, 2]
    # Raw-text example whose tokenization differs from the reference: still trains.
    reference = Doc(nlp.vocab, ["do", "n't"], [False, False], tags=["VBP", "RB"])
    raw = Example(nlp.make_doc("don't"), reference)
    tagger.update([raw], sgd=Adam(0.01))


def test_unknown_attr():
    nlp = nlpcore.blank("en")
    with pytest.raises(ValueError, match="E214"):
        nlp.add_pipe("tagger", config={**SMALL_MODEL, "attr": "DEP"})


@pytest.mark.parametrize("smoothing", [0.0, 0.05])
def test_tagger_loss_matches_thinc_cross_entropy(smoothing):
    """The batched loss: Thinc's per-doc gradient; the loss is -sum(target * log p)."""
    nlp = nlpcore.blank("en")
    tagger = nlp.add_pipe("tagger", config={**SMALL_MODEL, "label_smoothing": smoothing})
    egs = examples(nlp)
    tagger.initialize(lambda: egs[:2])  # "." (in egs[2]) is an unknown label: missing
    rng = numpy.random.default_rng(0)
    scores = [rng.dirichlet(numpy.ones(len(tagger.labels)), size=len(eg.predicted))
              .astype("float32") for eg in egs]
    loss, d_scores = tagger.get_loss(egs, scores)
    truths = [[t.tag_ if t.tag_ in tagger.labels else None for t in eg.reference]
              for eg in egs]
    expected, _ = SequenceCategoricalCrossentropy(
        names=tagger.labels, normalize=False, missing_value=None,
        label_smoothing=smoothing)(scores, truths)
    for got, want in zip(d_scores, expected):
        numpy.testing.assert_allclose(got, want, atol=1e-6)
    assert not d_scores[2][3].any()  # the "." token has no gradient
    n = len(tagger.labels)
    manual = 0.0
    for eg, score in zip(egs, scores):
        for token, probs in zip(eg.reference, score):
            if token.tag_ in tagger.labels:
                target = numpy.full(n, smoothing / (n - 1))
                target[tagger.labels.index(token.tag_)] = 1 - smoothing
                manual -= float((target * numpy.log(probs)).sum())
    assert loss == pytest.approx(manual, rel=1e-5)


def test_tagger_loss_rejects_mismatched_scores():
    nlp = nlpcore.blank("en")
    tagger = nlp.add_pipe("tagger", config=SMALL_MODEL)
    egs = examples(nlp)
    tagger.initialize(lambda: egs)
    scores = [numpy.full((len(eg.predicted) + 1, len(tagger.labels)), 0.1, dtype="float32")
              for eg in egs]
    with pytest.raises(ValueError, match="E224"):
        tagger.get_loss(egs, scores)



def test_best_labels_from_logits_are_the_softmax_argmax():
    nlp = nlpcore.blank("en")
    tagger = nlp.add_pipe("tagger", config=SMALL_MODEL)
    egs = examples(nlp)
    train(tagger, egs, steps=3)  # part-trained: the scores are not one-hot yet
    docs = [Doc(nlp.vocab, words) for words, *_ in SENTENCES] + [Doc(nlp.vocab, [])]
    probs = numpy.concatenate(tagger.model.predict(docs))
    assert not numpy.allclose(probs.max(axis=1), 1.0)
    assert numpy.concatenate(tagger.predict(docs)).tolist() == probs.argmax(axis=1).tolist()


def test_tagger_writes_its_labels_into_a_doc_of_another_vocab():
    nlp = nlpcore.blank("en")
    tagger = nlp.add_pipe("tagger", config=SMALL_MODEL)
    egs = examples(nlp)
    train(tagger, egs)
    other = nlpcore.blank("en").vocab
    doc = tagger(Doc(other, ["Eat", "blue", "ham"]))
    assert [t.tag_ for t in doc] == ["VB", "JJ", "NN"]


def test_a_tagger_without_labels_writes_nothing_on_empty_docs():
    nlp = nlpcore.blank("en")
    tagger = nlp.add_pipe("tagger", config=SMALL_MODEL)
    docs = [Doc(nlp.vocab, []), Doc(nlp.vocab, [])]
    tagger.set_annotations(docs, tagger.predict(docs))
    assert [len(doc) for doc in docs] == [0, 0]
