"""The arc-eager transition system with a dynamic oracle (Goldberg & Nivre 2012/2013).

Moves: SHIFT, REDUCE, LEFT-label (B0 becomes the head of S0, S0 popped),
RIGHT-label (S0 becomes the head of B0, B0 pushed) and BREAK (the sentence
ends before B0: the stack is emptied and B0 starts a sentence). A word still
without a head when it leaves the stack (REDUCE at the end of the buffer, or
BREAK) becomes a root with the system's root label, so roots are uniform.

Costs: the number of gold arcs a move makes unreachable (labelled: a right
head with a wrong label counts 1). Arcs whose head is unknown, and labels
that are unknown, cost nothing.

nonmonotonic=True (Honnibal, Goldberg & Johnson 2013; Honnibal & Johnson
2015): LEFT may replace S0's existing head, and UNSHIFT (a class appended
after BREAK, so the monotonic classes keep their indices) puts a headless S0
back in front of an exhausted buffer instead of REDUCE making it a root. The
word put back is not shifted again unless the stack is empty (so parsing ends)
and no BREAK starts a sentence on it; it leaves by RIGHT (S0 heads it) or,
once LEFT has popped every word below it, by SHIFT and REDUCE as a root.
REDUCE keeps its monotonic meaning (roots are made as in the monotonic
system; the single-root tree constraint of Nivre & Fernandez-Gonzalez 2014
is not imposed), so UNSHIFT only adds repairs.
Costs in the end game (the buffer exhausted, or holding the word put back)
are exact: a small program over the stack (see end_game_best). Before that,
costs are the per-arc counts of the system without UNSHIFT, exact for it;
they do not credit what a later UNSHIFT could repair (with UNSHIFT the
reachable arcs are no longer decomposable: keeping a word on the stack for a
repair blocks the arcs of the words below it), so they may differ from the
least reachable loss there. A zero-cost valid move always exists.
"""
from collections import Counter

from ..errors import Errors
from .nonproj import projectivize
from .state cimport StateC
from .transition_system cimport Transition, weight_t

MOVE_NAMES = {SHIFT: "SHIFT", REDUCE: "REDUCE", LEFT: "LEFT", RIGHT: "RIGHT", BREAK: "BREAK",
              UNSHIFT: "UNSHIFT"}
# Python-visible move constants.
MOVE_SHIFT, MOVE_REDUCE, MOVE_LEFT, MOVE_RIGHT, MOVE_BREAK = SHIFT, REDUCE, LEFT, RIGHT, BREAK
MOVE_UNSHIFT = UNSHIFT


# ---- gold helpers (O(1) after update_gold) --------------------------------
cdef inline bint head_in_buffer(const ArcEagerGoldC* g, int i) noexcept nogil:
    cdef int h = g.heads[i]
    return h >= 0 and h != i and g.where[h] == IN_BUFFER


cdef inline bint head_in_stack(const ArcEagerGoldC* g, int i) noexcept nogil:
    cdef int h = g.heads[i]
    return h >= 0 and h != i and g.where[h] == IN_STACK


cdef inline bint is_gold_root(const ArcEagerGoldC* g, int i) noexcept nogil:
    return g.heads[i] == i


cdef inline int label_cost(const ArcEagerGoldC* g, int child, int head,
                           attr_t label) noexcept nogil:
    return g.heads[child] == head and g.labels[child] != 0 and g.labels[child] != label


# ---- the end game (non-monotonic) ------------------------------------------
# Once the buffer is exhausted, only the stack is left: a headed S0 is
# REDUCEd, a headless one becomes a root (REDUCE) or goes back to the buffer
# (UNSHIFT) where it takes words below it as left children (LEFT, replacing
# their heads), skips headed ones (REDUCE) and finally gets a head below it
# (RIGHT) or, the stack emptied, becomes a root (SHIFT, REDUCE). The least loss
# of the stack words is then a small program over the stack, bottom up:
#   best(j)     words S(k-1) .. S(k-j) (the j bottom words), nothing put back
#   pending(j, p)  the same with p put back in front of the buffer
# O(depth^2) per state; the costs of end-game states are exact.
cdef inline int arc_loss(const ArcEagerGoldC* g, int child, int head,
                         attr_t label) noexcept nogil:
    """1 if child's known gold arc differs from head (a root heads itself) and label."""
    cdef int h = g.heads[child]
    if h < 0:
        return 0
    if h != head:
        return 1
    return h != child and g.labels[child] != 0 and g.labels[child] != label


