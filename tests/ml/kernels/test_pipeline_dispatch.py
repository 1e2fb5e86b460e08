"""Whole pipelines through the device code paths, against the same pipelines on the CPU.

A tagger+parser pipeline (a tok2vec component with listeners; hash embeddings,
static vectors, Maxout windows) and an NER pipeline (its own tok2vec:
character embeddings, static vectors, Mish windows) predict and take an update
step twice: on the CPU, then through the device paths of every layer
(`device` fixture: the emulated kernels with `backend_for` patched to answer
them for every array, or CuPy and CupyOps on a GPU). The tags, heads, labels
and entities must be equal, the losses, gradients and updated weights equal up
to float rounding (the kernels sum in another order).
"""

import numpy
import pytest
from thinc.api import SGD, Adam, fix_random_seed, use_ops

import nlpcore
from nlpcore import Doc
from nlpcore.ml import charembed, hashembed, kernels, maxout, window
from nlpcore.ml.kernels import FAMILY_OF, to_host
from nlpcore.ml.models import parser as parser_model
from nlpcore.training import Example

WIDTH = 16
LISTENER = {"@architectures": "nlpcore.Tok2VecListener.v1", "width": WIDTH}
TOK2VEC = {"@architectures": "nlpcore.HashEmbedCNN.v1", "width": WIDTH, "depth": 2,
           "embed_size": 300, "window_size": 1, "maxout_pieces": 2,
           "subword_features": True, "pretrained_vectors": True}
NER_TOK2VEC = {"@architectures": "nlpcore.Tok2Vec.v1",
               "embed": {"@architectures": "nlpcore.CharacterEmbed.v1", "width": WIDTH,
                         "rows": 300, "nM": 4, "nC": 4, "include_static_vectors": True},
               "encode": {"@architectures": "nlpcore.MishWindowEncoder.v1", "width": WIDTH,
                          "window_size": 1, "depth": 1}}


def parser_config(state_type, n_features, tok2vec):
    return {"@architectures": "nlpcore.TransitionBasedParser.v1", "state_type": state_type,
            "nr_feature_tokens": n_features, "hidden_width": 16, "maxout_pieces": 2,
            "use_upper": True, "nO": None, "tok2vec": tok2vec}


# (words, tags, heads, deps, entities): hand-written, tiny, projective.
SENTENCES = [
    ("John saw Mary .", "NNP VBD NNP .", [1, 1, 1, 1], "nsubj ROOT dobj punct",
     "U-PER O U-PER O"),
    ("the big dog ran quickly", "DT JJ NN VBD RB", [2, 2, 3, 3, 3],
     "det amod nsubj ROOT advmod", "O O O O O"),
    ("Mary ran to Paris", "NNP VBD IN NNP", [1, 1, 3, 1], "nsubj ROOT case obl",
     "U-PER O O U-LOC"),
    ("a small cat saw the house .", "DT JJ NN VBD DT NN .", [2, 2, 3, 3, 5, 3, 3],
     "det amod nsubj ROOT det dobj punct", "O O O O O O O"),
    ("John and Mary saw New York", "NNP CC NNP VBD NNP NNP", [3, 2, 0, 3, 5, 3],
     "nsubj cc conj ROOT compound dobj", "U-PER O U-PER O B-LOC L-LOC"),
    ("the cat ran", "DT NN VBD", [1, 2, 2], "det nsubj ROOT", "O O O"),
]


def examples(nlp):
    egs = []
    for text, tags, heads, deps, ents in SENTENCES:
        words = text.split()
        egs.append(Example(Doc(nlp.vocab, words),
                           Doc(nlp.vocab, words, tags=tags.split(), heads=heads,
                               deps=deps.split(), ents=ents.split())))
    return egs


def add_vectors(nlp):
    rng = numpy.random.default_rng(0)
    for word in "John Mary the dog cat saw ran Paris".split():
        nlp.vocab.vectors.add(nlp.vocab.strings.add(word), rng.normal(size=6))


