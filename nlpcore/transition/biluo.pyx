"""The BILUO entity system: BEGIN/IN/LAST/UNIT(label) and OUT, with exact costs.

The state reads the buffer left to right; BEGIN opens an entity at B0, IN
continues it, LAST closes it on B0, UNIT makes B0 a one-word entity, OUT
leaves B0 outside. The loss of a finished state is the number of tokens whose
known gold tag it misses (missing "-" tokens cost nothing), plus one for each
predicted entity that is a known-negative span. A move's cost is exactly what
it adds to the least reachable loss, best(after) + loss(move) - best(now):
a dynamic program over the gold, run once per gold, gives the least loss from
every position with nothing open or with a label open; with an entity open
since s, that least loss is one more exactly when every least-loss way to
close it closes it on a known-negative span (s, e, label). So a move that
opens or continues an entity is charged for a negative span as soon as every
best completion must produce it, not only when the span is closed.
"""
from collections import Counter

from ..errors import Errors
from .state cimport StateC
from .transition_system cimport Transition, weight_t

MOVE_PREFIX = {BEGIN: "B", IN: "I", LAST: "L", UNIT: "U", OUT: "O"}
PREFIX_MOVE = {"B": BEGIN, "I": IN, "L": LAST, "U": UNIT}
MOVE_BEGIN, MOVE_IN, MOVE_LAST, MOVE_UNIT, MOVE_OUT = BEGIN, IN, LAST, UNIT, OUT
cdef int INF = 1 << 28


# ---- gold helpers -----------------------------------------------------------
cdef inline int label_index(const BiluoGoldC* g, attr_t label) noexcept nogil:
    cdef int k
    for k in range(g.n_labels):
        if g.labels[k] == label:
            return k
    return -1


cdef inline int tag_loss(const BiluoGoldC* g, int i, int move, int k) noexcept nogil:
    if g.moves[i] < 0:
        return 0
    if g.moves[i] != move:
        return 1
    return move != OUT and g.label_idx[i] != k


cdef inline int is_negative(const BiluoGoldC* g, int start, int end,
                            int k) noexcept nogil:
    """1 if (start, end) with label index k is a known-negative span."""
    cdef int j
    if k < 0 or start < 0:
        return 0
    for j in range(g.neg_off[start], g.neg_off[start + 1]):
        if g.neg_end[j] == end and g.neg_k[j] == k:
            return 1
    return 0


cdef inline int best_open(const BiluoGoldC* g, int i, int k, int start) noexcept nogil:
    """Least loss from position i with label k open since start (INF past the end)."""
    cdef int j, n_neg_min = 0, m, row = i * g.n_labels + k
    if i >= g.length:
        return INF
    m = g.min_close[row]
    for j in range(g.neg_off[start], g.neg_off[start + 1]):
        # A negative end that is one of the least closes; the negatives are
        # distinct, so all least closes are negative when the counts agree.
        if (g.neg_k[j] == k and g.neg_end[j] > i
                and g.close[g.neg_end[j] * g.n_labels + k] == m):
            n_neg_min += 1
    return m - g.pin[row] + (n_neg_min == g.n_min_close[row])


cdef weight_t move_cost(const StateC* st, const BiluoGoldC* g, int move,
                        attr_t label) noexcept nogil:
    cdef int b = st.B(0)
    cdef int k = label_index(g, label) if move != OUT else -1
    cdef int start = st.E(0) if st.entity_is_open() else -1
    cdef int now, after
    if move != OUT and k < 0:
        return 0  # a label the gold doesn't know: no information
    if start >= 0:
        now = best_open(g, b, label_index(g, st.E_label()), start)
    else:
        now = g.best0[b]
    after = tag_loss(g, b, move, k)
    if move == OUT:
        after += g.best0[b + 1]
    elif move == UNIT:
        after += is_negative(g, b, b + 1, k) + g.best0[b + 1]
    elif move == LAST:
        after += is_negative(g, start, b + 1, k) + g.best0[b + 1]
    elif move == BEGIN:
        after += best_open(g, b + 1, k, b)
    else:  # IN
        after += best_open(g, b + 1, k, start)
    return after - now


