"""Tokenizer: splits text into a Doc with whitespace, special cases and affix rules.

A text is cut at whitespace into chunks. Each chunk's tokens are looked up in a
cache keyed by the hash of the chunk's characters, so a chunk seen before costs
one hash and one table look-up, and no Python object. A new chunk is split by
the rules, in this order, each step on what the previous ones left:

1. a special case (an exact string with its ORTHs) or a `token_match` /
   `url_match` hit keeps the remainder as it is;
2. otherwise a prefix, else a suffix, is cut off, and step 1 is tried again;
3. the core left is split at its first infix; the text after the infix goes
   back to step 1, the text before it is split at every infix (after the
   first few infixes of a chunk, the rest is split at every infix at once).

Runs of whitespace other than one space after a token become whitespace
tokens, so the Doc's text is always the input text.

Several threads may tokenize at once (Language.pipe's workers do): the cache
and the vocab are only changed where no Python code runs, so the GIL is not
given up in the middle of a change.
"""
from pathlib import Path

import srsly

from cpython.unicode cimport (
    Py_UNICODE_ISSPACE, PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND,
    PyUnicode_READ, PyUnicode_Substring,
)
from cymem.cymem cimport Pool
from libc.stdint cimport uint8_t, uint16_t
from libcpp.vector cimport vector
from murmurhash.mrmr cimport hash64
from preshed.maps cimport PreshMap

from ..errors import Errors, Warnings, warn

# Labels of the pieces `explain` reports.
_PREFIX, _SUFFIX, _INFIX = "PREFIX", "SUFFIX", "INFIX"
_TOKEN, _TOKEN_MATCH, _URL_MATCH = "TOKEN", "TOKEN_MATCH", "URL_MATCH"

# Rules that keep a string whole (what _match_whole returns; 0 for none).
cdef int _SPECIAL = 1
cdef int _MATCHED_TOKEN = 2
cdef int _MATCHED_URL = 3

# Infixes after which the rest of a chunk is split again from step 1; past
# this many, the rest is split at all its infixes at once.
cdef int _MAX_RESPLITS = 8

# Characters at the end of a long string in which a suffix is searched.
cdef Py_ssize_t _SUFFIX_WINDOW = 256

# The pattern attributes, with the regex method each one is.
_PATTERN_METHODS = {
    "prefix_search": "search",
    "suffix_search": "search",
    "infix_finditer": "finditer",
    "token_match": "match",
    "url_match": "match",
}
# Cache entries kept before the cache is emptied (bounds memory on huge inputs).
MAX_CACHE_SIZE = 1_000_000
_SERIAL_VERSION = 1