cdef inline int kept_loss(const ArcEagerGoldC* g, const StateC* st, int w) noexcept nogil:
    """Loss of stack word w when it leaves with the arc it has (a root if it has none)."""
    if st.has_head(w):
        return arc_loss(g, w, st.H(w), st.label_of(w))
    return arc_loss(g, w, w, 0)


cdef inline bint in_end_game(const StateC* st) noexcept nogil:
    return st.buffer_length() == 0 or st.is_unshifted(st.B(0))


cdef int end_game_best(ArcEagerGoldC* g, const StateC* st, int j) noexcept nogil:
    """best(j): fills g.end_best[0 .. j] and returns best(j)."""
    cdef int t, w, v, k = st.stack_depth()
    g.end_best[0] = 0
    for t in range(1, j + 1):
        w = st.S(k - t)
        v = kept_loss(g, st, w) + g.end_best[t - 1]
        if not st.has_head(w) and t >= 2:
            v = min(v, end_game_pending(g, st, t - 1, w))
        g.end_best[t] = v
    return g.end_best[j]


cdef int end_game_pending(ArcEagerGoldC* g, const StateC* st, int j,
                          int p) noexcept nogil:
    """pending(j, p), from end_best[0 .. j] (already filled)."""
    cdef int t, w, v, k = st.stack_depth()
    cdef int prev = arc_loss(g, p, p, 0)  # j = 0: SHIFT p onto the empty stack, a root
    for t in range(1, j + 1):
        w = st.S(k - t)
        v = arc_loss(g, p, w, g.labels[p]) + g.end_best[t]        # RIGHT w -> p
        v = min(v, arc_loss(g, w, p, g.labels[w]) + prev)         # LEFT w <- p
        if st.has_head(w):
            v = min(v, kept_loss(g, st, w) + prev)                # REDUCE w
        prev = v
    return prev


cdef weight_t end_game_cost(const StateC* st, ArcEagerGoldC* g, int move,
                            attr_t label) noexcept nogil:
    """The exact cost of a valid move in an end-game state (see above)."""
    cdef int k = st.stack_depth(), s = st.S(0), p = st.B(0)
    cdef int now, after
    if p >= 0:  # p was put back
        end_game_best(g, st, k)
        now = end_game_pending(g, st, k, p)
        if move == SHIFT:  # the stack is empty
            after = arc_loss(g, p, p, 0)
        elif move == RIGHT:
            after = arc_loss(g, p, s, label) + g.end_best[k]
        elif move == LEFT:
            after = arc_loss(g, s, p, label) + end_game_pending(g, st, k - 1, p)
        else:  # REDUCE a headed S0
            after = kept_loss(g, st, s) + end_game_pending(g, st, k - 1, p)
    else:
        now = end_game_best(g, st, k)
        if move == UNSHIFT:
            after = end_game_pending(g, st, k - 1, s)
        else:  # REDUCE
            after = kept_loss(g, st, s) + g.end_best[k - 1]
    return after - now


