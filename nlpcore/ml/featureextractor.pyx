"""Feature extraction: a batch of Docs to token attribute IDs in one nogil pass."""
from typing import List, Sequence, Tuple, Union

import numpy
from thinc.api import Model
from thinc.types import Ints2d, Ragged

cimport numpy as cnp
from libc.stdint cimport uint64_t
from libcpp.vector cimport vector

from ..attrs cimport attr_id_t
from ..structs cimport TokenC
from ..tokens.doc cimport Doc
from ..tokens.token cimport get_token_attr

from ..attrs import intify_attr
from ..errors import Errors

cnp.import_array()


def attr_ids(attrs: Sequence[Union[str, int]]) -> List[int]:
    """Attribute names or IDs -> IDs; a coded error for an unknown or empty list."""
    if len(attrs) == 0:
        raise ValueError(Errors.E252)
    return [intify_attr(attr) for attr in attrs]


def doc_lengths(docs) -> numpy.ndarray:
    """The token count of each Doc as an int32 array; a coded error for a non-Doc."""
    cdef Py_ssize_t i, n = len(docs)
    lengths = numpy.empty((n,), dtype=numpy.int32)
    cdef int[::1] c_lengths = lengths
    for i in range(n):
        doc = docs[i]
        if not isinstance(doc, Doc):
            raise TypeError(Errors.E250.format(type=type(doc).__name__))
        c_lengths[i] = (<Doc>doc).length
    return lengths


def extract_batch(docs, ids) -> Tuple[numpy.ndarray, numpy.ndarray]:
    """Attributes `ids` of every token of `docs`, concatenated in one array.

    docs: a sequence of Doc; ids: attribute IDs (see attr_ids).
    Returns (features uint64 (n_tokens, len(ids)), lengths int32 (len(docs),)).
    """
    lengths = doc_lengths(docs)
    cdef Py_ssize_t n_docs = len(docs)
    cdef int n_attrs = len(ids)
    cdef vector[const TokenC*] starts
    cdef vector[attr_id_t] c_ids
    cdef Py_ssize_t i
    for i in range(n_docs):
        starts.push_back((<Doc>docs[i]).c)
    for attr in ids:
        c_ids.push_back(<attr_id_t>attr)
    cdef int[::1] c_lengths = lengths
    cdef Py_ssize_t total = int(lengths.sum())
    features = numpy.empty((total, n_attrs), dtype=numpy.uint64)
    if total == 0:
        return features, lengths
    cdef uint64_t* out = <uint64_t*>cnp.PyArray_DATA(features)
    with nogil:
        _extract(out, starts.data(), &c_lengths[0], n_docs, c_ids.data(), n_attrs)
    return features, lengths


cdef void _extract(uint64_t* out, const TokenC** starts, const int* lengths,
                   Py_ssize_t n_docs, const attr_id_t* ids, int n_attrs) noexcept nogil:
    cdef Py_ssize_t d
    cdef int _, j
    cdef const TokenC* token
    for d in range(n_docs):
        token = starts[d]
        for _ in range(lengths[d]):
            for j in range(n_attrs):
                out[j] = get_token_attr(token, ids[j])
            out += n_attrs
            token += 1


def BatchFeatures(attrs: Sequence[Union[str, int]]) -> Model[list, Ragged]:
    """List[Doc] -> Ragged of uint64 attribute IDs, one column per attribute."""
    return Model("batch_features", _batch_forward, attrs={"attrs": attr_ids(attrs)})


def _batch_forward(model: Model, docs, is_train: bool):
    features, lengths = extract_batch(docs, model.attrs["attrs"])
    return Ragged(features, lengths), _no_gradient


def _no_gradient(dY):
    return []


def FeatureExtractor(attrs: Sequence[Union[str, int]]) -> Model[list, List[Ints2d]]:
    """List[Doc] -> one uint64 array (n_tokens, n_attrs) per Doc, from one batch pass.

    attrs: attribute names ("NORM") or IDs. The per-doc arrays are views of one
    array filled by a single nogil loop over the whole batch.
    """
    return Model("extract_features", _list_forward, attrs={"attrs": attr_ids(attrs)})


def _list_forward(model: Model, docs, is_train: bool):
    features, lengths = extract_batch(docs, model.attrs["attrs"])
    return split_rows(features, lengths), _no_gradient


def split_rows(array, lengths) -> list:
    """Views of consecutive row blocks of `array`, one per length."""
    cdef Py_ssize_t i, start = 0, n = len(lengths)
    cdef int[::1] c_lengths = numpy.ascontiguousarray(lengths, dtype=numpy.int32)
    out = [None] * n
    for i in range(n):
        out[i] = array[start:start + c_lengths[i]]
        start += c_lengths[i]
    return out
