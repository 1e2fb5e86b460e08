"""TransitionBasedParser.v1: precomputed lower layer gradients, C/Thinc parity, greedy parse."""

import numpy
import pytest
from nlpcore.ml.parser_model import backprop_state_features, score_states, sum_state_features
from thinc.api import fix_random_seed

from nlpcore import Doc
from nlpcore.ml.models.parser import PrecomputableMaxout, TransitionBasedParser, set_n_moves
from nlpcore.registry import registry
from nlpcore.transition import ArcEager, BiluoNER

TOK2VEC = {"@architectures": "nlpcore.HashEmbedCNN.v1", "width": 16, "depth": 1,
           "embed_size": 100, "window_size": 1, "maxout_pieces": 2,
           "subword_features": True, "pretrained_vectors": None}


def _lower(nI=5, nF=3, nH=4, nP=2, seed=1):
    lower = PrecomputableMaxout(nF=nF, nH=nH, nP=nP, nI=nI, seed=seed)
    lower.initialize()
    rng = numpy.random.default_rng(seed)
    # Nonzero pad and bias so their gradients are exercised.
    lower.set_param("pad", rng.normal(size=lower.get_param("pad").shape).astype("float32"))
    lower.set_param("b", rng.normal(size=lower.get_param("b").shape).astype("float32"))
    return lower


def _pre_loss(lower, X, rows, R):
    table, bp = lower(X, is_train=True)
    pre = sum_state_features(table, lower.get_param("pad"), lower.get_param("b"), rows)
    return float((pre.astype("float64") * R).sum()), table, bp


def test_precomputed_gradients_match_finite_differences():
    rng = numpy.random.default_rng(0)
    lower = _lower()
    X = rng.normal(size=(6, 5)).astype("float32")
    rows = numpy.array([[0, -1, 5], [-1, -1, -1], [3, 3, 2], [4, 1, -1]], dtype="int32")
    R = rng.normal(size=(4, lower.get_param("b").shape[0]))
    _, table, bp = _pre_loss(lower, X, rows, R)
    d_table = numpy.zeros_like(table)
    d_pad = numpy.zeros_like(lower.get_param("pad"))
    backprop_state_features(R.astype("float32"), rows, d_table, d_pad)
    dX = bp(d_table)
    lower.inc_grad("pad", d_pad)
    lower.inc_grad("b", R.sum(axis=0).astype("float32"))
    eps = 1e-2

    def numeric(array, setter):
        grad = numpy.zeros(array.shape)
        for idx in numpy.ndindex(*array.shape):
            old = array[idx]
            array[idx] = old + eps
            setter(array)
            up = _pre_loss(lower, X, rows, R)[0]
            array[idx] = old - eps
            setter(array)
            down = _pre_loss(lower, X, rows, R)[0]
            array[idx] = old
            setter(array)
            grad[idx] = (up - down) / (2 * eps)
        return grad

    for name in ("W", "b", "pad"):
        param = lower.get_param(name).copy()
        expected = numeric(param, lambda a, n=name: lower.set_param(n, a.copy()))
        numpy.testing.assert_allclose(lower.get_grad(name), expected, rtol=2e-2, atol=2e-2)
    # The pad rows of slots never empty get no gradient; slot 0 is empty once.
    assert numpy.abs(lower.get_grad("pad")[0]).sum() > 0
    numpy.testing.assert_allclose(dX, numeric(X, lambda a: None), rtol=2e-2, atol=2e-2)


def test_scatter_add_accumulates_repeated_rows():
    d_table = numpy.zeros((2, 1, 3), dtype="float32")
    d_pad = numpy.zeros((1, 3), dtype="float32")
    rows = numpy.array([[1], [1], [-1]], dtype="int32")
    d_out = numpy.ones((3, 3), dtype="float32")
    backprop_state_features(d_out, rows, d_table, d_pad)
    assert d_table[1, 0].tolist() == [2, 2, 2] and d_table[0].sum() == 0
    assert d_pad.tolist() == [[1, 1, 1]]