# ---- one namespace per move -----------------------------------------------
cdef class Begin:
    @staticmethod
    cdef bint is_valid(const StateC* st, attr_t label) noexcept nogil:
        return label != 0 and not st.entity_is_open() and st.buffer_length() >= 2

    @staticmethod
    cdef int apply(StateC* st, attr_t label) noexcept nogil:
        st.open_ent(st.B(0), label)
        st.advance()
        return 0

    @staticmethod
    cdef weight_t cost(const StateC* st, const void* gold, attr_t label) noexcept nogil:
        return move_cost(st, <const BiluoGoldC*>gold, BEGIN, label)


cdef class In:
    @staticmethod
    cdef bint is_valid(const StateC* st, attr_t label) noexcept nogil:
        return (label != 0 and st.entity_is_open() and st.E_label() == label
                and st.buffer_length() >= 2)

    @staticmethod
    cdef int apply(StateC* st, attr_t label) noexcept nogil:
        st.advance()
        return 0

    @staticmethod
    cdef weight_t cost(const StateC* st, const void* gold, attr_t label) noexcept nogil:
        return move_cost(st, <const BiluoGoldC*>gold, IN, label)


cdef class Last:
    @staticmethod
    cdef bint is_valid(const StateC* st, attr_t label) noexcept nogil:
        return (label != 0 and st.entity_is_open() and st.E_label() == label
                and st.buffer_length() >= 1)

    @staticmethod
    cdef int apply(StateC* st, attr_t label) noexcept nogil:
        st.close_ent(st.B(0) + 1)
        st.advance()
        return 0

    @staticmethod
    cdef weight_t cost(const StateC* st, const void* gold, attr_t label) noexcept nogil:
        return move_cost(st, <const BiluoGoldC*>gold, LAST, label)


cdef class Unit:
    @staticmethod
    cdef bint is_valid(const StateC* st, attr_t label) noexcept nogil:
        return label != 0 and not st.entity_is_open() and st.buffer_length() >= 1

    @staticmethod
    cdef int apply(StateC* st, attr_t label) noexcept nogil:
        cdef int b = st.B(0)
        st.open_ent(b, label)
        st.close_ent(b + 1)
        st.advance()
        return 0

    @staticmethod
    cdef weight_t cost(const StateC* st, const void* gold, attr_t label) noexcept nogil:
        return move_cost(st, <const BiluoGoldC*>gold, UNIT, label)


cdef class Out:
    @staticmethod
    cdef bint is_valid(const StateC* st, attr_t label) noexcept nogil:
        return not st.entity_is_open() and st.buffer_length() >= 1

    @staticmethod
    cdef int apply(StateC* st, attr_t label) noexcept nogil:
        st.advance()
        return 0

    @staticmethod
    cdef weight_t cost(const StateC* st, const void* gold, attr_t label) noexcept nogil:
        return move_cost(st, <const BiluoGoldC*>gold, OUT, label)


# ---- gold -------------------------------------------------------------------
cdef class BiluoGold(GoldBase):
    """Gold BILUO tags (None missing) and known-negative spans for one Doc."""

    def __init__(self, int length, int n_labels, int n_neg):
        self.length = length
        self.g = <BiluoGoldC*>self.mem.alloc(1, sizeof(BiluoGoldC))
        self.c = self.g
        cdef int n = max(length, 1)
        self.g.length = length
        self.g.n_labels = n_labels
        self.g.labels = <attr_t*>self.mem.alloc(max(n_labels, 1), sizeof(attr_t))
        self.g.moves = <int8_t*>self.mem.alloc(n, sizeof(int8_t))
        self.g.label_idx = <int32_t*>self.mem.alloc(n, sizeof(int32_t))
        cdef int w = max(n_labels, 1)
        self.g.best0 = <int32_t*>self.mem.alloc(length + 1, sizeof(int32_t))
        self.g.pin = <int32_t*>self.mem.alloc((length + 1) * w, sizeof(int32_t))
        self.g.close = <int32_t*>self.mem.alloc((length + 1) * w, sizeof(int32_t))
        self.g.min_close = <int32_t*>self.mem.alloc((length + 1) * w, sizeof(int32_t))
        self.g.n_min_close = <int32_t*>self.mem.alloc((length + 1) * w, sizeof(int32_t))
        self.g.n_neg = n_neg
        self.g.neg_off = <int32_t*>self.mem.alloc(length + 2, sizeof(int32_t))
        self.g.neg_end = <int32_t*>self.mem.alloc(max(n_neg, 1), sizeof(int32_t))
        self.g.neg_k = <int32_t*>self.mem.alloc(max(n_neg, 1), sizeof(int32_t))


