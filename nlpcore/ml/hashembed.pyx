"""Bloom (hash) embeddings: MurmurHash3 row keys, fused gather-sum and scatter-add."""
from typing import List

import numpy
from thinc.api import Model, uniform_init
from thinc.types import Floats2d, Ragged

cimport numpy as cnp
from libc.stdint cimport uint32_t, uint64_t
from libcpp.vector cimport vector
from murmurhash.mrmr cimport hash128_x86

from ..errors import Errors
from ..sorted_keys import find_sorted
from .featureextractor import attr_ids, extract_batch, split_rows
from .column_dropout import drop_columns, mask_gradient, table_gradients
from .kernels import array_module, backend_for
from .kernels.hashembed import embed_ids_device

cnp.import_array()

# Each id selects this many rows: the four 32-bit words of one MurmurHash3_x86_128.
cdef enum:
    N_KEYS = 4

ctypedef fused real_t:
    float
    double


cdef void _hash_column(const uint64_t* ids, Py_ssize_t n, int stride, uint32_t seed,
                       uint32_t n_rows, uint32_t* keys, int keys_stride) noexcept nogil:
    """keys[i*keys_stride + k] = word k of murmur3_x86_128(ids[i*stride], seed) % n_rows."""
    cdef Py_ssize_t i
    cdef int k
    cdef uint64_t key
    cdef uint32_t* out
    for i in range(n):
        key = ids[i * stride]
        out = keys + i * keys_stride
        hash128_x86(&key, sizeof(uint64_t), seed, out)
        for k in range(N_KEYS):
            out[k] %= n_rows


cdef void _gather_sum(real_t** tables, const int* widths, const uint32_t* keys,
                      Py_ssize_t n, int n_tables, real_t* out, int out_width) noexcept nogil:
    """out[i, block t] = sum over k of tables[t][keys[i, t, k]] (blocks side by side)."""
    cdef Py_ssize_t i
    cdef int t, j, nO
    cdef const real_t* r0
    cdef const real_t* r1
    cdef const real_t* r2
    cdef const real_t* r3
    cdef const uint32_t* key
    cdef real_t* row
    for i in range(n):
        row = out + i * out_width
        for t in range(n_tables):
            nO = widths[t]
            key = keys + (i * n_tables + t) * N_KEYS
            r0 = tables[t] + key[0] * nO
            r1 = tables[t] + key[1] * nO
            r2 = tables[t] + key[2] * nO
            r3 = tables[t] + key[3] * nO
            for j in range(nO):
                row[j] = (r0[j] + r1[j]) + (r2[j] + r3[j])
            row += nO


cdef void _scatter_add(real_t** grads, const int* widths, const uint32_t* keys,
                       Py_ssize_t n, int n_tables, const real_t* d_out,
                       int out_width) noexcept nogil:
    """grads[t][keys[i, t, k]] += d_out[i, block t], the transpose of _gather_sum."""
    cdef Py_ssize_t i
    cdef int t, k, j, nO
    cdef real_t* dst
    cdef const real_t* src
    cdef const uint32_t* key
    for i in range(n):
        src = d_out + i * out_width
        for t in range(n_tables):
            nO = widths[t]
            key = keys + (i * n_tables + t) * N_KEYS
            for k in range(N_KEYS):
                dst = grads[t] + key[k] * nO
                for j in range(nO):
                    dst[j] += src[j]
            src += nO


def hash_keys(ids, seeds, rows) -> numpy.ndarray:
    """Row keys for a (n, n_tables) uint64 id array: uint32 (n, n_tables, 4).

    Column t is hashed with seeds[t] and reduced modulo rows[t].
    """
    ids = numpy.ascontiguousarray(ids, dtype=numpy.uint64)
    if ids.ndim == 1:
        ids = ids.reshape((-1, 1))
    cdef Py_ssize_t n = ids.shape[0]
    cdef int n_tables = ids.shape[1]
    if len(seeds) != n_tables or len(rows) != n_tables:
        raise ValueError(Errors.E256.format(n_cols=n_tables, n_tables=len(rows)))
    keys = numpy.empty((n, n_tables, N_KEYS), dtype=numpy.uint32)
    if n == 0:
        return keys
    cdef const uint64_t* c_ids = <const uint64_t*>cnp.PyArray_DATA(ids)
    cdef uint32_t* c_keys = <uint32_t*>cnp.PyArray_DATA(keys)
    cdef int t
    cdef uint32_t seed, n_rows
    for t in range(n_tables):
        seed = seeds[t]
        n_rows = rows[t]
        with nogil:
            _hash_column(c_ids + t, n, n_tables, seed, n_rows, c_keys + t * N_KEYS,
                         n_tables * N_KEYS)
    return keys


cdef int _table_pointers(tables, dtype, vector[void*]& ptrs, vector[int]& widths) except -1:
    for table in tables:
        if table.dtype != dtype or not table.flags.c_contiguous or table.ndim != 2:
            raise ValueError(Errors.E257.format(dtype=table.dtype, expected=dtype))
        ptrs.push_back(cnp.PyArray_DATA(table))
        widths.push_back(table.shape[1])
    return 0


