// The state of a transition-based parser or entity recogniser over one Doc.
//
// One struct serves both systems: arc-eager uses the stack, the buffer, the
// heads and labels and the sentence starts; BILUO uses the buffer and the
// entity spans. Word positions are absolute token indices into the Doc,
// 0 <= i < length; -1 means "no such word" everywhere.
//
// Accessors (all O(1)):
//   S(i)     i-th word of the stack from the top (S(0) is the top), or -1
//   B(i)     i-th word of the buffer from the front (B(0) is next), or -1
//   H(i)     head of word i: -1 while unattached, i itself for a root
//   L(h, n)  n-th leftmost child of h (n = 1 or 2), or -1
//   R(h, n)  n-th rightmost child of h (n = 1 or 2), or -1
//   E(i)     start of the i-th entity from the newest (E(0) is the open or
//            last one), or -1
// L and R with n > 2 scan the heads (O(length)); the parser's feature
// templates use n <= 2 only.
//
// Copying is a few flat memcpys (three std::vectors and some ints), so a beam
// may copy states freely.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace nlpcore {

typedef uint64_t attr_t;

// One word's parse: its head and label, and its extreme children.
struct WordC {
    int32_t head;        // -1 unattached, self for a root
    int32_t l1, l2;      // first and second leftmost child, -1 if none
    int32_t r1, r2;      // first and second rightmost child, -1 if none
    int32_t n_l, n_r;    // number of left and right children
    int8_t sent_start;   // 1 if a BREAK (or position 0) starts a sentence here
    int8_t unshifted;    // 1 once put back on the buffer (non-monotonic)
    attr_t label;        // 0 while unattached
};

// One entity: [start, end) with a label; end == -1 while it is open.
struct EntC {
    int32_t start;
    int32_t end;
    attr_t label;
};

// Feature templates: the token slots written by context_tokens(), by name.
// nr_feature_tokens picks a prefix-free set:
//   3  (NER):    B0, E0, B0-1
//   6  (NER):    the 3, then B1, B2, E0-1 (the word before the open entity)
//   8  (parser): S0, S1, S2, B0, B1, S0L1, S0R1, B0L1
//   13 (parser): the 8, then S0L2, S0R2, S1L1, S1R1, B0L2
enum FeatureSlot {
    F_B0, F_E0, F_B0_PREV,
    F_S0, F_S1, F_S2, F_B1, F_S0L1, F_S0R1, F_B0L1,
    F_S0L2, F_S0R2, F_S1L1, F_S1R1, F_B0L2,
    F_B2, F_E0_PREV,
    N_FEATURE_SLOTS
};

class StateC {
public:
    int32_t length;
    int32_t b0;                    // first word not yet read
    std::vector<int32_t> stack;    // stack[0] is the bottom
    std::vector<int32_t> rebuffer; // words put back before b0; back() is B(0)
    std::vector<WordC> words;
    std::vector<EntC> ents;

    StateC() : length(0), b0(0) {}

    explicit StateC(int32_t n) : length(n), b0(0), words(n > 0 ? n : 0) {
        for (WordC& w : words) {
            std::memset(&w, 0, sizeof(WordC));
            w.head = w.l1 = w.l2 = w.r1 = w.r2 = -1;
        }
        if (n > 0) words[0].sent_start = 1;
        stack.reserve(16);
    }

    // ---- accessors -------------------------------------------------------
    inline int stack_depth() const { return (int)stack.size(); }
    inline int buffer_length() const {
        return (int)rebuffer.size() + (length - b0);
    }
    inline int S(int i) const {
        int d = (int)stack.size();
        return (i >= 0 && i < d) ? stack[d - 1 - i] : -1;
    }
    inline int B(int i) const {
        if (i < 0) return -1;
        int r = (int)rebuffer.size();
        if (i < r) return rebuffer[r - 1 - i];
        int j = b0 + (i - r);
        return j < length ? j : -1;
    }
    inline int H(int i) const {
        return (i >= 0 && i < length) ? words[i].head : -1;
    }
    inline attr_t label_of(int i) const {
        return (i >= 0 && i < length) ? words[i].label : 0;
    }
    inline bool has_head(int i) const { return H(i) >= 0; }
    inline int n_L(int h) const { return (h >= 0 && h < length) ? words[h].n_l : 0; }
    inline int n_R(int h) const { return (h >= 0 && h < length) ? words[h].n_r : 0; }
    int L(int h, int n) const {
        if (h < 0 || h >= length || n < 1) return -1;
        if (n == 1) return words[h].l1;
        if (n == 2) return words[h].l2;
        int seen = 0;
        for (int i = 0; i < h; i++)
            if (words[i].head == h && ++seen == n) return i;
        return -1;
    }
    int R(int h, int n) const {
        if (h < 0 || h >= length || n < 1) return -1;
        if (n == 1) return words[h].r1;
        if (n == 2) return words[h].r2;
        int seen = 0;
        for (int i = length - 1; i > h; i--)
            if (words[i].head == h && ++seen == n) return i;
        return -1;
    }
    inline bool is_unshifted(int i) const {
        return i >= 0 && i < length && words[i].unshifted == 1;
    }
    inline bool is_sent_start(int i) const {
        return i >= 0 && i < length && words[i].sent_start == 1;
    }
    inline bool is_final() const { return stack.empty() && buffer_length() == 0; }
    // Entities.
    inline bool entity_is_open() const { return !ents.empty() && ents.back().end == -1; }
    inline attr_t E_label() const { return entity_is_open() ? ents.back().label : 0; }
    inline int E(int i) const {
        int n = (int)ents.size();
        return (i >= 0 && i < n) ? ents[n - 1 - i].start : -1;
    }

