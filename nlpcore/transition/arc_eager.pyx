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
Costs are exact here too: the least loss reachable after the move minus the
least reachable now, as a search would find it, but computed in closed form
(see "the least reachable loss" below). Before the end game they credit what
UNSHIFT can still repair (a word shifted over its gold head, or a missed
right arc), even though such repairs compete (keeping a word on the stack for
one blocks the arcs of the words below it), so the loss is not a per-arc
count. So deferring is free: SHIFT costs 0 wherever the end game can still
make the arc a RIGHT or LEFT would make now (say, B0 the last right child of
S0), and the oracle's first-class tie-break takes it. A zero-cost valid move
always exists.
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


# ---- the least reachable loss (non-monotonic) ------------------------------
# A cost is the least loss reachable after the move minus the least loss
# reachable now. Gone words keep their arcs (a move that pops a word adds its
# loss), so only the live words (stack and buffer) are searched for, in a
# *view* of the state (stack words with their arcs, the buffer front, the word
# put back or -1) that also describes the state after each move, uncopied.
#
# End game (the buffer exhausted, or holding the word put back): a headed S0
# is REDUCEd, a headless one becomes a root (REDUCE) or goes back (UNSHIFT),
# takes the words below it as left children (LEFT, replacing their heads),
# skips headed ones (REDUCE), and gets a head below it (RIGHT) or, the stack
# emptied, becomes a root. A program over the stack, bottom up:
#   best(j)        the j bottom words, nothing put back
#   pending(j, p)  the same with p put back
#
# Reading (buffer words left, none put back): for a projective gold (as
# training gives; checked against brute force on every reachable state of
# sentences up to 7 words), some least-loss future has this shape. The j
# bottom stack words survive to the end game; the words above them leave
# while reading, before a buffer word c is read, each keeping a
# right arc or taking its gold head in the buffer up to c; the buffer words
# before c take heads in S_j .. c; either c = p is shifted headless, put back
# in the end game and plays pending(j, p), or c is the first gold root of the
# buffer (or the end) and the survivors play best(j); the words after c reach
# every gold head from c on. The least loss is the minimum over (j, c) of
# per-word counts, kept as running sums over c: O(depth * (buffer + depth)).
cdef inline int arc_loss(const ArcEagerGoldC* g, int child, int head,
                         attr_t label) noexcept nogil:
    """1 if child's known gold arc differs from head (a root heads itself) and label."""
    cdef int h = g.heads[child]
    if h < 0:
        return 0
    if h != head:
        return 1
    return h != child and g.labels[child] != 0 and g.labels[child] != label


cdef inline int view_kept(const ArcEagerGoldC* g, int m) noexcept nogil:
    """Loss of the view's m-th stack word (0 the bottom) leaving with its arc, or as a root."""
    cdef int w = g.view_words[m]
    if g.view_heads[m] >= 0:
        return arc_loss(g, w, g.view_heads[m], g.view_labels[m])
    return arc_loss(g, w, w, 0)


cdef int pending_loss(ArcEagerGoldC* g, int j, int p, int32_t* out) noexcept nogil:
    """pending(j, p) from end_best[0 .. j]; out (or NULL) gets pending(t, p) for t <= j."""
    cdef int t, w, v, prev = arc_loss(g, p, p, 0)  # the stack emptied: p becomes a root
    if out != NULL:
        out[0] = prev
    for t in range(1, j + 1):
        w = g.view_words[t - 1]
        v = arc_loss(g, p, w, g.labels[p]) + g.end_best[t]        # RIGHT w -> p
        v = min(v, arc_loss(g, w, p, g.labels[w]) + prev)         # LEFT w <- p
        if g.view_heads[t - 1] >= 0:
            v = min(v, view_kept(g, t - 1) + prev)                # REDUCE w
        prev = v
        if out != NULL:
            out[t] = v
    return prev


