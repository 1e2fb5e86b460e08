"""The character-embedding kernels against charembed.pyx's char_gather and char_scatter,
and CharEmbed's device path against its CPU path.

The gather copies (compared bit for bit); the scatter adds with atomics, whose
order a GPU doesn't fix, so its sums are compared up to rounding. Each test runs
once per backend (conftest.py).
"""

import numpy
import pytest

from nlpcore.ml import charembed
from nlpcore.ml.charembed import CharEmbed, char_gather, char_scatter
from nlpcore.ml.kernels import charembed as device
from nlpcore.ml.kernels import to_host


def tolerance(dtype):
    return {"rtol": 1e-5, "atol": 1e-6} if dtype == "float32" else {"rtol": 1e-12, "atol": 0}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("n,nC,nM", [(0, 4, 3), (1, 1, 1), (57, 4, 5), (20, 3, 40)])
def test_kernels_equal_char_gather_and_scatter(backend, dtype, n, nC, nM):
    rng = numpy.random.default_rng(n + nM)
    E = rng.normal(size=(nC, 256, nM)).astype(dtype)
    ids = rng.integers(0, 256, size=(n, nC), dtype=numpy.uint8)
    ids[: n // 2, 0] = 7  # shared rows: several words add into one
    xp = backend.xp
    out = device.char_gather(backend, xp.asarray(E), xp.asarray(ids))
    numpy.testing.assert_array_equal(to_host(out), char_gather(E, ids))
    d_out = rng.normal(size=(n, nC * nM)).astype(dtype)
    dE = numpy.zeros_like(E)
    char_scatter(dE, ids, d_out)
    device_dE = xp.zeros_like(xp.asarray(E))
    device.char_scatter(backend, device_dE, xp.asarray(ids), xp.asarray(d_out))
    numpy.testing.assert_allclose(to_host(device_dE), dE, **tolerance(dtype))


def test_wrappers_check_their_arrays(backend):
    xp = backend.xp
    E = xp.zeros((2, 256, 3), dtype="float32")
    ids = xp.zeros((4, 2), dtype="uint8")
    with pytest.raises(ValueError, match="E401"):
        device.char_gather(backend, E.astype("float16"), ids)
    with pytest.raises(ValueError, match="E401"):
        device.char_gather(backend, E, ids.astype("int32"))
    with pytest.raises(ValueError, match="E402"):
        device.char_gather(backend, xp.zeros((2, 255, 3), dtype="float32"), ids)
    with pytest.raises(ValueError, match="E402"):
        device.char_gather(backend, E, xp.zeros((4, 3), dtype="uint8"))
    with pytest.raises(ValueError, match="E402"):
        device.char_scatter(backend, E, ids, xp.zeros((4, 5), dtype="float32"))
    with pytest.raises(ValueError, match="E401"):
        device.char_scatter(backend, E, ids, xp.zeros((4, 6), dtype="float64"))


def test_layer_on_the_device_equals_the_cpu_layer(device_layer, backend, docs):
    cpu = CharEmbed(4, 6)
    cpu.initialize()
    dev_model = device_layer(cpu.copy(), charembed)
    Y, backprop = cpu.begin_update(docs)
    if hasattr(backend, "launched"):
        backend.launched.clear()
    Yd, backprop_d = dev_model.begin_update(docs)
    numpy.testing.assert_array_equal(to_host(Yd.dataXd), Y.dataXd)
    numpy.testing.assert_array_equal(Yd.lengths, Y.lengths)
    dY = numpy.random.default_rng(0).normal(size=Y.dataXd.shape).astype("float32")
    backprop(type(Y)(dY, Y.lengths))
    backprop_d(type(Y)(backend.xp.asarray(dY), Y.lengths))
    numpy.testing.assert_allclose(to_host(dev_model.get_grad("E")), cpu.get_grad("E"),
                                  **tolerance("float32"))
    if hasattr(backend, "launched"):
        assert {"charembed_gather<float>", "charembed_scatter<float>"} <= set(backend.launched)
