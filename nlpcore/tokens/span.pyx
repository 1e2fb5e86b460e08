"""Span: a view of a slice of a Doc, optionally labelled."""
from ..strings cimport StringStore
from .token cimport Token

from ..errors import Errors
from .indexing import slice_bounds, token_index
from .underscore import Underscore, extension_classmethods

_EXTENSION_API = extension_classmethods(Underscore.span_extensions, "Span")


cdef class Span:
    """Tokens [start, end) of a Doc, with an optional label and KB id.

    label, kb_id: a string or its key.
    """

    def __cinit__(self, Doc doc, int start, int end, label=0, kb_id=0):
        if not 0 <= start <= end <= doc.length:
            raise IndexError(Errors.E027.format(start=start, end=end, length=doc.length))
        self.doc = doc
        self.start = start
        self.end = end
        cdef StringStore strings = doc.vocab.strings
        self.label = strings.intern(label) if isinstance(label, str) else label
        self.kb_id = strings.intern(kb_id) if isinstance(kb_id, str) else kb_id

    def __len__(self) -> int:
        return self.end - self.start

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop = slice_bounds(key, self.end - self.start)
            return Span(self.doc, self.start + start, self.start + stop)
        key = token_index(key)
        i = key + len(self) if key < 0 else key
        if not 0 <= i < len(self):
            raise IndexError(Errors.E026.format(i=key, length=len(self)))
        return Token.__new__(Token, self.doc, self.start + i)

    def __iter__(self):
        cdef int i
        for i in range(self.start, self.end):
            yield Token.__new__(Token, self.doc, i)

    def __repr__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text

    def __eq__(self, other) -> bool:
        if not isinstance(other, Span):
            return False
        cdef Span span = other
        return (span.doc is self.doc and span.start == self.start and span.end == self.end
                and span.label == self.label and span.kb_id == self.kb_id)

    def __hash__(self) -> int:
        return hash((id(self.doc), self.start, self.end, self.label, self.kb_id))

    @property
    def _(self) -> Underscore:
        return Underscore(Underscore.span_extensions, self, self.start_char, self.end_char)

    set_extension, get_extension, has_extension, remove_extension = _EXTENSION_API

    @property
    def vocab(self):
        return self.doc.vocab

    @property
    def start_char(self) -> int:
        return self.doc.c[self.start].idx if self.start < self.doc.length else \
            len(self.doc.text)

    @property
    def end_char(self) -> int:
        if self.end == self.start:
            return self.start_char
        last = &self.doc.c[self.end - 1]
        return last.idx + last.lex.length

    @property
    def text(self) -> str:
        return "".join(t.text_with_ws for t in self)[: self.end_char - self.start_char]

    @property
    def text_with_ws(self) -> str:
        return "".join(t.text_with_ws for t in self)

    @property
    def label_(self) -> str:
        return (<StringStore>self.doc.vocab.strings).decode(self.label)

    @label_.setter
    def label_(self, str value):
        self.label = (<StringStore>self.doc.vocab.strings).intern(value)

    @property
    def kb_id_(self) -> str:
        return (<StringStore>self.doc.vocab.strings).decode(self.kb_id)

    @kb_id_.setter
    def kb_id_(self, str value):
        self.kb_id = (<StringStore>self.doc.vocab.strings).intern(value)

    @property
    def root(self) -> Token:
        """The token nearest the tree's root: the first whose head leaves the span."""
        cdef int i, head, best = self.start, best_depth = -1, depth, node
        if self.start == self.end:
            raise ValueError(Errors.E045.format(start=self.start, end=self.end))
        for i in range(self.start, self.end):
            head = i + self.doc.c[i].head
            if self.start <= head < self.end and head != i:
                continue
            depth = 0
            node = i
            while self.doc.c[node].head != 0:
                node += self.doc.c[node].head
                depth += 1
            if best_depth < 0 or depth < best_depth:
                best, best_depth = i, depth
        return Token.__new__(Token, self.doc, best)

    @property
    def sent(self) -> Span:
        """The sentence containing the span's first token."""
        return self.doc[self.start].sent

    @property
    def sents(self):
        """The sentences the span overlaps."""
        for sent in self.doc.sents:
            if sent.end > self.start and sent.start < self.end:
                yield sent

    @property
    def ents(self) -> tuple:
        """The doc's entities that lie inside the span."""
        return tuple(e for e in self.doc.ents if e.start >= self.start and e.end <= self.end)