@pytest.mark.parametrize("n", [1, 7, 8, 9, 17])
@pytest.mark.parametrize("nO", [3, 16, 37])
def test_c_scores_match_numpy_for_every_row_and_column_blocking(n, nO):
    rng = numpy.random.default_rng(n * 100 + nO)
    F, H, P, N = 3, 20, 2, 11
    table = rng.normal(size=(N, F, H * P)).astype("float32")
    pad = rng.normal(size=(F, H * P)).astype("float32")
    bias = rng.normal(size=H * P).astype("float32")
    W = rng.normal(size=(nO, H)).astype("float32")
    b = rng.normal(size=nO).astype("float32")
    rows = rng.integers(-1, N, size=(n, F)).astype("int32")
    gathered = numpy.where(rows[..., None] >= 0, table[rows.clip(0), numpy.arange(F)], pad)
    hidden = (gathered.sum(axis=1) + bias).reshape(n, H, P).max(axis=2)
    expected = hidden.astype("float64") @ W.T.astype("float64") + b
    scores = score_states(table, pad, bias, P, W, b, rows)
    numpy.testing.assert_allclose(scores, expected, rtol=1e-4, atol=1e-4)


def test_rows_out_of_range_are_coded_errors():
    table = numpy.zeros((2, 1, 3), dtype="float32")
    pad = numpy.zeros((1, 3), dtype="float32")
    bias = numpy.zeros((3,), dtype="float32")
    with pytest.raises(ValueError, match="E356"):
        sum_state_features(table, pad, bias, numpy.array([[2]], dtype="int32"))
    with pytest.raises(ValueError, match="E355"):
        sum_state_features(table, numpy.zeros((2, 3), dtype="float32"), bias,
                           numpy.array([[0]], dtype="int32"))


def test_bad_arguments_are_coded():
    t2v = registry.resolve({"x": TOK2VEC})["x"]
    with pytest.raises(ValueError, match="E350"):
        TransitionBasedParser(t2v, "tagger", 8, 16, 2)
    with pytest.raises(ValueError, match="E351"):
        TransitionBasedParser(t2v, "ner", 8, 16, 2)
    with pytest.raises(ValueError, match="E352"):
        TransitionBasedParser(t2v, "parser", 8, 0, 2)


def _random_docs(vocab, n, seed):
    rng = numpy.random.default_rng(seed)
    words = "the a dog cat ran saw quickly . , and big small house John Paris".split()
    return [Doc(vocab, words=[str(w) for w in rng.choice(words, size=rng.integers(0, 30))])
            for _ in range(n)]


def _model(system, state_type, nF, use_upper, seed=0):
    t2v = registry.resolve({"x": TOK2VEC})["x"]
    model = TransitionBasedParser(t2v, state_type, nF, 12, 3, use_upper)
    set_n_moves(model, system.n_moves)
    return model


def _randomise(model, seed):
    rng = numpy.random.default_rng(seed)
    for node in model.walk():
        for name in node.param_names:
            if node.has_param(name):
                value = node.get_param(name)
                node.set_param(name, rng.normal(scale=0.5, size=value.shape).astype(value.dtype))


@pytest.mark.parametrize("state_type,nF,use_upper", [
    ("parser", 8, True), ("parser", 13, False), ("ner", 3, True), ("ner", 6, False)])
def test_thinc_and_c_paths_agree_on_random_docs(vocab, state_type, nF, use_upper):
    if state_type == "parser":
        system = ArcEager(vocab.strings, ["nsubj", "obj", "det", "punct"])
    else:
        system = BiluoNER(vocab.strings, ["PER", "LOC"])
    model = _model(system, state_type, nF, use_upper)
    docs = _random_docs(vocab, 12, seed=nF)
    model.initialize(X=[d for d in docs if len(d)] or None)
    _randomise(model, seed=nF)
    batch = model.predict(docs)
    # Walk every doc on the Thinc path, comparing the C scores at every step.
    states = batch.states(system)
    python_steps = 0
    while states.n_active:
        rows = states.context_rows()
        scores, _ = batch.begin_score(rows)
        numpy.testing.assert_allclose(batch.c_scores(rows), scores, rtol=1e-4, atol=1e-4)
        valid = states.valid()
        states.apply(numpy.where(valid > 0, scores, -numpy.inf).argmax(axis=1))
        python_steps += 1
    assert python_steps > 0
    c_states = batch.states(system)
    batch.parse(c_states)
    assert c_states.n_active == 0
    for i in range(len(docs)):
        if state_type == "parser":
            h1, l1 = states.heads_labels(i)
            h2, l2 = c_states.heads_labels(i)
            assert h1.tolist() == h2.tolist() and l1.tolist() == l2.tolist()
            assert (h2 >= 0).all()
        else:
            assert states.entities(i) == c_states.entities(i)


