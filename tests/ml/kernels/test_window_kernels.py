"""The window kernels against window.pyx's seq2col and col2seq, bit for bit, and
ExpandWindow's device path against its CPU path.

Both kernels copy or add the CPU's values in the CPU's order (col2seq gathers a
row's slots in the order the CPU scatters them), so every result is compared
exactly. Each test runs once per backend (conftest.py).
"""

import numpy
import pytest
from thinc.types import Ragged

from nlpcore.ml import kernels, window
from nlpcore.ml.kernels import to_host
from nlpcore.ml.kernels import window as device
from nlpcore.ml.window import ExpandWindow, col2seq, seq2col

LENGTHS = [[], [0], [0, 0], [1], [3, 0, 1, 5], [0, 7, 0], [2, 9, 4, 1, 12]]


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("nW", [0, 1, 2, 5])
@pytest.mark.parametrize("nF", [1, 5, 40])
@pytest.mark.parametrize("lengths", LENGTHS)
def test_kernels_equal_seq2col_and_col2seq(backend, dtype, nW, nF, lengths):
    rng = numpy.random.default_rng(nW + nF)
    lengths = numpy.array(lengths, dtype="int32")
    X = rng.normal(size=(int(lengths.sum()), nF)).astype(dtype)
    cols = device.seq2col(backend, backend.xp.asarray(X), lengths, nW)
    numpy.testing.assert_array_equal(to_host(cols), seq2col(X, lengths, nW))
    d_cols = rng.normal(size=(len(X), (2 * nW + 1) * nF)).astype(dtype)
    dX = device.col2seq(backend, backend.xp.asarray(d_cols), backend.xp.asarray(lengths), nW)
    numpy.testing.assert_array_equal(to_host(dX), col2seq(d_cols, lengths, nW))


def test_grid_stride_loops_cover_more_rows_than_threads(backend, monkeypatch):
    monkeypatch.setattr(kernels, "MAX_BLOCKS", 1)
    lengths = numpy.array([5, 17, 0, 30], dtype="int32")  # 52 rows, 8 per block
    X = numpy.random.default_rng(0).normal(size=(52, 3))
    cols = device.seq2col(backend, backend.xp.asarray(X), lengths, 2)
    numpy.testing.assert_array_equal(to_host(cols), seq2col(X, lengths, 2))
    dX = device.col2seq(backend, cols, lengths, 2)
    numpy.testing.assert_array_equal(to_host(dX), col2seq(to_host(cols), lengths, 2))


def test_offsets_go_to_the_device_once_per_batch(backend):
    lengths = numpy.array([2, 0, 3], dtype="int32")
    offsets = device.doc_offsets(backend, lengths, 5)
    numpy.testing.assert_array_equal(to_host(offsets), [0, 2, 2, 5])
    assert device.doc_offsets(backend, lengths.copy(), 5) is offsets
    assert device.doc_offsets(backend, backend.xp.asarray(lengths), 5) is offsets
    changed = device.doc_offsets(backend, numpy.array([2, 1, 2], dtype="int32"), 5)
    numpy.testing.assert_array_equal(to_host(changed), [0, 2, 3, 5])
    with pytest.raises(ValueError, match="E262"):
        device.doc_offsets(backend, lengths, 6)


def test_wrappers_check_their_arrays(backend):
    xp = backend.xp
    X = xp.zeros((4, 3), dtype="float32")
    lengths = numpy.array([1, 3], dtype="int32")
    with pytest.raises(ValueError, match="E401"):
        device.seq2col(backend, X.astype("int32"), lengths, 1)
    with pytest.raises(ValueError, match="E401"):
        device.seq2col(backend, xp.zeros((3, 4), dtype="float32").T, lengths, 1)
    with pytest.raises(ValueError, match="E402"):
        device.seq2col(backend, xp.zeros((4,), dtype="float32"), lengths, 1)
    with pytest.raises(ValueError, match="E262"):
        device.seq2col(backend, X, numpy.array([1, 2], dtype="int32"), 1)
    with pytest.raises(ValueError, match="E262"):
        device.seq2col(backend, X, numpy.array([5, -1], dtype="int32"), 1)
    with pytest.raises(ValueError, match="E263"):
        device.seq2col(backend, X, lengths, -1)
    with pytest.raises(ValueError, match="E402"):
        device.col2seq(backend, xp.zeros((4, 8), dtype="float32"), lengths, 1)
    with pytest.raises(ValueError, match="E401"):
        device.col2seq(backend, xp.zeros((4, 9), dtype="float16"), lengths, 1)
    with pytest.raises(ValueError, match="E262"):
        device.col2seq(backend, xp.zeros((3, 9), dtype="float32"), lengths, 1)


@pytest.mark.parametrize("nW", [0, 1, 3])
def test_layer_on_the_device_equals_the_cpu_layer(device_layer, backend, nW):
    model = ExpandWindow(nW)
    dev_model = device_layer(ExpandWindow(nW), window)
    rng = numpy.random.default_rng(nW)
    lengths = numpy.array([4, 0, 1, 6], dtype="int32")
    X = Ragged(rng.normal(size=(11, 5)).astype("float32"), lengths)
    Y, backprop = model.begin_update(X)
    dY = rng.normal(size=Y.dataXd.shape).astype("float32")
    dX = backprop(Ragged(dY, lengths)).dataXd
    if hasattr(backend, "launched"):
        backend.launched.clear()
    Yd, backprop_d = dev_model.begin_update(Ragged(backend.xp.asarray(X.dataXd), lengths))
    dXd = backprop_d(Ragged(backend.xp.asarray(dY), lengths)).dataXd
    numpy.testing.assert_array_equal(to_host(Yd.dataXd), Y.dataXd)
    numpy.testing.assert_array_equal(to_host(dXd), dX)
    if hasattr(backend, "launched"):
        assert {"window_seq2col<float>", "window_col2seq<float>"} <= set(backend.launched)
