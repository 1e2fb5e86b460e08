"""A shared tok2vec: listeners receive its vectors and their gradients add up in it."""

import numpy
import pytest
from small_configs import SMALL_TOK2VEC as TOK2VEC
from thinc.api import Adam

import nlpcore
from nlpcore import Doc
from nlpcore.training import Example

WIDTH = TOK2VEC["width"]
LISTENING_MODEL = {"model": {"@architectures": "nlpcore.Tagger.v1", "nO": None,
                             "tok2vec": {"@architectures": "nlpcore.Tok2VecListener.v1",
                                         "width": WIDTH, "upstream": "tok2vec"}}}
DATA = [(["I", "like", "ham"], ["PRP", "VBP", "NN"], ["PRON", "VERB", "NOUN"]),
        (["Eat", "green", "eggs", "."], ["VB", "JJ", "NNS", "."], ["VERB", "ADJ", "NOUN", "PUNCT"])]


def shared_pipeline():
    nlp = nlpcore.blank("en")
    nlp.add_pipe("tok2vec", config={"model": TOK2VEC})
    nlp.add_pipe("tagger", config=LISTENING_MODEL)
    nlp.add_pipe("tagger", name="upos", config={**LISTENING_MODEL, "attr": "POS"})
    examples = [Example(Doc(nlp.vocab, w), Doc(nlp.vocab, w, tags=t, pos=p)) for w, t, p in DATA]
    return nlp, examples


def tok2vec_params(nlp):
    model = nlp.get_pipe("tok2vec").model
    return [node.get_param(name).copy() for node in model.walk()
            for name in node.param_names if node.has_param(name)]


def test_listeners_are_found():
    nlp, _ = shared_pipeline()
    assert len(nlp.get_pipe("tok2vec").listeners) == 2
    nlp.remove_pipe("upos")
    assert len(nlp.get_pipe("tok2vec").listeners) == 1


def test_shared_training_updates_the_shared_network(tmp_path):
    nlp, examples = shared_pipeline()
    optimizer = nlp.initialize(lambda: examples, sgd=Adam(0.01))
    before = tok2vec_params(nlp)
    first = nlp.update(examples, sgd=optimizer)
    for _ in range(40):
        losses = nlp.update(examples, sgd=optimizer)
    assert losses["tagger"] < first["tagger"] / 4 and losses["upos"] < first["upos"] / 4
    after = tok2vec_params(nlp)
    assert any(not numpy.allclose(a, b) for a, b in zip(before, after))
    doc = nlp("I like ham")
    assert [t.tag_ for t in doc] == ["PRP", "VBP", "NN"]
    assert [t.pos_ for t in doc] == ["PRON", "VERB", "NOUN"]
    scores = nlp.evaluate(examples)
    assert scores["tag_acc"] == 1.0 and scores["pos_acc"] == 1.0 and scores["speed"] > 0
    nlp.to_disk(tmp_path / "p")
    loaded = nlpcore.load(tmp_path / "p")
    assert [t.tag_ for t in loaded("Eat green eggs .")] == ["VB", "JJ", "NNS", "."]


def test_listener_without_its_tok2vec_says_so():
    nlp, examples = shared_pipeline()
    nlp.initialize(lambda: examples)
    with nlp.select_pipes(disable="tok2vec"):
        with pytest.raises(ValueError, match="E215"):
            nlp("I like ham")
    assert len(nlp("")) == 0


def listening_to(upstream):
    model = {**LISTENING_MODEL["model"], "tok2vec": {**LISTENING_MODEL["model"]["tok2vec"],
                                                     "upstream": upstream}}
    return {"model": model}


@pytest.mark.parametrize("upstream,tok2vec,names", [
    ("nope", True, "tok2vec components: tok2vec"),
    ("tok2vec", False, "tok2vec components: (none)"),
    ("*", False, "tok2vec components: (none)"),
], ids=["unknown-name", "no-tok2vec", "any-but-none"])
@pytest.mark.parametrize("use", [
    lambda nlp, examples: nlp.initialize(lambda: examples),
    lambda nlp, examples: nlp.update(examples),
    lambda nlp, examples: nlp("I like ham"),
    lambda nlp, examples: nlp.pipe(["I like ham"]),
], ids=["initialize", "update", "call", "pipe"])
def test_listener_whose_upstream_feeds_it_nothing_says_so(upstream, tok2vec, names, use):
    nlp = nlpcore.blank("en")
    if tok2vec:
        nlp.add_pipe("tok2vec", config={"model": TOK2VEC})
    nlp.add_pipe("tagger", config=listening_to(upstream))
    examples = [Example(Doc(nlp.vocab, w), Doc(nlp.vocab, w, tags=t)) for w, t, _ in DATA]
    with pytest.raises(ValueError, match=r"E229.*'tagger'.*" + repr(upstream).replace("*", r"\*")
                       ) as info:
        use(nlp, examples)
    assert names in str(info.value)


def test_listener_is_checked_once_the_pipeline_is_complete():
    nlp = nlpcore.blank("en")
    nlp.add_pipe("tagger", config=listening_to("encoder"))
    nlp.add_pipe("tok2vec", name="encoder", config={"model": TOK2VEC}, first=True)
    examples = [Example(Doc(nlp.vocab, w), Doc(nlp.vocab, w, tags=t)) for w, t, _ in DATA]
    nlp.initialize(lambda: examples)
    assert len(nlp("I like ham")) == 3
    with nlp.select_pipes(disable="tagger"):
        nlp.remove_pipe("encoder")
        assert len(nlp("I like ham")) == 3
    with pytest.raises(ValueError, match="E229"):
        nlp("I like ham")


def test_listener_gradients_add_up_before_the_shared_backprop():
    nlp, examples = shared_pipeline()
    nlp.initialize(lambda: examples)
    tok2vec = nlp.get_pipe("tok2vec")
    tok2vec.update(examples)
    received = []
    tok2vec._pending_backprop = received.append
    rng = numpy.random.default_rng(0)
    sent = [[rng.normal(size=(len(w), WIDTH)).astype("float32") for w, _, _ in DATA]
            for _ in tok2vec.listeners]
    for listener, d_outputs in zip(tok2vec.listeners, sent):
        _, backprop = listener.take([eg.predicted for eg in examples])
        backprop(d_outputs)
    tok2vec.finish_update(Adam(0.001))
    (d_docs,) = received
    assert [d.shape for d in d_docs] == [(3, WIDTH), (4, WIDTH)]
    for i, d_doc in enumerate(d_docs):
        numpy.testing.assert_allclose(d_doc, sent[0][i] + sent[1][i], rtol=1e-6)
