from cymem.cymem cimport Pool
from preshed.maps cimport PreshMap

from ..structs cimport LexemeC
from ..tokens.doc cimport Doc
from ..typedefs cimport hash_t
from ..vocab cimport Vocab


cdef class Tokenizer:
    cdef readonly Vocab vocab
    # chunk key -> NULL-terminated array of const LexemeC* (owned by _cache_mem)
    cdef PreshMap _cache
    cdef Pool _cache_mem
    cdef Py_ssize_t _cache_size
    cdef readonly Py_ssize_t max_cache_size
    cdef object _prefix_search
    cdef object _suffix_search
    cdef object _infix_finditer
    cdef object _token_match
    cdef object _url_match
    cdef dict _rules       # string -> list of {"ORTH": ...} dicts, as given
    cdef dict _specials    # string -> tuple of ORTH strings
    cdef Py_ssize_t _max_special_length

    cdef int _tokenize_into(self, Doc doc, str text) except -1
    cdef const LexemeC** _lexemes_for(self, str text, Py_ssize_t start, Py_ssize_t end,
                                      hash_t key, bint is_space) except NULL
    cdef void _reset_cache(self)
    cdef int _match_whole(self, str string) except -1
    cdef list _split_chunk(self, str chunk, list labels)
    cdef void _split_core(self, str core, list out, list labels) except *
    cdef str _strip_affixes(self, str s, list out, list suffixes, list labels, int* whole)
    cdef void _emit_whole(self, str s, int whole, list out, list labels) except *
