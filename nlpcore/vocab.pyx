"""Vocab: the lexemes (word types) of a language, with their attributes."""
from pathlib import Path

import srsly

from .lexeme cimport Lexeme
from .strings cimport StringStore
from .typedefs cimport flags_t

from .attrs import FLAG_IDS
from .errors import Errors
from .lexattrs import lex_attrs_for
from .vectors import Vectors

from . import attrs as _attrs

_STRING_ATTRS = (
    ("lower", _attrs.LOWER),
    ("norm", _attrs.NORM),
    ("shape", _attrs.SHAPE),
    ("prefix", _attrs.PREFIX),
    ("suffix", _attrs.SUFFIX),
)


cdef class Vocab:
    """The word types seen so far, each with its attributes computed once.

    lang: language code choosing the lexical attribute functions ("" for none).
    strings: a StringStore to share, or None for a new one.
    lex_attr_getters: attribute ID -> function(text); defaults from `lang`.
    vectors: static word vectors keyed by lexeme hash (empty by default).
    """

    def __init__(self, str lang="", StringStore strings=None, lex_attr_getters=None):
        self.mem = Pool()
        self.strings = strings if strings is not None else StringStore()
        self._by_orth = PreshMap()
        self.lang = lang
        self.lex_attr_getters = (
            dict(lex_attr_getters) if lex_attr_getters is not None else lex_attrs_for(lang)
        )
        self.vectors = Vectors()

    cdef const LexemeC* get(self, str string) except NULL:
        cdef attr_t orth = self.strings.intern(string)
        cdef const LexemeC* lex = <const LexemeC*>self._by_orth.get(orth)
        if lex != NULL:
            return lex
        return self._add_lexeme(string, orth)

    cdef const LexemeC* get_by_orth(self, attr_t orth) except NULL:
        cdef const LexemeC* lex = <const LexemeC*>self._by_orth.get(orth)
        if lex != NULL:
            return lex
        if orth != 0 and self.strings.lookup(orth) == NULL:
            raise KeyError(Errors.E004.format(orth=orth))
        return self._add_lexeme(self.strings.decode(orth), orth)

    cdef const LexemeC* _add_lexeme(self, str string, attr_t orth) except NULL:
        cdef LexemeC* lex = <LexemeC*>self.mem.alloc(1, sizeof(LexemeC))
        getters = self.lex_attr_getters
        lex.orth = orth
        lex.length = len(string)
        lex.lower = self.strings.intern(getters[_attrs.LOWER](string))
        lex.norm = self.strings.intern(getters[_attrs.NORM](string))
        lex.shape = self.strings.intern(getters[_attrs.SHAPE](string))
        lex.prefix = self.strings.intern(getters[_attrs.PREFIX](string))
        lex.suffix = self.strings.intern(getters[_attrs.SUFFIX](string))
        cdef flags_t flags = 0
        for flag_id in FLAG_IDS:
            getter = getters.get(flag_id)
            if getter is not None and getter(string):
                flags |= (<flags_t>1) << <flags_t>flag_id
        lex.flags = flags
        # The getters are Python code, so another thread may have added this
        # lexeme meanwhile: keep the first (no Python code runs from here on).
        cdef const LexemeC* added = <const LexemeC*>self._by_orth.get(orth)
        if added != NULL:
            return added
        self._by_orth.set(orth, lex)
        self._lexemes.push_back(lex)
        return lex

    def __len__(self) -> int:
        return self._lexemes.size()

    def __contains__(self, key) -> bool:
        """Whether a lexeme exists for a string or an orth key (adds nothing)."""
        if not isinstance(key, (str, int)) or isinstance(key, bool):
            return False
        key = self.strings.as_int(key)
        if not 0 <= key < 2**64:
            return False
        cdef attr_t orth = key
        return self._by_orth.get(orth) != NULL

    def __getitem__(self, key) -> Lexeme:
        """The Lexeme for a string (added if new) or for an orth key."""
        cdef const LexemeC* lex
        if isinstance(key, str):
            lex = self.get(key)
        elif not 0 <= key < 2**64:
            raise KeyError(Errors.E004.format(orth=key))
        else:
            lex = self.get_by_orth(key)
        return Lexeme.from_ptr(self, lex)

    def __iter__(self):
        cdef const LexemeC* lex
        for lex in self._lexemes:
            yield Lexeme.from_ptr(self, lex)

    def __reduce__(self):
        return (unpickle_vocab, (self.lang, self.to_bytes()))

    def to_bytes(self) -> bytes:
        """The language code, the strings and the vectors, serialised (msgpack)."""
        return srsly.msgpack_dumps({"lang": self.lang, "strings": self.strings.to_bytes(),
                                    "vectors": self.vectors.to_bytes()})

    def from_bytes(self, bytes data) -> Vocab:
        """Add the strings serialised in `data`; returns self."""
        try:
            msg = srsly.msgpack_loads(data)
            strings = msg["strings"]
        except Exception as error:
            raise ValueError(Errors.E047.format(error=f"{type(error).__name__}: {error}")) from None
        if not isinstance(strings, bytes):
            raise ValueError(Errors.E047.format(error="no serialized strings"))
        self.strings.from_bytes(strings)
        if "vectors" in msg:
            self.vectors.from_bytes(msg["vectors"])
        return self

    def to_disk(self, path) -> None:
        """Write the vocab to a directory (strings.json, vectors*.npy if any)."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.strings.to_disk(path / "strings.json")
        if len(self.vectors):
            self.vectors.to_disk(path)

    def from_disk(self, path) -> Vocab:
        """Read a vocab directory written by to_disk; returns self."""
        self.strings.from_disk(Path(path) / "strings.json")
        self.vectors.from_disk(path)
        return self


def unpickle_vocab(lang, data):
    return Vocab(lang).from_bytes(data)