cdef int stack_best(ArcEagerGoldC* g, int k) noexcept nogil:
    """best(k) over the view's k stack words; fills end_best[0 .. k]."""
    cdef int t, v
    g.end_best[0] = 0
    for t in range(1, k + 1):
        v = view_kept(g, t - 1) + g.end_best[t - 1]
        if g.view_heads[t - 1] < 0 and t >= 2:
            v = min(v, pending_loss(g, t - 1, g.view_words[t - 1], NULL))
        g.end_best[t] = v
    return g.end_best[k]


cdef int reading_best(ArcEagerGoldC* g, int k, int b) noexcept nogil:
    """The least loss of the live words of a view with buffer words b .. length - 1."""
    cdef int n = g.length, c, j, m, y, h, root = n, run = 0, gone = 0, best
    cdef int32_t* seg = g.segment_lost
    stack_best(g, k)
    for m in range(k):
        g.stack_pos[g.view_words[m]] = m + 1
    # seg[c]: buffer words lost for the first-segment end c, but for stack heads
    for c in range(b, n + 2):
        seg[c] = 0
    for y in range(b, n):
        h = g.heads[y]
        if h == y and root == n:
            root = y
        if h < 0 or h == y:
            continue
        if h > y:  # read before c, its head after c
            seg[y + 1] += 1
            seg[h] -= 1
        elif max(h + 1, b) < y:  # read after c, its head before c
            seg[max(h + 1, b)] += 1
            seg[y] -= 1
    for c in range(b, n + 1):
        run += seg[c]
        seg[c] = run + gone
        if c < n:
            h = g.heads[c]
            if h >= 0 and (h == c or (h < b and g.stack_pos[h] == 0)):
                gone += 1  # a root, or its head is gone: lost if read before c
    # Stack words above the survivors: lost unless their arc is right, or
    # their gold head is read by c (free_from).
    for m in range(1, k + 1):
        y = g.view_words[m - 1]
        h = g.heads[y]
        if h < 0 or (g.view_heads[m - 1] >= 0 and view_kept(g, m - 1) == 0):
            g.free_from[m] = -1
        elif b <= h < n:
            g.free_from[m] = h
        else:
            g.free_from[m] = n + 1
    g.above_lost[k] = 0
    g.below_lost[k] = 0
    for j in range(k - 1, -1, -1):
        g.above_lost[j] = g.above_lost[j + 1] + (g.free_from[j + 1] > b)
        g.below_lost[j] = 0
    best = n + k + 1
    for c in range(b, root + 1):
        if c > b:
            h = g.heads[c - 1]
            if 0 <= h < b and g.stack_pos[h] > 0:  # its head S_m is below the survivors
                for j in range(g.stack_pos[h] + 1, k + 1):
                    g.below_lost[j] += 1
            for m in range(1, k + 1):
                if g.free_from[m] == c:
                    for j in range(m):
                        g.above_lost[j] -= 1
        if c < n:  # c = p, put back in the end game
            pending_loss(g, k, c, g.pending)
            for j in range(k + 1):
                best = min(best, seg[c] + g.above_lost[j] + g.below_lost[j] + g.pending[j])
        if c == root:
            for j in range(1, k + 1):
                best = min(best, seg[c] + g.above_lost[j] + g.below_lost[j] + g.end_best[j])
    for m in range(k):
        g.stack_pos[g.view_words[m]] = 0
    return best


cdef int live_best(ArcEagerGoldC* g, int k, int b, int p) noexcept nogil:
    """The least loss the live words of a view (k stack words, front b, p put back) reach."""
    if p >= 0:
        stack_best(g, k)
        return pending_loss(g, k, p, NULL)
    if b >= g.length:
        return stack_best(g, k)
    return reading_best(g, k, b)


