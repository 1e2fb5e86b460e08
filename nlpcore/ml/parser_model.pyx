"""C loops of the transition-based parser model.

The lower layer is precomputed per batch: table[r, f, :] is token row r's
contribution to feature slot f (H * P values, index h * P + p). A state's
hidden vector is the sum of its F slot rows (the learned pad row of a slot
where the slot is empty) plus a bias, then maxout over the P pieces; the
upper layer maps H to the move scores. The same summation code serves the
Thinc path used in training (sum_state_features) and the nogil greedy
decoder (greedy_parse), so the two give the same scores.

StateBatch owns the C++ states of a batch (one per doc, or per training
segment), the table row where each state's doc starts, and the golds.
A state may also carry a constraint: a partial gold built from annotation
the doc already has. Greedy decoding then only takes the least-cost valid
moves against it (cost 0 when the annotation is consistent), so the parse
keeps that annotation and the model decides the rest.
"""
from libc.stdint cimport uint64_t
from libc.stdlib cimport calloc, free
from libcpp.vector cimport vector

import numpy

from ..errors import Errors
from ..transition.state cimport StateC, set_context_tokens
from ..transition.stateclass cimport StateClass
from ..transition.transition_system cimport GoldBase, Transition, TransitionSystem


cdef extern from "nlpcore/state_arrays.hh" namespace "nlpcore" nogil:
    cdef enum:
        STATE_COLUMNS
        WORD_COLUMNS
    void pack_states(const StateC* const* states, const int* offsets, int n, int* states_sc,
                     int* words_wc, uint64_t* labels_w, int* stack_w, int* back_w, int* ents_we,
                     uint64_t* ent_labels_w)
    int unpack_states(StateC* const* states, int n, const int* states_sc, const int* words_wc,
                      const uint64_t* labels_w, const int* stack_w, const int* back_w,
                      const int* ents_we, const uint64_t* ent_labels_w)


# ---- kernels (include/nlpcore/parser_kernels.hh) ------------------------------
cdef extern from "nlpcore/parser_kernels.hh" namespace "nlpcore" nogil:
    ctypedef void (*task_func)(void* ctx, int task) noexcept nogil
    void _sum_features "nlpcore::sum_features"(
        const float* table, const float* pad, const float* bias, const int* rows,
        Py_ssize_t n, int F, int HP, float* out) noexcept
    void _maxout "nlpcore::maxout"(const float* pre, Py_ssize_t n, int H, int P, float* out,
                                   int* which) noexcept
    void _linear_t "nlpcore::linear_t"(const float* X, Py_ssize_t n, int nI, const float* WT,
                                       const float* b, int nO, float* Y) noexcept
    void run_tasks(int n_tasks, int n_threads, task_func fn, void* ctx) noexcept


def sum_state_features(const float[:, :, ::1] table, const float[:, ::1] pad,
                       const float[::1] bias, const int[:, ::1] rows):
    """(n, H*P) float32: bias + each state's F slot rows (pad rows where -1).

    table: (N, F, H*P); pad: (F, H*P); bias: (H*P,); rows: (n, F) table rows.
    """
    cdef int F = pad.shape[0], HP = pad.shape[1]
    cdef Py_ssize_t n = rows.shape[0]
    _check_shapes(table, pad, bias, rows)
    out = numpy.zeros((n, HP), dtype="float32")
    if n == 0:
        return out
    cdef float[:, ::1] o = out
    cdef const float* t = &table[0, 0, 0] if table.shape[0] else NULL
    with nogil:
        _sum_features(t, &pad[0, 0], &bias[0], &rows[0, 0], n, F, HP, &o[0, 0])
    return out


def backprop_state_features(const float[:, ::1] d_out, const int[:, ::1] rows,
                            float[:, :, ::1] d_table, float[:, ::1] d_pad):
    """Scatter-add d_out (n, H*P) into d_table (N, F, H*P) at the rows, d_pad where -1."""
    cdef Py_ssize_t i, n = d_out.shape[0]
    cdef int f, k, r, F = d_pad.shape[0], HP = d_pad.shape[1]
    if rows.shape[0] != n or rows.shape[1] != F or d_out.shape[1] != HP:
        raise ValueError(Errors.E355.format(what="gradient", shape=(d_out.shape[0], d_out.shape[1]),
                                            expected=(rows.shape[0], HP)))
    cdef Py_ssize_t N = d_table.shape[0]
    for i in range(n):
        for f in range(F):
            r = rows[i, f]
            if r >= N:
                raise ValueError(Errors.E356.format(row=r, n_rows=N))
    if n == 0:
        return
    cdef float* dt = &d_table[0, 0, 0] if N else NULL
    cdef float* dst
    with nogil:
        for i in range(n):
            for f in range(F):
                r = rows[i, f]
                dst = &d_pad[f, 0] if r < 0 else dt + (<Py_ssize_t>r * F + f) * HP
                for k in range(HP):
                    dst[k] += d_out[i, k]