# ---- one namespace per move -----------------------------------------------
cdef class Shift:
    @staticmethod
    cdef bint is_valid(const StateC* st, attr_t label) noexcept nogil:
        return st.buffer_length() > 0

    @staticmethod
    cdef bint is_valid_nonmono(const StateC* st, attr_t label) noexcept nogil:
        # An unshifted word is not read again (that could loop) unless the
        # stack is empty and it is the last word left.
        return st.buffer_length() > 0 and (st.stack_depth() == 0
                                           or not st.is_unshifted(st.B(0)))

    @staticmethod
    cdef int apply(StateC* st, attr_t label) noexcept nogil:
        st.push()
        return 0

    @staticmethod
    cdef weight_t cost(const StateC* st, const void* _gold, attr_t label) noexcept nogil:
        cdef const ArcEagerGoldC* g = <const ArcEagerGoldC*>_gold
        if g.nonmono and in_end_game(st):
            return end_game_cost(st, <ArcEagerGoldC*>_gold, SHIFT, label)
        cdef int b = st.B(0)
        return head_in_stack(g, b) + g.kids_in_stack[b]


cdef class Reduce:
    @staticmethod
    cdef bint is_valid(const StateC* st, attr_t label) noexcept nogil:
        return st.stack_depth() > 0 and (st.has_head(st.S(0)) or st.buffer_length() == 0)

    @staticmethod
    cdef int apply(StateC* st, attr_t label) noexcept nogil:
        cdef int s = st.S(0)
        if not st.has_head(s):
            st.set_root(s, label)
        st.pop()
        return 0

    @staticmethod
    cdef weight_t cost(const StateC* st, const void* _gold, attr_t label) noexcept nogil:
        cdef const ArcEagerGoldC* g = <const ArcEagerGoldC*>_gold
        if g.nonmono and in_end_game(st):
            return end_game_cost(st, <ArcEagerGoldC*>_gold, REDUCE, label)
        cdef int s = st.S(0)
        cdef int cost = g.kids_in_buffer[s]
        if g.nonmono and st.has_head(s):
            cost += head_in_buffer(g, s)
        return cost


cdef class LeftArc:
    @staticmethod
    cdef bint is_valid(const StateC* st, attr_t label) noexcept nogil:
        return (label != 0 and st.stack_depth() > 0 and st.buffer_length() > 0
                and not st.has_head(st.S(0)))

    @staticmethod
    cdef bint is_valid_nonmono(const StateC* st, attr_t label) noexcept nogil:
        return label != 0 and st.stack_depth() > 0 and st.buffer_length() > 0

    @staticmethod
    cdef int apply(StateC* st, attr_t label) noexcept nogil:
        st.add_arc(st.B(0), st.S(0), label)
        st.pop()
        return 0

    @staticmethod
    cdef weight_t cost(const StateC* st, const void* _gold, attr_t label) noexcept nogil:
        cdef const ArcEagerGoldC* g = <const ArcEagerGoldC*>_gold
        if g.nonmono and in_end_game(st):
            return end_game_cost(st, <ArcEagerGoldC*>_gold, LEFT, label)
        cdef int s = st.S(0), b = st.B(0)
        cdef int cost = g.kids_in_buffer[s] + label_cost(g, s, b, label)
        if head_in_buffer(g, s) and g.heads[s] != b:
            cost += 1
        if st.has_head(s):  # non-monotonic: replacing a correct arc loses it
            cost += st.H(s) == g.heads[s] and (
                g.labels[s] == 0 or st.label_of(s) == g.labels[s])
        elif is_gold_root(g, s):
            cost += 1
        return cost


cdef class RightArc:
    @staticmethod
    cdef bint is_valid(const StateC* st, attr_t label) noexcept nogil:
        return label != 0 and st.stack_depth() > 0 and st.buffer_length() > 0

    @staticmethod
    cdef int apply(StateC* st, attr_t label) noexcept nogil:
        cdef int b = st.B(0)
        st.add_arc(st.S(0), b, label)
        st.push()
        return 0

    @staticmethod
    cdef weight_t cost(const StateC* st, const void* _gold, attr_t label) noexcept nogil:
        cdef const ArcEagerGoldC* g = <const ArcEagerGoldC*>_gold
        if g.nonmono and in_end_game(st):
            return end_game_cost(st, <ArcEagerGoldC*>_gold, RIGHT, label)
        cdef int s = st.S(0), b = st.B(0)
        cdef int cost = g.kids_in_stack[b] + label_cost(g, b, s, label) + is_gold_root(g, b)
        if head_in_stack(g, b) and g.heads[b] != s:
            cost += 1
        if not g.nonmono:
            cost += head_in_buffer(g, b)
        return cost


