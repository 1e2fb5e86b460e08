"""The NumPy twins of the kernels against the CPU code they stand for (no GPU needed)."""

import numpy
import pytest
from nlpcore.ml.parser_model import backprop_state_features, score_states, sum_state_features

from nlpcore.ml.hashembed import gather_sum, hash_keys, scatter_add
from nlpcore.ml.kernels import reference

ROWS = [1, 7, 5000, 2**31 - 1, 2**32 - 1]


def random_ids(n, seed=0):
    rng = numpy.random.default_rng(seed)
    ids = rng.integers(0, 2**64, size=n, dtype=numpy.uint64)
    ids[:4] = [0, 1, 2**64 - 1, 2**32]
    return ids


@pytest.mark.parametrize("seed", [0, 1, 8, 2**32 - 1])
def test_murmur3_twin_equals_the_cpu_hash(seed):
    ids = random_ids(2000, seed=seed % 97)
    words = reference.murmur3_x86_128_u64(ids, seed)
    assert words.dtype == numpy.uint32 and words.shape == (2000, 4)
    for n_rows in ROWS:
        expected = hash_keys(ids[:, None], [seed], [n_rows])[:, 0, :]
        numpy.testing.assert_array_equal(words % numpy.uint32(n_rows), expected)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_hashembed_twins_equal_gather_sum_and_scatter_add(dtype):
    rng = numpy.random.default_rng(1)
    ids = random_ids(300).reshape((100, 3))
    seeds, n_rows, widths = [8, 9, 10], [50, 7, 20], [4, 3, 5]
    tables = [rng.normal(size=(r, w)).astype(dtype) for r, w in zip(n_rows, widths)]
    keys = hash_keys(ids, seeds, n_rows)
    out = numpy.empty((100, sum(widths)), dtype=dtype)
    gather_sum(tables, keys, out)
    d_out = rng.normal(size=out.shape).astype(dtype)
    grads = [numpy.zeros_like(t) for t in tables]
    scatter_add(grads, keys, d_out)
    start = 0
    for t, (table, width) in enumerate(zip(tables, widths)):
        block, twin_keys = reference.hashembed_forward(ids[:, t], seeds[t], table)
        numpy.testing.assert_array_equal(twin_keys, keys[:, t])
        numpy.testing.assert_array_equal(block, out[:, start:start + width])
        d_table = numpy.zeros_like(table)
        reference.hashembed_backward(twin_keys, d_out[:, start:start + width], d_table)
        numpy.testing.assert_allclose(d_table, grads[t], rtol=1e-5, atol=1e-6)
        start += width


def parser_inputs(n=40, N=30, F=5, H=6, P=3, nO=9, seed=0):
    """A random table, pad, bias, rows (some empty, some repeated), upper W and b, valid."""
    rng = numpy.random.default_rng(seed)
    table = rng.normal(size=(N, F, H * P)).astype("float32")
    pad = rng.normal(size=(F, H * P)).astype("float32")
    bias = rng.normal(size=(H * P,)).astype("float32")
    rows = rng.integers(-1, N, size=(n, F)).astype("int32")
    W = rng.normal(size=(nO, H)).astype("float32")
    b = rng.normal(size=(nO,)).astype("float32")
    valid = (rng.random((n, nO)) < 0.5).astype("int32")
    valid[0] = 0
    return table, pad, bias, rows, W, b, valid


def cpu_fuses_multiply_add() -> bool:
    """Whether the C upper layer (linear_t) fuses its multiply-adds, as GCC's
    x86-64-v3/v4 clones of it do: x*x - 1 for x = 1 + 2**-12 is 2**-11 + 2**-24
    with one rounding, 2**-11 when x*x is rounded first."""
    x = 1 + 2**-12
    table = numpy.array([[[-1.0, x]]], dtype="float32")
    zeros = numpy.zeros((2,), dtype="float32")
    W = numpy.array([[1.0, x]], dtype="float32")
    score = score_states(table, zeros[None, :], zeros, 1, W, zeros[:1],
                         numpy.zeros((4, 1), dtype="int32"))[0, 0]
    return score == numpy.float32(2**-11 + 2**-24)


def test_parser_forward_twins_equal_the_c_path_bit_for_bit():
    table, pad, bias, rows, W, b, _ = parser_inputs()
    hidden, which = reference.parser_hidden(table, pad, bias, rows, 3)
    numpy.testing.assert_array_equal(hidden, score_states(table, pad, bias, 3, None, None, rows))
    pre = sum_state_features(table, pad, bias, rows).reshape((len(rows), -1, 3))
    numpy.testing.assert_array_equal(which, pre.argmax(axis=2))
    scores = score_states(table, pad, bias, 3, W, b, rows)
    if not cpu_fuses_multiply_add():
        pytest.skip("this CPU runs the unfused (pre-AVX2) clone of linear_t; the kernel and "
                    "its twin fuse the upper layer's multiply-adds as the AVX2/AVX-512 clones do")
    numpy.testing.assert_array_equal(reference.parser_scores(hidden, W, b), scores)


def test_best_move_twin_masks_invalid_moves_and_takes_the_first_tie():
    scores = numpy.array([[1, 5, 5, 9], [3, 3, 3, 3], [0, 0, 0, 0], [-1, -2, -3, -4]], "float32")
    valid = numpy.array([[1, 1, 1, 0], [0, 1, 1, 1], [0, 0, 0, 0], [0, 0, 1, 1]], "int32")
    assert reference.parser_best_move(scores, valid).tolist() == [1, 1, -1, 2]


def test_parser_backward_twin_equals_backprop_state_features():
    table, pad, bias, rows, _, _, _ = parser_inputs(seed=2)
    n, P = len(rows), 3
    _, which = reference.parser_hidden(table, pad, bias, rows, P)
    d_hidden = numpy.random.default_rng(3).normal(size=which.shape).astype("float32")
    d_pre = numpy.zeros((n, which.shape[1], P), dtype="float32")
    numpy.put_along_axis(d_pre, which[:, :, None], d_hidden[:, :, None], axis=2)
    d_pre = d_pre.reshape((n, -1))
    d_table, d_pad = numpy.zeros_like(table), numpy.zeros_like(pad)
    backprop_state_features(d_pre, rows, d_table, d_pad)
    twin_table, twin_pad, twin_bias = (numpy.zeros_like(a) for a in (table, pad, bias))
    reference.parser_hidden_backward(d_hidden, which, rows, P, twin_table, twin_pad, twin_bias)
    numpy.testing.assert_array_equal(twin_table, d_table)
    numpy.testing.assert_array_equal(twin_pad, d_pad)
    numpy.testing.assert_allclose(twin_bias, d_pre.sum(axis=0), rtol=1e-5, atol=1e-5)