    // ---- feature positions ------------------------------------------------
    inline int feature(int slot) const {
        switch (slot) {
            case F_B0: return B(0);
            case F_E0: return entity_is_open() ? ents.back().start : -1;
            case F_B0_PREV: { int b = B(0); return b > 0 ? b - 1 : -1; }
            case F_S0: return S(0);
            case F_S1: return S(1);
            case F_S2: return S(2);
            case F_B1: return B(1);
            case F_S0L1: return L(S(0), 1);
            case F_S0R1: return R(S(0), 1);
            case F_B0L1: return L(B(0), 1);
            case F_S0L2: return L(S(0), 2);
            case F_S0R2: return R(S(0), 2);
            case F_S1L1: return L(S(1), 1);
            case F_S1R1: return R(S(1), 1);
            case F_B0L2: return L(B(0), 2);
            case F_B2: return B(2);
            case F_E0_PREV: {
                int e = entity_is_open() ? ents.back().start : -1;
                return e > 0 ? e - 1 : -1;
            }
            default: return -1;
        }
    }

    // ---- mutations (no validity checks: the transition system checks) ----
    inline void push() {  // move B(0) onto the stack
        if (!rebuffer.empty()) {
            stack.push_back(rebuffer.back());
            rebuffer.pop_back();
        } else if (b0 < length) {
            stack.push_back(b0++);
        }
    }
    inline void advance() {  // drop B(0) without pushing it (NER)
        if (!rebuffer.empty()) rebuffer.pop_back();
        else if (b0 < length) b0++;
    }
    inline void pop() {
        if (!stack.empty()) stack.pop_back();
    }
    inline void unshift() {  // put S(0) back in front of the buffer
        if (stack.empty()) return;
        int s = stack.back();
        stack.pop_back();
        words[s].unshifted = 1;
        rebuffer.push_back(s);
    }
    inline void set_root(int i, attr_t root_label) {
        if (i < 0 || i >= length) return;
        words[i].head = i;
        words[i].label = root_label;
    }
    void add_arc(int head, int child, attr_t label) {
        if (head < 0 || head >= length || child < 0 || child >= length) return;
        if (words[child].head >= 0) del_arc(child);
        words[child].head = head;
        words[child].label = label;
        if (head == child) return;
        WordC& h = words[head];
        if (child < head) {
            h.n_l++;
            if (h.l1 == -1 || child < h.l1) { h.l2 = h.l1; h.l1 = child; }
            else if (h.l2 == -1 || child < h.l2) { h.l2 = child; }
        } else {
            h.n_r++;
            if (h.r1 == -1 || child > h.r1) { h.r2 = h.r1; h.r1 = child; }
            else if (h.r2 == -1 || child > h.r2) { h.r2 = child; }
        }
    }
    void del_arc(int child) {  // rare (non-monotonic moves): rescans one head
        int head = words[child].head;
        words[child].head = -1;
        words[child].label = 0;
        if (head < 0 || head == child) return;
        WordC& h = words[head];
        if (child < head) {
            h.n_l--;
        } else {
            h.n_r--;
        }
        h.l1 = h.l2 = h.r1 = h.r2 = -1;
        for (int i = 0; i < head; i++) {
            if (words[i].head != head) continue;
            if (h.l1 == -1) h.l1 = i;
            else if (h.l2 == -1) { h.l2 = i; }
        }
        for (int i = length - 1; i > head; i--) {
            if (words[i].head != head) continue;
            if (h.r1 == -1) h.r1 = i;
            else if (h.r2 == -1) { h.r2 = i; }
        }
    }
    inline void set_sent_start(int i) {
        if (i >= 0 && i < length) words[i].sent_start = 1;
    }
    inline void open_ent(int start, attr_t label) {
        EntC e; e.start = start; e.end = -1; e.label = label;
        ents.push_back(e);
    }
    inline void close_ent(int end) {
        if (entity_is_open()) ents.back().end = end;
    }
};

// The slots of each documented context set, in output column order.
inline const int* feature_slots(int nr_feature_tokens) {
    static const int ner6[6] = {F_B0, F_E0, F_B0_PREV, F_B1, F_B2, F_E0_PREV};
    static const int parser13[13] = {F_S0, F_S1, F_S2, F_B0, F_B1, F_S0L1, F_S0R1, F_B0L1,
                                     F_S0L2, F_S0R2, F_S1L1, F_S1R1, F_B0L2};
    if (nr_feature_tokens == 3 || nr_feature_tokens == 6) return ner6;
    if (nr_feature_tokens == 8 || nr_feature_tokens == 13) return parser13;
    return nullptr;
}

// Token positions of the nr_feature_tokens context slots (3, 6, 8 or 13) for
// each of n_states states, row-major into out (n_states * nr_feature_tokens
// ints); -1 where a slot is empty. Returns -1 for an unknown set size.
inline int set_context_tokens(const StateC* const* states, int n_states, int* out,
                              int nr_feature_tokens) {
    const int* slots = feature_slots(nr_feature_tokens);
    if (slots == nullptr) return -1;
    for (int i = 0; i < n_states; i++) {
        int* row = out + (long)i * nr_feature_tokens;
        for (int j = 0; j < nr_feature_tokens; j++) row[j] = states[i]->feature(slots[j]);
    }
    return 0;
}

}  // namespace nlpcore
