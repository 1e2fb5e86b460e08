"""Maxout with layer normalisation, fused: numpy (OpenBLAS) gemm + one nogil row pass.

With its params on a device (cupy arrays), the layer runs the gemms in cuBLAS
and the row passes as the CUDA kernels of kernels/maxout_ln.py.
"""
from functools import partial

import numpy
from thinc.api import Model, glorot_uniform_init
from thinc.types import Ragged

cimport numpy as cnp
from libc.math cimport sqrt
from libc.stdint cimport int32_t

from ..errors import Errors
from .hashembed import check_width
from .kernels import backend_for
from .kernels import maxout_ln as device

cnp.import_array()

ctypedef fused real_t:
    float
    double

# Added to the variance before the inverse square root (as Thinc's LayerNorm).
cdef double LN_EPS = 1e-8


cdef void _maxout_ln_forward(const real_t* Z, const real_t* b, const real_t* G,
                             const real_t* beta, Py_ssize_t N, int nO, int nP, bint norm,
                             real_t* Y, real_t* xhat, real_t* rstd,
                             int32_t* which) noexcept nogil:
    """Per row: h[o] = max_p Z[o, p] + b[o, p]; then layer norm of h (if norm)."""
    cdef Py_ssize_t n
    cdef int o, p, best_p
    cdef real_t best, value
    cdef double mean, var, diff, r
    cdef const real_t* z
    cdef real_t* h
    cdef real_t* y
    cdef int32_t* w
    for n in range(N):
        z = Z + n * nO * nP
        h = xhat + n * nO
        y = Y + n * nO
        w = which + n * nO
        for o in range(nO):
            best = z[o * nP] + b[o * nP]
            best_p = 0
            for p in range(1, nP):
                value = z[o * nP + p] + b[o * nP + p]
                if value > best:
                    best = value
                    best_p = p
            h[o] = best
            w[o] = best_p
        if not norm:
            for o in range(nO):
                y[o] = h[o]
            continue
        mean = 0.0
        for o in range(nO):
            mean += h[o]
        mean /= nO
        var = 0.0
        for o in range(nO):
            diff = h[o] - mean
            var += diff * diff
        r = 1.0 / sqrt(var / nO + LN_EPS)
        rstd[n] = <real_t>r
        for o in range(nO):
            h[o] = <real_t>((h[o] - mean) * r)
            y[o] = h[o] * G[o] + beta[o]


cdef void _maxout_ln_backward(const real_t* dY, const real_t* xhat, const real_t* rstd,
                              const real_t* G, const int32_t* which, Py_ssize_t N,
                              int nO, int nP, bint norm, real_t* dZ, real_t* db,
                              real_t* dG, real_t* dbeta, real_t* scratch) noexcept nogil:
    """dZ (zeroed, N x nO*nP) gets each row's gradient at its winning piece."""
    cdef Py_ssize_t n
    cdef int o, col
    cdef double m1, m2, r
    cdef const real_t* dy
    cdef const real_t* xh
    cdef real_t* g = scratch
    for n in range(N):
        dy = dY + n * nO
        xh = xhat + n * nO
        if norm:
            m1 = 0.0
            m2 = 0.0
            for o in range(nO):
                dG[o] += dy[o] * xh[o]
                dbeta[o] += dy[o]
                g[o] = dy[o] * G[o]
                m1 += g[o]
                m2 += g[o] * xh[o]
            m1 /= nO
            m2 /= nO
            r = rstd[n]
            for o in range(nO):
                g[o] = <real_t>(r * (g[o] - m1 - xh[o] * m2))
        else:
            for o in range(nO):
                g[o] = dy[o]
        for o in range(nO):
            col = o * nP + which[n * nO + o]
            dZ[n * nO * nP + col] = g[o]
            db[col] += g[o]


