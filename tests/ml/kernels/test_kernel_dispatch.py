"""The dispatch to the kernels inside the tok2vec layers and the parser model, end to end.

With `backend_for` patched to answer the emulated backend for every array, a
parser and an entity recogniser predict and learn through the kernels' host
code (embed_ids_device, MaxoutLN's and ExpandWindow's device paths,
parse_with_device_loop, parse_on_device, begin_score_device) on NumPy arrays:
the parses must equal the CPU's, and an update must give the CPU's loss and
weights up to rounding.
"""

import numpy
import pytest
from thinc.api import Adam

import nlpcore
from nlpcore import Doc, Span
from nlpcore.ml import hashembed, maxout, window
from nlpcore.ml.kernels.device_loop import SETTINGS as LOOP_SETTINGS
from nlpcore.ml.models import parser as parser_model
from nlpcore.training import Example

TOK2VEC = {"@architectures": "nlpcore.HashEmbedCNN.v1", "width": 16, "depth": 1,
           "embed_size": 200, "window_size": 1, "maxout_pieces": 2,
           "subword_features": True, "pretrained_vectors": None}
MODEL = {"@architectures": "nlpcore.TransitionBasedParser.v1", "hidden_width": 16,
         "maxout_pieces": 2, "use_upper": True, "nO": None, "tok2vec": TOK2VEC}
WORDS = "the a dog cat ran saw quickly . , and big small house John Paris Mary".split()


def examples(nlp, n=12, seed=0):
    """Random sentences, each a right-branching chain with a person and a place."""
    rng = numpy.random.default_rng(seed)
    egs = []
    for _ in range(n):
        words = [str(w) for w in rng.choice(WORDS, size=rng.integers(3, 12))]
        heads = [i + 1 for i in range(len(words) - 1)] + [len(words) - 1]
        deps = ["dep"] * (len(words) - 1) + ["ROOT"]
        ents = ["U-PER"] + ["O"] * (len(words) - 2) + ["U-LOC"]
        egs.append(Example(Doc(nlp.vocab, words),
                           Doc(nlp.vocab, words, heads=heads, deps=deps, ents=ents)))
    return egs


@pytest.fixture(scope="module")
def pipeline():
    nlp = nlpcore.blank("en")
    nlp.add_pipe("parser", config={"model": {**MODEL, "state_type": "parser",
                                             "nr_feature_tokens": 8}, "min_action_freq": 1})
    nlp.add_pipe("ner", config={"model": {**MODEL, "state_type": "ner",
                                          "nr_feature_tokens": 3}})
    egs = examples(nlp)
    optimizer = nlp.initialize(lambda: egs, sgd=Adam(0.01))
    for _ in range(5):
        nlp.update(egs, sgd=optimizer)
    return nlp, egs


@pytest.fixture
def kernels_everywhere(emulated, monkeypatch):
    """Route every array of HashEmbed, MaxoutLN, ExpandWindow and the parser model
    through the emulated kernels."""
    for module in (hashembed, maxout, window, parser_model):
        monkeypatch.setattr(module, "backend_for", lambda array: emulated)
    return emulated


def annotations(docs):
    return [([t.head.i for t in doc], [t.dep_ for t in doc],
             [(e.start, e.end, e.label_) for e in doc.ents]) for doc in docs]


@pytest.mark.parametrize("device_loop", [True, False])
def test_prediction_through_the_kernels_equals_the_cpu(pipeline, request, monkeypatch,
                                                       device_loop):
    nlp, egs = pipeline
    texts = [eg.predicted.text for eg in examples(nlp, n=40, seed=1)]
    expected = annotations(nlp.pipe(texts))
    backend = request.getfixturevalue("kernels_everywhere")
    monkeypatch.setitem(LOOP_SETTINGS, "device_loop", True)
    nlpcore.gpu.use_device_loop(device_loop)
    backend.launched.clear()
    assert annotations(nlp.pipe(texts)) == expected
    assert {"hashembed_forward<float>", "maxout_ln_normalize<float>",
            "window_seq2col<float>"} <= set(backend.launched)
    loop = {"arc_eager_loop<float>", "biluo_loop<float>"}
    steps = {"parser_hidden<float>", "parser_scores<float>", "parser_best_move<float>"}
    assert (loop if device_loop else steps) <= set(backend.launched)
    assert not (steps if device_loop else loop) & set(backend.launched)


def test_preset_entities_fall_back_to_the_cpu_decoder(pipeline, request):
    nlp, _ = pipeline

    def docs():
        out = [nlp.make_doc(eg.predicted.text) for eg in examples(nlp, n=10, seed=2)]
        for doc in out[::2]:
            doc.set_ents([Span(doc, 1, 2, label="LOC")], default="unmodified")
        return out

    expected = annotations(nlp.pipe(docs()))
    request.getfixturevalue("kernels_everywhere")
    got = annotations(nlp.pipe(docs()))
    assert got == expected
    assert all((1, 2, "LOC") in ents for _, _, ents in got[::2])


def test_an_update_through_the_kernels_matches_the_cpu(pipeline, request):
    nlp, egs = pipeline
    weights = {name: pipe.model.to_bytes() for name, pipe in nlp.pipeline}
    for _, pipe in nlp.pipeline:
        pipe.cfg["oracle_prob"] = 1.0  # follow the gold: no draw decides a move

    def update():
        for name, pipe in nlp.pipeline:
            pipe.model.from_bytes(weights[name])
        losses = nlp.update(egs, sgd=Adam(0.01))
        params = {(name, node.id, param): node.get_param(param).copy()
                  for name, pipe in nlp.pipeline for node in pipe.model.walk()
                  for param in node.param_names if node.has_param(param)}
        return losses, params

    losses, params = update()
    backend = request.getfixturevalue("kernels_everywhere")
    backend.launched.clear()
    kernel_losses, kernel_params = update()
    assert {"hashembed_backward<float>", "maxout_ln_backward_pieces<float>",
            "window_col2seq<float>", "parser_hidden_backward<float>"} <= set(backend.launched)
    for name in ("parser", "ner"):
        assert kernel_losses[name] == pytest.approx(losses[name], rel=1e-4)
    assert kernel_params.keys() == params.keys()
    for key, value in params.items():
        numpy.testing.assert_allclose(kernel_params[key], value, rtol=1e-3, atol=1e-5,
                                      err_msg=str(key))
