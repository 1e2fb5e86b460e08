# cython: language_level=3, boundscheck=False, wraparound=False
"""Annotations written onto many docs at once, from arrays of their tokens in order.

A component predicts for a batch of docs in one array; these write it back in
one call, so a batch costs a few Python operations, not a few per doc.
"""

from libc.stdint cimport int32_t, uint64_t

from ..attrs cimport DEP, ENT_KB_ID, ENT_TYPE, LEMMA, MORPH, POS, TAG, attr_id_t
from ..structs cimport TokenC
from .doc cimport Doc

from ..attrs import NAMES, intify_attr
from ..errors import Errors

KEY_ATTRS = frozenset([TAG, POS, MORPH, LEMMA, DEP, ENT_TYPE, ENT_KB_ID])


cdef inline void _set_key(TokenC* token, attr_id_t attr, uint64_t key) noexcept nogil:
    if attr == TAG:
        token.tag = key
    elif attr == POS:
        token.pos = key
    elif attr == MORPH:
        token.morph = key
    elif attr == LEMMA:
        token.lemma = key
    elif attr == DEP:
        token.dep = key
    elif attr == ENT_TYPE:
        token.ent_type = key
    elif attr == ENT_KB_ID:
        token.ent_kb_id = key


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
                _set_key(&doc.c[i], attr, keys[row, col])
                row += 1


def set_parses(list docs, const int32_t[::1] heads, const uint64_t[::1] deps) -> None:
    """Set the head (an index within its doc; a root heads itself) and dependency
    label of every token of the docs, the docs' tokens in order. Raises on a head
    outside its doc or a cycle; updates children, edges and sentence starts."""
    _check_rows(docs, heads.shape[0], "heads")
    _check_rows(docs, deps.shape[0], "deps")
    cdef Py_ssize_t start = 0, i
    cdef Doc doc
    for doc in docs:
        for i in range(doc.length):
            if not 0 <= heads[start + i] < doc.length:
                raise ValueError(Errors.E023.format(head=heads[start + i], i=i,
                                                    length=doc.length))
        if doc.length:
            doc._set_heads(<const int*>&heads[start])
        for i in range(doc.length):
            doc.c[i].dep = deps[start + i]
        start += doc.length