cdef class Break:
    @staticmethod
    cdef bint is_valid(const StateC* st, attr_t label) noexcept nogil:
        cdef int i, depth = st.stack_depth()
        if depth == 0 or st.buffer_length() == 0:
            return False
        for i in range(depth - 1):  # all but the bottom word are attached
            if not st.has_head(st.S(i)):
                return False
        return True

    @staticmethod
    cdef bint is_valid_nonmono(const StateC* st, attr_t label) noexcept nogil:
        # No sentence starts on an unshifted word: the words after it are read.
        return Break.is_valid(st, label) and not st.is_unshifted(st.B(0))

    @staticmethod
    cdef int apply(StateC* st, attr_t label) noexcept nogil:
        cdef int s
        while st.stack_depth() > 0:
            s = st.S(0)
            if not st.has_head(s):
                st.set_root(s, label)
            st.pop()
        st.set_sent_start(st.B(0))
        return 0

    @staticmethod
    cdef weight_t cost(const StateC* st, const void* _gold, attr_t label) noexcept nogil:
        cdef const ArcEagerGoldC* g = <const ArcEagerGoldC*>_gold
        return g.stack_kids_in_buffer + g.stack_heads_in_buffer


cdef class Unshift:
    @staticmethod
    cdef bint is_valid(const StateC* st, attr_t label) noexcept nogil:
        return (st.buffer_length() == 0 and st.stack_depth() >= 2
                and not st.has_head(st.S(0)))

    @staticmethod
    cdef int apply(StateC* st, attr_t label) noexcept nogil:
        st.unshift()
        return 0

    @staticmethod
    cdef weight_t cost(const StateC* st, const void* _gold, attr_t label) noexcept nogil:
        return end_game_cost(st, <ArcEagerGoldC*>_gold, UNSHIFT, label)


# ---- gold -------------------------------------------------------------------
cdef class ArcEagerGold(GoldBase):
    """Gold heads and labels for one Doc, with the per-state counts costs read.

    Build it with ArcEager.make_gold or ArcEager.gold_from_doc.
    heads/labels (readonly): the gold as given to the system (after
    projectivisation), None where unknown.
    """

    def __init__(self, int length, bint nonmono):
        self.length = length
        self.g = <ArcEagerGoldC*>self.mem.alloc(1, sizeof(ArcEagerGoldC))
        self.c = self.g
        cdef int n = max(length, 1)
        self.g.length = length
        self.g.nonmono = nonmono
        self.g.heads = <int32_t*>self.mem.alloc(n, sizeof(int32_t))
        self.g.labels = <attr_t*>self.mem.alloc(n, sizeof(attr_t))
        self.g.where = <int8_t*>self.mem.alloc(n, sizeof(int8_t))
        self.g.kids_in_buffer = <int32_t*>self.mem.alloc(n, sizeof(int32_t))
        self.g.kids_in_stack = <int32_t*>self.mem.alloc(n, sizeof(int32_t))
        self.g.end_best = <int32_t*>self.mem.alloc(n + 1, sizeof(int32_t))


def _find_cycle(heads):
    """Words on a cycle of known heads (None/self stop a walk), or []."""
    n = len(heads)
    state = [0] * n  # 0 new, 1 on the current walk, 2 done
    for start in range(n):
        path = []
        node = start
        while node is not None and state[node] == 0:
            state[node] = 1
            path.append(node)
            head = heads[node]
            node = None if head is None or head == node else head
        if node is not None and state[node] == 1:
            return path[path.index(node):]
        for p in path:
            state[p] = 2
    return []


