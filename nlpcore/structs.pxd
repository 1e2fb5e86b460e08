# The C structs behind lexemes and tokens.
from libc.stdint cimport int32_t

from .typedefs cimport attr_t, flags_t


cdef struct LexemeC:
    # Attributes of a word type, computed once when the type is first seen.
    flags_t flags      # bit i set <=> flag attribute with ID i is true
    attr_t orth        # string keys (hashes) into the StringStore
    attr_t lower
    attr_t norm
    attr_t shape
    attr_t prefix
    attr_t suffix
    int32_t length     # in characters (code points)


cdef struct TokenC:
    # One token of a Doc; the Doc owns a contiguous array of these.
    const LexemeC* lex
    int32_t idx        # character offset of the token in the text
    bint spacy         # followed by a single space
    attr_t lemma
    attr_t pos         # coarse (universal) tag, as a string key
    attr_t tag         # fine-grained tag, as a string key
    attr_t morph       # canonical "Feat=Val|..." string key
    attr_t dep
    int32_t head       # offset of the head: 0 for a root (or no parse)
    int32_t l_kids     # number of left children
    int32_t r_kids     # number of right children
    int32_t l_edge     # absolute index of the leftmost token of the subtree
    int32_t r_edge     # absolute index of the rightmost token of the subtree
    int32_t sent_start  # 1 starts a sentence, -1 does not, 0 unknown
    int32_t ent_iob    # 0 missing, 1 inside, 2 outside, 3 begin
    attr_t ent_type
    attr_t ent_kb_id