def _check_shapes(table, pad, bias, rows):
    F, HP = pad.shape[0], pad.shape[1]
    if table.shape[1] != F or table.shape[2] != HP:
        raise ValueError(Errors.E355.format(
            what="table", shape=(table.shape[0], table.shape[1], table.shape[2]),
            expected=("N", F, HP)))
    if bias.shape[0] != HP:
        raise ValueError(Errors.E355.format(what="bias", shape=(bias.shape[0],),
                                            expected=(HP,)))
    if rows.shape[1] != F:
        raise ValueError(Errors.E355.format(
            what="feature rows", shape=(rows.shape[0], rows.shape[1]), expected=("n", F)))
    cdef Py_ssize_t N = table.shape[0]
    bad = numpy.asarray(rows)
    if bad.size and (bad.max() >= N or bad.min() < -1):
        raise ValueError(Errors.E356.format(row=int(bad.max() if bad.max() >= N else bad.min()),
                                            n_rows=N))


def score_states(const float[:, :, ::1] table, const float[:, ::1] pad, const float[::1] bias,
                 int nP, upper_W, upper_b, const int[:, ::1] rows):
    """Move scores (n, nO) of the C prediction path for given feature rows.

    Used by the parity test against the Thinc path; upper_W (nO, H) and
    upper_b (nO,) may be None (use_upper = false: the maxout output is the scores).
    """
    _check_shapes(table, pad, bias, rows)
    cdef int F = pad.shape[0], HP = pad.shape[1]
    cdef int H = HP // nP
    cdef Py_ssize_t n = rows.shape[0]
    pre = numpy.zeros((n, HP), dtype="float32")
    hidden = numpy.zeros((n, H), dtype="float32")
    if n == 0:
        return hidden if upper_W is None else numpy.zeros((0, len(upper_b)), dtype="float32")
    cdef float[:, ::1] p = pre
    cdef float[:, ::1] h = hidden
    cdef const float* t = &table[0, 0, 0] if table.shape[0] else NULL
    _sum_features(t, &pad[0, 0], &bias[0], &rows[0, 0], n, F, HP, &p[0, 0])
    _maxout(&p[0, 0], n, H, nP, &h[0, 0], NULL)
    if upper_W is None:
        return hidden
    cdef const float[:, ::1] WT = numpy.ascontiguousarray(numpy.asarray(upper_W).T,
                                                          dtype="float32")
    cdef const float[::1] b = numpy.ascontiguousarray(upper_b, dtype="float32")
    out = numpy.zeros((n, WT.shape[1]), dtype="float32")
    cdef float[:, ::1] o = out
    _linear_t(&h[0, 0], n, H, &WT[0, 0], &b[0], WT.shape[1], &o[0, 0])
    return out


# ---- the greedy decoder ---------------------------------------------------------
cdef struct ParseJob:
    void* system            # the TransitionSystem (borrowed)
    StateC** states         # this group's states
    const int* offsets      # the table row of each state's doc
    void** golds            # each state's constraint (NULL: none); NULL if no state has one
    int n
    const float* table      # (N, F, HP)
    Py_ssize_t N
    const float* pad
    const float* bias
    const float* WT         # (H, nO) transposed upper weights, NULL without upper
    const float* b
    int F
    int HP
    int H
    int nP
    int nO
    int steps               # out: steps taken
    int n_open              # out: states left open
    int failed              # out: 1 if the buffers couldn't be allocated


cdef void _parse_task(void* ctx, int task) noexcept nogil:
    _parse_job(&(<ParseJob*>ctx)[task])


