"""StringStore: strings <-> 64-bit MurmurHash keys."""
from pathlib import Path

import srsly
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport memcpy

from .errors import Errors


cdef class StringStore:
    """Interns strings and maps them to 64-bit keys and back.

    strings: optional iterable of strings to add.
    """

    def __init__(self, strings=None):
        self.mem = Pool()
        self._by_key = PreshMap()
        if strings is not None:
            for string in strings:
                self.add(string)

    cdef hash_t intern_utf8(self, const char* utf8, int length) except? 0:
        cdef hash_t key = hash_utf8(utf8, length)
        if key == 0 or self._by_key.get(key) != NULL:
            return key
        cdef Utf8Str* entry = <Utf8Str*>self.mem.alloc(1, sizeof(Utf8Str))
        cdef char* chars = <char*>self.mem.alloc(length, 1)
        memcpy(chars, utf8, length)
        entry.chars = chars
        entry.length = length
        self._by_key.set(key, entry)
        self._keys.push_back(key)
        return key

    cdef hash_t intern(self, str string) except? 0:
        cdef bytes utf8 = _utf8(string)
        return self.intern_utf8(utf8, len(utf8))

    cdef const Utf8Str* lookup(self, hash_t key) noexcept nogil:
        return <const Utf8Str*>self._by_key.get(key)

    cdef str decode(self, hash_t key):
        if key == 0:
            return ""
        cdef const Utf8Str* entry = self.lookup(key)
        if entry == NULL:
            raise KeyError(Errors.E001.format(key=key))
        return PyUnicode_DecodeUTF8(entry.chars, entry.length, NULL)

    def add(self, string) -> int:
        """Store a string; return its key."""
        if not isinstance(string, str):
            raise TypeError(Errors.E006.format(type=type(string).__name__))
        return self.intern(string)

    def as_int(self, key) -> int:
        """The key of a string (computed, not stored), or an int unchanged."""
        if isinstance(key, str):
            return get_string_key(key)
        return int(key)

    def as_string(self, key) -> str:
        """The string for a key, or a string unchanged."""
        if isinstance(key, str):
            return key
        return self.decode(key)

    def __getitem__(self, key):
        """str -> its key (computed); int -> its stored string (KeyError if unknown)."""
        if isinstance(key, str):
            return get_string_key(key)
        if isinstance(key, int) and not isinstance(key, bool):
            if not 0 <= key < 2**64:
                raise KeyError(Errors.E001.format(key=key))
            return self.decode(key)
        raise TypeError(Errors.E002.format(type=type(key).__name__))

    def __contains__(self, key) -> bool:
        if isinstance(key, str):
            key = get_string_key(key)
        elif not isinstance(key, int) or isinstance(key, bool) or not 0 <= key < 2**64:
            return False
        if key == 0:
            return True
        return self._by_key.get(key) != NULL

    def __len__(self) -> int:
        return self._keys.size()

    def __reduce__(self):
        return StringStore, (list(self),)

    def __iter__(self):
        cdef hash_t key
        for key in self._keys:
            yield self.decode(key)

    def keys(self) -> list:
        """Every stored key, in insertion order."""
        return list(self._keys)

    def to_bytes(self) -> bytes:
        """The stored strings, serialised (msgpack)."""
        return srsly.msgpack_dumps(list(self))

    def from_bytes(self, bytes data) -> StringStore:
        """Add the strings serialised in `data`; returns self."""
        try:
            strings = srsly.msgpack_loads(data)
        except Exception as error:
            raise ValueError(Errors.E003.format(error=error)) from None
        if not isinstance(strings, list) or not all(isinstance(s, str) for s in strings):
            raise ValueError(Errors.E003.format(error="not a list of strings"))
        for string in strings:
            self.intern(string)
        return self

    def to_disk(self, path) -> None:
        """Write the strings to a JSON file."""
        srsly.write_json(Path(path), list(self))

    def from_disk(self, path) -> StringStore:
        """Add the strings stored at `path` (JSON); returns self."""
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(Errors.E043.format(path=path))
        for string in srsly.read_json(path):
            self.intern(string)
        return self


def get_string_key(str string) -> int:
    """The key of a string, without storing it."""
    cdef bytes utf8 = _utf8(string)
    return hash_utf8(utf8, len(utf8))


cdef bytes _utf8(str string):
    """string as UTF-8; a coded error (E005) for a lone surrogate, which has no encoding."""
    try:
        return string.encode("utf8")
    except UnicodeEncodeError as error:
        shown = string if len(string) <= 40 else string[:40] + "..."
        raise ValueError(Errors.E005.format(string=shown, position=error.start)) from None
