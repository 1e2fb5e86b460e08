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
    # The least reachable loss, filled once per gold (right to left), so that a
    # cost is loss(move) + best(next) - best(now), O(1) plus a look at the
    # negatives that start where the open entity starts:
    #   best0[i]: from position i with no entity open.
    #   An entity of label k open at i closes on some e > i (LAST on e - 1);
    #   close[e * n_labels + k] = pin(e - 1, k) + loss(LAST-k on e - 1) + best0[e]
    #   is the loss of closing on e, with pin(j, k) = loss of IN-k on 0 .. j-1
    #   (pin[j * n_labels + k]); min_close/n_min_close[i * n_labels + k] hold
    #   the least close over e > i and how many e reach it. The least loss with
    #   label k open since s is min_close - pin(i, k), plus 1 when every such
    #   e makes (s, e, k) a known-negative span.
    int32_t* best0
    int32_t* pin
    int32_t* close
    int32_t* min_close
    int32_t* n_min_close
    # Known-negative spans, sorted by start, without duplicates: those starting
    # at s are neg_off[s] .. neg_off[s + 1] - 1; neg_k is the label index (-1 for
    # a label the system lacks: never predicted, so never charged).
    int32_t n_neg
    int32_t* neg_off
    int32_t* neg_end
    int32_t* neg_k


cdef class BiluoGold(GoldBase):
    cdef BiluoGoldC* g
    cdef readonly list tags
    cdef readonly list negatives


cdef class BiluoNER(TransitionSystem):
    cdef readonly list labels