def gather_sum(tables, keys, out) -> None:
    """Fill `out` (n, sum of widths), C-contiguous, with the summed rows of each table."""
    cdef vector[void*] ptrs
    cdef vector[int] widths
    _table_pointers(tables, out.dtype, ptrs, widths)
    _check_keys(keys, out, widths)
    cdef Py_ssize_t n = out.shape[0]
    cdef int n_tables = len(tables), out_width = out.shape[1]
    cdef const uint32_t* c_keys = <const uint32_t*>cnp.PyArray_DATA(keys)
    cdef void* c_out = cnp.PyArray_DATA(out)
    if out.dtype == numpy.float32:
        with nogil:
            _gather_sum(<float**>ptrs.data(), widths.data(), c_keys, n, n_tables,
                        <float*>c_out, out_width)
    elif out.dtype == numpy.float64:
        with nogil:
            _gather_sum(<double**>ptrs.data(), widths.data(), c_keys, n, n_tables,
                        <double*>c_out, out_width)
    else:
        raise ValueError(Errors.E257.format(dtype=out.dtype, expected="float32 or float64"))


def scatter_add(grads, keys, d_out) -> None:
    """Add the rows of `d_out` (n, sum of widths) into each gradient table, in place."""
    d_out = numpy.ascontiguousarray(d_out)
    cdef vector[void*] ptrs
    cdef vector[int] widths
    _table_pointers(grads, d_out.dtype, ptrs, widths)
    _check_keys(keys, d_out, widths)
    cdef Py_ssize_t n = d_out.shape[0]
    cdef int n_tables = len(grads), out_width = d_out.shape[1]
    cdef const uint32_t* c_keys = <const uint32_t*>cnp.PyArray_DATA(keys)
    cdef const void* c_d = cnp.PyArray_DATA(d_out)
    if d_out.dtype == numpy.float32:
        with nogil:
            _scatter_add(<float**>ptrs.data(), widths.data(), c_keys, n, n_tables,
                         <const float*>c_d, out_width)
    elif d_out.dtype == numpy.float64:
        with nogil:
            _scatter_add(<double**>ptrs.data(), widths.data(), c_keys, n, n_tables,
                         <const double*>c_d, out_width)
    else:
        raise ValueError(Errors.E257.format(dtype=d_out.dtype, expected="float32 or float64"))


cdef int _check_keys(keys, out, vector[int]& widths) except -1:
    cdef int total = 0
    for w in widths:
        total += w
    if (keys.dtype != numpy.uint32 or not keys.flags.c_contiguous or keys.ndim != 3
            or keys.shape[0] != out.shape[0] or keys.shape[1] != widths.size()
            or out.ndim != 2 or out.shape[1] != total or not out.flags.c_contiguous):
        raise ValueError(Errors.E258.format(keys=keys.shape, out=out.shape, width=total))
    return 0


def HashEmbed(nO, nV, attr="NORM", seed=0,
              dropout=None, id_dropout=0.0) -> Model[list, List[Floats2d]]:
    """Bloom embedding of one token attribute: List[Doc] -> List[Floats2d].

    nO: output width; nV: rows of the table `E`; attr: the attribute hashed;
    seed: the MurmurHash3 seed (explicit, part of the model); dropout: rate of a
    column dropout mask applied in training; id_dropout: in training, the share
    of tokens whose id is replaced by the reserved id 0, so the table learns a
    vector for unseen values ("word dropout"); with it, the layer records the
    ids it trains on (attr "seen_ids", saved with the model) and predicts with
    id 0 in place of ids it never trained on. Each id's vector is the sum of the
    four rows its hash words select, so every id, seen or not, has one.
    """
    check_rows(nV)
    check_width(nO)
    check_rate(id_dropout)
    return Model(
        "hashembed",
        hashembed_forward,
        init=hashembed_init,
        dims={"nO": nO, "nV": nV},
        params={"E": None},
        attrs={"attr": attr_ids([attr])[0], "seed": int(seed) & 0xFFFFFFFF,
               "dropout_rate": dropout, "id_dropout": float(id_dropout), "seen_ids": None},
    )


def check_rows(nV) -> None:
    """A coded error unless nV is a positive int."""
    if isinstance(nV, bool) or not isinstance(nV, (int, numpy.integer)) or nV <= 0:
        raise ValueError(Errors.E254.format(rows=nV))


def check_rate(rate) -> None:
    """A coded error unless rate is a number in [0, 1)."""
    if (isinstance(rate, bool) or not isinstance(rate, (int, float, numpy.floating))
            or not 0.0 <= rate < 1.0):
        raise ValueError(Errors.E285.format(rate=rate))


