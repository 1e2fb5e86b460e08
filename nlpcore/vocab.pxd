from cymem.cymem cimport Pool
from libcpp.vector cimport vector
from preshed.maps cimport PreshMap

from .strings cimport StringStore
from .structs cimport LexemeC
from .typedefs cimport attr_t


cdef class Vocab:
    cdef Pool mem
    cdef readonly StringStore strings
    cdef PreshMap _by_orth                 # orth key -> LexemeC*
    cdef vector[const LexemeC*] _lexemes   # insertion order
    cdef readonly str lang
    cdef readonly object lex_attr_getters  # the language's LexAttrs
    cdef public object vectors             # a Vectors table keyed by lexeme hash
    cdef const LexemeC* get(self, str string) except NULL
    cdef const LexemeC* get_by_orth(self, attr_t orth) except NULL
    cdef const LexemeC* _add_lexeme(self, str string, attr_t orth) except NULL
