// Parser and NER states as flat arrays, and back: the layout the device greedy
// loop (nlpcore/ml/kernels/greedy_loop.cu) reads and writes.
//
// For n states with W words in all (each state's words.size(), state after state):
//   states_sc (n, STATE_COLUMNS) int32, by column: BASE (the state's first
//     word row), OFFSET (its doc's first table row), N_WORDS, LENGTH, B0,
//     DEPTH (stack size), N_BACK (words put back on the buffer), N_ENTS;
//   words_wc (W, WORD_COLUMNS) int32: WordC's head, l1, l2, r1, r2, n_l, n_r,
//     sent_start, unshifted; labels_w (W,) uint64: WordC's label;
//   stack_w (W,): the stack, bottom first, from the state's BASE row;
//   back_w (W,): the words put back (StateC::rebuffer), in its order;
//   ents_we (W, 2) int32: the entities' start and end (-1 while open), oldest
//     first; ent_labels_w (W,) uint64 their labels.
#pragma once

#include <cstdint>

#include "nlpcore/state.hh"

namespace nlpcore {

enum StateColumn { SC_BASE, SC_OFFSET, SC_N_WORDS, SC_LENGTH, SC_B0, SC_DEPTH, SC_N_BACK,
                   SC_N_ENTS, STATE_COLUMNS };
enum WordColumn { WC_HEAD, WC_L1, WC_L2, WC_R1, WC_R2, WC_N_L, WC_N_R, WC_SENT_START,
                  WC_UNSHIFTED, WORD_COLUMNS };

// Write the states (with their docs' first table rows) in the layout above.
inline void pack_states(const StateC* const* states, const int* offsets, int n,
                        int32_t* states_sc, int32_t* words_wc, uint64_t* labels_w,
                        int32_t* stack_w, int32_t* back_w, int32_t* ents_we,
                        uint64_t* ent_labels_w) {
    int64_t base = 0;
    for (int i = 0; i < n; i++) {
        const StateC& st = *states[i];
        int32_t* row = states_sc + (int64_t)i * STATE_COLUMNS;
        const int n_words = (int)st.words.size();
        row[SC_BASE] = (int32_t)base;
        row[SC_OFFSET] = offsets[i];
        row[SC_N_WORDS] = n_words;
        row[SC_LENGTH] = st.length;
        row[SC_B0] = st.b0;
        row[SC_DEPTH] = (int32_t)st.stack.size();
        row[SC_N_BACK] = (int32_t)st.rebuffer.size();
        row[SC_N_ENTS] = (int32_t)st.ents.size();
        for (int j = 0; j < n_words; j++) {
            const WordC& w = st.words[j];
            int32_t* out = words_wc + (base + j) * WORD_COLUMNS;
            out[WC_HEAD] = w.head;
            out[WC_L1] = w.l1;
            out[WC_L2] = w.l2;
            out[WC_R1] = w.r1;
            out[WC_R2] = w.r2;
            out[WC_N_L] = w.n_l;
            out[WC_N_R] = w.n_r;
            out[WC_SENT_START] = w.sent_start;
            out[WC_UNSHIFTED] = w.unshifted;
            labels_w[base + j] = w.label;
            stack_w[base + j] = j < (int)st.stack.size() ? st.stack[j] : -1;
            back_w[base + j] = j < (int)st.rebuffer.size() ? st.rebuffer[j] : -1;
            const bool ent = j < (int)st.ents.size();
            ents_we[2 * (base + j)] = ent ? st.ents[j].start : -1;
            ents_we[2 * (base + j) + 1] = ent ? st.ents[j].end : -1;
            ent_labels_w[base + j] = ent ? st.ents[j].label : 0;
        }
        base += n_words;
    }
}

// Whether state row i fits its state and the rows before it: its own word
// count and first row, a stack and buffer of its own words, an entity at most
// per word.
inline bool state_row_fits(const StateC& st, const int32_t* row, int64_t base,
                           const int32_t* stack_w, const int32_t* back_w) {
    const int n_words = row[SC_N_WORDS];
    if (n_words != (int)st.words.size() || row[SC_BASE] != base || row[SC_LENGTH] < 0
            || row[SC_LENGTH] > n_words || row[SC_B0] < 0 || row[SC_B0] > row[SC_LENGTH]
            || row[SC_DEPTH] < 0 || row[SC_DEPTH] > n_words || row[SC_N_BACK] < 0
            || row[SC_N_BACK] > n_words || row[SC_N_ENTS] < 0 || row[SC_N_ENTS] > n_words)
        return false;
    for (int j = 0; j < row[SC_DEPTH]; j++)
        if (stack_w[base + j] < 0 || stack_w[base + j] >= n_words) return false;
    for (int j = 0; j < row[SC_N_BACK]; j++)
        if (back_w[base + j] < 0 || back_w[base + j] >= n_words) return false;
    return true;
}

// Overwrite the states from arrays in the layout above (as pack_states wrote
// them, then a device changed them). Returns -1 - i, changing nothing, if state
// i's row doesn't fit it (state_row_fits), else 0.
inline int unpack_states(StateC* const* states, int n, const int32_t* states_sc,
                         const int32_t* words_wc, const uint64_t* labels_w,
                         const int32_t* stack_w, const int32_t* back_w,
                         const int32_t* ents_we, const uint64_t* ent_labels_w) {
    int64_t base = 0;
    for (int i = 0; i < n; i++) {
        if (!state_row_fits(*states[i], states_sc + (int64_t)i * STATE_COLUMNS, base,
                            stack_w, back_w))
            return -1 - i;
        base += (int64_t)states[i]->words.size();
    }
    for (int i = 0; i < n; i++) {
        StateC& st = *states[i];
        const int32_t* row = states_sc + (int64_t)i * STATE_COLUMNS;
        const int64_t base = row[SC_BASE];
        st.length = row[SC_LENGTH];
        st.b0 = row[SC_B0];
        st.stack.assign(stack_w + base, stack_w + base + row[SC_DEPTH]);
        st.rebuffer.assign(back_w + base, back_w + base + row[SC_N_BACK]);
        st.ents.resize(row[SC_N_ENTS]);
        for (int j = 0; j < row[SC_N_ENTS]; j++) {
            st.ents[j].start = ents_we[2 * (base + j)];
            st.ents[j].end = ents_we[2 * (base + j) + 1];
            st.ents[j].label = ent_labels_w[base + j];
        }
        for (int j = 0; j < row[SC_N_WORDS]; j++) {
            const int32_t* in = words_wc + (base + j) * WORD_COLUMNS;
            WordC& w = st.words[j];
            w.head = in[WC_HEAD];
            w.l1 = in[WC_L1];
            w.l2 = in[WC_L2];
            w.r1 = in[WC_R1];
            w.r2 = in[WC_R2];
            w.n_l = in[WC_N_L];
            w.n_r = in[WC_N_R];
            w.sent_start = (int8_t)in[WC_SENT_START];
            w.unshifted = (int8_t)in[WC_UNSHIFTED];
            w.label = labels_w[base + j];
        }
    }
    return 0;
}

}  // namespace nlpcore