cdef void _constrained_step(void* system, StateC** states, void** golds,
                            const float* scores, int n, int* valid,
                            float* costs) noexcept nogil:
    """greedy_step, but a state with a constraint takes its best least-cost valid move."""
    cdef int i, j, best, nO = (<TransitionSystem>system).n_moves
    cdef float least
    cdef Transition* moves = (<TransitionSystem>system).c
    for i in range(n):
        if golds[i] == NULL:
            (<TransitionSystem>system).greedy_step(&states[i], &scores[i * nO], 1, valid)
            continue
        (<TransitionSystem>system).set_costs(&states[i], &golds[i], 1, valid, costs)
        least = 0
        best = -1
        for j in range(nO):
            if valid[j] and (best == -1 or costs[j] < least):
                best, least = j, costs[j]
        for j in range(nO):
            if valid[j] and costs[j] <= least and scores[i * nO + j] > scores[i * nO + best]:
                best = j
        if best >= 0:
            moves[best].apply(states[i], moves[best].label)


cdef void _parse_job(ParseJob* job) noexcept nogil:
    """Decode one group of states greedily to the end (see greedy_parse)."""
    cdef int n = job.n, F = job.F, HP = job.HP, H = job.H, nO = job.nO
    cdef int i, f, r, max_len = 0, steps = 0
    for i in range(n):
        max_len = max(max_len, job.states[i].length)
    cdef int max_steps = 4 * max_len + 16
    cdef int* rows = <int*>calloc(<size_t>n * F + 1, sizeof(int))
    cdef float* pre = <float*>calloc(<size_t>n * HP + 1, sizeof(float))
    cdef float* hidden = <float*>calloc(<size_t>n * H + 1, sizeof(float))
    cdef float* scores = <float*>calloc(<size_t>n * nO + 1, sizeof(float))
    cdef int* valid = <int*>calloc(<size_t>n * nO + 1, sizeof(int))
    cdef float* costs = NULL
    if job.golds != NULL:
        costs = <float*>calloc(<size_t>nO + 1, sizeof(float))
    cdef vector[StateC*] ptrs
    cdef vector[int] offs
    cdef vector[void*] golds
    cdef vector[StateC*] keep
    cdef vector[int] keep_offs
    cdef vector[void*] keep_golds
    if (rows == NULL or pre == NULL or hidden == NULL or scores == NULL or valid == NULL
            or (job.golds != NULL and costs == NULL)):
        job.failed = 1
    else:
        for i in range(n):
            if not job.states[i].is_final():
                ptrs.push_back(job.states[i])
                offs.push_back(job.offsets[i])
                if job.golds != NULL:
                    golds.push_back(job.golds[i])
        while ptrs.size() and steps < max_steps:
            steps += 1
            n = <int>ptrs.size()
            set_context_tokens(ptrs.data(), n, rows, F)
            for i in range(n):
                for f in range(F):
                    r = rows[i * F + f]
                    if r >= 0:
                        r += offs[i]
                        # can't happen with consistent offsets
                        rows[i * F + f] = r if r < job.N else -1
            _sum_features(job.table, job.pad, job.bias, rows, n, F, HP, pre)
            if job.WT != NULL:
                _maxout(pre, n, H, job.nP, hidden, NULL)
                _linear_t(hidden, n, H, job.WT, job.b, nO, scores)
            else:
                _maxout(pre, n, H, job.nP, scores, NULL)
            if job.golds == NULL:
                (<TransitionSystem>job.system).greedy_step(ptrs.data(), scores, n, valid)
            else:
                _constrained_step(job.system, ptrs.data(), golds.data(), scores, n, valid,
                                  costs)
            keep.clear()
            keep_offs.clear()
            keep_golds.clear()
            for i in range(n):
                if not ptrs[i].is_final():
                    keep.push_back(ptrs[i])
                    keep_offs.push_back(offs[i])
                    if job.golds != NULL:
                        keep_golds.push_back(golds[i])
            ptrs.swap(keep)
            offs.swap(keep_offs)
            golds.swap(keep_golds)
    job.steps = steps
    job.n_open = <int>ptrs.size()
    free(rows)
    free(pre)
    free(hidden)
    free(scores)
    free(valid)
    free(costs)


# ---- states -------------------------------------------------------------------
cdef inline void* _data(array):
    """The data pointer of a C-contiguous NumPy array (kept alive by the caller)."""
    return <void*><size_t>array.ctypes.data


