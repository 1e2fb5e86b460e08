# cython: language_level=3, boundscheck=False, wraparound=False
"""Annotations written onto many docs at once, from arrays of their tokens in order.

A component predicts for a batch of docs in one array; these write it back in
one call, so a batch costs a few Python operations, not a few per doc.
"""

from libc.stdint cimport int32_t, uint64_t

from ..attrs cimport DEP, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, POS, TAG, attr_id_t
from .doc cimport Doc
from .token cimport set_token_key

from ..attrs import NAMES, intify_attr
from ..errors import Errors

KEY_ATTRS = frozenset([TAG, POS, MORPH, LEMMA, DEP, ENT_TYPE, ENT_KB_ID])


cdef Py_ssize_t _check_rows(list docs, Py_ssize_t n_rows, str what) except -1:
    cdef Py_ssize_t n_tokens = 0
    for doc in docs:
        n_tokens += (<Doc?>doc).length
    if n_tokens != n_rows:
        raise ValueError(Errors.E036.format(what=what, n_values=n_rows, n_tokens=n_tokens))
    return n_tokens


def set_token_keys(list docs, attrs, const uint64_t[:, ::1] keys) -> None:
    """Set string-keyed attributes (TAG, POS, MORPH, LEMMA, DEP, ENT_TYPE,
    ENT_KB_ID) on every token of the docs: keys has one row per token, the docs'
    tokens in order, and one column per attr."""
    ids = [intify_attr(name) for name in attrs]
    for attr_id in ids:
        if attr_id not in KEY_ATTRS:
            raise ValueError(Errors.E035.format(attr=NAMES.get(attr_id, attr_id)))
    if keys.shape[1] != len(ids):
        raise ValueError(Errors.E037.format(n_columns=keys.shape[1], n_attrs=len(ids),
                                            attrs=list(attrs)))
    _check_rows(docs, keys.shape[0], "keys")
    cdef attr_id_t attr
    cdef Py_ssize_t row = 0, col, i
    cdef Doc doc
    for col in range(len(ids)):
        attr = ids[col]
        row = 0
        for doc in docs:
            for i in range(doc.length):
                set_token_key(&doc.c[i], attr, keys[row, col])
                row += 1


def set_parses(list docs, const int32_t[::1] heads, const uint64_t[::1] deps) -> None:
    """Set the head (an index within its doc; a root heads itself) and dependency
    label of every token of the docs, the docs' tokens in order. Raises on a head
    outside its doc or a cycle; updates children, edges and sentence starts."""
    n_tokens = _check_rows(docs, heads.shape[0], "heads")
    if deps.shape[0] != n_tokens:
        raise ValueError(Errors.E036.format(what="deps", n_values=deps.shape[0],
                                            n_tokens=n_tokens))
    cdef Py_ssize_t start = 0, i
    cdef Doc doc
    for doc in docs:
        if doc.length:
            doc._set_heads(<const int*>&heads[start])
        for i in range(doc.length):
            doc.c[i].dep = deps[start + i]
        start += doc.length
