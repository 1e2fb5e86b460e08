from libc.stdint cimport int8_t, int32_t

from ..typedefs cimport attr_t
from .transition_system cimport GoldBase, TransitionSystem

# Move kinds of the BILUO entity system (Transition.move).
cdef enum:
    BEGIN
    IN
    LAST
    UNIT
    OUT
    N_BILUO_MOVES


cdef struct BiluoGoldC:
    int32_t length
    int32_t n_labels
    attr_t* labels           # the system's labels; a label's index is its column
    int8_t* moves            # gold move per token; -1 missing
    int32_t* label_idx       # gold label index per token; -1 none
    # best[i * (n_labels + 1) + k]: least loss of tokens i.. from position i with
    # no entity open (k = 0) or an entity of label k - 1 open. A cost is then
    # loss(move) + best[next] - best[now], O(1) after the label lookup.
    int32_t* best
    int32_t n_neg
    int32_t* neg_start       # known-negative spans: [start, end) must not be label
    int32_t* neg_end
    attr_t* neg_label


cdef class BiluoGold(GoldBase):
    cdef BiluoGoldC* g
    cdef readonly list tags
    cdef readonly list negatives


cdef class BiluoNER(TransitionSystem):
    cdef readonly list labels
