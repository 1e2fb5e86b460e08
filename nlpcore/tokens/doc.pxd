from cymem.cymem cimport Pool

from ..structs cimport LexemeC, TokenC
from ..vocab cimport Vocab

# Empty tokens kept before and after the array, so feature extraction may read
# a few positions outside [0, length) without a bounds check.
cdef enum:
    DOC_PADDING = 5


cdef class Doc:
    cdef readonly Pool mem
    cdef readonly Vocab vocab
    cdef TokenC* c                 # c[0] is the first token; padding on both sides
    cdef readonly int length
    cdef int max_length
    cdef public dict cats
    cdef public dict user_data
    cdef public object tensor
    cdef bint has_arcs             # a token's head is another token (set by _set_heads)

    cdef int push_back(self, const LexemeC* lex, bint has_space) except -1
    cdef int _reserve(self, int n_tokens) except -1
    cdef int _set_heads(self, const int* heads) except -1
    cdef void _set_parse_structure(self) noexcept nogil
