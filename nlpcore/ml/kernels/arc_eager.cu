// The arc-eager system's greedy loop on the device: each step, one thread per
// state picks its best valid move from the step's scores, applies it to the
// state held in device arrays, and writes the state's next feature rows, so no
// step waits for the host. The CPU twin is nlpcore/transition/arc_eager.pyx
// (validity and moves) over include/nlpcore/state.hh (the state), driven by
// StateBatch.greedy_parse; host side: nlpcore/ml/kernels/device_loop.py.
//
// States are laid out as include/nlpcore/state_arrays.hh writes them: states_sc
// (n, 8) int32 [base, offset, n_words, length, b0, depth, n_back, n_ents],
// words_wc (W, 9) int32 [head, l1, l2, r1, r2, n_l, n_r, sent_start, unshifted],
// labels_w (W,) uint64, stack_w and back_w (W,) int32 from each state's base
// (the entity arrays aren't read: arc-eager states have none).
// Moves by class: moves_o (nO,) int32 move kinds in arc_eager.pxd's order,
// labels_o (nO,) uint64 their labels. Feature rows: the parser's context slots
// (state.hh: S0 S1 S2 B0 B1 S0L1 S0R1 B0L1, then S0L2 S0R2 S1L1 S1R1 B0L2) as
// table rows (the word plus the state's offset), -1 where a slot is empty.
// Named instantiations: arc_eager_rows (no template), arc_eager_step<T> for
// T = float, double (the scores' type). No includes: NVRTC, nvcc and a plain
// C++ compiler (the emulation test) build it.

namespace arc_eager_device {

enum { BASE, OFFSET, N_WORDS, LENGTH, B0, DEPTH, N_BACK, N_ENTS, STATE_COLUMNS };
enum { HEAD, L1, L2, R1, R2, N_L, N_R, SENT_START, UNSHIFTED, WORD_COLUMNS };
enum { SHIFT, REDUCE, LEFT, RIGHT, BREAK, UNSHIFT, N_MOVES };
enum { F_S0, F_S1, F_S2, F_B0, F_B1, F_S0L1, F_S0R1, F_B0L1, F_S0L2, F_S0R2, F_S1L1, F_S1R1,
       F_B0L2 };

// One state's view of the arrays; the accessors and moves of StateC.
struct State {
    int* row;
    int* words;
    unsigned long long* labels;
    int* stack;
    int* back;

    __device__ int length() const { return row[LENGTH]; }
    __device__ int depth() const { return row[DEPTH]; }
    __device__ int buffer_length() const { return row[N_BACK] + row[LENGTH] - row[B0]; }
    __device__ bool is_final() const { return depth() == 0 && buffer_length() == 0; }
    __device__ int* word(int i) const { return words + (long long)i * WORD_COLUMNS; }
    __device__ bool in_range(int i) const { return i >= 0 && i < length(); }
    __device__ int S(int i) const {
        const int d = depth();
        return (i >= 0 && i < d) ? stack[d - 1 - i] : -1;
    }
    __device__ int B(int i) const {
        if (i < 0) return -1;
        const int r = row[N_BACK];
        if (i < r) return back[r - 1 - i];
        const int j = row[B0] + (i - r);
        return j < length() ? j : -1;
    }
    __device__ int H(int i) const { return in_range(i) ? word(i)[HEAD] : -1; }
    __device__ bool has_head(int i) const { return H(i) >= 0; }
    __device__ int L(int h, int n) const { return in_range(h) ? word(h)[n == 1 ? L1 : L2] : -1; }
    __device__ int R(int h, int n) const { return in_range(h) ? word(h)[n == 1 ? R1 : R2] : -1; }
    __device__ bool is_unshifted(int i) const { return in_range(i) && word(i)[UNSHIFTED] == 1; }

    __device__ int feature(int slot) const {
        switch (slot) {
            case F_S0: return S(0);
            case F_S1: return S(1);
            case F_S2: return S(2);
            case F_B0: return B(0);
            case F_B1: return B(1);
            case F_S0L1: return L(S(0), 1);
            case F_S0R1: return R(S(0), 1);
            case F_B0L1: return L(B(0), 1);
            case F_S0L2: return L(S(0), 2);
            case F_S0R2: return R(S(0), 2);
            case F_S1L1: return L(S(1), 1);
            case F_S1R1: return R(S(1), 1);
            case F_B0L2: return L(B(0), 2);
            default: return -1;
        }
    }
    __device__ void write_rows(int F, int* rows_f) const {
        for (int f = 0; f < F; ++f) {
            const int w = feature(f);
            rows_f[f] = w >= 0 ? w + row[OFFSET] : -1;
        }
    }

