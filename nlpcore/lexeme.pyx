"""Lexeme: a read-only view of a word type's attributes in a Vocab."""
from .attrs cimport (
    IS_ALPHA, IS_ASCII, IS_BRACKET, IS_CURRENCY, IS_DIGIT, IS_LEFT_PUNCT, IS_LOWER,
    IS_PUNCT, IS_QUOTE, IS_RIGHT_PUNCT, IS_SPACE, IS_STOP, IS_TITLE, IS_UPPER,
    LIKE_EMAIL, LIKE_NUM, LIKE_URL,
)


cdef class Lexeme:
    """A word type: its string attributes (ID and `_` string) and flags."""

    def __init__(self, Vocab vocab, orth):
        self.vocab = vocab
        self.c = vocab.get_by_orth(vocab.strings.as_int(orth))

    @staticmethod
    cdef Lexeme from_ptr(Vocab vocab, const LexemeC* lex):
        cdef Lexeme self = Lexeme.__new__(Lexeme)
        self.vocab = vocab
        self.c = lex
        return self

    def __repr__(self) -> str:
        return f"Lexeme({self.orth_!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Lexeme) and (<Lexeme>other).c == self.c

    def __hash__(self) -> int:
        return <Py_ssize_t>self.orth

    def check_flag(self, int flag_id) -> bool:
        """Whether the flag attribute with this ID is set."""
        return check_flag(self.c, <attr_id_t>flag_id)

    @property
    def orth(self) -> int:
        return self.c.orth

    @property
    def orth_(self) -> str:
        return self.vocab.strings.decode(self.c.orth)

    @property
    def text(self) -> str:
        return self.orth_

    @property
    def lower(self) -> int:
        return self.c.lower

    @property
    def lower_(self) -> str:
        return self.vocab.strings.decode(self.c.lower)

    @property
    def norm(self) -> int:
        return self.c.norm

    @property
    def norm_(self) -> str:
        return self.vocab.strings.decode(self.c.norm)

    @property
    def shape(self) -> int:
        return self.c.shape

    @property
    def shape_(self) -> str:
        return self.vocab.strings.decode(self.c.shape)

    @property
    def prefix(self) -> int:
        return self.c.prefix

    @property
    def prefix_(self) -> str:
        return self.vocab.strings.decode(self.c.prefix)

    @property
    def suffix(self) -> int:
        return self.c.suffix

    @property
    def suffix_(self) -> str:
        return self.vocab.strings.decode(self.c.suffix)

    @property
    def length(self) -> int:
        return self.c.length

    @property
    def flags(self) -> int:
        return self.c.flags

    @property
    def is_alpha(self) -> bool:
        return check_flag(self.c, IS_ALPHA)

    @property
    def is_ascii(self) -> bool:
        return check_flag(self.c, IS_ASCII)

    @property
    def is_digit(self) -> bool:
        return check_flag(self.c, IS_DIGIT)

    @property
    def is_lower(self) -> bool:
        return check_flag(self.c, IS_LOWER)

    @property
    def is_upper(self) -> bool:
        return check_flag(self.c, IS_UPPER)

    @property
    def is_title(self) -> bool:
        return check_flag(self.c, IS_TITLE)

    @property
    def is_punct(self) -> bool:
        return check_flag(self.c, IS_PUNCT)

    @property
    def is_space(self) -> bool:
        return check_flag(self.c, IS_SPACE)

    @property
    def is_stop(self) -> bool:
        return check_flag(self.c, IS_STOP)

    @property
    def is_bracket(self) -> bool:
        return check_flag(self.c, IS_BRACKET)

    @property
    def is_quote(self) -> bool:
        return check_flag(self.c, IS_QUOTE)

    @property
    def is_left_punct(self) -> bool:
        return check_flag(self.c, IS_LEFT_PUNCT)

    @property
    def is_right_punct(self) -> bool:
        return check_flag(self.c, IS_RIGHT_PUNCT)

    @property
    def is_currency(self) -> bool:
        return check_flag(self.c, IS_CURRENCY)

    @property
    def like_num(self) -> bool:
        return check_flag(self.c, LIKE_NUM)

    @property
    def like_url(self) -> bool:
        return check_flag(self.c, LIKE_URL)

    @property
    def like_email(self) -> bool:
        return check_flag(self.c, LIKE_EMAIL)
