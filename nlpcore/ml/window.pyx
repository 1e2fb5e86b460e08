"""Window expansion (seq2col) that stops at document boundaries, forward and backward.

ExpandWindow runs the CUDA kernels of kernels/window.py on rows on a device.
"""
import numpy
from thinc.api import Model
from thinc.types import Ragged

cimport numpy as cnp
from libc.string cimport memcpy, memset

from ..errors import Errors
from .kernels import backend_for
from .kernels import window as device

cnp.import_array()

ctypedef fused real_t:
    float
    double


cdef void _seq2col(const real_t* X, const int* lengths, Py_ssize_t n_docs, int nW,
                   int nF, real_t* out) noexcept nogil:
    """out[i] = X[i-nW], ..., X[i+nW] side by side; zeros where outside i's doc."""
    cdef Py_ssize_t d, start = 0
    cdef int i, k, j, L, K = 2 * nW + 1
    cdef real_t* row
    for d in range(n_docs):
        L = lengths[d]
        for i in range(L):
            row = out + (start + i) * K * nF
            for k in range(K):
                j = i + k - nW
                if 0 <= j < L:
                    memcpy(row + k * nF, X + (start + j) * nF, nF * sizeof(real_t))
                else:
                    memset(row + k * nF, 0, nF * sizeof(real_t))
        start += L


cdef void _col2seq(const real_t* dcols, const int* lengths, Py_ssize_t n_docs, int nW,
                   int nF, real_t* dX) noexcept nogil:
    """The transpose of _seq2col: dX (zeroed) sums each window slot back to its row."""
    cdef Py_ssize_t d, start = 0
    cdef int i, k, j, f, L, K = 2 * nW + 1
    cdef const real_t* src
    cdef real_t* dst
    for d in range(n_docs):
        L = lengths[d]
        for i in range(L):
            for k in range(K):
                j = i + k - nW
                if 0 <= j < L:
                    src = dcols + ((start + i) * K + k) * nF
                    dst = dX + (start + j) * nF
                    for f in range(nF):
                        dst[f] += src[f]
        start += L


def _prepare(X, lengths):
    X = numpy.ascontiguousarray(X)
    lengths = numpy.ascontiguousarray(lengths, dtype=numpy.int32)
    if X.dtype != numpy.float32 and X.dtype != numpy.float64:
        raise ValueError(Errors.E257.format(dtype=X.dtype, expected="float32 or float64"))
    if X.ndim != 2 or int(lengths.sum()) != X.shape[0] or (len(lengths) and lengths.min() < 0):
        raise ValueError(Errors.E262.format(rows=X.shape[0], total=int(lengths.sum())))
    return X, lengths


def seq2col(X, lengths, int nW):
    """(N, nF) rows of consecutive docs -> (N, (2*nW+1)*nF) windows within each doc."""
    X, lengths = _prepare(X, lengths)
    cdef Py_ssize_t N = X.shape[0], n_docs = lengths.shape[0]
    cdef int nF = X.shape[1]
    out = numpy.empty((N, (2 * nW + 1) * nF), dtype=X.dtype)
    if N == 0:
        return out
    cdef const int* c_lengths = <const int*>cnp.PyArray_DATA(lengths)
    cdef void* pX = cnp.PyArray_DATA(X)
    cdef void* pO = cnp.PyArray_DATA(out)
    if X.dtype == numpy.float32:
        with nogil:
            _seq2col(<const float*>pX, c_lengths, n_docs, nW, nF, <float*>pO)
    else:
        with nogil:
            _seq2col(<const double*>pX, c_lengths, n_docs, nW, nF, <double*>pO)
    return out


def col2seq(dcols, lengths, int nW):
    """Gradient of seq2col: (N, (2*nW+1)*nF) -> (N, nF)."""
    dcols, lengths = _prepare(dcols, lengths)
    cdef int K = 2 * nW + 1
    cdef Py_ssize_t N = dcols.shape[0], n_docs = lengths.shape[0]
    if dcols.shape[1] % K:
        raise ValueError(Errors.E261.format(got=dcols.shape, nI=f"a multiple of {K}",
                                            name="col2seq"))
    cdef int nF = dcols.shape[1] // K
    dX = numpy.zeros((N, nF), dtype=dcols.dtype)
    if N == 0:
        return dX
    cdef const int* c_lengths = <const int*>cnp.PyArray_DATA(lengths)
    cdef void* pD = cnp.PyArray_DATA(dcols)
    cdef void* pX = cnp.PyArray_DATA(dX)
    if dcols.dtype == numpy.float32:
        with nogil:
            _col2seq(<const float*>pD, c_lengths, n_docs, nW, nF, <float*>pX)
    else:
        with nogil:
            _col2seq(<const double*>pD, c_lengths, n_docs, nW, nF, <double*>pX)
    return dX


def ExpandWindow(window_size=1) -> Model[Ragged, Ragged]:
    """Ragged (N, nF) -> Ragged (N, (2w+1)*nF): each token with its w neighbours per side,
    zero-padded at its own doc's edges (no leakage across docs)."""
    if window_size < 0:
        raise ValueError(Errors.E263.format(window=window_size))
    return Model("expand_window", _expand_forward, attrs={"window_size": window_size})


def _expand_forward(model: Model, X: Ragged, is_train: bool):
    nW = model.attrs["window_size"]
    lengths = X.lengths
    backend = backend_for(X.dataXd)
    if backend is None:
        Y = seq2col(X.dataXd, lengths, nW)
    else:
        Y = device.seq2col(backend, backend.xp.ascontiguousarray(X.dataXd), lengths, nW)

    def backprop(dY: Ragged) -> Ragged:
        if backend is None:
            return Ragged(col2seq(dY.dataXd, lengths, nW), lengths)
        d_cols = backend.xp.ascontiguousarray(dY.dataXd)
        return Ragged(device.col2seq(backend, d_cols, lengths, nW), lengths)

    return Ragged(Y, lengths), backprop
