"""Doc: a contiguous array of TokenC structs with its annotations."""
from libc.stdlib cimport calloc, free, malloc
from libc.string cimport memset

import numpy
import srsly

cimport numpy as cnp

from ..attrs cimport (
    DEP, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START,
    SPACY, TAG, attr_id_t,
)
from ..strings cimport StringStore
from ..typedefs cimport attr_t
from .span cimport Span
from .token cimport Token, get_token_attr, set_token_key

from ..attrs import NAMES, intify_attr
from ..errors import Errors
from .indexing import slice_bounds, token_index
from .underscore import Underscore, extension_classmethods

cnp.import_array()

# Entity IOB codes stored in TokenC.ent_iob.
cdef enum:
    IOB_MISSING = 0
    IOB_IN = 1
    IOB_OUT = 2
    IOB_BEGIN = 3

IOB_STRINGS = ("", "I", "O", "B")

# Token attributes that from_array may set; lexical ones come from the words.
SETTABLE_ATTRS = frozenset(
    [TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START, SPACY, ENT_IOB, ENT_TYPE, ENT_KB_ID]
)
# What to_bytes and DocBin store for every token.
SERIALIZED_ATTRS = (ORTH, SPACY, TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START,
                    ENT_IOB, ENT_TYPE, ENT_KB_ID)

cdef LexemeC EMPTY_LEXEME
memset(&EMPTY_LEXEME, 0, sizeof(LexemeC))

_EXTENSION_API = extension_classmethods(Underscore.doc_extensions, "Doc")


