"""The maxout + layer norm kernels against maxout.pyx's Cython row passes, and the device
paths of MaxoutLN and MishLN (its layer norm is one-piece maxout_ln) against their CPU paths.

Per-row results (Y, xhat, rstd, which, dZ) are compared bit for bit: the kernels
do the CPU's operations in its order (row sums in double, in one thread), with no
FMA contraction on either side. The parameter gradients db, dG and dbeta are
column sums by the array module on the device path (the CPU adds row by row), so
they are compared up to rounding. Each test runs once per backend (conftest.py).
"""

import numpy
import pytest
from thinc.types import Ragged

from nlpcore.ml import kernels, maxout
from nlpcore.ml.kernels import maxout_ln as device
from nlpcore.ml.kernels import to_host
from nlpcore.ml.maxout import MaxoutLN, maxout_ln_backward, maxout_ln_forward
from nlpcore.ml.mish import MishLN

SHAPES = [(0, 4, 3), (1, 1, 1), (7, 5, 1), (40, 9, 3), (33, 40, 2)]


def row_inputs(n, nO, nP, dtype, seed=0):
    """Random Z (n, nO*nP), b, G, beta and dY (n, nO); ties between pieces included."""
    rng = numpy.random.default_rng(seed)
    Z = rng.normal(size=(n, nO * nP)).astype(dtype)
    if nP > 1 and n:
        Z[0, 1] = Z[0, 0]  # a tie: the first piece wins
    b = rng.normal(size=(nO, nP)).astype(dtype)
    b[0, :] = 0
    G, beta = (rng.normal(size=(nO,)).astype(dtype) for _ in range(2))
    dY = rng.normal(size=(n, nO)).astype(dtype)
    return Z, b, G, beta, dY


def tolerance(dtype):
    return {"rtol": 1e-5, "atol": 1e-5} if dtype == "float32" else {"rtol": 1e-12, "atol": 1e-12}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("norm", [True, False])
@pytest.mark.parametrize("n,nO,nP", SHAPES)
def test_kernels_equal_the_cython_row_passes(backend, dtype, norm, n, nO, nP):
    Z, b, G, beta, dY = row_inputs(n, nO, nP, dtype, seed=n + nO)
    expected = maxout_ln_forward(Z, b, G, beta, nP, norm)
    dev = backend.xp.asarray
    got = [to_host(a) for a in device.maxout_ln_forward(backend, dev(Z), dev(b), dev(G),
                                                        dev(beta), nP, norm)]
    for name, g, e in zip(("Y", "xhat", "rstd", "which"), got, expected):
        if name != "rstd" or norm:  # rstd is left unset without norm
            numpy.testing.assert_array_equal(g, e, err_msg=name)
    grads = [numpy.zeros_like(a) for a in (b, G, G)]
    dZ = maxout_ln_backward(dY, expected[1], expected[2], G, expected[3], nP, *grads, norm)
    device_grads = [backend.xp.zeros_like(dev(a)) for a in (b, G, G)]
    device_dZ = device.maxout_ln_backward(backend, dev(dY), *(dev(a) for a in expected[1:3]),
                                          dev(G), dev(expected[3]), nP, *device_grads, norm)
    numpy.testing.assert_array_equal(to_host(device_dZ), dZ)
    for name, g, e in zip(("db", "dG", "dbeta"), device_grads, grads):
        numpy.testing.assert_allclose(to_host(g), e, err_msg=name, **tolerance(dtype))


def test_grid_stride_loops_cover_more_rows_than_threads(backend, monkeypatch):
    monkeypatch.setattr(kernels, "MAX_BLOCKS", 1)
    n, nO, nP = 300, 3, 2  # 900 units and 300 rows on one block of 256 threads
    Z, b, G, beta, dY = row_inputs(n, nO, nP, "float32")
    dev = backend.xp.asarray
    Y, xhat, rstd, which = device.maxout_ln_forward(backend, dev(Z), dev(b), dev(G),
                                                    dev(beta), nP)
    expected = maxout_ln_forward(Z, b, G, beta, nP)
    numpy.testing.assert_array_equal(to_host(Y), expected[0])
    grads = [backend.xp.zeros_like(dev(a)) for a in (b, G, G)]
    dZ = device.maxout_ln_backward(backend, dev(dY), xhat, rstd, dev(G), which, nP, *grads)
    zeros = [numpy.zeros_like(a) for a in (b, G, G)]
    numpy.testing.assert_array_equal(to_host(dZ), maxout_ln_backward(
        dY, expected[1], expected[2], G, expected[3], nP, *zeros))