cdef weight_t nonmono_cost(ArcEagerGoldC* g, int move, attr_t label) noexcept nogil:
    """The exact cost of a move from the view update_gold set."""
    cdef int m, k = g.depth, b = g.front, p = g.put_back, after = 0
    cdef int s = g.view_words[k - 1] if k > 0 else -1
    cdef int b0 = p if p >= 0 else b
    if move == SHIFT or move == RIGHT:
        g.view_words[k] = b0
        g.view_heads[k] = s if move == RIGHT else -1
        g.view_labels[k] = label if move == RIGHT else 0
        after = live_best(g, k + 1, b if p >= 0 else b + 1, -1)
    elif move == REDUCE:
        after = view_kept(g, k - 1) + live_best(g, k - 1, b, p)
    elif move == LEFT:
        after = arc_loss(g, s, b0, label) + live_best(g, k - 1, b, p)
    elif move == BREAK:
        for m in range(k):
            after += view_kept(g, m)
        after += live_best(g, 0, b, -1)
    else:  # UNSHIFT
        after = live_best(g, k - 1, b, s)
    return after - g.now


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
        if g.nonmono:
            return nonmono_cost(<ArcEagerGoldC*>_gold, SHIFT, label)
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
        if g.nonmono:
            return nonmono_cost(<ArcEagerGoldC*>_gold, REDUCE, label)
        cdef int s = st.S(0)
        return g.kids_in_buffer[s]


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
        if g.nonmono:
            return nonmono_cost(<ArcEagerGoldC*>_gold, LEFT, label)
        cdef int s = st.S(0), b = st.B(0)
        cdef int cost = g.kids_in_buffer[s] + label_cost(g, s, b, label)
        if head_in_buffer(g, s) and g.heads[s] != b:
            cost += 1
        return cost + is_gold_root(g, s)


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
        if g.nonmono:
            return nonmono_cost(<ArcEagerGoldC*>_gold, RIGHT, label)
        cdef int s = st.S(0), b = st.B(0)
        cdef int cost = g.kids_in_stack[b] + label_cost(g, b, s, label) + is_gold_root(g, b)
        if head_in_stack(g, b) and g.heads[b] != s:
            cost += 1
        return cost + head_in_buffer(g, b)


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
        if g.nonmono:
            return nonmono_cost(<ArcEagerGoldC*>_gold, BREAK, label)
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
        return nonmono_cost(<ArcEagerGoldC*>_gold, UNSHIFT, label)


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
        self.g.view_words = <int32_t*>self.mem.alloc(n + 1, sizeof(int32_t))
        self.g.view_heads = <int32_t*>self.mem.alloc(n + 1, sizeof(int32_t))
        self.g.view_labels = <attr_t*>self.mem.alloc(n + 1, sizeof(attr_t))
        self.g.stack_pos = <int32_t*>self.mem.alloc(n, sizeof(int32_t))
        self.g.end_best = <int32_t*>self.mem.alloc(n + 2, sizeof(int32_t))
        self.g.pending = <int32_t*>self.mem.alloc(n + 2, sizeof(int32_t))
        self.g.free_from = <int32_t*>self.mem.alloc(n + 2, sizeof(int32_t))
        self.g.above_lost = <int32_t*>self.mem.alloc(n + 2, sizeof(int32_t))
        self.g.below_lost = <int32_t*>self.mem.alloc(n + 2, sizeof(int32_t))
        self.g.segment_lost = <int32_t*>self.mem.alloc(n + 2, sizeof(int32_t))


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

    gold_type = ArcEagerGold

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
            base[BREAK] = Break.cost(st, g, 0) if s >= 0 and b >= 0 else 0
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
        if g.nonmono:  # the view of the state, and its least reachable loss
            g.depth = st.stack_depth()
            for i in range(g.depth):
                w = st.S(g.depth - 1 - i)
                g.view_words[i] = w
                g.view_heads[i] = st.H(w)
                g.view_labels[i] = st.label_of(w)
            g.front = st.b0
            g.put_back = st.B(0) if st.is_unshifted(st.B(0)) else -1
            g.now = live_best(g, g.depth, g.front, g.put_back)
            return
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
            elif g.where[i] == IN_STACK and not st.has_head(i):
                g.kids_in_stack[h] += 1
        g.stack_kids_in_buffer = 0
        g.stack_heads_in_buffer = 0
        for i in range(st.stack_depth()):
            w = st.S(i)
            g.stack_kids_in_buffer += g.kids_in_buffer[w]
            if not st.has_head(w) and head_in_buffer(g, w):
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
