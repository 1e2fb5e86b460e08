# Attribute IDs shared by every module. Flag attributes (lexeme booleans) are
# numbered 1..63 so that an ID is also its bit position in LexemeC.flags.

cdef enum attr_id_t:
    NULL_ATTR = 0
    IS_ALPHA = 1
    IS_ASCII
    IS_DIGIT
    IS_LOWER
    IS_PUNCT
    IS_SPACE
    IS_TITLE
    IS_UPPER
    LIKE_URL
    LIKE_NUM
    LIKE_EMAIL
    IS_STOP
    IS_BRACKET
    IS_QUOTE
    IS_LEFT_PUNCT
    IS_RIGHT_PUNCT
    IS_CURRENCY

    ORTH = 64
    LOWER
    NORM
    SHAPE
    PREFIX
    SUFFIX
    LENGTH
    LEMMA
    POS
    TAG
    MORPH
    DEP
    HEAD
    SENT_START
    SPACY
    ENT_IOB
    ENT_TYPE
    ENT_KB_ID
    IDX