def test_wrappers_check_their_arrays(backend):
    xp = backend.xp
    Z, b, G, beta, dY = (xp.asarray(a) for a in row_inputs(4, 3, 2, "float32"))
    forward = device.maxout_ln_forward
    with pytest.raises(ValueError, match="E401"):
        forward(backend, Z.astype("float16"), b, G, beta, 2)
    with pytest.raises(ValueError, match="E401"):
        forward(backend, Z, b.astype("float64"), G, beta, 2)
    with pytest.raises(ValueError, match="E401"):
        forward(backend, Z, xp.asarray(numpy.zeros((2, 3), "float32")).T, G, beta, 2)
    with pytest.raises(ValueError, match="E402"):
        forward(backend, Z, b, G, beta, 4)  # 6 columns aren't nO * 4
    with pytest.raises(ValueError, match="E402"):
        forward(backend, Z, b, G[:2].copy(), beta, 2)
    with pytest.raises(ValueError, match="E402"):
        forward(backend, Z[0].copy(), b, G, beta, 2)
    Y, xhat, rstd, which = forward(backend, Z, b, G, beta, 2)
    grads = [xp.zeros_like(a) for a in (b, G, G)]
    backward = device.maxout_ln_backward
    with pytest.raises(ValueError, match="E402"):
        backward(backend, dY[:3], xhat, rstd, G, which, 2, *grads)
    with pytest.raises(ValueError, match="E401"):
        backward(backend, dY, xhat, rstd, G, which.astype("int64"), 2, *grads)
    with pytest.raises(ValueError, match="E402"):
        backward(backend, dY, xhat, rstd, G, which, 3, *grads)  # db is (3, 2)
    with pytest.raises(ValueError, match="E401"):
        backward(backend, dY, xhat, rstd, G, which, 2, grads[0].astype("float64"), *grads[1:])


def layer_pair(device_layer, nO, nI, nP, normalize=True, dropout=0.0, dtype="float32",
               mish=False):
    """(cpu, on the device): two MaxoutLN (or MishLN) layers with the same random weights."""
    rng = numpy.random.default_rng(nO * nI)
    cpu = MishLN(nO, nI) if mish else MaxoutLN(nO, nI, nP=nP, normalize=normalize,
                                                dropout=dropout)
    cpu.initialize()
    for name in ("W", "b", "G", "beta"):
        value = cpu.get_param(name)
        cpu.set_param(name, rng.normal(size=value.shape).astype(dtype))
    return cpu, device_layer(cpu.copy(), maxout)


def layer_grads(model):
    return {name: to_host(model.get_grad(name)) for name in ("W", "b", "G", "beta")
            if model.has_grad(name)}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("nO,nI,nP,normalize,mish", [(6, 9, 3, True, False),
                                                     (1, 4, 1, True, False),
                                                     (5, 3, 2, False, False),
                                                     (6, 9, 1, True, True)])
def test_layer_on_the_device_equals_the_cpu_layer(device_layer, backend, dtype, nO, nI, nP,
                                                  normalize, mish):
    cpu, dev_model = layer_pair(device_layer, nO, nI, nP, normalize, dtype=dtype, mish=mish)
    rng = numpy.random.default_rng(1)
    lengths = numpy.array([3, 0, 5, 1], dtype="int32")
    X = Ragged(rng.normal(size=(9, nI)).astype(dtype), lengths)
    dY = rng.normal(size=(9, nO)).astype(dtype)
    Y, backprop = cpu.begin_update(X)
    dX = backprop(Ragged(dY, lengths)).dataXd
    if hasattr(backend, "launched"):
        backend.launched.clear()
    Xd = Ragged(backend.xp.asarray(X.dataXd), lengths)
    Yd, backprop_d = dev_model.begin_update(Xd)
    dXd = backprop_d(Ragged(backend.xp.asarray(dY), lengths)).dataXd
    if hasattr(backend, "launched"):
        assert f"maxout_ln_backward_pieces<{'float' if dtype == 'float32' else 'double'}>" \
            in backend.launched
    # Same gemm and Mish (NumPy's in the emulation; cuBLAS and CuPy's on a GPU).
    exact = backend.xp is numpy
    check = numpy.testing.assert_array_equal if exact else numpy.testing.assert_allclose
    check(to_host(Yd.dataXd), Y.dataXd)
    check(to_host(dXd), dX)
    grads, device_grads = layer_grads(cpu), layer_grads(dev_model)
    assert device_grads.keys() == grads.keys()
    for name, value in grads.items():
        if exact and (name == "W" or mish and name == "b"):  # from equal dZ
            numpy.testing.assert_array_equal(device_grads[name], value)
        numpy.testing.assert_allclose(device_grads[name], value, err_msg=name,
                                      **tolerance(dtype))


def test_layer_dropout_and_empty_batches_on_the_device(device_layer, backend):
    cpu, dev_model = layer_pair(device_layer, 4, 3, 2, dropout=0.5)
    X = numpy.random.default_rng(2).normal(size=(20, 3)).astype("float32")
    numpy.random.seed(3)  # Thinc's NumpyOps draws its dropout masks from NumPy's global RNG
    Y, backprop = cpu.begin_update(X)
    dX = backprop(numpy.ones_like(Y))
    numpy.random.seed(3)  # the copied layer has NumpyOps too: the same mask
    Yd, backprop_d = dev_model.begin_update(backend.xp.asarray(X))
    dXd = backprop_d(backend.xp.ones_like(Yd))
    check = (numpy.testing.assert_array_equal if backend.xp is numpy
             else numpy.testing.assert_allclose)
    check(to_host(Yd), Y)
    check(to_host(dXd), dX)
    assert (Y == 0).any()
    empty = backend.xp.zeros((0, 3), dtype="float32")
    Y0, backprop0 = dev_model.begin_update(empty)
    assert Y0.shape == (0, 4) and isinstance(Y0, backend.xp.ndarray)
    assert backprop0(backend.xp.zeros((0, 4), dtype="float32")).shape == (0, 3)
