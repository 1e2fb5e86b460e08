from .attrs cimport (
    LENGTH, LOWER, NORM, ORTH, PREFIX, SHAPE, SUFFIX, attr_id_t,
)
from .structs cimport LexemeC
from .typedefs cimport attr_t, flags_t
from .vocab cimport Vocab


cdef inline bint check_flag(const LexemeC* lex, attr_id_t flag_id) noexcept nogil:
    return (lex.flags >> <flags_t>flag_id) & 1


cdef inline attr_t get_lex_attr(const LexemeC* lex, attr_id_t feat) noexcept nogil:
    """A lexical attribute by ID; flags give 0/1; unknown IDs give 0."""
    if feat < 64:
        return check_flag(lex, feat) if feat > 0 else 0
    if feat == ORTH:
        return lex.orth
    if feat == LOWER:
        return lex.lower
    if feat == NORM:
        return lex.norm
    if feat == SHAPE:
        return lex.shape
    if feat == PREFIX:
        return lex.prefix
    if feat == SUFFIX:
        return lex.suffix
    if feat == LENGTH:
        return <attr_t>lex.length
    return 0


cdef class Lexeme:
    cdef readonly Vocab vocab
    cdef const LexemeC* c

    @staticmethod
    cdef Lexeme from_ptr(Vocab vocab, const LexemeC* lex)
