from ..typedefs cimport attr_t
from .doc cimport Doc


cdef class Span:
    cdef readonly Doc doc
    cdef readonly int start
    cdef readonly int end
    cdef public attr_t label
    cdef public attr_t kb_id
