# The contract between a transition system and its callers (the parser and
# NER models of issue 6): a table of moves with function pointers, batch
# validity and costs with no Python, and gold data behind a void pointer.
from cymem.cymem cimport Pool

from ..strings cimport StringStore
from ..typedefs cimport attr_t
from .state cimport StateC

ctypedef float weight_t

# One move of the table: its class (row in the score matrix), its kind (a
# system's move constant), its label, and what it does.
ctypedef bint (*is_valid_func)(const StateC* st, attr_t label) noexcept nogil
ctypedef int (*apply_func)(StateC* st, attr_t label) noexcept nogil
ctypedef weight_t (*cost_func)(const StateC* st, const void* gold, attr_t label) noexcept nogil


cdef struct Transition:
    int clas
    int move
    attr_t label
    is_valid_func is_valid
    apply_func apply
    cost_func get_cost


cdef class GoldBase:
    # Owns a system's C gold struct (c points to it); per-state counts in it
    # are refreshed by TransitionSystem.update_gold before costs are read.
    cdef Pool mem
    cdef void* c
    cdef readonly int length


cdef class TransitionSystem:
    cdef Pool mem
    cdef readonly StringStore strings
    cdef Transition* c
    cdef readonly int n_moves
    cdef int _capacity

    cdef int add_transition(self, int move, attr_t label) except -1
    cdef Transition make_transition(self, int clas, int move, attr_t label) except *
    # Refresh the gold's cached counts for this state (O(length)).
    cdef void update_gold(self, void* gold, const StateC* st) noexcept nogil
    # is_valid: n * n_moves ints, row-major by state.
    cdef void set_valid(self, StateC** states, int n, int* is_valid) noexcept nogil
    # Both n * n_moves; costs of invalid moves are written as 0: mask them.
    cdef void set_costs(self, StateC** states, void** golds, int n,
                        int* is_valid, weight_t* costs) noexcept nogil
    cdef int apply_move(self, StateC* st, int clas) noexcept nogil
    # One greedy step for a batch: for each non-final state, apply the valid
    # move with the highest score (scores: n * n_moves). Returns how many
    # states are still not final. is_valid: scratch of n * n_moves ints.
    cdef int greedy_step(self, StateC** states, const weight_t* scores, int n,
                         int* is_valid) noexcept nogil
    cdef int _walk_oracle(self, StateC* st, void* gold, int* trace, int trace_len,
                          int* n_states) noexcept nogil