def check_width(nO) -> None:
    """A coded error unless nO is a positive int."""
    if isinstance(nO, bool) or not isinstance(nO, (int, numpy.integer)) or nO <= 0:
        raise ValueError(Errors.E255.format(width=nO))


def hashembed_init(model: Model, X=None, Y=None) -> None:
    """E ~ uniform(-0.1, 0.1) of shape (nV, nO), from the global (seedable) RNG."""
    model.set_param("E", uniform_init(model.ops, (model.get_dim("nV"), model.get_dim("nO"))))


def embed_ids(layers, ids, bint is_train):
    """Shared forward of one or more HashEmbed layers over a (n, n_layers) id array.

    Returns (vectors (n, sum nO), backprop(d_vectors) -> None). Tables on a
    device (cupy arrays) go through the CUDA kernels (kernels/hashembed.py).
    """
    tables = [layer.get_param("E") for layer in layers]
    if is_train:
        _record_seen_ids(layers, ids)
        ids = _drop_ids(layers, ids)
    else:
        ids = _unseen_to_unknown(layers, ids)
    backend = backend_for(tables[0])
    if backend is not None:
        return embed_ids_device(backend, layers, ids, is_train)
    keys = hash_keys(ids, [layer.attrs["seed"] for layer in layers],
                     [table.shape[0] for table in tables])
    widths = [table.shape[1] for table in tables]
    out = numpy.empty((keys.shape[0], sum(widths)), dtype=tables[0].dtype)
    gather_sum(tables, keys, out)
    masks = drop_columns(layers, widths, out, numpy) if is_train else []

    def backprop(d_out) -> None:
        scatter_add(table_gradients(layers, numpy), keys, mask_gradient(d_out, masks))

    return out, backprop


def _record_seen_ids(layers, ids):
    """Add the ids of column t to layer t's seen_ids, for the layers with id_dropout."""
    for column, layer in enumerate(layers):
        if layer.attrs.get("id_dropout", 0.0) > 0.0:
            seen = layer.attrs.get("seen_ids")
            seen = numpy.zeros((0,), dtype=numpy.uint64) if seen is None else seen
            values = ids[:, column]
            new = numpy.unique(values[~find_sorted(seen, values)[1]])
            # A linear merge of two sorted arrays: no sort of the ids seen so far.
            layer.attrs["seen_ids"] = numpy.insert(seen, numpy.searchsorted(seen, new), new)


def _unseen_to_unknown(layers, ids):
    """ids with id 0 in column t where layer t never trained on the id (layers with
    id_dropout and recorded seen_ids only)."""
    replaced = ids
    for column, layer in enumerate(layers):
        seen = layer.attrs.get("seen_ids")
        if seen is None or not layer.attrs.get("id_dropout", 0.0) > 0.0:
            continue
        unseen = ~find_sorted(seen, ids[:, column])[1]
        if unseen.any():
            if replaced is ids:
                replaced = ids.copy()
            replaced[unseen, column] = 0
    return replaced


def _drop_ids(layers, ids):
    """ids with column t set to 0 in a random id_dropout share of rows, per layer t."""
    rates = [layer.attrs.get("id_dropout", 0.0) for layer in layers]
    if not any(rates):
        return ids
    ids = ids.copy()
    for column, rate in enumerate(rates):
        if rate > 0.0:
            ids[numpy.random.random(ids.shape[0]) < rate, column] = 0
    return ids


def hashembed_forward(model: Model, docs, is_train: bool):
    features, lengths = extract_batch(docs, [model.attrs["attr"]])
    out, backprop_ids = embed_ids([model], features, is_train)

    def backprop(d_vectors):
        d_out = array_module(out).concatenate(d_vectors) if len(d_vectors) else out[:0]
        _check_grad_shape(d_out, out)
        backprop_ids(d_out)
        return []

    return split_rows(out, lengths), backprop


def _check_grad_shape(d_out, out):
    if d_out.shape != out.shape:
        raise ValueError(Errors.E259.format(got=d_out.shape, expected=out.shape))


def HashEmbedConcat(layers) -> Model[Ragged, Ragged]:
    """Ragged uint64 ids (n, len(layers)) -> Ragged of the layers' outputs side by side.

    Equivalent to concatenating each HashEmbed's output, done in one fused pass.
    """
    layers = list(layers)
    width = sum(layer.get_dim("nO") for layer in layers)
    return Model("hashembed_concat", _concat_forward, init=_concat_init, layers=layers,
                 dims={"nO": width})


def _concat_init(model: Model, X=None, Y=None) -> None:
    for layer in model.layers:
        layer.initialize()


def _concat_forward(model: Model, X: Ragged, is_train: bool):
    out, backprop_ids = embed_ids(model.layers, X.dataXd, is_train)

    def backprop(dY: Ragged) -> Ragged:
        _check_grad_shape(dY.dataXd, out)
        backprop_ids(dY.dataXd)
        return Ragged(numpy.zeros(X.dataXd.shape, dtype=numpy.float32), X.lengths)

    return Ragged(out, X.lengths), backprop
