"""The kernels against their NumPy twins, and the device paths against the CPU paths.

Each test runs once per backend (conftest.py): "emulated" (the kernels built as
C++ and run thread by thread on the CPU; always) and "cupy" (a CUDA GPU;
skipped, with the reason, without CuPy or a GPU).
"""

import numpy
import pytest
from test_kernel_twins import parser_inputs, random_ids

from nlpcore import Doc
from nlpcore.ml.hashembed import HashEmbed, embed_ids, hash_keys
from nlpcore.ml.kernels import reference, to_host
from nlpcore.ml.kernels.hashembed import embed_ids_device, hashembed_backward, hashembed_forward
from nlpcore.ml.kernels.parser_step import (
    backprop_scored_steps,
    begin_score_device,
    best_moves,
    parse_on_device,
    state_hidden,
    state_hidden_backward,
    state_scores,
)
from nlpcore.ml.models.parser import TransitionBasedParser, set_n_moves
from nlpcore.registry import registry
from nlpcore.transition import ArcEager, BiluoNER


def dev(backend, array):
    return backend.xp.asarray(array)


# ---- hash embeddings -------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("n", [0, 1, 333])
def test_hashembed_kernels_match_the_twins(backend, dtype, n):
    rng = numpy.random.default_rng(n)
    ids = random_ids(max(3 * n, 4))[:3 * n].reshape((n, 3))
    seeds, n_rows, widths = [8, 2**32 - 1, 0], [97, 5, 2**20], [40, 3, 7]
    tables = [rng.normal(size=(r, w)).astype(dtype) for r, w in zip(n_rows, widths)]
    out = backend.xp.empty((n, sum(widths)), dtype=dtype)
    keys = backend.xp.empty((n, 3, 4), dtype="uint32")
    d_tables = [dev(backend, t) for t in tables]
    hashembed_forward(backend, dev(backend, ids), seeds, d_tables, out, keys)
    numpy.testing.assert_array_equal(to_host(keys), hash_keys(ids, seeds, n_rows))
    d_out = rng.normal(size=(n, sum(widths))).astype(dtype)
    grads = [backend.xp.zeros_like(t) for t in d_tables]
    hashembed_backward(backend, keys, dev(backend, d_out), grads)
    start = 0
    for t, (table, width) in enumerate(zip(tables, widths)):
        expected, _ = reference.hashembed_forward(ids[:, t], seeds[t], table)
        numpy.testing.assert_array_equal(to_host(out)[:, start:start + width], expected)
        d_table = numpy.zeros_like(table)
        reference.hashembed_backward(to_host(keys)[:, t], d_out[:, start:start + width], d_table)
        # Atomic adds in any order: equal up to float rounding of long sums.
        numpy.testing.assert_allclose(to_host(grads[t]), d_table, rtol=1e-4,
                                      atol=1e-3 if dtype == "float32" else 1e-9)
        start += width


def test_hashembed_wrappers_check_their_arrays(backend):
    xp = backend.xp
    ids = xp.zeros((4, 1), dtype="uint64")
    table = xp.zeros((10, 3), dtype="float32")
    out = xp.empty((4, 3), dtype="float32")
    keys = xp.empty((4, 1, 4), dtype="uint32")
    with pytest.raises(ValueError, match="E401"):
        hashembed_forward(backend, ids.astype("int64"), [0], [table], out, keys)
    with pytest.raises(ValueError, match="E401"):
        hashembed_forward(backend, ids, [0], [table.astype("float64")], out, keys)
    with pytest.raises(ValueError, match="E401"):
        hashembed_forward(backend, ids, [0], [table], out.astype("float16"), keys)
    with pytest.raises(ValueError, match="E401"):
        hashembed_forward(backend, ids, [0], [xp.zeros((3, 10), "float32").T], out, keys)
    with pytest.raises(ValueError, match="E402"):
        hashembed_forward(backend, ids, [0], [table], xp.empty((4, 2), "float32"), keys)
    with pytest.raises(ValueError, match="E256"):
        hashembed_forward(backend, ids, [0, 1], [table], out, keys)
    with pytest.raises(ValueError, match="E402"):
        hashembed_backward(backend, keys, xp.empty((3, 3), "float32"), [table])
    with pytest.raises(ValueError, match="E401"):
        hashembed_forward(backend, [[0]] * 4, [0], [table], out, keys)
    with pytest.raises(ValueError, match="E401"):
        hashembed_forward(backend, ids, [0], [table], None, keys)


def hash_layers(backend, dropout=None):
    layers = [HashEmbed(6, 50, seed=8, dropout=dropout), HashEmbed(4, 20, "SHAPE", seed=9)]
    for layer in layers:
        layer.initialize()
    cpu = [layer.copy() for layer in layers]
    for layer in layers:
        layer.set_param("E", dev(backend, layer.get_param("E")))
    return cpu, layers