cdef class Tokenizer:
    """Rule-based tokenizer producing a Doc over `vocab`.

    vocab: the Vocab whose lexemes the tokens point to.
    rules: special cases, string -> list of {"ORTH": piece} dicts.
    prefix_search: `regex.search` finding a prefix at the start of a string.
    suffix_search: `regex.search` finding a suffix at the end of a string.
    infix_finditer: `regex.finditer` finding the infixes of a string.
    token_match: `regex.match` of strings never split.
    url_match: `regex.match` of URLs, also never split.
    max_cache_size: number of cached chunks kept before the cache is emptied.
    """

    def __init__(self, Vocab vocab, rules=None, prefix_search=None, suffix_search=None,
                 infix_finditer=None, token_match=None, url_match=None,
                 Py_ssize_t max_cache_size=MAX_CACHE_SIZE):
        self.vocab = vocab
        self.max_cache_size = max(max_cache_size, 1)
        self._rules = {}
        self._specials = {}
        self._max_special_length = 0
        self._prefix_search = _check_callable("prefix_search", prefix_search)
        self._suffix_search = _check_callable("suffix_search", suffix_search)
        self._infix_finditer = _check_callable("infix_finditer", infix_finditer)
        self._token_match = _check_callable("token_match", token_match)
        self._url_match = _check_callable("url_match", url_match)
        self._reset_cache()
        if rules:
            for string, pieces in rules.items():
                self._add_rule(string, pieces)

    # ---- tokenizing -----------------------------------------------------
    def __call__(self, text):
        """Tokenize `text`; returns a Doc whose text is exactly `text`."""
        if not isinstance(text, str):
            raise TypeError(Errors.E100.format(type=type(text).__name__))
        cdef Doc doc = Doc(self.vocab)
        self._tokenize_into(doc, text)
        return doc

    def pipe(self, texts, int batch_size=1000):
        """Tokenize a stream of texts, yielding Docs in order.

        texts: the texts. batch_size: accepted for API compatibility; texts are
        tokenized one at a time.
        """
        for text in texts:
            yield self(text)

    cdef int _tokenize_into(self, Doc doc, str text) except -1:
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
        if n == 0:
            return 0
        cdef int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef Py_ssize_t i = 0
        cdef Py_ssize_t start
        cdef Py_UCS4 c, maxchar
        cdef bint space_after
        cdef hash_t key
        cdef const LexemeC** lexes
        cdef vector[uint8_t] scratch
        while i < n:
            start = i
            maxchar = 0
            if Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)):
                # one space after a token belongs to that token
                if i > 0 and PyUnicode_READ(kind, data, i) == 32:
                    start += 1
                    i += 1
                while i < n:
                    c = PyUnicode_READ(kind, data, i)
                    if not Py_UNICODE_ISSPACE(c):
                        break
                    maxchar = c if c > maxchar else maxchar
                    i += 1
                if start == i:
                    continue
                space_after = False
            else:
                while i < n:
                    c = PyUnicode_READ(kind, data, i)
                    if Py_UNICODE_ISSPACE(c):
                        break
                    maxchar = c if c > maxchar else maxchar
                    i += 1
                space_after = i < n and PyUnicode_READ(kind, data, i) == 32
            key = _chunk_key(data, kind, start, i, maxchar, scratch)
            lexes = <const LexemeC**>self._cache.get(key)
            if lexes == NULL:
                lexes = self._lexemes_for(text, start, i, key, Py_UNICODE_ISSPACE(
                    PyUnicode_READ(kind, data, start)))
            while lexes[1] != NULL:
                doc.push_back(lexes[0], False)
                lexes += 1
            doc.push_back(lexes[0], space_after)
        return 0

    cdef const LexemeC** _lexemes_for(self, str text, Py_ssize_t start, Py_ssize_t end,
                                      hash_t key, bint is_space) except NULL:
        """Split text[start:end], cache its lexemes under `key` and return them."""
        chunk = PyUnicode_Substring(text, start, end)
        cdef list pieces = [chunk] if is_space else self._split_chunk(chunk, None)
        if not pieces:  # only a misbehaving user pattern gets here
            pieces = [chunk]
        # The lexemes first: Vocab.get may run Python code, and so let another
        # thread empty the cache; from here on no Python code runs.
        cdef vector[const LexemeC*] found
        for piece in pieces:
            found.push_back(self.vocab.get(piece))
        if self._cache_size >= self.max_cache_size:
            self._reset_cache()
        cdef const LexemeC** lexes = <const LexemeC**>self._cache_mem.alloc(
            found.size() + 1, sizeof(LexemeC*))
        cdef size_t k
        for k in range(found.size()):
            lexes[k] = found[k]
        lexes[found.size()] = NULL
        self._cache.set(key, <void*>lexes)
        self._cache_size += 1
        return lexes

    cdef void _reset_cache(self):
        self._cache = PreshMap()
        self._cache_mem = Pool()
        self._cache_size = 0

    # ---- the rules, applied to one chunk (Python objects: cache misses only)
    cdef int _match_whole(self, str string) except -1:
        """Which rule keeps `string` whole: _SPECIAL, _MATCHED_TOKEN, _MATCHED_URL or 0."""
        if len(string) <= self._max_special_length and string in self._specials:
            return _SPECIAL
        if self._token_match is not None and self._token_match(string):
            return _MATCHED_TOKEN
        if self._url_match is not None and self._url_match(string):
            return _MATCHED_URL
        return 0

    cdef list _split_chunk(self, str chunk, list labels):
        """The pieces of a whitespace-free chunk; labels, if a list, gets their kinds."""
        cdef list out = []
        cdef list pending = []  # suffixes cut at each level, innermost last
        cdef list suffixes
        cdef str s = chunk
        cdef Py_ssize_t cut
        cdef int whole = 0
        cdef int n_infixes = 0
        while s:
            if n_infixes == _MAX_RESPLITS:
                # a long run of infixes ("a-b-c-..."): split the rest in one pass,
                # so the work stays linear in the chunk's length
                self._split_core(s, out, labels)
                break
            n_infixes += 1
            suffixes = []
            s = self._strip_affixes(s, out, suffixes, labels, &whole)
            pending.append(suffixes)
            if not s:
                break
            if whole:
                self._emit_whole(s, whole, out, labels)
                break
            first = None
            if self._infix_finditer is not None:
                for match in self._infix_finditer(s):
                    if match.end() > 0:
                        first = match
                        break
            if first is None:
                _emit(out, labels, s, _TOKEN)
                break
            cut = first.start()
            if cut > 0:
                self._split_core(s[:cut], out, labels)
            if first.end() > cut:
                _emit(out, labels, s[cut:first.end()], _INFIX)
            s = s[first.end():]
        for suffixes in reversed(pending):
            for piece in reversed(suffixes):
                _emit(out, labels, piece, _SUFFIX)
        return out

    cdef void _split_core(self, str core, list out, list labels) except *:
        """Split the text before a chunk's first infix: affixes, then every infix."""
        cdef list suffixes = []
        cdef int whole = 0
        core = self._strip_affixes(core, out, suffixes, labels, &whole)
        cdef Py_ssize_t pos = 0
        if whole:
            self._emit_whole(core, whole, out, labels)
        elif core:
            if self._infix_finditer is not None:
                for match in self._infix_finditer(core):
                    if match.end() == 0 or match.start() < pos:
                        continue
                    if match.start() > pos:
                        _emit(out, labels, core[pos:match.start()], _TOKEN)
                    if match.end() > match.start():
                        _emit(out, labels, core[match.start():match.end()], _INFIX)
                    pos = match.end()
            if pos < len(core):
                _emit(out, labels, core[pos:], _TOKEN)
        for piece in reversed(suffixes):
            _emit(out, labels, piece, _SUFFIX)

    cdef str _strip_affixes(self, str s, list out, list suffixes, list labels, int* whole):
        """Cut prefixes (into `out`) and suffixes (into `suffixes`) off `s`.

        Returns what is left; `whole` gets the rule keeping it whole, or 0.
        """
        cdef Py_ssize_t cut, length, window = 0
        cdef int rest_whole = -1  # what _match_whole says of s, when known
        while s:
            whole[0] = rest_whole if rest_whole >= 0 else self._match_whole(s)
            rest_whole = -1
            if whole[0]:
                return s
            length = len(s)
            pre = self._prefix_search(s) if self._prefix_search is not None else None
            suf = None
            if self._suffix_search is not None:
                # on a long string only its end is searched, so that cutting
                # many affixes off one huge chunk stays linear
                window = length - _SUFFIX_WINDOW if length > _SUFFIX_WINDOW else 0
                suf = self._suffix_search(s[window:] if window else s)
            if pre is not None and pre.end() <= 0:
                pre = None
            if suf is not None and suf.start() + window < length:
                cut = suf.start() + window
                # "Inc.." is "Inc." + "."; "U.S.." is "U.S." + "."
                if length - cut > 1 and s[cut] == "." and self._match_whole(s[:cut + 1]):
                    cut += 1
                # a suffix whose removal leaves a special case goes first (":-).")
                if pre is not None and cut > 0:
                    rest_whole = self._match_whole(s[:cut])
                if pre is None or rest_whole > 0:
                    suffixes.append(s[cut:])
                    s = s[:cut]
                    continue
                rest_whole = -1
            if pre is not None:
                _emit(out, labels, s[:pre.end()], _PREFIX)
                s = s[pre.end():]
                continue
            break
        whole[0] = 0
        return s

    cdef void _emit_whole(self, str s, int whole, list out, list labels) except *:
        """Emit `s` kept whole by the rule `whole` (a special case is split as given)."""
        if whole == _SPECIAL:
            for i, orth in enumerate(self._specials[s]):
                _emit(out, labels, orth, f"SPECIAL-{i + 1}")
        else:
            _emit(out, labels, s, _TOKEN_MATCH if whole == _MATCHED_TOKEN else _URL_MATCH)

    def explain(self, text):
        """How `text` is split: (rule, token text) pairs, whitespace left out.

        The rule is PREFIX, SUFFIX, INFIX, SPECIAL-n, TOKEN_MATCH, URL_MATCH
        or TOKEN (what remains).
        """
        if not isinstance(text, str):
            raise TypeError(Errors.E100.format(type=type(text).__name__))
        result = []
        for chunk in text.split():
            labels = []
            pieces = self._split_chunk(chunk, labels)
            result.extend(zip(labels, pieces))
        return result

    # ---- rules ------------------------------------------------------------
    def add_special_case(self, string, substrings):
        """Split `string` into the given ORTHs wherever it occurs as a chunk (or
        what remains of one after affixes are cut).

        string: the exact text. substrings: [{"ORTH": piece}, ...] whose
        pieces concatenate to `string`.
        """
        self._add_rule(string, substrings)
        self._reset_cache()

    def _add_rule(self, string, substrings):
        if not isinstance(string, str) or not string or any(c.isspace() for c in string):
            raise ValueError(Errors.E103.format(string=string))
        orths = []
        for token in substrings:
            if (not isinstance(token, dict) or not isinstance(token.get("ORTH"), str)
                    or not token["ORTH"]):
                raise ValueError(Errors.E102.format(string=string, token=token))
            extra = sorted(set(token) - {"ORTH"})
            if extra:
                raise ValueError(Errors.E104.format(string=string, attrs=extra))
            orths.append(token["ORTH"])
        if "".join(orths) != string:
            raise ValueError(Errors.E101.format(string=string, orths=orths))
        self._rules[string] = [{"ORTH": orth} for orth in orths]
        self._specials[string] = tuple(orths)
        self._max_special_length = max(self._max_special_length, len(string))

    @property
    def rules(self):
        """A copy of the special cases; assign to replace them all."""
        return {string: [dict(t) for t in tokens] for string, tokens in self._rules.items()}

    @rules.setter
    def rules(self, rules):
        self._rules = {}
        self._specials = {}
        self._max_special_length = 0
        self._reset_cache()
        for string, substrings in (rules or {}).items():
            self._add_rule(string, substrings)

    @property
    def prefix_search(self):
        return self._prefix_search

    @prefix_search.setter
    def prefix_search(self, value):
        self._prefix_search = _check_callable("prefix_search", value)
        self._reset_cache()

    @property
    def suffix_search(self):
        return self._suffix_search

    @suffix_search.setter
    def suffix_search(self, value):
        self._suffix_search = _check_callable("suffix_search", value)
        self._reset_cache()

    @property
    def infix_finditer(self):
        return self._infix_finditer

    @infix_finditer.setter
    def infix_finditer(self, value):
        self._infix_finditer = _check_callable("infix_finditer", value)
        self._reset_cache()

    @property
    def token_match(self):
        return self._token_match

    @token_match.setter
    def token_match(self, value):
        self._token_match = _check_callable("token_match", value)
        self._reset_cache()

    @property
    def url_match(self):
        return self._url_match

    @url_match.setter
    def url_match(self, value):
        self._url_match = _check_callable("url_match", value)
        self._reset_cache()

    @property
    def cache_size(self):
        """Number of distinct chunks whose tokens are cached."""
        return self._cache_size

    def clear_cache(self):
        """Forget the cached chunks (rule changes do this themselves)."""
        self._reset_cache()

    # ---- serialisation ---------------------------------------------------
    def to_bytes(self, *, exclude=tuple()):
        """The patterns (as regex sources and flags) and the special cases, msgpack.

        exclude: names of fields to leave out ("rules", "prefix_search", ...).
        """
        msg = {"version": _SERIAL_VERSION}
        for name in _PATTERN_METHODS:
            if name not in exclude:
                msg[name] = _pattern_of(name, getattr(self, name))
        if "rules" not in exclude:
            msg["rules"] = self.rules
        return srsly.msgpack_dumps(msg)

    def from_bytes(self, bytes data, *, exclude=tuple()):
        """Load what `to_bytes` wrote (fields present and not excluded); returns self."""
        try:
            msg = srsly.msgpack_loads(data)
        except Exception as error:
            raise ValueError(Errors.E106.format(error=error)) from None
        if not isinstance(msg, dict) or "version" not in msg:
            raise ValueError(Errors.E106.format(error="no version field"))
        if not isinstance(msg.get("rules", {}), dict):
            raise ValueError(Errors.E106.format(error="rules are not a dict"))
        patterns = {}
        for name, method in _PATTERN_METHODS.items():
            if name in msg and name not in exclude:
                try:
                    patterns[name] = _compile_pattern(msg[name], method)
                except Exception as error:
                    raise ValueError(Errors.E106.format(error=f"{name}: {error}")) from None
        for name, value in patterns.items():
            setattr(self, name, value)
        if "rules" in msg and "rules" not in exclude:
            self.rules = msg["rules"]
        self._reset_cache()
        return self

    def to_disk(self, path, *, exclude=tuple()):
        """Write `to_bytes` to the file `path` (parent directories are created)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.to_bytes(exclude=exclude))

    def from_disk(self, path, *, exclude=tuple()):
        """Load a file written by `to_disk`; returns self."""
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(Errors.E107.format(path=path))
        return self.from_bytes(path.read_bytes(), exclude=exclude)

    def __reduce__(self):
        return (_unpickle_tokenizer, (self.vocab, self.to_bytes()))


cdef hash_t _chunk_key(const void* data, int kind, Py_ssize_t start, Py_ssize_t end,
                       Py_UCS4 maxchar, vector[uint8_t]& scratch) except? 0:
    """Key of text[start:end] from its characters, whatever the width the whole
    text is stored in: the chunk is hashed in the narrowest width that holds
    `maxchar`, its largest code point (1, 2 or 4 bytes a character)."""
    cdef int width = 1 if maxchar < 0x100 else (2 if maxchar < 0x10000 else 4)
    cdef Py_ssize_t length = end - start
    cdef Py_ssize_t j
    cdef uint16_t* wide
    if width == kind:
        return hash64(<void*>(<const uint8_t*>data + start * kind), <int>(length * kind), kind)
    scratch.resize(length * width)
    if width == 1:
        for j in range(length):
            scratch[j] = <uint8_t>PyUnicode_READ(kind, <void*>data, start + j)
    else:
        wide = <uint16_t*>scratch.data()
        for j in range(length):
            wide[j] = <uint16_t>PyUnicode_READ(kind, <void*>data, start + j)
    return hash64(scratch.data(), <int>(length * width), width)


def _unpickle_tokenizer(vocab, data):
    return Tokenizer(vocab).from_bytes(data)


cdef inline void _emit(list out, list labels, str piece, str label) except *:
    out.append(piece)
    if labels is not None:
        labels.append(label)


def _check_callable(name, value):
    if value is not None and not callable(value):
        raise TypeError(Errors.E105.format(name=name, type=type(value).__name__))
    return value


def _pattern_of(name, value):
    """(pattern, flags) of a compiled regex's bound method, or None."""
    if value is None:
        return None
    regex = getattr(value, "__self__", None)
    if regex is None or not hasattr(regex, "pattern") or not hasattr(regex, "flags"):
        warn(Warnings.W050.format(name=name))
        return None
    return {"pattern": regex.pattern, "flags": int(regex.flags)}


def _compile_pattern(entry, method):
    if entry is None:
        return None
    import re
    return getattr(re.compile(entry["pattern"], entry["flags"]), method)