def maxout_ln_forward(Z, b, G, beta, int nP, bint norm=True):
    """Z (N, nO*nP) pre-activations without bias -> (Y, xhat, rstd, which)."""
    cdef Py_ssize_t N = Z.shape[0]
    cdef int nO = Z.shape[1] // nP
    dtype = Z.dtype
    _check_dtypes(dtype, Z, b, G, beta)
    Y = numpy.empty((N, nO), dtype=dtype)
    xhat = numpy.empty((N, nO), dtype=dtype)
    rstd = numpy.empty((N,), dtype=dtype)
    which = numpy.empty((N, nO), dtype=numpy.int32)
    if N == 0:
        return Y, xhat, rstd, which
    cdef void* pZ = cnp.PyArray_DATA(Z)
    cdef void* pb = cnp.PyArray_DATA(b)
    cdef void* pG = cnp.PyArray_DATA(G)
    cdef void* pB = cnp.PyArray_DATA(beta)
    cdef void* pY = cnp.PyArray_DATA(Y)
    cdef void* pX = cnp.PyArray_DATA(xhat)
    cdef void* pR = cnp.PyArray_DATA(rstd)
    cdef int32_t* pW = <int32_t*>cnp.PyArray_DATA(which)
    if dtype == numpy.float32:
        with nogil:
            _maxout_ln_forward(<float*>pZ, <float*>pb, <float*>pG, <float*>pB, N, nO, nP,
                               norm, <float*>pY, <float*>pX, <float*>pR, pW)
    else:
        with nogil:
            _maxout_ln_forward(<double*>pZ, <double*>pb, <double*>pG, <double*>pB, N, nO,
                               nP, norm, <double*>pY, <double*>pX, <double*>pR, pW)
    return Y, xhat, rstd, which


def maxout_ln_backward(dY, xhat, rstd, G, which, int nP, db, dG, dbeta, bint norm=True):
    """Gradient w.r.t. Z (N, nO*nP); adds into db, dG and dbeta in place."""
    dY = numpy.ascontiguousarray(dY, dtype=xhat.dtype)
    cdef Py_ssize_t N = dY.shape[0]
    cdef int nO = dY.shape[1]
    dtype = xhat.dtype
    _check_dtypes(dtype, dY, G, db, dG, dbeta)
    dZ = numpy.zeros((N, nO * nP), dtype=dtype)
    scratch = numpy.empty((nO,), dtype=dtype)
    if N == 0:
        return dZ
    cdef void* pdY = cnp.PyArray_DATA(dY)
    cdef void* pX = cnp.PyArray_DATA(xhat)
    cdef void* pR = cnp.PyArray_DATA(rstd)
    cdef void* pG = cnp.PyArray_DATA(G)
    cdef int32_t* pW = <int32_t*>cnp.PyArray_DATA(which)
    cdef void* pdZ = cnp.PyArray_DATA(dZ)
    cdef void* pdb = cnp.PyArray_DATA(db)
    cdef void* pdG = cnp.PyArray_DATA(dG)
    cdef void* pdB = cnp.PyArray_DATA(dbeta)
    cdef void* pS = cnp.PyArray_DATA(scratch)
    if dtype == numpy.float32:
        with nogil:
            _maxout_ln_backward(<float*>pdY, <float*>pX, <float*>pR, <float*>pG, pW, N, nO,
                                nP, norm, <float*>pdZ, <float*>pdb, <float*>pdG,
                                <float*>pdB, <float*>pS)
    else:
        with nogil:
            _maxout_ln_backward(<double*>pdY, <double*>pX, <double*>pR, <double*>pG, pW, N,
                                nO, nP, norm, <double*>pdZ, <double*>pdb, <double*>pdG,
                                <double*>pdB, <double*>pS)
    return dZ


def _check_dtypes(dtype, *arrays):
    if dtype != numpy.float32 and dtype != numpy.float64:
        raise ValueError(Errors.E257.format(dtype=dtype, expected="float32 or float64"))
    for array in arrays:
        if array.dtype != dtype or not array.flags.c_contiguous:
            raise ValueError(Errors.E257.format(dtype=array.dtype, expected=dtype))