cdef class Doc:
    """A sequence of tokens over a Vocab, with their annotations.

    vocab: the shared Vocab.
    words: the token texts; spaces: whether each is followed by a space
        (default: every word is).
    tags, pos, morphs, lemmas, deps: per-token strings (None for missing).
    heads: per-token absolute head index (a root heads itself; None missing).
    sent_starts: per-token True/False/None (or 1/-1/0).
    ents: per-token IOB or BILUO tags ("B-PER", "O", "-" or None for missing).
    """

    def __init__(self, Vocab vocab, words=None, spaces=None, *, user_data=None,
                 tags=None, pos=None, morphs=None, lemmas=None, heads=None,
                 deps=None, sent_starts=None, ents=None):
        self.vocab = vocab
        self.mem = Pool()
        self.cats = {}
        self.user_data = {} if user_data is None else user_data
        self.tensor = None
        self.length = 0
        self.max_length = 0
        words = [] if words is None else words
        if spaces is None:
            spaces = [True] * len(words)
        elif len(spaces) != len(words):
            raise ValueError(Errors.E020.format(n_words=len(words), n_spaces=len(spaces)))
        self._reserve(max(len(words), 8))
        for i, (word, space) in enumerate(zip(words, spaces)):
            if not isinstance(word, str) or not word:
                raise ValueError(Errors.E021.format(word=word, i=i))
            self.push_back(vocab.get(word), bool(space))
        self._set_token_strings("tags", tags, TAG)
        self._set_token_strings("pos", pos, POS)
        self._set_token_strings("morphs", morphs, MORPH)
        self._set_token_strings("lemmas", lemmas, LEMMA)
        self._set_token_strings("deps", deps, DEP)
        if heads is not None:
            self._check_length("heads", heads)
            self._set_partial_heads(heads)
        if sent_starts is not None:
            self._check_length("sent_starts", sent_starts)
            for i, value in enumerate(sent_starts):
                self.c[i].sent_start = _sent_start_code(value, i)
        if ents is not None:
            self._check_length("ents", ents)
            self._set_ent_tags(ents)

    def _set_partial_heads(self, heads):
        """Heads where known (None: unknown, kept as a root for now).

        With unknown heads a boundary no known arc crosses may still be
        crossed by an unknown one, so such sentence starts are left unknown;
        with no known head at all nothing is set.
        """
        if all(head is None for head in heads):
            return
        self.set_heads([i if head is None else head for i, head in enumerate(heads)])
        if any(head is None for head in heads):
            for i in range(1, self.length):
                if self.c[i].sent_start == 1:
                    self.c[i].sent_start = 0

    def _check_length(self, str name, values):
        if len(values) != self.length:
            raise ValueError(Errors.E022.format(name=name, n_values=len(values),
                                                n_words=self.length))

    def _set_token_strings(self, str name, values, attr_id_t attr):
        if values is None:
            return
        self._check_length(name, values)
        cdef StringStore strings = self.vocab.strings
        self._set_column(attr, [0 if value is None or value == "_" else strings.intern(value)
                                for value in values])

    def _set_ent_tags(self, tags):
        cdef StringStore strings = self.vocab.strings
        cdef int i
        for i, tag in enumerate(tags):
            if tag is None or tag == "-" or tag == "":
                self.c[i].ent_iob, self.c[i].ent_type = IOB_MISSING, 0
            elif tag == "O":
                self.c[i].ent_iob, self.c[i].ent_type = IOB_OUT, 0
            elif len(tag) > 2 and tag[1] == "-" and tag[0] in "BILU":
                self.c[i].ent_iob = IOB_BEGIN if tag[0] in "BU" else IOB_IN
                self.c[i].ent_type = strings.intern(tag[2:])
            else:
                raise ValueError(Errors.E031.format(tag=tag, i=i))

    # ---- storage ---------------------------------------------------------
    cdef int _reserve(self, int n_tokens) except -1:
        """Make room for `n_tokens` tokens plus padding on both sides."""
        if n_tokens <= self.max_length:
            return 0
        cdef int total = n_tokens + 2 * DOC_PADDING
        cdef TokenC* data
        if self.max_length == 0:
            data = <TokenC*>self.mem.alloc(total, sizeof(TokenC))
        else:
            data = <TokenC*>self.mem.realloc(self.c - DOC_PADDING, total * sizeof(TokenC))
        cdef int i
        for i in range(self.length + DOC_PADDING, total):
            memset(&data[i], 0, sizeof(TokenC))
            data[i].lex = &EMPTY_LEXEME
        for i in range(DOC_PADDING):
            data[i].lex = &EMPTY_LEXEME
        self.c = data + DOC_PADDING
        self.max_length = n_tokens
        return 0

    cdef int push_back(self, const LexemeC* lex, bint has_space) except -1:
        if self.length == self.max_length:
            self._reserve(self.max_length * 2 if self.max_length else 8)
        cdef TokenC* token = &self.c[self.length]
        if self.length == 0:
            token.idx = 0
        else:
            prev = &self.c[self.length - 1]
            token.idx = prev.idx + prev.lex.length + prev.spacy
        token.lex = lex
        token.spacy = has_space
        token.l_edge = self.length
        token.r_edge = self.length
        self.length += 1
        return 0

    # ---- sequence protocol ----------------------------------------------
    def __len__(self) -> int:
        return self.length

    def __getitem__(self, key):
        """doc[i] is a Token, doc[a:b] a Span (negative indices allowed)."""
        if isinstance(key, slice):
            start, stop = slice_bounds(key, self.length)
            return Span(self, start, stop)
        key = token_index(key)
        i = key + self.length if key < 0 else key
        if not 0 <= i < self.length:
            raise IndexError(Errors.E026.format(i=key, length=self.length))
        return Token.__new__(Token, self, i)

    def __iter__(self):
        cdef int i
        for i in range(self.length):
            yield Token.__new__(Token, self, i)

    def __repr__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text

    def __reduce__(self):
        return (_unpickle_doc, (self.vocab, self.to_bytes()))

    @property
    def text(self) -> str:
        """The text, exactly as the words and spaces give it."""
        cdef StringStore strings = self.vocab.strings
        cdef int i
        parts = []
        for i in range(self.length):
            parts.append(strings.decode(self.c[i].lex.orth))
            if self.c[i].spacy:
                parts.append(" ")
        return "".join(parts)

    @property
    def text_with_ws(self) -> str:
        return self.text

    @property
    def _(self) -> Underscore:
        return Underscore(Underscore.doc_extensions, self)

    set_extension, get_extension, has_extension, remove_extension = _EXTENSION_API

    # ---- syntax ------------------------------------------------------------
    def set_heads(self, heads):
        """Set every token's head from absolute indices (a root heads itself).

        Raises if a head is out of range or the heads form a cycle; updates
        children, subtree edges and sentence starts.
        """
        self._check_length("heads", heads)
        cdef int* c_heads = <int*>malloc(max(self.length, 1) * sizeof(int))
        try:
            for i, head in enumerate(heads):
                if not 0 <= head < self.length:
                    raise ValueError(Errors.E023.format(head=head, i=i, length=self.length))
                c_heads[i] = head
            self._set_heads(c_heads)
        finally:
            free(c_heads)

    cdef int _set_heads(self, const int* heads) except -1:
        """Set the heads (indices in the doc); raises on one outside it or a cycle."""
        cdef int i
        for i in range(self.length):
            if not 0 <= heads[i] < self.length:
                raise ValueError(Errors.E023.format(head=heads[i], i=i, length=self.length))
        cycle = _find_cycle(heads, self.length)
        if cycle:
            raise ValueError(Errors.E024.format(cycle=cycle))
        self.has_arcs = False
        for i in range(self.length):
            self.c[i].head = heads[i] - i
            self.has_arcs |= heads[i] != i
        self._set_parse_structure()
        return 0

    cdef void _set_parse_structure(self) noexcept nogil:
        """Recount children and subtree edges; sentences start where no arc crosses."""
        cdef int i, head
        for i in range(self.length):
            self.c[i].l_kids = 0
            self.c[i].r_kids = 0
            self.c[i].l_edge = i
            self.c[i].r_edge = i
        for i in range(self.length):
            head = i + self.c[i].head
            if head < i:
                self.c[head].r_kids += 1
            elif head > i:
                self.c[head].l_kids += 1
        # Subtree edges, children before heads: a token's edges go to its head once all
        # its children's have come in (linear in the length, whatever the tree's depth).
        cdef int* waiting = <int*>malloc(max(self.length, 1) * sizeof(int))
        cdef int* ready = <int*>malloc(max(self.length, 1) * sizeof(int))
        cdef int n_ready = 0, k = 0
        if waiting == NULL or ready == NULL:
            free(waiting)
            free(ready)
            return
        for i in range(self.length):
            waiting[i] = self.c[i].l_kids + self.c[i].r_kids
            if waiting[i] == 0:
                ready[n_ready] = i
                n_ready += 1
        while k < n_ready:
            i = ready[k]
            k += 1
            head = i + self.c[i].head
            if head == i:
                continue
            if self.c[i].l_edge < self.c[head].l_edge:
                self.c[head].l_edge = self.c[i].l_edge
            if self.c[i].r_edge > self.c[head].r_edge:
                self.c[head].r_edge = self.c[i].r_edge
            waiting[head] -= 1
            if waiting[head] == 0:
                ready[n_ready] = head
                n_ready += 1
        free(waiting)
        free(ready)
        # A sentence starts wherever no arc crosses: arc (lo, hi) covers the
        # boundaries before lo+1 .. hi, counted with a difference array.
        cdef int* crossing = <int*>calloc(self.length + 1, sizeof(int))
        if crossing == NULL:
            return
        cdef int lo, hi, open_arcs = 0
        for i in range(self.length):
            head = i + self.c[i].head
            lo, hi = (i, head) if i < head else (head, i)
            if lo < hi:
                crossing[lo + 1] += 1
                crossing[hi + 1] -= 1
        for i in range(self.length):
            open_arcs += crossing[i]
            self.c[i].sent_start = 1 if i == 0 or open_arcs == 0 else -1
        free(crossing)

    @property
    def sents(self):
        """The sentences, as Spans, from the parse or the sentence starts."""
        if self.length == 0:
            return
        if not self.has_annotation("SENT_START"):
            raise ValueError(Errors.E030)
        cdef int start = 0
        cdef int i
        for i in range(1, self.length):
            if self.c[i].sent_start == 1:
                yield Span(self, start, i)
                start = i
        yield Span(self, start, self.length)

    # ---- entities ------------------------------------------------------------
    @property
    def ents(self):
        """The entities, as labelled Spans (settable: Spans or (label, start, end))."""
        spans = []
        cdef int i, start = -1
        cdef attr_t label = 0
        for i in range(self.length):
            iob = self.c[i].ent_iob
            if start >= 0 and (iob != IOB_IN or self.c[i].ent_type != label):
                spans.append(Span(self, start, i, label=label))
                start = -1
            if (iob == IOB_BEGIN or (iob == IOB_IN and start < 0)) and self.c[i].ent_type:
                start, label = i, self.c[i].ent_type
        if start >= 0:
            spans.append(Span(self, start, self.length, label=label))
        return tuple(spans)

    @ents.setter
    def ents(self, entities):
        self.set_ents(entities, default="outside")

    def set_ents(self, entities, *, str default="outside"):
        """Set entities; other tokens become "outside" (O), "missing" or stay "unmodified"."""
        _check_option("default", default, ("outside", "missing", "unmodified"))
        spans = sorted((self._as_entity_span(ent) for ent in entities),
                       key=lambda s: (s.start, s.end))
        for prev, span in zip(spans, spans[1:]):
            if span.start < prev.end:
                raise ValueError(Errors.E028.format(first=prev, second=span))
        cdef int i
        if default != "unmodified":
            for i in range(self.length):
                self.c[i].ent_iob = IOB_OUT if default == "outside" else IOB_MISSING
                self.c[i].ent_type = 0
                self.c[i].ent_kb_id = 0
        for span in spans:
            for i in range(span.start, span.end):
                self.c[i].ent_iob = IOB_BEGIN if i == span.start else IOB_IN
                self.c[i].ent_type = span.label
                self.c[i].ent_kb_id = span.kb_id

    def _as_entity_span(self, ent) -> Span:
        if isinstance(ent, Span):
            if ent.doc is not self:
                raise ValueError(Errors.E029.format(span=ent))
            span = ent
        elif isinstance(ent, tuple) and len(ent) == 3:
            label, start, end = ent
            if not (0 <= start < end <= self.length):
                raise ValueError(Errors.E027.format(start=start, end=end, length=self.length))
            span = Span(self, start, end, label=label)
        else:
            raise ValueError(Errors.E032.format(value=ent))
        if span.label == 0:
            raise ValueError(Errors.E034.format(span=span))
        if span.start >= span.end:
            raise ValueError(Errors.E027.format(start=span.start, end=span.end,
                                                length=self.length))
        return span

    # ---- spans by character offsets ---------------------------------------------
    def char_span(self, int start_char, int end_char, label=0, kb_id=0,
                  str alignment_mode="strict"):
        """The Span covering characters [start_char, end_char), or None.

        alignment_mode: "strict" (offsets must fall on token boundaries),
        "contract" (tokens wholly inside) or "expand" (tokens touched).
        """
        _check_option("alignment_mode", alignment_mode, ("strict", "contract", "expand"))
        cdef int i, first = -1, last = -1
        for i in range(self.length):
            tok_start = self.c[i].idx
            tok_end = tok_start + self.c[i].lex.length
            if alignment_mode == "contract":
                inside = tok_start >= start_char and tok_end <= end_char
            elif alignment_mode == "expand":
                inside = tok_start < end_char and tok_end > start_char
            else:
                inside = tok_start >= start_char and tok_end <= end_char
            if inside:
                if first < 0:
                    first = i
                last = i
        if first < 0:
            return None
        if alignment_mode == "strict":
            if self.c[first].idx != start_char:
                return None
            if self.c[last].idx + self.c[last].lex.length != end_char:
                return None
        return Span(self, first, last + 1, label=label, kb_id=kb_id)

    # ---- annotation status ---------------------------------------------------
    def has_annotation(self, attr, *, bint require_complete=False) -> bool:
        """Whether any (or, with require_complete, every) token has `attr` set."""
        cdef attr_id_t attr_id = intify_attr(attr)
        cdef int i, start = 0, n_set = 0
        cdef bint value
        if attr_id == SENT_START:
            start = 1
        if self.length <= start:
            return self.length > 0 and attr_id == SENT_START
        for i in range(start, self.length):
            if attr_id == HEAD:
                value = self.c[i].head != 0 or self.c[i].dep != 0
            else:
                value = get_token_attr(&self.c[i], attr_id) != 0
            n_set += value
            if value and not require_complete:
                return True
        return n_set == self.length - start if require_complete else n_set > 0

    # ---- arrays --------------------------------------------------------------
    def to_array(self, attrs):
        """A uint64 array of token attributes: (n_tokens,) for one attr, else (n, k).

        HEAD holds head offsets and SENT_START -1/0/1, both as two's complement.
        """
        single = isinstance(attrs, (str, int))
        ids = [intify_attr(a) for a in ([attrs] if single else attrs)]
        output = numpy.zeros((self.length, len(ids)), dtype=numpy.uint64)
        cdef cnp.uint64_t[:, :] out = output
        cdef int i, j
        cdef int n_attrs = len(ids)
        cdef attr_id_t* c_ids = <attr_id_t*>malloc(max(n_attrs, 1) * sizeof(attr_id_t))
        for j in range(n_attrs):
            c_ids[j] = <attr_id_t>ids[j]
        with nogil:
            for i in range(self.length):
                for j in range(n_attrs):
                    out[i, j] = get_token_attr(&self.c[i], c_ids[j])
        free(c_ids)
        return output[:, 0] if single else output

    def from_array(self, attrs, array):
        """Set token attributes from an array laid out as to_array makes it."""
        ids = [intify_attr(a) for a in ([attrs] if isinstance(attrs, (str, int)) else attrs)]
        array = numpy.asarray(array)
        if array.ndim == 1 and len(ids) == 1:
            array = array.reshape((-1, 1))
        if array.ndim != 2 or array.shape != (self.length, len(ids)):
            raise ValueError(Errors.E012.format(shape=array.shape, length=self.length,
                                                n_attrs=len(ids)))
        for attr_id in ids:
            if attr_id not in SETTABLE_ATTRS:
                raise ValueError(Errors.E011.format(attr=NAMES.get(attr_id, attr_id)))
        values = numpy.ascontiguousarray(array.astype(numpy.uint64, copy=False))
        signed = values.view(numpy.int64)
        if HEAD in ids:
            offsets = signed[:, ids.index(HEAD)]
            self.set_heads((numpy.arange(self.length) + offsets).tolist())
        for col, attr_id in enumerate(ids):
            if attr_id == HEAD:
                continue
            column = signed[:, col] if attr_id in (SENT_START, ENT_IOB) else values[:, col]
            self._set_column(attr_id, column.tolist())
        if SPACY in ids:
            self._recompute_offsets()
        return self

    def _set_column(self, int attr_id, list column):
        cdef int i
        for i, value in enumerate(column):
            if attr_id == SENT_START:
                self.c[i].sent_start = _sent_start_code(value, i)
            elif attr_id == ENT_IOB:
                if not 0 <= value <= 3:
                    raise ValueError(Errors.E031.format(tag=value, i=i))
                self.c[i].ent_iob = value
            elif attr_id == SPACY:
                self.c[i].spacy = value != 0
            else:
                set_token_key(&self.c[i], <attr_id_t>attr_id, value)

    def _recompute_offsets(self):
        cdef int i
        for i in range(1, self.length):
            self.c[i].idx = self.c[i - 1].idx + self.c[i - 1].lex.length + self.c[i - 1].spacy

    # ---- serialisation --------------------------------------------------------
    def _used_strings(self) -> list:
        """Every string the tokens refer to (for a serialised string table)."""
        cdef StringStore strings = self.vocab.strings
        keys = set(self.to_array([ORTH, TAG, POS, MORPH, LEMMA, DEP, ENT_TYPE,
                                  ENT_KB_ID]).ravel().tolist())
        keys.discard(0)
        keys.update(k for k in self.cats if isinstance(k, int))
        return [strings.decode(k) for k in sorted(keys)]

    def to_bytes(self) -> bytes:
        """The doc, its annotations, cats and user data (msgpack)."""
        array = self.to_array(SERIALIZED_ATTRS)
        msg = {
            "attrs": list(SERIALIZED_ATTRS),
            "array": array.tobytes(),
            "length": self.length,
            "strings": self._used_strings(),
            "cats": self.cats,
            "user_data_keys": list(self.user_data.keys()),
            "user_data_values": list(self.user_data.values()),
        }
        return srsly.msgpack_dumps(msg)

    def from_bytes(self, bytes data) -> Doc:
        """Fill this (empty) doc from to_bytes output; returns self."""
        try:
            msg = srsly.msgpack_loads(data)
            attrs = list(msg["attrs"])
            array = numpy.frombuffer(msg["array"], dtype=numpy.uint64)
            array = array.reshape((msg["length"], len(attrs)))
            strings, cats = list(msg["strings"]), dict(msg["cats"])
            user_keys, user_values = list(msg["user_data_keys"]), list(msg["user_data_values"])
        except Exception as error:
            raise ValueError(Errors.E040.format(error=f"{type(error).__name__}: {error}")) from None
        if ORTH not in attrs or SPACY not in attrs:
            raise ValueError(Errors.E040.format(error="no ORTH or SPACY column"))
        if not all(isinstance(string, str) for string in strings):
            raise ValueError(Errors.E040.format(error="strings that aren't str"))
        for string in strings:
            self.vocab.strings.intern(string)
        self._fill_from_array(attrs, array)
        self.cats = cats
        self._restore_user_data(user_keys, user_values)
        return self

    def _restore_user_data(self, keys, values):
        """Add user data deserialised from msgpack (tuple keys came back as lists)."""
        for key, value in zip(keys, values):
            self.user_data[_tuplify(key)] = value

    def _fill_from_array(self, list attrs, array):
        """Append tokens from an array holding ORTH and SPACY, then set the rest."""
        if self.length != 0:
            raise ValueError(Errors.E013)
        orth_col, spacy_col = attrs.index(ORTH), attrs.index(SPACY)
        self._reserve(max(len(array), 8))
        for orth, space in zip(array[:, orth_col].tolist(), array[:, spacy_col].tolist()):
            self.push_back(self.vocab.get_by_orth(orth), space != 0)
        rest = [i for i, a in enumerate(attrs) if a not in (ORTH, SPACY)]
        self.from_array([attrs[i] for i in rest], array[:, rest])
        return self