cdef void fill_best(BiluoGoldC* g) noexcept nogil:
    """The least-loss tables of BiluoGoldC, right to left (O(length * n_labels))."""
    cdef int i, k, v, c, n = g.length, L = g.n_labels
    for k in range(L):
        g.pin[k] = 0
    for i in range(n):
        for k in range(L):
            g.pin[(i + 1) * L + k] = g.pin[i * L + k] + tag_loss(g, i, IN, k)
    g.best0[n] = 0
    for k in range(L):
        g.close[k] = INF  # no entity closes on 0
        g.min_close[n * L + k] = INF
        g.n_min_close[n * L + k] = 0
    for i in range(n - 1, -1, -1):
        for k in range(L):
            c = g.pin[i * L + k] + tag_loss(g, i, LAST, k) + g.best0[i + 1]
            g.close[(i + 1) * L + k] = c
            v = g.min_close[(i + 1) * L + k]
            if c < v:
                g.min_close[i * L + k] = c
                g.n_min_close[i * L + k] = 1
            else:
                g.min_close[i * L + k] = v
                g.n_min_close[i * L + k] = g.n_min_close[(i + 1) * L + k] + (c == v)
        # Nothing open: OUT, UNIT-k, or BEGIN-k (needs a next word).
        v = tag_loss(g, i, OUT, -1) + g.best0[i + 1]
        for k in range(L):
            v = min(v, tag_loss(g, i, UNIT, k) + is_negative(g, i, i + 1, k) + g.best0[i + 1])
            if i + 1 < n:
                v = min(v, tag_loss(g, i, BEGIN, k) + best_open(g, i + 1, k, i))
        g.best0[i] = v


def check_tags(tags):
    """Raise a coded ValueError unless tags are a consistent BILUO sequence.

    Tags: "B-X", "I-X", "L-X", "U-X", "O", or "-"/None for missing; a missing
    token may stand for anything, so only known neighbours must agree.
    """
    prev = None  # the last known tag, when it is directly before
    for i, tag in enumerate(tags):
        if tag in (None, "-", ""):
            prev = None
            continue
        if tag != "O" and not (len(tag) > 2 and tag[0] in "BILU" and tag[1] == "-"):
            raise ValueError(Errors.E309.format(tag=tag, i=i))
        inside = prev is not None and prev[0] in "BI"
        if tag[0] in "IL":
            if prev is not None and (not inside or prev[2:] != tag[2:]):
                raise ValueError(Errors.E310.format(i=i, prev=prev, tag=tag))
            if i == 0:
                raise ValueError(Errors.E310.format(i=i, prev=None, tag=tag))
        elif inside:
            raise ValueError(Errors.E310.format(i=i, prev=prev, tag=tag))
        prev = tag
    if prev is not None and prev[0] in "BI":
        raise ValueError(Errors.E310.format(i=len(tags), prev=prev, tag=None))


def entities_to_tags(int length, entities, missing=False):
    """BILUO tags for (start, end, label) entities; other tokens "O" (or "-" if missing)."""
    tags = ["-" if missing else "O"] * length
    spans = sorted(entities, key=lambda e: (e[0], e[1]))
    for prev, span in zip(spans, spans[1:]):
        if span[0] < prev[1]:
            raise ValueError(Errors.E308.format(first=tuple(prev), second=tuple(span)))
    for start, end, label in spans:
        if not 0 <= start < end <= length:
            raise ValueError(Errors.E314.format(start=start, end=end, length=length))
        if end - start == 1:
            tags[start] = f"U-{label}"
        else:
            tags[start] = f"B-{label}"
            for i in range(start + 1, end - 1):
                tags[i] = f"I-{label}"
            tags[end - 1] = f"L-{label}"
    return tags


def doc_tags(doc):
    """BILUO tags of a Doc's entity annotation, "-" where it is missing."""
    tags = ["-" if token.ent_iob == 0 else "O" for token in doc]
    for ent in doc.ents:
        for i, tag in enumerate(entities_to_tags(ent.end - ent.start,
                                                 [(0, ent.end - ent.start, ent.label_)])):
            tags[ent.start + i] = tag
    return tags


