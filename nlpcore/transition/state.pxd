# The C++ parser/NER state (include/nlpcore/state.hh), declared for Cython.
# See the header for the meaning of every accessor; positions are absolute
# token indices and -1 means "none".
from libc.stdint cimport int8_t, int32_t
from libcpp.vector cimport vector

from ..typedefs cimport attr_t


cdef extern from "nlpcore/state.hh" namespace "nlpcore" nogil:
    cdef struct WordC:
        int32_t head
        int32_t l1
        int32_t l2
        int32_t r1
        int32_t r2
        int32_t n_l
        int32_t n_r
        int8_t sent_start
        int8_t unshifted
        attr_t label

    cdef struct EntC:
        int32_t start
        int32_t end
        attr_t label

    cdef enum FeatureSlot:
        F_B0
        F_E0
        F_B0_PREV
        F_S0
        F_S1
        F_S2
        F_B1
        F_S0L1
        F_S0R1
        F_B0L1
        F_S0L2
        F_S0R2
        F_S1L1
        F_S1R1
        F_B0L2
        N_FEATURE_SLOTS

    cdef cppclass StateC:
        int32_t length
        int32_t b0
        vector[int32_t] stack
        vector[int32_t] rebuffer
        vector[WordC] words
        vector[EntC] ents
        StateC()
        StateC(int32_t n) except +
        StateC(const StateC& other) except +
        int stack_depth() const
        int buffer_length() const
        int S(int i) const
        int B(int i) const
        int H(int i) const
        attr_t label_of(int i) const
        bint has_head(int i) const
        int n_L(int h) const
        int n_R(int h) const
        int L(int h, int n) const
        int R(int h, int n) const
        bint is_unshifted(int i) const
        bint is_sent_start(int i) const
        bint is_final() const
        bint entity_is_open() const
        attr_t E_label() const
        int E(int i) const
        int feature(int slot) const
        void push()
        void advance()
        void pop()
        void unshift()
        void set_root(int i, attr_t root_label)
        void add_arc(int head, int child, attr_t label)
        void del_arc(int child)
        void set_sent_start(int i)
        void open_ent(int start, attr_t label)
        void close_ent(int end)

    const int* feature_slots(int nr_feature_tokens)
    int set_context_tokens(StateC** states, int n_states, int* out, int nr_feature_tokens)