def _tuplify(value):
    if isinstance(value, list):
        return tuple(_tuplify(v) for v in value)
    return value


def _unpickle_doc(vocab, data):
    return Doc(vocab).from_bytes(data)


def _sent_start_code(value, int i) -> int:
    """TokenC.sent_start for True/False/None or 1/-1/0."""
    if value is None:
        return 0
    if value is True:
        return 1
    if value is False:
        return -1
    if isinstance(value, (int, numpy.integer)) and value in (-1, 0, 1):
        return int(value)
    raise ValueError(Errors.E025.format(value=value, i=i))


def _check_option(str name, str value, tuple options) -> None:
    if value not in options:
        raise ValueError(Errors.E046.format(name=name, value=value, options=list(options)))


cdef list _find_cycle(const int* heads, int length):
    """The tokens of a head cycle, or an empty list if the heads form a forest."""
    cdef int* state = <int*>malloc(max(length, 1) * sizeof(int))
    cdef int i, node
    for i in range(length):
        state[i] = -1          # -1 unvisited, length done, else the walk that reached it
    cycle = []
    try:
        for i in range(length):
            node = i
            while state[node] == -1:
                state[node] = i
                if heads[node] == node:
                    break
                node = heads[node]
            if state[node] == i and heads[node] != node:
                start = node
                cycle = [start]
                node = heads[start]
                while node != start:
                    cycle.append(node)
                    node = heads[node]
                return sorted(cycle)
            node = i
            while state[node] == i:
                state[node] = length
                if heads[node] == node:
                    break
                node = heads[node]
    finally:
        free(state)
    return cycle
