"""Token: a view of one token of a Doc."""
from ..attrs cimport (
    IS_ALPHA, IS_ASCII, IS_BRACKET, IS_CURRENCY, IS_DIGIT, IS_LEFT_PUNCT, IS_LOWER,
    IS_PUNCT, IS_QUOTE, IS_RIGHT_PUNCT, IS_SPACE, IS_STOP, IS_TITLE, IS_UPPER,
    LIKE_EMAIL, LIKE_NUM, LIKE_URL,
)
from ..lexeme cimport Lexeme, check_flag
from ..strings cimport StringStore
from .span cimport Span

from ..errors import Errors
from .underscore import Underscore, extension_classmethods

IOB_STRINGS = ("", "I", "O", "B")

_EXTENSION_API = extension_classmethods(Underscore.token_extensions, "Token")


cdef class Token:
    """A token of a Doc: lexical attributes (ID and `_` string) and annotations.

    Views are cheap and made on demand: `doc[i]`; they hold the Doc alive.
    """

    def __cinit__(self, Doc doc, int i):
        if not 0 <= i < doc.length:
            raise IndexError(Errors.E026.format(i=i, length=doc.length))
        self.doc = doc
        self.i = i
        self.c = &doc.c[i]

    cdef str _str(self, attr_t key):
        return (<StringStore>self.doc.vocab.strings).decode(key)

    cdef attr_t _key(self, str value) except? 0:
        return (<StringStore>self.doc.vocab.strings).intern(value)

    def __len__(self) -> int:
        return self.c.lex.length

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other) -> bool:
        return (isinstance(other, Token) and (<Token>other).doc is self.doc
                and (<Token>other).i == self.i)

    def __hash__(self) -> int:
        return hash((id(self.doc), self.i))

    def __lt__(self, Token other) -> bool:
        return self.i < other.i

    @property
    def _(self) -> Underscore:
        return Underscore(Underscore.token_extensions, self, self.c.idx)

    set_extension, get_extension, has_extension, remove_extension = _EXTENSION_API

    # ---- text and position ------------------------------------------------
    @property
    def vocab(self):
        return self.doc.vocab

    @property
    def lex(self) -> Lexeme:
        return Lexeme.from_ptr(self.doc.vocab, self.c.lex)

    @property
    def idx(self) -> int:
        return self.c.idx

    @property
    def text(self) -> str:
        return self._str(self.c.lex.orth)

    @property
    def orth(self) -> int:
        return self.c.lex.orth

    @property
    def orth_(self) -> str:
        return self.text

    @property
    def whitespace_(self) -> str:
        return " " if self.c.spacy else ""

    @property
    def text_with_ws(self) -> str:
        return self.text + (" " if self.c.spacy else "")

    def nbor(self, int offset=1) -> Token:
        """The token `offset` positions away."""
        return Token.__new__(Token, self.doc, self.i + offset)

    def check_flag(self, int flag_id) -> bool:
        return check_flag(self.c.lex, <attr_id_t>flag_id)

    # ---- lexical attributes ---------------------------------------------------
    @property
    def lower(self) -> int:
        return self.c.lex.lower

    @property
    def lower_(self) -> str:
        return self._str(self.c.lex.lower)

    @property
    def norm(self) -> int:
        return self.c.lex.norm

    @property
    def norm_(self) -> str:
        return self._str(self.c.lex.norm)

    @property
    def shape(self) -> int:
        return self.c.lex.shape

    @property
    def shape_(self) -> str:
        return self._str(self.c.lex.shape)

    @property
    def prefix(self) -> int:
        return self.c.lex.prefix

    @property
    def prefix_(self) -> str:
        return self._str(self.c.lex.prefix)

    @property
    def suffix(self) -> int:
        return self.c.lex.suffix

    @property
    def suffix_(self) -> str:
        return self._str(self.c.lex.suffix)

    @property
    def is_alpha(self) -> bool:
        return check_flag(self.c.lex, IS_ALPHA)

    @property
    def is_ascii(self) -> bool:
        return check_flag(self.c.lex, IS_ASCII)

    @property
    def is_digit(self) -> bool:
        return check_flag(self.c.lex, IS_DIGIT)

    @property
    def is_lower(self) -> bool:
        return check_flag(self.c.lex, IS_LOWER)

    @property
    def is_upper(self) -> bool:
        return check_flag(self.c.lex, IS_UPPER)

    @property
    def is_title(self) -> bool:
        return check_flag(self.c.lex, IS_TITLE)

    @property
    def is_punct(self) -> bool:
        return check_flag(self.c.lex, IS_PUNCT)

    @property
    def is_space(self) -> bool:
        return check_flag(self.c.lex, IS_SPACE)

    @property
    def is_stop(self) -> bool:
        return check_flag(self.c.lex, IS_STOP)

    @property
    def is_bracket(self) -> bool:
        return check_flag(self.c.lex, IS_BRACKET)

    @property
    def is_quote(self) -> bool:
        return check_flag(self.c.lex, IS_QUOTE)

    @property
    def is_left_punct(self) -> bool:
        return check_flag(self.c.lex, IS_LEFT_PUNCT)

    @property
    def is_right_punct(self) -> bool:
        return check_flag(self.c.lex, IS_RIGHT_PUNCT)

    @property
    def is_currency(self) -> bool:
        return check_flag(self.c.lex, IS_CURRENCY)

    @property
    def like_num(self) -> bool:
        return check_flag(self.c.lex, LIKE_NUM)

    @property
    def like_url(self) -> bool:
        return check_flag(self.c.lex, LIKE_URL)

    @property
    def like_email(self) -> bool:
        return check_flag(self.c.lex, LIKE_EMAIL)

    # ---- token annotations (settable) ------------------------------------------
    @property
    def lemma(self) -> int:
        return self.c.lemma

    @lemma.setter
    def lemma(self, attr_t value):
        self.doc.c[self.i].lemma = value

    @property
    def lemma_(self) -> str:
        return self._str(self.c.lemma)

    @lemma_.setter
    def lemma_(self, str value):
        self.doc.c[self.i].lemma = self._key(value)

    @property
    def pos(self) -> int:
        return self.c.pos

    @pos.setter
    def pos(self, attr_t value):
        self.doc.c[self.i].pos = value

    @property
    def pos_(self) -> str:
        return self._str(self.c.pos)

    @pos_.setter
    def pos_(self, str value):
        self.doc.c[self.i].pos = self._key(value)

    @property
    def tag(self) -> int:
        return self.c.tag

    @tag.setter
    def tag(self, attr_t value):
        self.doc.c[self.i].tag = value

    @property
    def tag_(self) -> str:
        return self._str(self.c.tag)

    @tag_.setter
    def tag_(self, str value):
        self.doc.c[self.i].tag = self._key(value)

    @property
    def morph(self) -> int:
        return self.c.morph

    @morph.setter
    def morph(self, attr_t value):
        self.doc.c[self.i].morph = value

    @property
    def morph_(self) -> str:
        """Morphological features as "Feat=Val|..." ("" when none)."""
        return self._str(self.c.morph)

    @morph_.setter
    def morph_(self, str value):
        self.doc.c[self.i].morph = 0 if value == "_" else self._key(value)

    @property
    def dep(self) -> int:
        return self.c.dep

    @dep.setter
    def dep(self, attr_t value):
        self.doc.c[self.i].dep = value

    @property
    def dep_(self) -> str:
        return self._str(self.c.dep)

    @dep_.setter
    def dep_(self, str value):
        self.doc.c[self.i].dep = self._key(value)

    # ---- syntax --------------------------------------------------------------
    @property
    def head(self) -> Token:
        """The syntactic head (itself for a root); settable, cycles raise."""
        return Token.__new__(Token, self.doc, self.i + self.c.head)

    @head.setter
    def head(self, Token new_head):
        if new_head.doc is not self.doc:
            raise ValueError(Errors.E060.format(i=self.i, head=new_head.i))
        heads = [i + self.doc.c[i].head for i in range(self.doc.length)]
        heads[self.i] = new_head.i
        self.doc.set_heads(heads)

    @property
    def n_lefts(self) -> int:
        return self.c.l_kids

    @property
    def n_rights(self) -> int:
        return self.c.r_kids

    @property
    def lefts(self):
        """Children before the token, left to right."""
        cdef int j
        for j in range(self.c.l_edge, self.i):
            if j + self.doc.c[j].head == self.i:
                yield Token.__new__(Token, self.doc, j)

    @property
    def rights(self):
        """Children after the token, left to right."""
        cdef int j
        for j in range(self.i + 1, self.c.r_edge + 1):
            if j + self.doc.c[j].head == self.i:
                yield Token.__new__(Token, self.doc, j)

    @property
    def children(self):
        yield from self.lefts
        yield from self.rights

    @property
    def left_edge(self) -> Token:
        return Token.__new__(Token, self.doc, self.c.l_edge)

    @property
    def right_edge(self) -> Token:
        return Token.__new__(Token, self.doc, self.c.r_edge)

    @property
    def ancestors(self):
        """Heads, heads of heads, ... up to the root."""
        cdef int node = self.i
        while self.doc.c[node].head != 0:
            node += self.doc.c[node].head
            yield Token.__new__(Token, self.doc, node)

    def is_ancestor(self, Token descendant) -> bool:
        """Whether this token dominates `descendant`."""
        if descendant.doc is not self.doc:
            return False
        cdef int node = descendant.i
        while self.doc.c[node].head != 0:
            node += self.doc.c[node].head
            if node == self.i:
                return True
        return False

    @property
    def subtree(self):
        """The token and its descendants, in order."""
        cdef int j
        for j in range(self.c.l_edge, self.c.r_edge + 1):
            token = Token.__new__(Token, self.doc, j)
            if j == self.i or self.is_ancestor(token):
                yield token

    # ---- sentences ---------------------------------------------------------------
    @property
    def is_sent_start(self):
        """True, False or None (unknown); settable."""
        value = self.c.sent_start
        return None if value == 0 else value == 1

    @is_sent_start.setter
    def is_sent_start(self, value):
        cdef int sent_start = 0 if value is None else (1 if value else -1)
        if sent_start != self.c.sent_start and self.doc.has_arcs:
            raise ValueError(Errors.E044.format(i=self.i))
        self.doc.c[self.i].sent_start = sent_start

    @property
    def is_sent_end(self):
        if self.i + 1 == self.doc.length:
            return True
        return Token.__new__(Token, self.doc, self.i + 1).is_sent_start

    @property
    def sent(self) -> Span:
        """The sentence containing the token."""
        if not self.doc.has_annotation("SENT_START"):
            raise ValueError(Errors.E030)
        cdef int start = self.i, end = self.i + 1
        while start > 0 and self.doc.c[start].sent_start != 1:
            start -= 1
        while end < self.doc.length and self.doc.c[end].sent_start != 1:
            end += 1
        return Span(self.doc, start, end)

    # ---- entities -------------------------------------------------------------------
    @property
    def ent_iob(self) -> int:
        """0 missing, 1 inside, 2 outside, 3 begin."""
        return self.c.ent_iob

    @property
    def ent_iob_(self) -> str:
        return IOB_STRINGS[self.c.ent_iob]

    @property
    def ent_type(self) -> int:
        return self.c.ent_type

    @property
    def ent_type_(self) -> str:
        return self._str(self.c.ent_type)

    @property
    def ent_kb_id(self) -> int:
        return self.c.ent_kb_id

    @property
    def ent_kb_id_(self) -> str:
        return self._str(self.c.ent_kb_id)
