from ..attrs cimport (
    DEP, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, IDX, LEMMA, MORPH, POS,
    SENT_START, SPACY, TAG, attr_id_t,
)
from ..lexeme cimport get_lex_attr
from ..structs cimport TokenC
from ..typedefs cimport attr_t
from .doc cimport Doc


cdef inline attr_t get_token_attr(const TokenC* token, attr_id_t feat) noexcept nogil:
    """A token attribute by ID: token-level ones here, the rest from its lexeme.

    HEAD is the head's offset and SENT_START the raw -1/0/1 value, both cast to
    attr_t (two's complement), as Doc.to_array stores them.
    """
    if feat == LEMMA:
        return token.lemma
    if feat == POS:
        return token.pos
    if feat == TAG:
        return token.tag
    if feat == MORPH:
        return token.morph
    if feat == DEP:
        return token.dep
    if feat == HEAD:
        return <attr_t>token.head
    if feat == SENT_START:
        return <attr_t>token.sent_start
    if feat == SPACY:
        return token.spacy
    if feat == ENT_IOB:
        return <attr_t>token.ent_iob
    if feat == ENT_TYPE:
        return token.ent_type
    if feat == ENT_KB_ID:
        return token.ent_kb_id
    if feat == IDX:
        return <attr_t>token.idx
    return get_lex_attr(token.lex, feat)


cdef inline bint set_token_key(TokenC* token, attr_id_t feat, attr_t key) noexcept nogil:
    """Set a string-keyed token attribute (TAG, POS, MORPH, LEMMA, DEP, ENT_TYPE,
    ENT_KB_ID); False, setting nothing, for any other attribute."""
    if feat == TAG:
        token.tag = key
    elif feat == POS:
        token.pos = key
    elif feat == MORPH:
        token.morph = key
    elif feat == LEMMA:
        token.lemma = key
    elif feat == DEP:
        token.dep = key
    elif feat == ENT_TYPE:
        token.ent_type = key
    elif feat == ENT_KB_ID:
        token.ent_kb_id = key
    else:
        return False
    return True


cdef class Token:
    cdef readonly Doc doc
    cdef readonly int i
    cdef const TokenC* c

    cdef str _str(self, attr_t key)
    cdef attr_t _key(self, str value) except? 0