def test_embed_ids_on_the_device_equals_the_cpu(backend):
    cpu, device = hash_layers(backend)
    ids = random_ids(60).reshape((30, 2))
    expected, cpu_backprop = embed_ids(cpu, ids, True)
    out, backprop = embed_ids_device(backend, device, ids, True)
    numpy.testing.assert_array_equal(to_host(out), expected)
    d_out = numpy.random.default_rng(0).normal(size=expected.shape).astype("float32")
    cpu_backprop(d_out)
    backprop(dev(backend, d_out))
    for a, b in zip(cpu, device):
        numpy.testing.assert_allclose(to_host(b.get_grad("E")), a.get_grad("E"), rtol=1e-5,
                                      atol=1e-6)


def test_embed_ids_on_the_device_applies_the_dropout_mask_to_both_passes(backend):
    _, device = hash_layers(backend, dropout=0.5)
    ids = random_ids(60).reshape((30, 2))
    out, backprop = embed_ids_device(backend, device, ids, True)
    dropped = to_host(out)[:, :6] == 0
    assert dropped.all(axis=0).any() and not dropped.all()
    backprop(backend.xp.ones_like(out))
    grad = to_host(device[0].get_grad("E"))
    assert (grad[:, dropped.all(axis=0)] == 0).all()


# ---- the parser step -------------------------------------------------------------------
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_parser_kernels_match_the_twins(backend, dtype):
    table, pad, bias, rows, W, b, valid = (a.astype(dtype) if a.dtype.kind == "f" else a
                                           for a in parser_inputs(n=70))
    rows[3, :] = [table.shape[0] + 5, -7, 0, 1, 2]  # off-table rows read as empty slots
    exact = numpy.testing.assert_array_equal
    close = exact if dtype == "float32" else numpy.testing.assert_allclose
    hidden, which = state_hidden(backend, *(dev(backend, a) for a in (table, pad, bias, rows)), 3)
    hidden_twin, which_twin = reference.parser_hidden(table, pad, bias, rows, 3)
    exact(to_host(hidden), hidden_twin)
    exact(to_host(which), which_twin)
    scores = state_scores(backend, hidden, dev(backend, numpy.ascontiguousarray(W.T)),
                          dev(backend, b))
    close(to_host(scores), reference.parser_scores(hidden_twin, W, b))
    best = best_moves(backend, scores, dev(backend, valid))
    exact(to_host(best), reference.parser_best_move(to_host(scores), valid))
    assert to_host(best)[0] == -1
    d_hidden = numpy.random.default_rng(1).normal(size=hidden_twin.shape).astype(dtype)
    d_table, d_pad = backend.xp.zeros_like(dev(backend, table)), backend.xp.zeros_like(
        dev(backend, pad))
    state_hidden_backward(backend, dev(backend, d_hidden), which, dev(backend, rows), 3,
                          d_table, d_pad)
    twin_table, twin_pad = numpy.zeros_like(table), numpy.zeros_like(pad)
    reference.parser_hidden_backward(d_hidden, which_twin, rows, 3, twin_table, twin_pad)
    numpy.testing.assert_allclose(to_host(d_table), twin_table, rtol=1e-5, atol=1e-5)
    numpy.testing.assert_allclose(to_host(d_pad), twin_pad, rtol=1e-5, atol=1e-5)


def test_parser_wrappers_check_their_arrays(backend):
    table, pad, bias, rows, W, b, valid = (dev(backend, a) for a in parser_inputs(n=4))
    with pytest.raises(ValueError, match="E402"):
        state_hidden(backend, table, pad, bias, rows[:, :2].copy(), 3)
    with pytest.raises(ValueError, match="E402"):
        state_hidden(backend, table, pad, bias, rows, 4)
    with pytest.raises(ValueError, match="E401"):
        state_hidden(backend, table, pad, bias, rows.astype("int64"), 3)
    with pytest.raises(ValueError, match="E401"):
        state_hidden(backend, table.astype("float16"), pad, bias, rows, 3)
    hidden, which = state_hidden(backend, table, pad, bias, rows, 3)
    with pytest.raises(ValueError, match="E401"):
        state_scores(backend, hidden, W.T, b)  # not C-contiguous
    with pytest.raises(ValueError, match="E402"):
        best_moves(backend, hidden, valid)


# ---- the device paths of ParserBatch -------------------------------------------------
TOK2VEC = {"@architectures": "nlpcore.HashEmbedCNN.v1", "width": 16, "depth": 1,
           "embed_size": 100, "window_size": 1, "maxout_pieces": 2,
           "subword_features": True, "pretrained_vectors": None}
CASES = [("parser", 8, True), ("parser", 13, False), ("ner", 3, True), ("ner", 6, False)]


def parser_batch(vocab, state_type, nF, use_upper, n_docs=30, seed=0):
    """(system, docs, a ParserBatch over the docs) with random weights."""
    if state_type == "parser":
        system = ArcEager(vocab.strings, ["nsubj", "obj", "det", "punct"])
    else:
        system = BiluoNER(vocab.strings, ["PER", "LOC"])
    model = TransitionBasedParser(registry.resolve({"x": TOK2VEC})["x"], state_type, nF, 12, 3,
                                  use_upper)
    set_n_moves(model, system.n_moves)
    rng = numpy.random.default_rng(seed)
    words = "the a dog cat ran saw quickly . , and big small house John Paris".split()
    docs = [Doc(vocab, words=[str(w) for w in rng.choice(words, size=rng.integers(1, 30))])
            for _ in range(n_docs)]
    model.initialize(X=docs)
    for node in model.walk():
        for name in node.param_names:
            if node.has_param(name):
                value = node.get_param(name)
                node.set_param(name, rng.normal(scale=0.5, size=value.shape).astype(value.dtype))
    return system, docs, model.predict(docs)