def _training_batch(vocab, n_docs: int, seed: int):
    """(model, system, batch, backprop) of a randomised parser model's begin_update."""
    system = ArcEager(vocab.strings, ["nsubj", "obj"])
    model = _model(system, "parser", 8, True)
    docs = _random_docs(vocab, n_docs, seed=seed)
    model.initialize(X=[d for d in docs if len(d)])
    _randomise(model, seed)
    return (model, system) + tuple(model.begin_update(docs))


def test_hidden_dropout_masks_the_upper_layer_input_and_its_gradient(vocab):
    model, system, batch, _ = _training_batch(vocab, 6, seed=5)
    rows = batch.states(system).context_rows()
    lower, upper = model.get_ref("lower"), model.get_ref("upper")
    pre = sum_state_features(batch.table, lower.get_param("pad"), lower.get_param("b"), rows)
    hidden = pre.reshape((len(rows), -1, lower.get_dim("nP"))).max(axis=2)
    fix_random_seed(7)
    mask = model.ops.get_dropout_mask(hidden.shape, 0.5)
    fix_random_seed(7)
    scores, backprop = batch.begin_score(rows, drop=0.5)
    W, b = upper.get_param("W"), upper.get_param("b")
    numpy.testing.assert_allclose(scores, (hidden * mask) @ W.T + b, rtol=1e-5, atol=1e-5)
    assert not numpy.allclose(scores, batch.begin_score(rows)[0])
    upper.set_grad("W", numpy.zeros_like(W))
    backprop(numpy.ones_like(scores))
    numpy.testing.assert_allclose(upper.get_grad("W"), numpy.ones_like(scores).T @ (hidden * mask),
                                  rtol=1e-5)


def test_backprop_reaches_tok2vec(vocab):
    model, system, batch, backprop = _training_batch(vocab, 4, seed=3)
    states = batch.states(system)
    scores, bp = batch.begin_score(states.context_rows())
    bp(numpy.ones_like(scores))
    backprop(None)
    grads = [numpy.abs(node.get_grad(name)).sum() for node in model.get_ref("tok2vec").walk()
             for name in node.param_names if node.has_grad(name)]
    assert grads and max(grads) > 0
    assert numpy.abs(model.get_ref("lower").get_grad("W")).sum() > 0


@pytest.mark.parametrize("state_type,nF,use_upper", [
    ("parser", 8, True), ("parser", 13, False), ("ner", 3, True), ("ner", 6, False)])
def test_threads_give_the_same_parses(vocab, state_type, nF, use_upper):
    if state_type == "parser":
        system = ArcEager(vocab.strings, ["nsubj", "obj", "det", "punct"])
    else:
        system = BiluoNER(vocab.strings, ["PER", "LOC"])
    model = _model(system, state_type, nF, use_upper)
    docs = _random_docs(vocab, 60, seed=nF + 1)
    model.initialize(X=[d for d in docs if len(d)])
    _randomise(model, seed=nF + 1)
    batch = model.predict(docs)
    results = []
    for n_threads in (1, 2, 3, 100):
        states = batch.states(system)
        batch.parse(states, n_threads=n_threads)
        assert states.n_active == 0
        if state_type == "parser":
            results.append([[a.tolist() for a in states.heads_labels(i)]
                            for i in range(len(docs))])
        else:
            results.append([states.entities(i) for i in range(len(docs))])
    assert all(r == results[0] for r in results[1:])
    with pytest.raises(ValueError, match="E363"):
        batch.parse(batch.states(system), n_threads=0)
