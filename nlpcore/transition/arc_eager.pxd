from libc.stdint cimport int8_t, int32_t

from ..typedefs cimport attr_t
from .transition_system cimport GoldBase, TransitionSystem

# Move kinds of the arc-eager system (Transition.move).
cdef enum:
    SHIFT
    REDUCE
    LEFT
    RIGHT
    BREAK
    UNSHIFT    # non-monotonic only: a headless S0 back onto an exhausted buffer
    N_MOVES

# Where a word is, in the state the gold was last updated for.
cdef enum:
    GONE = 0
    IN_STACK = 1
    IN_BUFFER = 2


cdef struct ArcEagerGoldC:
    int32_t length
    bint nonmono
    int32_t* heads            # gold head; -1 unknown, self for a root
    attr_t* labels            # gold label; 0 unknown
    # Per-state cache (monotonic), refreshed by ArcEager.update_gold (O(length)):
    int8_t* where             # GONE / IN_STACK / IN_BUFFER
    int32_t* kids_in_buffer   # gold children still in the buffer
    int32_t* kids_in_stack    # gold children on the stack that may still take this head
    int32_t stack_kids_in_buffer   # sum of kids_in_buffer over stack words
    int32_t stack_heads_in_buffer  # stack words whose gold head is in the buffer (and reachable)
    # Non-monotonic: the least reachable loss of the live words (see
    # arc_eager.pyx), for the state's view and the views after each move.
    int32_t now               # least loss of the live words of the state
    int32_t depth             # the view: stack depth, buffer front, unshifted B0 or -1
    int32_t front
    int32_t put_back
    int32_t* view_words       # the view's stack, bottom first (length + 1)
    int32_t* view_heads       # their heads (-1 none) and labels
    attr_t* view_labels
    int32_t* stack_pos        # 1 + a word's place in the view's stack, 0 off it
    int32_t* end_best         # scratch (length + 2 each)
    int32_t* pending
    int32_t* free_from        # per stack place: buffer position from which it is not lost
    int32_t* above_lost       # per number of survivors j
    int32_t* below_lost
    int32_t* segment_lost     # per first-segment end c


cdef class ArcEagerGold(GoldBase):
    cdef ArcEagerGoldC* g
    cdef readonly list heads
    cdef readonly list labels


cdef class ArcEager(TransitionSystem):
    cdef readonly bint nonmonotonic
    cdef readonly attr_t root_label
    cdef readonly dict labels