    __device__ void push() {
        if (row[N_BACK] > 0) {
            stack[row[DEPTH]++] = back[--row[N_BACK]];
        } else if (row[B0] < length()) {
            stack[row[DEPTH]++] = row[B0]++;
        }
    }
    __device__ void pop() {
        if (row[DEPTH] > 0) --row[DEPTH];
    }
    __device__ void unshift() {
        if (row[DEPTH] == 0) return;
        const int s = stack[--row[DEPTH]];
        word(s)[UNSHIFTED] = 1;
        back[row[N_BACK]++] = s;
    }
    __device__ void set_root(int i, unsigned long long label) {
        if (!in_range(i)) return;
        word(i)[HEAD] = i;
        labels[i] = label;
    }
    __device__ void del_arc(int child) {  // rare (non-monotonic LEFT): rescans one head
        int* c = word(child);
        const int head = c[HEAD];
        c[HEAD] = -1;
        labels[child] = 0;
        if (head < 0 || head == child) return;
        int* h = word(head);
        --h[child < head ? N_L : N_R];
        h[L1] = h[L2] = h[R1] = h[R2] = -1;
        for (int i = 0; i < head; ++i) {
            if (word(i)[HEAD] != head) continue;
            if (h[L1] == -1) h[L1] = i;
            else if (h[L2] == -1) h[L2] = i;
        }
        for (int i = length() - 1; i > head; --i) {
            if (word(i)[HEAD] != head) continue;
            if (h[R1] == -1) h[R1] = i;
            else if (h[R2] == -1) h[R2] = i;
        }
    }
    __device__ void add_arc(int head, int child, unsigned long long label) {
        if (!in_range(head) || !in_range(child)) return;
        if (word(child)[HEAD] >= 0) del_arc(child);
        word(child)[HEAD] = head;
        labels[child] = label;
        if (head == child) return;
        int* h = word(head);
        if (child < head) {
            ++h[N_L];
            if (h[L1] == -1 || child < h[L1]) {
                h[L2] = h[L1];
                h[L1] = child;
            } else if (h[L2] == -1 || child < h[L2]) {
                h[L2] = child;
            }
        } else {
            ++h[N_R];
            if (h[R1] == -1 || child > h[R1]) {
                h[R2] = h[R1];
                h[R1] = child;
            } else if (h[R2] == -1 || child > h[R2]) {
                h[R2] = child;
            }
        }
    }

    // Validity of each move kind, as ArcEager.set_valid decides it.
    __device__ void valid_kinds(bool nonmono, bool* kinds) const {
        const int depth_now = depth(), buffer = buffer_length(), s0 = S(0), b0 = B(0);
        bool attached = depth_now > 0 && buffer > 0;  // BREAK: all but the bottom attached
        for (int i = 0; attached && i < depth_now - 1; ++i) attached = has_head(S(i));
        kinds[SHIFT] = buffer > 0 && (!nonmono || depth_now == 0 || !is_unshifted(b0));
        kinds[REDUCE] = depth_now > 0 && (has_head(s0) || buffer == 0);
        kinds[LEFT] = depth_now > 0 && buffer > 0 && (nonmono || !has_head(s0));
        kinds[RIGHT] = depth_now > 0 && buffer > 0;
        kinds[BREAK] = attached && (!nonmono || !is_unshifted(b0));
        kinds[UNSHIFT] = nonmono && buffer == 0 && depth_now >= 2 && !has_head(s0);
    }

    __device__ void apply(int move, unsigned long long label) {
        const int s0 = S(0);
        switch (move) {
            case SHIFT: push(); break;
            case REDUCE:
                if (!has_head(s0)) set_root(s0, label);
                pop();
                break;
            case LEFT:
                add_arc(B(0), s0, label);
                pop();
                break;
            case RIGHT:
                add_arc(s0, B(0), label);
                push();
                break;
            case BREAK:
                while (depth() > 0) {
                    if (!has_head(S(0))) set_root(S(0), label);
                    pop();
                }
                if (in_range(B(0))) word(B(0))[SENT_START] = 1;
                break;
            case UNSHIFT: unshift(); break;
            default: break;
        }
    }
};

__device__ inline State state_at(int i, int* states_sc, int* words_wc,
                                 unsigned long long* labels_w, int* stack_w, int* back_w) {
    State st;
    st.row = states_sc + (long long)i * STATE_COLUMNS;
    const long long base = st.row[BASE];
    st.words = words_wc + base * WORD_COLUMNS;
    st.labels = labels_w + base;
    st.stack = stack_w + base;
    st.back = back_w + base;
    return st;
}

}  // namespace arc_eager_device

// rows_sf[i] = state i's F feature rows (see the top). One thread a state.
__global__ void arc_eager_rows(int* states_sc, int* words_wc, unsigned long long* labels_w,
                               int* stack_w, int* back_w, int n, int F, int* rows_sf) {
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        arc_eager_device::state_at((int)i, states_sc, words_wc, labels_w, stack_w, back_w)
            .write_rows(F, rows_sf + i * F);
    }
}

// One greedy step: each state that isn't final takes its valid move of highest
// score (the first on ties; none if no move is valid, as greedy_step), and
// writes its next feature rows. nonmono: the system's non-monotonic flag.
// One thread a state.
template <typename T>
__global__ void arc_eager_step(const T* scores_so, const int* moves_o,
                               const unsigned long long* labels_o, int n, int nO, int nonmono,
                               int F, int* states_sc, int* words_wc,
                               unsigned long long* labels_w, int* stack_w, int* back_w,
                               int* rows_sf) {
    using arc_eager_device::N_MOVES;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        arc_eager_device::State st = arc_eager_device::state_at(
            (int)i, states_sc, words_wc, labels_w, stack_w, back_w);
        if (st.is_final()) continue;
        bool kinds[N_MOVES];
        st.valid_kinds(nonmono != 0, kinds);
        const T* s = scores_so + i * nO;
        int best = -1;
        for (int o = 0; o < nO; ++o) {
            const int move = moves_o[o];
            if (move >= 0 && move < N_MOVES && kinds[move] && (best == -1 || s[o] > s[best]))
                best = o;
        }
        if (best >= 0) st.apply(moves_o[best], labels_o[best]);
        st.write_rows(F, rows_sf + i * F);
    }
}