def to_device(backend, batch):
    """The batch with its table, pad, bias and upper weights on the backend's device."""
    batch.table, batch.pad, batch.bias = (dev(backend, a) for a in (batch.table, batch.pad,
                                                                     batch.bias))
    if batch.upper is not None:
        for name in ("W", "b"):
            batch.upper.set_param(name, dev(backend, batch.upper.get_param(name)))
    return batch


def outcome(states, state_type, n):
    if state_type == "parser":
        return [[a.tolist() for a in states.heads_labels(i)] for i in range(n)]
    return [states.entities(i) for i in range(n)]


@pytest.mark.parametrize("state_type,nF,use_upper", CASES)
def test_parse_on_device_gives_the_cpu_parses(backend, vocab, state_type, nF, use_upper):
    system, docs, batch = parser_batch(vocab, state_type, nF, use_upper)
    cpu_states = batch.states(system)
    batch.parse(cpu_states)
    to_device(backend, batch)
    states = batch.states(system)
    parse_on_device(backend, batch, states)
    assert states.n_active == 0
    assert outcome(states, state_type, len(docs)) == outcome(cpu_states, state_type, len(docs))


def scoring_steps(batch, system, n_steps=3):
    """Each step's feature rows (states advanced by their best valid CPU moves; one slot
    emptied), random d_scores and dropout rate (0 and 0.5 alternating)."""
    states = batch.states(system)
    rng = numpy.random.default_rng(2)
    steps = []
    for i in range(n_steps):
        rows = states.context_rows()
        rows[0, 0] = -1
        scores = batch.c_scores(rows)
        steps.append((rows, rng.normal(size=scores.shape).astype("float32"), 0.5 * (i % 2)))
        states.apply(numpy.where(states.valid() > 0, scores, -numpy.inf).argmax(axis=1))
    return steps


@pytest.mark.parametrize("state_type,nF,use_upper", CASES)
def test_begin_score_on_device_matches_the_cpu(backend, vocab, state_type, nF, use_upper):
    """Scores step by step; the device's backward passes, waiting and then run as one,
    add what the CPU's add step by step (the same dropout masks: the same seeds)."""
    system, _, batch = parser_batch(vocab, state_type, nF, use_upper, n_docs=8)
    steps = scoring_steps(batch, system)
    cpu_scores = []
    for i, (rows, d_scores, drop) in enumerate(steps):
        numpy.random.seed(i)
        scores, backprop = batch.begin_score(rows, drop=drop)
        cpu_scores.append(scores)
        backprop(d_scores)
    lower = batch.model.get_ref("lower")
    expected = {"d_table": batch.d_table, "b": lower.get_grad("b"), "pad": lower.get_grad("pad")}
    if use_upper:
        expected.update(W=batch.upper.get_grad("W"), ub=batch.upper.get_grad("b"))
    for node in (lower, batch.upper):
        if node is not None:
            for name in node.param_names:
                if node.has_grad(name):  # zeros where the device path adds its gradients
                    node.set_grad(name, dev(backend, numpy.zeros_like(node.get_grad(name))))
    batch._d_table = None
    to_device(backend, batch)
    for i, (rows, d_scores, drop) in enumerate(steps):
        numpy.random.seed(i)
        device_scores, device_backprop = begin_score_device(backend, batch, rows, drop)
        assert isinstance(device_scores, numpy.ndarray) and device_scores.dtype == numpy.float32
        numpy.testing.assert_allclose(device_scores, cpu_scores[i], rtol=1e-5, atol=1e-5)
        device_backprop(d_scores if i else dev(backend, d_scores))
    assert len(batch.scored_steps) == len(steps) and not to_host(lower.get_grad("b")).any()
    backprop_scored_steps(backend, batch, batch.scored_steps)
    got = {"d_table": batch.d_table, "b": lower.get_grad("b"), "pad": lower.get_grad("pad")}
    if use_upper:
        got.update(W=batch.upper.get_grad("W"), ub=batch.upper.get_grad("b"))
    for key, value in expected.items():
        numpy.testing.assert_allclose(to_host(got[key]), value, rtol=1e-4, atol=1e-4,
                                      err_msg=key)


def test_a_scoring_step_takes_only_its_own_shape_of_gradient(backend, vocab):
    system, _, batch = parser_batch(vocab, "parser", 8, True, n_docs=3)
    to_device(backend, batch)
    rows = batch.states(system).context_rows()
    scores, backprop = begin_score_device(backend, batch, rows)
    with pytest.raises(ValueError, match="E355"):
        backprop(numpy.zeros((len(rows) + 1, scores.shape[1]), dtype="float32"))
    assert batch.scored_steps == []