def MaxoutLN(nO=None, nI=None, nP=3,
             normalize=True, dropout=0.0) -> Model:
    """Maxout (nP pieces), layer normalisation, then dropout in training.

    Floats2d or Ragged in and out. Params: W (nO, nP, nI), b (nO, nP) as
    Thinc's Maxout; G, beta (nO) as its LayerNorm. nI is inferred from the input
    at initialisation when not given. dropout: the rate of the output mask in
    training (attr "dropout_rate", which an update may set).
    """
    if nO is not None:
        check_width(nO)
    if nP < 1:
        raise ValueError(Errors.E260.format(nP=nP))
    return Model(
        "maxout_ln",
        maxout_ln_forward_layer,
        init=maxout_ln_init,
        dims={"nO": nO, "nI": nI, "nP": nP},
        params={"W": None, "b": None, "G": None, "beta": None},
        attrs={"normalize": normalize, "dropout_rate": dropout},
    )


def maxout_ln_init(model: Model, X=None, Y=None) -> None:
    if X is not None:
        data = X.dataXd if isinstance(X, Ragged) else X
        model.set_dim("nI", data.shape[1])
    if Y is not None and not model.has_dim("nO"):
        data = Y.dataXd if isinstance(Y, Ragged) else Y
        model.set_dim("nO", data.shape[1])
    nO, nI, nP = model.get_dim("nO"), model.get_dim("nI"), model.get_dim("nP")
    model.set_param("W", glorot_uniform_init(model.ops, (nO, nP, nI)))
    model.set_param("b", model.ops.alloc2f(nO, nP))
    model.set_param("G", model.ops.alloc1f(nO) + 1)
    model.set_param("beta", model.ops.alloc1f(nO))


def _grad(model: Model, name: str, like, xp):
    if not model.has_grad(name):
        model.set_grad(name, xp.zeros_like(like))
    return model.get_grad(name)


def row_passes(W):
    """(array module, forward, backward): NumPy and the Cython row passes
    (maxout_ln_forward, maxout_ln_backward), or the backend's array module and
    the device kernels' when W is on a device."""
    backend = backend_for(W)
    if backend is None:
        return numpy, maxout_ln_forward, maxout_ln_backward
    return (backend.xp, partial(device.maxout_ln_forward, backend),
            partial(device.maxout_ln_backward, backend))


def maxout_ln_forward_layer(model: Model, X, is_train: bool):
    ragged = isinstance(X, Ragged)
    data = X.dataXd if ragged else X
    nO, nP, nI = model.get_dim("nO"), model.get_dim("nP"), model.get_dim("nI")
    W = model.get_param("W")
    xp, forward, backward = row_passes(W)
    if getattr(data, "ndim", None) == 2 and data.shape[0] == 0:
        data = xp.zeros((0, nI), dtype=W.dtype)  # an empty batch has no width
    if getattr(data, "ndim", None) != 2 or data.shape[1] != nI:
        got = getattr(data, "shape", type(data).__name__)
        raise ValueError(Errors.E261.format(got=got, nI=nI, name=model.name))
    W2 = W.reshape((nO * nP, nI))
    data = xp.ascontiguousarray(xp.asarray(data, dtype=W.dtype))
    Z = data @ W2.T
    G = model.get_param("G")
    normalize = model.attrs["normalize"]
    Y, xhat, rstd, which = forward(Z, model.get_param("b"), G, model.get_param("beta"), nP,
                                   normalize)
    rate = model.attrs.get("dropout_rate") or 0.0
    mask = None
    if is_train and rate > 0 and Y.size:
        mask = xp.asarray(model.ops.get_dropout_mask(Y.shape, rate)).astype(Y.dtype, copy=False)
        Y = Y * mask

    def backprop(dY):
        d_data = dY.dataXd if ragged else dY
        if d_data.shape[0] == 0:
            d_data = xp.zeros(Y.shape, dtype=Y.dtype)
        if d_data.shape != Y.shape:
            raise ValueError(Errors.E259.format(got=d_data.shape, expected=Y.shape))
        if mask is not None:
            d_data = d_data * mask
        b = model.get_param("b")
        dZ = backward(d_data, xhat, rstd, G, which, nP, _grad(model, "b", b, xp),
                      _grad(model, "G", G, xp), _grad(model, "beta", G, xp), normalize)
        model.inc_grad("W", (dZ.T @ data).reshape((nO, nP, nI)))
        dX = dZ @ W2
        return Ragged(dX, X.lengths) if ragged else dX

    return (Ragged(Y, X.lengths) if ragged else Y), backprop