def build(kind):
    """A trained tagger+parser ("ud") or ner ("ner") pipeline and its examples."""
    fix_random_seed(0)
    nlp = nlpcore.blank("en")
    add_vectors(nlp)
    if kind == "ud":
        nlp.add_pipe("tok2vec", config={"model": TOK2VEC})
        nlp.add_pipe("tagger", config={"model": {"@architectures": "nlpcore.Tagger.v1",
                                                 "nO": None, "tok2vec": LISTENER}})
        nlp.add_pipe("parser", config={"model": parser_config("parser", 8, LISTENER),
                                       "min_action_freq": 1})
    else:
        nlp.add_pipe("ner", config={"model": parser_config("ner", 3, NER_TOK2VEC)})
    egs = examples(nlp)
    optimizer = nlp.initialize(lambda: egs, sgd=Adam(0.01))
    for _ in range(4):
        nlp.update(egs, sgd=optimizer)
    for _, pipe in nlp.pipeline:
        if "oracle_prob" in pipe.cfg:
            pipe.cfg["oracle_prob"] = 1.0  # follow the gold: no draw decides a move
    return nlp, egs


@pytest.fixture(scope="module", params=["ud", "ner"])
def trained(request):
    return request.param, *build(request.param)


class Recorder:
    """An 'optimizer' that keeps a copy of every gradient and leaves the weights."""

    def __init__(self):
        self.grads = {}

    def __call__(self, key, weights, gradient, *, lr_scale=1.0):
        self.grads[key] = to_host(gradient).copy()
        return weights, gradient * 0


def run(nlp, egs):
    """Predictions, one update's losses and gradients, and the weights after one SGD
    step; gradients and weights keyed by (component, node's place in walk(), param)."""
    texts = [eg.predicted.text for eg in egs] + ["Mary saw the dog", "John"]
    docs = list(nlp.pipe(texts))
    predicted = [([t.tag_ for t in doc], [t.head.i for t in doc], [t.dep_ for t in doc],
                  [(e.start, e.end, e.label_) for e in doc.ents]) for doc in docs]
    place = {node.id: (name, i) for name, pipe in nlp.pipeline
             for i, node in enumerate(pipe.model.walk())}
    state = {name: pipe.model.to_bytes() for name, pipe in nlp.pipeline}
    recorder = Recorder()
    losses = nlp.update(egs, sgd=recorder)
    grads = {(*place[node_id], param): grad for (node_id, param), grad in recorder.grads.items()}
    nlp.update(egs, sgd=SGD(0.01))  # Adam's first step would magnify rounding in tiny grads
    weights = {(name, i, param): to_host(node.get_param(param)).copy()
               for name, pipe in nlp.pipeline for i, node in enumerate(pipe.model.walk())
               for param in node.param_names if node.has_param(param)}
    for name, pipe in nlp.pipeline:
        pipe.model.from_bytes(state[name])
    return predicted, losses, grads, weights


@pytest.fixture
def device(backend, monkeypatch):
    """device(kind, nlp) -> nlp's pipeline with every layer on its device path.

    Emulated kernels: nlp itself, `backend_for` patched from then on to answer
    them for every array. CuPy: the same pipeline built under CupyOps, with
    nlp's weights and settings.
    """

    def emulated(kind, nlp):
        for module in (hashembed, maxout, window, charembed, parser_model, kernels):
            monkeypatch.setattr(module, "backend_for", lambda array: backend)
        backend.launched.clear()
        return nlp

    def on_gpu(kind, nlp):
        with use_ops("cupy"):
            gpu_nlp, _ = build(kind)
        for name, pipe in nlp.pipeline:
            gpu_nlp.get_pipe(name).model.from_bytes(pipe.model.to_bytes())
            gpu_nlp.get_pipe(name).cfg.update(pipe.cfg)
        return gpu_nlp

    return emulated if backend.xp is numpy else on_gpu


def test_a_pipeline_predicts_and_learns_on_the_device_as_on_the_cpu(trained, backend, device):
    kind, nlp, egs = trained
    predicted, losses, grads, weights = run(nlp, egs)
    d_predicted, d_losses, d_grads, d_weights = run(device(kind, nlp), egs)
    if backend.xp is numpy:
        launched = {FAMILY_OF[name] for name in backend.launched}
        assert {"hashembed", "maxout_ln", "window", "parser_step"} <= launched
        assert kind == "ud" or "charembed" in launched
    assert d_predicted == predicted
    assert d_losses.keys() == losses.keys()
    for name, loss in losses.items():
        assert d_losses[name] == pytest.approx(loss, rel=1e-5, abs=1e-6), name
    assert d_grads.keys() == grads.keys() and grads
    for key, grad in grads.items():
        numpy.testing.assert_allclose(d_grads[key], grad, rtol=1e-4, atol=1e-6,
                                      err_msg=str(key))
    assert d_weights.keys() == weights.keys()
    for key, value in weights.items():
        numpy.testing.assert_allclose(d_weights[key], value, rtol=1e-4, atol=1e-6,
                                      err_msg=str(key))