cdef class StateBatch:
    """The C++ states of a batch, with their docs' first table rows and their golds.

    system: the TransitionSystem; lengths: each doc's length; offsets: the
    table row of each doc's first token; starts/ends (optional): the segment
    [start, end) each state covers (training cuts long docs into segments);
    doc_index: which doc each state is over (default: state i over doc i);
    golds: one GoldBase per state (for costs), or None.
    Constraints for greedy_parse are set apart, with set_constraints.
    """
    cdef readonly TransitionSystem system
    cdef vector[StateC*] states
    cdef vector[int] offsets
    cdef vector[int] active
    cdef list golds
    cdef list constraints              # owns the golds c_constraints points into
    cdef vector[void*] c_constraints   # per state, NULL unconstrained; empty if none is
    cdef readonly int n_states
    cdef readonly int nr_feature

    def __init__(self, TransitionSystem system, lengths, offsets, int nr_feature, *,
                 starts=None, ends=None, doc_index=None, golds=None):
        self.system = system
        self.nr_feature = nr_feature
        lengths, offsets = list(lengths), list(offsets)
        if doc_index is None:
            doc_index = list(range(len(lengths)))
        self.n_states = len(doc_index)
        if starts is None:
            starts = [0] * self.n_states
        if ends is None:
            ends = [lengths[d] for d in doc_index]
        if golds is not None:
            golds = list(golds)
            if len(golds) != self.n_states:
                raise ValueError(Errors.E357.format(n=len(golds), n_states=self.n_states))
        self.golds = golds
        cdef StateC* st
        cdef int i, d
        for i in range(self.n_states):
            d = doc_index[i]
            if not 0 <= starts[i] <= ends[i] <= lengths[d]:
                raise ValueError(Errors.E358.format(start=starts[i], end=ends[i],
                                                    length=lengths[d]))
            if golds is not None:
                system.check_gold_type(golds[i])
            if golds is not None and (<GoldBase>golds[i]).length != lengths[d]:
                raise ValueError(Errors.E357.format(n=(<GoldBase>golds[i]).length,
                                                    n_states=lengths[d]))
            st = new StateC(<int>lengths[d])
            st.b0 = starts[i]
            st.length = ends[i]
            self.states.push_back(st)
            self.offsets.push_back(offsets[d])
            if not st.is_final():
                self.active.push_back(i)

    def __dealloc__(self):
        cdef size_t i
        for i in range(self.states.size()):
            del self.states[i]
        self.states.clear()

    def set_constraints(self, constraints) -> None:
        """Give greedy_parse a partial gold per state (None: unconstrained).

        A constrained state takes the best-scoring valid move of least cost
        against its gold, so a parse keeps every annotation the gold holds
        whenever the system can reach it. Each gold serves one state only (its
        cached counts are rewritten at every step, possibly on another thread).
        """
        constraints = list(constraints)
        if len(constraints) != self.n_states:
            raise ValueError(Errors.E357.format(n=len(constraints), n_states=self.n_states))
        given = [gold for gold in constraints if gold is not None]
        if len({id(gold) for gold in given}) != len(given):
            raise ValueError(Errors.E370)
        cdef int i, length
        for i, gold in enumerate(constraints):
            length = <int>self.states[i].words.size()
            if gold is not None:
                self.system.check_gold_type(gold)
            if gold is not None and (<GoldBase>gold).length != length:
                raise ValueError(Errors.E357.format(n=(<GoldBase>gold).length, n_states=length))
        self.constraints = constraints if given else None
        self.c_constraints.clear()
        if given:
            for gold in constraints:
                self.c_constraints.push_back(NULL if gold is None else (<GoldBase>gold).c)

    @property
    def constrained(self) -> bool:
        """Whether some state has a constraint (set_constraints)."""
        return self.c_constraints.size() > 0

    @property
    def n_active(self) -> int:
        return <int>self.active.size()

    @property
    def active_indices(self):
        """Indices of the states not yet final."""
        return [self.active[i] for i in range(self.active.size())]

    cdef void _rows(self, int* out) noexcept nogil:
        cdef int i, f, n = <int>self.active.size(), F = self.nr_feature
        cdef vector[StateC*] ptrs
        for i in range(n):
            ptrs.push_back(self.states[self.active[i]])
        set_context_tokens(ptrs.data(), n, out, F)
        for i in range(n):
            for f in range(F):
                if out[i * F + f] >= 0:
                    out[i * F + f] += self.offsets[self.active[i]]

    def context_rows(self):
        """(n_active, nr_feature) int32: the table row of each active state's slots, -1 empty."""
        out = numpy.full((self.active.size(), self.nr_feature), -1, dtype="int32")
        cdef int[:, ::1] view = out
        if self.active.size():
            self._rows(&view[0, 0])
        return out

    def valid(self):
        """(n_active, n_moves) int32: 1 where a move is valid."""
        cdef int n = <int>self.active.size(), i
        out = numpy.zeros((n, self.system.n_moves), dtype="int32")
        if n == 0 or self.system.n_moves == 0:
            return out
        cdef int[:, ::1] v = out
        cdef vector[StateC*] ptrs
        for i in range(n):
            ptrs.push_back(self.states[self.active[i]])
        self.system.set_valid(ptrs.data(), n, &v[0, 0])
        return out

    def costs(self):
        """(is_valid int32, costs float32), each (n_active, n_moves); needs golds."""
        if self.golds is None:
            raise ValueError(Errors.E357.format(n=0, n_states=self.n_states))
        cdef int n = <int>self.active.size(), i
        is_valid = numpy.zeros((n, self.system.n_moves), dtype="int32")
        costs = numpy.zeros((n, self.system.n_moves), dtype="float32")
        if n == 0 or self.system.n_moves == 0:
            return is_valid, costs
        cdef int[:, ::1] v = is_valid
        cdef float[:, ::1] c = costs
        cdef vector[StateC*] ptrs
        cdef vector[void*] golds
        for i in range(n):
            ptrs.push_back(self.states[self.active[i]])
            golds.push_back((<GoldBase>self.golds[self.active[i]]).c)
        with nogil:
            self.system.set_costs(ptrs.data(), golds.data(), n, &v[0, 0], &c[0, 0])
        return is_valid, costs

    def apply(self, classes) -> int:
        """Apply one move (by class) to each active state, in order; drop final
        states. Returns how many stay active. A move must be valid."""
        cdef const int[::1] cls = numpy.ascontiguousarray(classes, dtype="int32")
        cdef int n = <int>self.active.size(), i, c
        if cls.shape[0] != n:
            raise ValueError(Errors.E357.format(n=cls.shape[0], n_states=n))
        cdef StateC* st
        for i in range(n):
            c = cls[i]
            st = self.states[self.active[i]]
            if not 0 <= c < self.system.n_moves:
                raise ValueError(Errors.E359.format(clas=c, n_moves=self.system.n_moves))
            if not self.system.c[c].is_valid(st, self.system.c[c].label):
                raise ValueError(Errors.E359.format(clas=c, n_moves=self.system.n_moves))
            self.system.c[c].apply(st, self.system.c[c].label)
        self._compact()
        return <int>self.active.size()

    cdef void _compact(self) noexcept nogil:
        cdef vector[int] keep
        cdef size_t i
        for i in range(self.active.size()):
            if not self.states[self.active[i]].is_final():
                keep.push_back(self.active[i])
        self.active.swap(keep)

    def state(self, int i) -> StateClass:
        """A copy of state i, as a StateClass."""
        if not 0 <= i < self.n_states:
            raise IndexError(Errors.E357.format(n=i, n_states=self.n_states))
        return StateClass.wrap_copy(self.states[i], None)

    def heads_labels(self, int i):
        """(heads int32, label keys uint64) of state i; -1 where unattached."""
        cdef StateC* st = self.states[i]
        cdef int j, n = <int>st.words.size()
        heads = numpy.empty((n,), dtype="int32")
        labels = numpy.empty((n,), dtype="uint64")
        cdef int[::1] h = heads
        cdef unsigned long long[::1] label_keys = labels
        for j in range(n):
            h[j] = st.words[j].head
            label_keys[j] = st.words[j].label
        return heads, labels

    def all_heads_labels(self, unsigned long long root):
        """(heads int32, label keys uint64) of every state in turn, one array each;
        an unattached word heads itself with the root label."""
        cdef size_t total = 0, i
        for i in range(self.states.size()):
            total += self.states[i].words.size()
        heads = numpy.empty((total,), dtype="int32")
        labels = numpy.empty((total,), dtype="uint64")
        cdef int[::1] h = heads
        cdef unsigned long long[::1] label_keys = labels
        cdef size_t row = 0
        cdef int j
        cdef StateC* st
        with nogil:
            for i in range(self.states.size()):
                st = self.states[i]
                for j in range(<int>st.words.size()):
                    if st.words[j].head < 0:
                        h[row] = j
                        label_keys[row] = root
                    else:
                        h[row] = st.words[j].head
                        label_keys[row] = st.words[j].label
                    row += 1
        return heads, labels

    def _array_layout(self):
        """name -> (dtype, shape) of the arrays to_arrays gives for these states."""
        cdef size_t total = 0, i
        for i in range(self.states.size()):
            total += self.states[i].words.size()
        n = self.states.size()
        return {"states_sc": ("int32", (n, STATE_COLUMNS)),
                "words_wc": ("int32", (total, WORD_COLUMNS)),
                "labels_w": ("uint64", (total,)), "stack_w": ("int32", (total,)),
                "back_w": ("int32", (total,)), "ents_we": ("int32", (total, 2)),
                "ent_labels_w": ("uint64", (total,))}

    def to_arrays(self):
        """Every state as flat arrays (include/nlpcore/state_arrays.hh): a dict of
        states_sc, words_wc (int32), labels_w (uint64), stack_w, back_w, ents_we
        (int32) and ent_labels_w (uint64)."""
        out = {name: numpy.zeros(shape, dtype=dtype)
               for name, (dtype, shape) in self._array_layout().items()}
        cdef int n = <int>self.states.size()
        if n == 0:
            return out
        cdef int* states_sc = <int*>_data(out["states_sc"])
        cdef int* words_wc = <int*>_data(out["words_wc"])
        cdef uint64_t* labels_w = <uint64_t*>_data(out["labels_w"])
        cdef int* stack_w = <int*>_data(out["stack_w"])
        cdef int* back_w = <int*>_data(out["back_w"])
        cdef int* ents_we = <int*>_data(out["ents_we"])
        cdef uint64_t* ent_labels_w = <uint64_t*>_data(out["ent_labels_w"])
        with nogil:
            pack_states(self.states.data(), self.offsets.data(), n, states_sc, words_wc,
                        labels_w, stack_w, back_w, ents_we, ent_labels_w)
        return out

    def load_arrays(self, states_sc, words_wc, labels_w, stack_w, back_w, ents_we,
                    ent_labels_w) -> int:
        """Overwrite every state from arrays laid out as to_arrays gives them (after a
        device has moved the states on); returns how many stay active."""
        given = {"states_sc": states_sc, "words_wc": words_wc, "labels_w": labels_w,
                 "stack_w": stack_w, "back_w": back_w, "ents_we": ents_we,
                 "ent_labels_w": ent_labels_w}
        for name, (dtype, shape) in self._array_layout().items():
            array = given[name]
            if array.dtype != dtype or tuple(array.shape) != shape:
                raise ValueError(Errors.E355.format(what=f"{name} ({array.dtype})",
                                                    shape=tuple(array.shape), expected=shape))
            given[name] = numpy.ascontiguousarray(array)
        cdef int n = <int>self.states.size(), status
        if n == 0:
            return 0
        cdef const int* s_sc = <const int*>_data(given["states_sc"])
        cdef const int* w_wc = <const int*>_data(given["words_wc"])
        cdef const uint64_t* l_w = <const uint64_t*>_data(given["labels_w"])
        cdef const int* st_w = <const int*>_data(given["stack_w"])
        cdef const int* b_w = <const int*>_data(given["back_w"])
        cdef const int* e_we = <const int*>_data(given["ents_we"])
        cdef const uint64_t* el_w = <const uint64_t*>_data(given["ent_labels_w"])
        with nogil:
            status = unpack_states(self.states.data(), n, s_sc, w_wc, l_w, st_w, b_w, e_we,
                                   el_w)
        if status < 0:
            raise ValueError(Errors.E365.format(i=-1 - status))
        self.active.clear()
        for i in range(self.states.size()):
            if not self.states[i].is_final():
                self.active.push_back(<int>i)
        return <int>self.active.size()

    def entities(self, int i):
        """Closed entities of state i as (start, end, label key)."""
        cdef StateC* st = self.states[i]
        return [(e.start, e.end, e.label) for e in st.ents if e.end >= 0]

    def greedy_parse(self, const float[:, :, ::1] table, const float[:, ::1] pad,
                     const float[::1] bias, int nP, upper_W, upper_b, int n_threads=1):
        """Parse every active state to the end, greedily, in C under nogil.

        Each step scores the active states (the same sums as score_states),
        masks invalid moves, applies the best and drops final states. With
        n_threads > 1 the states are split into n_threads groups of about
        equal length, each decoded on its own thread; a state's moves depend
        on its own scores only, so the parses are the same as with one thread.
        States with a constraint (set_constraints) take least-cost moves only.
        Raises a coded error if a state can't be finished (a system bug).
        """
        cdef int F = pad.shape[0], HP = pad.shape[1], H = HP // nP
        if n_threads < 1:
            raise ValueError(Errors.E363.format(name="n_threads", value=n_threads))
        if F != self.nr_feature or HP != nP * H or table.shape[1] != F or table.shape[2] != HP:
            raise ValueError(Errors.E355.format(
                what="table", shape=(table.shape[0], table.shape[1], table.shape[2]),
                expected=("N", self.nr_feature, HP)))
        cdef int nO = H
        cdef const float* WTp = NULL
        cdef const float* bp = NULL
        cdef const float[:, ::1] WT
        cdef const float[::1] b
        if upper_W is not None:
            WT = numpy.ascontiguousarray(numpy.asarray(upper_W).T, dtype="float32")
            b = numpy.ascontiguousarray(upper_b, dtype="float32")
            if WT.shape[0] != H or b.shape[0] != WT.shape[1]:
                raise ValueError(Errors.E355.format(what="upper weights",
                                                    shape=(WT.shape[1], WT.shape[0]),
                                                    expected=(b.shape[0], H)))
            nO, WTp, bp = WT.shape[1], &WT[0, 0], &b[0]
        if nO != self.system.n_moves:
            raise ValueError(Errors.E355.format(what="scores", shape=(nO,),
                                                expected=(self.system.n_moves,)))
        cdef Py_ssize_t N = table.shape[0]
        cdef int n = <int>self.active.size()
        if n == 0:
            return
        if N == 0:
            raise ValueError(Errors.E356.format(row=0, n_rows=0))
        # Groups of about equal length: longest states first, each to the
        # lightest group; a group keeps its states in batch order.
        cdef int n_groups = min(n_threads, n), g, i
        active = [self.active[i] for i in range(n)]
        members = [active]
        if n_groups > 1:
            load = [0] * n_groups
            members = [[] for _ in range(n_groups)]
            for i in sorted(active, key=lambda j: -(self.states[j].length - self.states[j].b0)):
                g = load.index(min(load))
                load[g] += self.states[i].length - self.states[i].b0 + 1
                members[g].append(i)
            members = [sorted(group) for group in members]
        cdef vector[ParseJob] jobs
        cdef vector[StateC*] group_states
        cdef vector[int] group_offsets
        cdef vector[void*] group_golds
        cdef bint constrained = self.c_constraints.size() > 0
        cdef vector[int] starts
        jobs.resize(n_groups)
        for g in range(n_groups):
            starts.push_back(<int>group_states.size())
            for i in members[g]:
                group_states.push_back(self.states[i])
                group_offsets.push_back(self.offsets[i])
                if constrained:
                    group_golds.push_back(self.c_constraints[i])
        starts.push_back(<int>group_states.size())
        for g in range(n_groups):
            jobs[g].system = <void*>self.system
            jobs[g].states = group_states.data() + starts[g]
            jobs[g].offsets = group_offsets.data() + starts[g]
            jobs[g].golds = group_golds.data() + starts[g] if constrained else NULL
            jobs[g].n = starts[g + 1] - starts[g]
            jobs[g].table = &table[0, 0, 0]
            jobs[g].N = N
            jobs[g].pad = &pad[0, 0]
            jobs[g].bias = &bias[0]
            jobs[g].WT = WTp
            jobs[g].b = bp
            jobs[g].F, jobs[g].HP, jobs[g].H, jobs[g].nP, jobs[g].nO = F, HP, H, nP, nO
            jobs[g].steps = jobs[g].n_open = jobs[g].failed = 0
        with nogil:
            if n_groups == 1:
                _parse_task(jobs.data(), 0)
            else:
                run_tasks(n_groups, n_groups, _parse_task, jobs.data())
            self._compact()
        cdef int steps = 0
        for g in range(n_groups):
            if jobs[g].failed:
                raise MemoryError(Errors.E364.format(n=jobs[g].n))
            steps = max(steps, jobs[g].steps)
        if self.active.size():
            raise RuntimeError(Errors.E354.format(n=self.active.size(), steps=steps))