def check_tree(heads, sent_starts=None):
    """Raise a coded ValueError unless heads (absolute, None unknown) form a forest.

    sent_starts: optional per-word truth values; each sentence may then hold
    one root at most.
    """
    n = len(heads)
    for i, head in enumerate(heads):
        if head is not None and not (isinstance(head, int) and 0 <= head < n):
            raise ValueError(Errors.E305.format(head=head, i=i, length=n))
    cycle = _find_cycle(heads)
    if cycle:
        raise ValueError(Errors.E306.format(cycle=cycle))
    if sent_starts is not None:
        if len(sent_starts) != n:
            raise ValueError(Errors.E304.format(what="sent_starts", n=len(sent_starts), length=n))
        starts = [i for i in range(n) if i == 0 or sent_starts[i]] + [n]
        for start, end in zip(starts, starts[1:]):
            roots = [i for i in range(start, end) if heads[i] == i]
            if len(roots) > 1:
                raise ValueError(Errors.E307.format(start=start, n=len(roots), roots=roots))


# ---- the system ------------------------------------------------------------
cdef class ArcEager(TransitionSystem):
    """Arc-eager moves over a label set.

    strings: the StringStore. labels: a list of labels for both directions,
    or {"LEFT": [...], "RIGHT": [...]}. root_label: the label every root
    gets. nonmonotonic: let LEFT replace an existing head, and add UNSHIFT.
    Classes are ordered SHIFT, REDUCE, LEFT-*, RIGHT-*, BREAK (then UNSHIFT
    when non-monotonic).
    """

    def __init__(self, strings, labels=(), *, str root_label="ROOT", bint nonmonotonic=False):
        self.strings = strings
        self.nonmonotonic = nonmonotonic
        self.root_label = strings.add(root_label)
        if isinstance(labels, dict):
            left, right = list(labels.get("LEFT", ())), list(labels.get("RIGHT", ()))
        else:
            left = right = list(labels)
        self.labels = {"LEFT": sorted(set(left)), "RIGHT": sorted(set(right))}
        for label in self.labels["LEFT"] + self.labels["RIGHT"]:
            if not label:
                raise ValueError(Errors.E311.format(name=label))
        self.add_transition(SHIFT, self.root_label)
        self.add_transition(REDUCE, self.root_label)
        for label in self.labels["LEFT"]:
            self.add_transition(LEFT, strings.add(label))
        for label in self.labels["RIGHT"]:
            self.add_transition(RIGHT, strings.add(label))
        self.add_transition(BREAK, self.root_label)
        if nonmonotonic:  # appended: the monotonic classes keep their indices
            self.add_transition(UNSHIFT, self.root_label)

    cdef Transition make_transition(self, int clas, int move, attr_t label) except *:
        cdef Transition t
        t.clas = clas
        t.move = move
        t.label = label
        if move == SHIFT:
            t.is_valid = Shift.is_valid_nonmono if self.nonmonotonic else Shift.is_valid
            t.apply, t.get_cost = Shift.apply, Shift.cost
        elif move == REDUCE:
            t.is_valid, t.apply, t.get_cost = Reduce.is_valid, Reduce.apply, Reduce.cost
        elif move == LEFT:
            t.is_valid = LeftArc.is_valid_nonmono if self.nonmonotonic else LeftArc.is_valid
            t.apply, t.get_cost = LeftArc.apply, LeftArc.cost
        elif move == RIGHT:
            t.is_valid, t.apply, t.get_cost = RightArc.is_valid, RightArc.apply, RightArc.cost
        elif move == BREAK:
            t.is_valid = Break.is_valid_nonmono if self.nonmonotonic else Break.is_valid
            t.apply, t.get_cost = Break.apply, Break.cost
        else:
            t.is_valid, t.apply, t.get_cost = Unshift.is_valid, Unshift.apply, Unshift.cost
        return t

    def move_name(self, int move, label) -> str:
        name = MOVE_NAMES[move]
        return f"{name}-{label}" if move in (LEFT, RIGHT) else name

    @staticmethod
    def get_labels(docs, *, int min_freq=1, bint projective=True):
        """Labels seen in gold Docs, by direction, kept if seen min_freq times or more.

        projective: count the labels of the projectivised trees (lifted
        labels included), as training sees them. Returns
        ({"LEFT": [...], "RIGHT": [...]}, root_label).
        """
        if not isinstance(min_freq, int) or min_freq < 1:
            raise ValueError(Errors.E313.format(value=min_freq))
        counts = {"LEFT": Counter(), "RIGHT": Counter()}
        roots = Counter()
        for doc in docs:
            heads, labels = doc_gold(doc)
            if projective:
                heads, labels = projectivize(heads, labels)
            for i, (head, label) in enumerate(zip(heads, labels)):
                if head is None or label is None:
                    continue
                if head == i:
                    roots[label] += 1
                else:
                    counts["LEFT" if head > i else "RIGHT"][label] += 1
        labels = {key: sorted(label for label, n in c.items() if n >= min_freq)
                  for key, c in counts.items()}
        root_label = roots.most_common(1)[0][0] if roots else "ROOT"
        return labels, root_label

    @classmethod
    def from_docs(cls, strings, docs, *, int min_freq=1, bint nonmonotonic=False):
        """A system with the labels (and root label) of these training Docs."""
        labels, root_label = ArcEager.get_labels(docs, min_freq=min_freq)
        return cls(strings, labels, root_label=root_label, nonmonotonic=nonmonotonic)

    def make_gold(self, heads, labels=None, sent_starts=None) -> ArcEagerGold:
        """Gold from absolute heads (a root heads itself; None unknown) and labels.

        Raises coded errors for out-of-range heads, cycles and (when
        sent_starts is given) several roots in one sentence. Labels the
        system lacks count as unknown.
        """
        n = len(heads)
        if labels is None:
            labels = [None] * n
        if len(labels) != n:
            raise ValueError(Errors.E304.format(what="labels", n=len(labels), length=n))
        check_tree(heads, sent_starts)
        cdef ArcEagerGold gold = ArcEagerGold(n, self.nonmonotonic)
        known = set(self.labels["LEFT"]) | set(self.labels["RIGHT"])
        cdef int i
        for i in range(n):
            label = labels[i]
            if label is not None and not isinstance(label, str):
                raise ValueError(Errors.E315.format(value=label, i=i))
            gold.g.heads[i] = -1 if heads[i] is None else heads[i]
            gold.g.labels[i] = self.strings.add(label) if label in known else 0
        gold.heads = list(heads)
        gold.labels = list(labels)
        return gold

    def gold_from_doc(self, doc, *, bint projective=True) -> ArcEagerGold:
        """Gold from a Doc's heads and deps, projectivised unless told otherwise."""
        heads, labels = doc_gold(doc)
        if projective:
            heads, labels = projectivize(heads, labels)
        return self.make_gold(heads, labels)

    cdef void set_valid(self, StateC** states, int n, int* is_valid) noexcept nogil:
        # Validity depends on the move kind only: test each kind once.
        cdef int i, j
        cdef bint kinds[N_MOVES]
        cdef const StateC* st
        for i in range(n):
            st = states[i]
            kinds[RIGHT] = RightArc.is_valid(st, self.root_label)
            if self.nonmonotonic:
                kinds[SHIFT] = Shift.is_valid_nonmono(st, self.root_label)
                kinds[REDUCE] = Reduce.is_valid(st, self.root_label)
                kinds[LEFT] = LeftArc.is_valid_nonmono(st, self.root_label)
                kinds[BREAK] = Break.is_valid_nonmono(st, self.root_label)
                kinds[UNSHIFT] = Unshift.is_valid(st, self.root_label)
            else:
                kinds[SHIFT] = Shift.is_valid(st, self.root_label)
                kinds[REDUCE] = Reduce.is_valid(st, self.root_label)
                kinds[LEFT] = LeftArc.is_valid(st, self.root_label)
                kinds[BREAK] = Break.is_valid(st, self.root_label)
                kinds[UNSHIFT] = False
            for j in range(self.n_moves):
                is_valid[i * self.n_moves + j] = kinds[self.c[j].move]

    cdef void set_costs(self, StateC** states, void** golds, int n,
                        int* is_valid, weight_t* costs) noexcept nogil:
        # The same costs as the table's functions, with the label-free part
        # computed once per move kind and the label part added per class.
        cdef int i, j, k, s, b
        cdef weight_t base[N_MOVES]
        cdef attr_t left_gold, right_gold
        cdef const StateC* st
        cdef ArcEagerGoldC* g
        self.set_valid(states, n, is_valid)
        for i in range(n):
            st = states[i]
            g = <ArcEagerGoldC*>golds[i]
            self.update_gold(g, st)
            s, b = st.S(0), st.B(0)
            left_gold = right_gold = 0
            if s >= 0 and b >= 0:
                left_gold = g.labels[s] if g.heads[s] == b else 0
                right_gold = g.labels[b] if g.heads[b] == s else 0
            base[SHIFT] = Shift.cost(st, g, 0) if b >= 0 else 0
            base[REDUCE] = Reduce.cost(st, g, 0) if s >= 0 else 0
            base[LEFT] = LeftArc.cost(st, g, left_gold) if s >= 0 and b >= 0 else 0
            base[RIGHT] = RightArc.cost(st, g, right_gold) if s >= 0 and b >= 0 else 0
            base[BREAK] = Break.cost(st, g, 0)
            base[UNSHIFT] = (Unshift.cost(st, g, 0) if self.nonmonotonic
                             and st.buffer_length() == 0 and s >= 0 else 0)
            for j in range(self.n_moves):
                k = i * self.n_moves + j
                if not is_valid[k]:
                    costs[k] = 0
                    continue
                costs[k] = base[self.c[j].move]
                if self.c[j].move == LEFT and left_gold != 0 and self.c[j].label != left_gold:
                    costs[k] += 1
                elif self.c[j].move == RIGHT and right_gold != 0 and self.c[j].label != right_gold:
                    costs[k] += 1

    cdef void update_gold(self, void* _gold, const StateC* st) noexcept nogil:
        cdef ArcEagerGoldC* g = <ArcEagerGoldC*>_gold
        cdef int i, h, w, n = g.length
        for i in range(n):
            g.where[i] = GONE
            g.kids_in_buffer[i] = 0
            g.kids_in_stack[i] = 0
        for i in range(st.stack_depth()):
            g.where[st.S(i)] = IN_STACK
        for i in range(st.buffer_length()):
            g.where[st.B(i)] = IN_BUFFER
        for i in range(n):
            h = g.heads[i]
            if h < 0 or h == i:
                continue
            if g.where[i] == IN_BUFFER:
                g.kids_in_buffer[h] += 1
            elif g.where[i] == IN_STACK and (g.nonmono or not st.has_head(i)):
                g.kids_in_stack[h] += 1
        g.stack_kids_in_buffer = 0
        g.stack_heads_in_buffer = 0
        for i in range(st.stack_depth()):
            w = st.S(i)
            g.stack_kids_in_buffer += g.kids_in_buffer[w]
            if (g.nonmono or not st.has_head(w)) and head_in_buffer(g, w):
                g.stack_heads_in_buffer += 1

    def tree(self, state):
        """(heads, labels) of a state: absolute heads (-1 unattached) and label strings."""
        heads = state.heads
        labels = [self.strings[key] if key else None for key in state.labels]
        return heads, labels


def doc_gold(doc):
    """(heads, labels) of a Doc: absolute heads, dep strings; None where unknown.

    A token heading itself with no dep is read as an unknown head.
    """
    heads, labels = [], []
    for token in doc:
        head, dep = token.head.i, token.dep_
        if head == token.i and not dep:
            heads.append(None)
        else:
            heads.append(head)
        labels.append(dep or None)
    return heads, labels