# ---- the system ------------------------------------------------------------
cdef class BiluoNER(TransitionSystem):
    """BILUO moves over entity labels. Classes: B-*, I-*, L-*, U-* (label order), O."""

    gold_type = BiluoGold

    def __init__(self, strings, labels=()):
        self.strings = strings
        self.labels = sorted(set(labels))
        for label in self.labels:
            if not label:
                raise ValueError(Errors.E311.format(name=label))
        for move in (BEGIN, IN, LAST, UNIT):
            for label in self.labels:
                self.add_transition(move, strings.add(label))
        self.add_transition(OUT, 0)

    cdef Transition make_transition(self, int clas, int move, attr_t label) except *:
        cdef Transition t
        t.clas = clas
        t.move = move
        t.label = label
        if move == BEGIN:
            t.is_valid, t.apply, t.get_cost = Begin.is_valid, Begin.apply, Begin.cost
        elif move == IN:
            t.is_valid, t.apply, t.get_cost = In.is_valid, In.apply, In.cost
        elif move == LAST:
            t.is_valid, t.apply, t.get_cost = Last.is_valid, Last.apply, Last.cost
        elif move == UNIT:
            t.is_valid, t.apply, t.get_cost = Unit.is_valid, Unit.apply, Unit.cost
        else:
            t.is_valid, t.apply, t.get_cost = Out.is_valid, Out.apply, Out.cost
        return t

    def move_name(self, int move, label) -> str:
        return "O" if move == OUT else f"{MOVE_PREFIX[move]}-{label}"

    @staticmethod
    def get_labels(docs, *, int min_freq=1):
        """Entity labels seen min_freq times or more in gold Docs."""
        if not isinstance(min_freq, int) or min_freq < 1:
            raise ValueError(Errors.E313.format(value=min_freq))
        counts = Counter(ent.label_ for doc in docs for ent in doc.ents)
        return sorted(label for label, n in counts.items() if n >= min_freq)

    @classmethod
    def from_docs(cls, strings, docs, *, int min_freq=1):
        return cls(strings, BiluoNER.get_labels(docs, min_freq=min_freq))

    def make_gold(self, tags, negatives=()) -> BiluoGold:
        """Gold from BILUO tags ("-"/None missing) and known-negative (start, end, label) spans.

        Raises coded errors for bad or inconsistent tags. Tokens of entities
        whose label the system lacks count as missing.
        """
        tags = list(tags)
        check_tags(tags)
        n = len(tags)
        negatives = [tuple(x) for x in negatives]
        for start, end, _ in negatives:
            if not 0 <= start < end <= n:
                raise ValueError(Errors.E314.format(start=start, end=end, length=n))
        cdef BiluoGold gold = BiluoGold(n, len(self.labels), len(set(negatives)))
        index = {label: k for k, label in enumerate(self.labels)}
        cdef int i, k
        for k, label in enumerate(self.labels):
            gold.g.labels[k] = self.strings.add(label)
        for i, tag in enumerate(tags):
            gold.g.label_idx[i] = -1
            if tag in (None, "-", ""):
                gold.g.moves[i] = -1
            elif tag == "O":
                gold.g.moves[i] = OUT
            elif tag[2:] in index:
                gold.g.moves[i] = PREFIX_MOVE[tag[0]]
                gold.g.label_idx[i] = index[tag[2:]]
            else:
                gold.g.moves[i] = -1
        # Sorted by start and deduplicated, indexed by start (see BiluoGoldC).
        spans = sorted(set(negatives), key=lambda x: (x[0], x[1], str(x[2])))
        for k in range(n + 2):
            gold.g.neg_off[k] = 0
        for start, _, _ in spans:
            gold.g.neg_off[start + 1] += 1
        for k in range(n + 1):
            gold.g.neg_off[k + 1] += gold.g.neg_off[k]
        for k, (start, end, label) in enumerate(spans):
            gold.g.neg_end[k] = end
            gold.g.neg_k[k] = index.get(label, -1)
        fill_best(gold.g)
        gold.tags = tags
        gold.negatives = negatives
        return gold

    def gold_from_entities(self, int length, entities, negatives=(), *, missing=False):
        """Gold from (start, end, label) entities; overlapping entities raise."""
        return self.make_gold(entities_to_tags(length, entities, missing), negatives)

    def gold_from_doc(self, doc, negatives=()) -> BiluoGold:
        """Gold from a Doc's entity annotation ("-" where missing)."""
        return self.make_gold(doc_tags(doc), negatives)

    def entities(self, state):
        """A state's entities as (start, end, label string); an open one ends at -1."""
        return [(s, e, self.strings[label]) for s, e, label in state.ents]
