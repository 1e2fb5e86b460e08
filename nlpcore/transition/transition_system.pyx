"""TransitionSystem: a table of moves with batch validity, costs and oracle walks."""
from libc.stdlib cimport calloc, free

import numpy

from cymem.cymem cimport Pool

from ..errors import Errors
from .state cimport StateC
from .stateclass cimport StateClass


cdef class GoldBase:
    """Base of every system's gold: owns the C struct that `c` points to."""

    def __cinit__(self):
        self.mem = Pool()
        self.c = NULL
        self.length = 0


cdef class TransitionSystem:
    """A table of moves; subclasses fill it and supply the gold.

    strings: the StringStore labels are interned in.
    """

    gold_type = GoldBase  # the subclass's gold class (the C struct its costs read)

    def __cinit__(self, *args, **kwargs):
        self.mem = Pool()
        self.n_moves = 0
        self._capacity = 16
        self.c = <Transition*>self.mem.alloc(self._capacity, sizeof(Transition))

    cdef int add_transition(self, int move, attr_t label) except -1:
        if self.n_moves >= self._capacity:
            self._capacity *= 2
            self.c = <Transition*>self.mem.realloc(self.c, self._capacity * sizeof(Transition))
        self.c[self.n_moves] = self.make_transition(self.n_moves, move, label)
        self.n_moves += 1
        return 0

    cdef Transition make_transition(self, int clas, int move, attr_t label) except *:
        raise NotImplementedError

    cdef void update_gold(self, void* gold, const StateC* st) noexcept nogil:
        pass

    cdef void set_valid(self, StateC** states, int n, int* is_valid) noexcept nogil:
        cdef int i, j
        if self.n_moves == 0:
            return
        for i in range(n):
            for j in range(self.n_moves):
                is_valid[i * self.n_moves + j] = self.c[j].is_valid(states[i], self.c[j].label)

    cdef void set_costs(self, StateC** states, void** golds, int n,
                        int* is_valid, weight_t* costs) noexcept nogil:
        cdef int i, j, k
        TransitionSystem.set_valid(self, states, n, is_valid)
        for i in range(n):
            self.update_gold(golds[i], states[i])
            for j in range(self.n_moves):
                k = i * self.n_moves + j
                if is_valid[k]:
                    costs[k] = self.c[j].get_cost(states[i], golds[i], self.c[j].label)
                else:
                    costs[k] = 0

    cdef int apply_move(self, StateC* st, int clas) noexcept nogil:
        return self.c[clas].apply(st, self.c[clas].label)

    cdef int greedy_step(self, StateC** states, const weight_t* scores, int n,
                         int* is_valid) noexcept nogil:
        cdef int i, j, best, n_open = 0
        cdef weight_t best_score
        self.set_valid(states, n, is_valid)
        for i in range(n):
            if states[i].is_final():
                continue
            best = -1
            best_score = 0
            for j in range(self.n_moves):
                if is_valid[i * self.n_moves + j] and (
                        best == -1 or scores[i * self.n_moves + j] > best_score):
                    best = j
                    best_score = scores[i * self.n_moves + j]
            if best >= 0:
                self.c[best].apply(states[i], self.c[best].label)
            if not states[i].is_final():
                n_open += 1
        return n_open

    # ---- Python API ------------------------------------------------------
    def move_name(self, int move, label) -> str:
        raise NotImplementedError

    @property
    def move_names(self):
        """The name of every class, in class order."""
        return [self.move_name(self.c[i].move, self.strings[self.c[i].label]
                               if self.c[i].label else "")
                for i in range(self.n_moves)]

    @property
    def class_table(self):
        """(moves int32, label keys uint64) of every class, in class order."""
        moves = numpy.array([self.c[i].move for i in range(self.n_moves)], dtype="int32")
        labels = numpy.array([self.c[i].label for i in range(self.n_moves)], dtype="uint64")
        return moves, labels

    def get_class(self, name) -> int:
        """The class of a move, by name (an int is returned as is)."""
        if isinstance(name, int):
            if not 0 <= name < self.n_moves:
                raise ValueError(Errors.E302.format(name=name, names=self.move_names))
            return name
        names = self.move_names
        if name not in names:
            raise ValueError(Errors.E302.format(name=name, names=names))
        return names.index(name)

    def init_state(self, length_or_doc) -> StateClass:
        """A fresh state over a Doc (or a number of words)."""
        return StateClass(length_or_doc)

    def valid(self, StateClass state):
        """An int32 array over the classes: 1 where the move is valid."""
        out = numpy.zeros((self.n_moves,), dtype="int32")
        cdef int[::1] view = out
        if self.n_moves:
            self.set_valid(&state.c, 1, &view[0])
        return out

    def is_valid(self, StateClass state, name) -> bool:
        cdef int clas = self.get_class(name)
        return bool(self.c[clas].is_valid(state.c, self.c[clas].label))

    def apply(self, StateClass state, name) -> None:
        """Apply a move (by name or class); raises if it is not valid."""
        cdef int clas = self.get_class(name)
        if state.c.is_final():
            raise ValueError(Errors.E312)
        if not self.c[clas].is_valid(state.c, self.c[clas].label):
            raise ValueError(Errors.E303.format(name=self.move_names[clas],
                                                state=state.print_state()))
        self.c[clas].apply(state.c, self.c[clas].label)

    def costs(self, StateClass state, GoldBase gold):
        """(is_valid, costs) arrays over the classes for one state."""
        return self.batch_costs([state], [gold])

    def batch_costs(self, states, golds):
        """(is_valid int32, costs float32), each of shape (len(states), n_moves)."""
        cdef int n = len(states)
        is_valid = numpy.zeros((n, self.n_moves), dtype="int32")
        costs = numpy.zeros((n, self.n_moves), dtype="float32")
        if n == 0 or self.n_moves == 0:
            return is_valid, costs
        cdef int[:, ::1] v = is_valid
        cdef float[:, ::1] c = costs
        cdef StateC** c_states = <StateC**>calloc(n, sizeof(StateC*))
        cdef void** c_golds = <void**>calloc(n, sizeof(void*))
        cdef int i
        try:
            for i in range(n):
                self._check_gold(states[i], golds[i])
                c_states[i] = (<StateClass>states[i]).c
                c_golds[i] = (<GoldBase>golds[i]).c
            with nogil:
                self.set_costs(c_states, c_golds, n, &v[0, 0], &c[0, 0])
        finally:
            free(c_states)
            free(c_golds)
        return is_valid, costs

    def step_batch(self, states, scores) -> int:
        """One greedy step (the nogil greedy_step) for StateClass states and a
        (len(states), n_moves) float32 score array; returns how many are not final."""
        cdef int n = len(states)
        if n == 0:
            return 0
        cdef const float[:, ::1] s = numpy.ascontiguousarray(scores, dtype="float32")
        if s.shape[0] != n or s.shape[1] != self.n_moves:
            raise ValueError(Errors.E304.format(what="scores", n=s.shape[0], length=n))
        cdef StateC** c_states = <StateC**>calloc(n, sizeof(StateC*))
        cdef int* valid = <int*>calloc(n * self.n_moves + 1, sizeof(int))
        cdef int i, n_open
        try:
            for i in range(n):
                c_states[i] = (<StateClass?>states[i]).c
            with nogil:
                n_open = self.greedy_step(c_states, &s[0, 0], n, valid)
        finally:
            free(c_states)
            free(valid)
        return n_open

    def table_costs(self, StateClass state, GoldBase gold):
        """(is_valid, costs) for one state from the table's function pointers, entry
        by entry: the reference that a system's faster set_costs must match."""
        self._check_gold(state, gold)
        is_valid = numpy.zeros((1, self.n_moves), dtype="int32")
        costs = numpy.zeros((1, self.n_moves), dtype="float32")
        cdef int[:, ::1] v = is_valid
        cdef float[:, ::1] c = costs
        if self.n_moves:
            TransitionSystem.set_costs(self, &state.c, &gold.c, 1, &v[0, 0], &c[0, 0])
        return is_valid, costs

    def check_gold_type(self, gold) -> None:
        """A coded TypeError (E316) unless gold is this system's kind of gold."""
        if type(gold) is not self.gold_type:
            raise TypeError(Errors.E316.format(system=type(self).__name__,
                                               got=type(gold).__name__,
                                               expected=self.gold_type.__name__))

    def _check_gold(self, state, gold):
        self.check_gold_type(gold)
        cdef StateClass st = state
        cdef GoldBase g = gold
        if g.length != st.c.length:
            raise ValueError(Errors.E304.format(what="data", n=g.length, length=st.c.length))

    def oracle_sequence(self, GoldBase gold, StateClass state=None):
        """Names of the moves the oracle takes from state (default: a fresh one).

        At each state it takes the valid move of least cost, the first class on
        ties. Returns the list of move names; the state is left final.
        """
        if state is None:
            state = self.init_state(gold.length)
        self._check_gold(state, gold)
        names = self.move_names
        cdef int n_states = 0
        cdef int[::1] trace = numpy.zeros((4 * state.c.length + 8,), dtype="int32")
        self._walk_oracle(state.c, gold.c, &trace[0], trace.shape[0], &n_states)
        path = [names[trace[i]] for i in range(n_states)]
        return path

    def oracle_walk(self, GoldBase gold):
        """Walk the oracle from a fresh state, scoring every move at every state.

        Returns (n_states, total_cost, zero_cost_reached): the states visited,
        the summed cost of the moves taken, and whether it was 0.
        """
        self.check_gold_type(gold)
        cdef StateC* st = new StateC(<int>gold.length)
        cdef int n_states = 0, total
        try:
            with nogil:
                total = self._walk_oracle(st, gold.c, NULL, 0, &n_states)
        finally:
            del st
        return n_states, total, total == 0

    cdef int _walk_oracle(self, StateC* st, void* gold, int* trace, int trace_len,
                          int* n_states) noexcept nogil:
        """Follow least-cost valid moves to the end; returns the summed cost.

        trace (if not NULL) gets the classes taken, up to trace_len.
        """
        cdef int* valid = <int*>calloc(self.n_moves + 1, sizeof(int))
        cdef weight_t* costs = <weight_t*>calloc(self.n_moves + 1, sizeof(weight_t))
        cdef int j, best, total = 0, guard = 4 * st.length + 8
        while not st.is_final() and guard > 0:
            guard -= 1
            self.set_costs(&st, &gold, 1, valid, costs)
            best = -1
            for j in range(self.n_moves):
                if valid[j] and (best == -1 or costs[j] < costs[best]):
                    best = j
            if best == -1:
                total += 1000000
                break
            if trace != NULL:
                if n_states[0] >= trace_len:
                    break
                trace[n_states[0]] = best
            total += <int>costs[best]
            n_states[0] += 1
            self.c[best].apply(st, self.c[best].label)
        free(valid)
        free(costs)
        return total
