"""Character embedding: the first and last UTF-8 bytes of each word, one table per slot.

With its table on a device, the gather and scatter run as the CUDA kernels of
kernels/charembed.py (the byte ids are computed on the host).
"""

import numpy
from thinc.api import Model, uniform_init
from thinc.types import Ragged

cimport numpy as cnp
from libc.stdint cimport uint8_t
from libc.string cimport memcpy

from ..strings cimport StringStore, Utf8Str
from ..tokens.doc cimport Doc

from ..errors import Errors
from .featureextractor import doc_lengths
from .kernels import backend_for
from .kernels import charembed as device

cnp.import_array()

ctypedef fused real_t:
    float
    double

# Rows of each character table: one per byte value.
cdef enum:
    N_BYTES = 256


cdef void _char_ids(const Utf8Str* word, int nC, uint8_t* out) noexcept nogil:
    """The first ceil(nC/2) and last floor(nC/2) bytes of `word`; 0 where it is shorter."""
    cdef int n_front = (nC + 1) // 2, n_back = nC // 2, k, j
    cdef int length = word.length if word != NULL else 0
    for k in range(n_front):
        out[k] = <uint8_t>word.chars[k] if k < length else 0
    for k in range(n_back):
        j = length - n_back + k
        out[n_front + k] = <uint8_t>word.chars[j] if j >= 0 else 0


def char_ids(docs, int nC) -> numpy.ndarray:
    """uint8 (n_tokens, nC) byte ids of every token of the batch, one nogil pass per doc."""
    lengths = doc_lengths(docs)
    cdef Py_ssize_t total = int(lengths.sum()), start = 0
    out = numpy.zeros((total, nC), dtype=numpy.uint8)
    cdef uint8_t* c_out = <uint8_t*>cnp.PyArray_DATA(out)
    cdef Doc doc
    cdef StringStore strings
    cdef int i
    for doc in docs:
        strings = doc.vocab.strings
        with nogil:
            for i in range(doc.length):
                _char_ids(strings.lookup(doc.c[i].lex.orth), nC, c_out + (start + i) * nC)
        start += doc.length
    return out


cdef void _gather(const real_t* E, const uint8_t* ids, Py_ssize_t N, int nC, int nM,
                  real_t* out) noexcept nogil:
    cdef Py_ssize_t n
    cdef int c
    for n in range(N):
        for c in range(nC):
            memcpy(out + (n * nC + c) * nM, E + (c * N_BYTES + ids[n * nC + c]) * nM,
                   nM * sizeof(real_t))


cdef void _scatter(real_t* dE, const uint8_t* ids, Py_ssize_t N, int nC, int nM,
                   const real_t* d_out) noexcept nogil:
    cdef Py_ssize_t n
    cdef int c, m
    cdef real_t* dst
    cdef const real_t* src
    for n in range(N):
        for c in range(nC):
            dst = dE + (c * N_BYTES + ids[n * nC + c]) * nM
            src = d_out + (n * nC + c) * nM
            for m in range(nM):
                dst[m] += src[m]


def char_gather(E, ids) -> numpy.ndarray:
    """E (nC, 256, nM), ids uint8 (N, nC) -> (N, nC*nM)."""
    cdef int nC = E.shape[0], nM = E.shape[2]
    cdef Py_ssize_t N = ids.shape[0]
    out = numpy.empty((N, nC * nM), dtype=E.dtype)
    cdef const uint8_t* c_ids = <const uint8_t*>cnp.PyArray_DATA(ids)
    cdef void* pE = cnp.PyArray_DATA(E)
    cdef void* pO = cnp.PyArray_DATA(out)
    if E.dtype == numpy.float32:
        with nogil:
            _gather(<const float*>pE, c_ids, N, nC, nM, <float*>pO)
    elif E.dtype == numpy.float64:
        with nogil:
            _gather(<const double*>pE, c_ids, N, nC, nM, <double*>pO)
    else:
        raise ValueError(Errors.E257.format(dtype=E.dtype, expected="float32 or float64"))
    return out


def char_scatter(dE, ids, d_out) -> None:
    """dE[c, ids[n, c]] += d_out[n, slot c], in place."""
    d_out = numpy.ascontiguousarray(d_out, dtype=dE.dtype)
    cdef int nC = dE.shape[0], nM = dE.shape[2]
    cdef Py_ssize_t N = ids.shape[0]
    if d_out.shape[0] != N or d_out.shape[1] != nC * nM:
        raise ValueError(Errors.E259.format(got=d_out.shape, expected=(N, nC * nM)))
    cdef const uint8_t* c_ids = <const uint8_t*>cnp.PyArray_DATA(ids)
    cdef void* pE = cnp.PyArray_DATA(dE)
    cdef void* pD = cnp.PyArray_DATA(d_out)
    if dE.dtype == numpy.float32:
        with nogil:
            _scatter(<float*>pE, c_ids, N, nC, nM, <const float*>pD)
    else:
        with nogil:
            _scatter(<double*>pE, c_ids, N, nC, nM, <const double*>pD)


def CharEmbed(nM, nC) -> Model[list, Ragged]:
    """List[Doc] -> Ragged (n_tokens, nC*nM): nC UTF-8 bytes per word, each nM wide.

    The first ceil(nC/2) and last floor(nC/2) bytes are used, so the word's last
    byte always sits in the last slot; shorter words are zero-padded in between.
    Params: E (nC, 256, nM), one table per slot.
    """
    if (isinstance(nM, bool) or isinstance(nC, bool) or not isinstance(nM, int)
            or not isinstance(nC, int) or nM <= 0 or nC <= 0):
        raise ValueError(Errors.E269.format(nC=nC, nM=nM))
    return Model("charembed", _charembed_forward, init=_charembed_init,
                 dims={"nM": nM, "nC": nC, "nO": nM * nC, "nV": N_BYTES}, params={"E": None})


def _charembed_init(model: Model, X=None, Y=None) -> None:
    shape = (model.get_dim("nC"), model.get_dim("nV"), model.get_dim("nM"))
    model.set_param("E", uniform_init(model.ops, shape))


def _charembed_forward(model: Model, docs, is_train: bool):
    E = model.get_param("E")
    ids = char_ids(docs, model.get_dim("nC"))
    lengths = doc_lengths(docs)
    backend = backend_for(E)
    if backend is None:
        out = char_gather(E, ids)
    else:
        ids = backend.xp.asarray(ids)
        out = device.char_gather(backend, E, ids)

    def backprop(dY: Ragged):
        if backend is None:
            if not model.has_grad("E"):
                model.set_grad("E", numpy.zeros_like(E))
            char_scatter(model.get_grad("E"), ids, dY.dataXd)
            return []
        if not model.has_grad("E"):
            model.set_grad("E", backend.xp.zeros_like(E))
        d_out = backend.xp.ascontiguousarray(dY.dataXd, dtype=E.dtype)
        device.char_scatter(backend, model.get_grad("E"), ids, d_out)
        return []

    return Ragged(out, lengths), backprop
