// Greedy decoding on the device, one block per state: the arc-eager parser's
// and the BILUO entity recogniser's whole loop in one launch. Each step, the
// block's threads compute the state's hidden units from its feature rows in the
// precomputed table (as parser_hidden), then the move scores (as parser_scores),
// then thread 0 takes the valid move of highest score (the first on ties; none if
// no move is valid, as greedy_step), applies it to the state, and writes the
// state's next feature rows. The block goes on until the state is final or has
// taken max_steps steps, then to its next state (grid-stride).
//
// CPU twins: StateBatch.greedy_parse, with the moves of
// nlpcore/transition/arc_eager.pyx and biluo.pyx over include/nlpcore/state.hh;
// host side: nlpcore/ml/kernels/device_loop.py. Named instantiations:
// arc_eager_loop<T>, biluo_loop<T> for T = float, double. Compiled with
// --fmad=false, with sums in the CPU's order and the upper layer's multiply-adds
// fused explicitly, so scores and parses equal the CPU's. No includes: NVRTC, nvcc
// and a plain C++ compiler (the emulation test) build it.
//
// States are laid out as include/nlpcore/state_arrays.hh writes them: states_sc
// (n, 8) int32 [base, offset, n_words, length, b0, depth, n_back, n_ents];
// words_wc (W, 9) int32 [head, l1, l2, r1, r2, n_l, n_r, sent_start, unshifted],
// labels_w (W,) uint64, stack_w, back_w (W,) int32, ents_we (W, 2) int32 [start,
// end (-1 while open)] and ent_labels_w (W,) uint64, from each state's base row.
// Moves by class: moves_o (nO,) int32 move kinds (arc_eager.pxd's or biluo.pxd's
// order), labels_o (nO,) uint64 their labels. The network: table_nfk (N, F, K)
// with K = H * P, pad_fk (F, K), bias_k (K,), and with use_upper WT_ho (H, nO)
// (the upper W transposed) and b_o (nO,); without, the hidden units are the
// scores (nO = H). Feature rows are table rows (a context slot's word plus the
// state's offset; state.hh's slot order), -1 where a slot is empty. Scratch per
// block: rows_bf (gridDim, F), hidden_bh (gridDim, H), scores_bo (gridDim, nO).

namespace greedy_loop {

enum { BASE, OFFSET, N_WORDS, LENGTH, B0, DEPTH, N_BACK, N_ENTS, STATE_COLUMNS };

// What every state has: its states_sc row and its words put back on the buffer
// (StateC's rebuffer), with the accessors of StateC that read only those.
struct Row {
    int* row;
    int* back;

    __device__ int length() const { return row[LENGTH]; }
    __device__ int buffer_length() const { return row[N_BACK] + row[LENGTH] - row[B0]; }
    __device__ bool is_final() const { return row[DEPTH] == 0 && buffer_length() == 0; }
    __device__ int B(int i) const {
        if (i < 0) return -1;
        const int r = row[N_BACK];
        if (i < r) return back[r - 1 - i];
        const int j = row[B0] + (i - r);
        return j < length() ? j : -1;
    }
};

// A state's F feature rows: its context slots' words plus its offset, -1 empty.
template <typename State>
__device__ void write_rows(const State& st, int F, int* rows_f) {
    for (int f = 0; f < F; ++f) {
        const int w = st.feature(f);
        rows_f[f] = w >= 0 ? w + st.row[OFFSET] : -1;
    }
}

__device__ __forceinline__ float loop_fma(float a, float b, float c) { return fmaf(a, b, c); }
__device__ __forceinline__ double loop_fma(double a, double b, double c) { return fma(a, b, c); }

template <typename T>
struct Net {
    const T* table_nfk;
    const T* pad_fk;
    const T* bias_k;
    const T* WT_ho;
    const T* b_o;
    int N, F, H, P, nO;
    bool use_upper;
};

// The block's part of a step's hidden units: hidden_h[h] = max over p of bias
// plus the F slot rows' values (pad rows for empty slots), for h = thread, +block.
template <typename T>
__device__ void hidden_units(const Net<T>& net, const int* rows_f, T* hidden_h) {
    const long long K = (long long)net.H * net.P;
    for (int h = threadIdx.x; h < net.H; h += blockDim.x) {
        T best = 0;
        for (int p = 0; p < net.P; ++p) {
            const long long k = (long long)h * net.P + p;
            T acc = net.bias_k[k];
            for (int f = 0; f < net.F; ++f) {
                const int r = rows_f[f];
                acc += (r < 0 || r >= net.N) ? net.pad_fk[f * K + k]
                                             : net.table_nfk[((long long)r * net.F + f) * K + k];
            }
            if (p == 0 || acc > best) best = acc;
        }
        hidden_h[h] = best;
    }
}

// The block's part of a step's scores: scores_o[o] = hidden . WT_ho[:, o] + b_o[o].
template <typename T>
__device__ void move_scores(const Net<T>& net, const T* hidden_h, T* scores_o) {
    for (int o = threadIdx.x; o < net.nO; o += blockDim.x) {
        T acc = 0;
        for (int j = 0; j < net.H; ++j)
            acc = loop_fma(hidden_h[j], net.WT_ho[(long long)j * net.nO + o], acc);
        scores_o[o] = acc + net.b_o[o];
    }
}

// Decode one state to the end with the whole block (see the top).
template <typename T, typename State>
__device__ void decode(State& st, const Net<T>& net, const int* moves_o,
                       const unsigned long long* labels_o, int max_steps, int* rows_f,
                       T* hidden_h, T* scores_o) {
    if (threadIdx.x == 0) write_rows(st, net.F, rows_f);
    const T* scores = net.use_upper ? scores_o : hidden_h;
    for (int step = 0;; ++step) {
        __syncthreads();  // the state and its rows as thread 0 left them
        if (st.is_final() || step == max_steps) break;
        hidden_units(net, rows_f, hidden_h);
        __syncthreads();
        if (net.use_upper) move_scores(net, hidden_h, scores_o);
        __syncthreads();
        if (threadIdx.x == 0) {
            st.begin_step();
            int best = -1;
            for (int o = 0; o < net.nO; ++o) {
                if (st.is_valid(moves_o[o], labels_o[o]) && (best == -1 || scores[o] > scores[best]))
                    best = o;
            }
            if (best >= 0) st.apply(moves_o[best], labels_o[best]);
            write_rows(st, net.F, rows_f);
        }
    }
}

}  // namespace greedy_loop

namespace arc_eager_device {

using namespace greedy_loop;
enum { HEAD, L1, L2, R1, R2, N_L, N_R, SENT_START, UNSHIFTED, WORD_COLUMNS };
enum { SHIFT, REDUCE, LEFT, RIGHT, BREAK, UNSHIFT, N_MOVES };
enum { F_S0, F_S1, F_S2, F_B0, F_B1, F_S0L1, F_S0R1, F_B0L1, F_S0L2, F_S0R2, F_S1L1, F_S1R1,
       F_B0L2 };

// One state's view of the arrays; the accessors and moves of StateC.
struct State : Row {
    int* words;
    unsigned long long* labels;
    int* stack;
    bool nonmono;
    bool kinds[N_MOVES];  // the move kinds valid at this step (begin_step)

    __device__ int depth() const { return row[DEPTH]; }
    __device__ int* word(int i) const { return words + (long long)i * WORD_COLUMNS; }
    __device__ bool in_range(int i) const { return i >= 0 && i < length(); }
    __device__ int S(int i) const {
        const int d = depth();
        return (i >= 0 && i < d) ? stack[d - 1 - i] : -1;
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
    __device__ void begin_step() {
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

    __device__ bool is_valid(int move, unsigned long long) const {
        return move >= 0 && move < N_MOVES && kinds[move];
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

__device__ inline State state_at(long long i, int* states_sc, int* words_wc,
                                 unsigned long long* labels_w, int* stack_w, int* back_w,
                                 bool nonmono) {
    State st;
    st.nonmono = nonmono;
    st.row = states_sc + (long long)i * STATE_COLUMNS;
    const long long base = st.row[BASE];
    st.words = words_wc + base * WORD_COLUMNS;
    st.labels = labels_w + base;
    st.stack = stack_w + base;
    st.back = back_w + base;
    return st;
}

}  // namespace arc_eager_device

namespace biluo_device {

using namespace greedy_loop;
enum { BEGIN, IN, LAST, UNIT, OUT, N_MOVES };
enum { F_B0, F_E0, F_B0_PREV, F_B1, F_B2, F_E0_PREV };

// One state's view of the arrays; the accessors and moves of StateC it needs.
struct State : Row {
    int* ents;  // (n_words, 2): start, end
    unsigned long long* ent_labels;

    __device__ bool entity_is_open() const {
        return row[N_ENTS] > 0 && ents[2 * (row[N_ENTS] - 1) + 1] == -1;
    }
    __device__ int open_start() const {
        return entity_is_open() ? ents[2 * (row[N_ENTS] - 1)] : -1;
    }
    __device__ unsigned long long open_label() const {
        return entity_is_open() ? ent_labels[row[N_ENTS] - 1] : 0ULL;
    }

    __device__ int feature(int slot) const {
        switch (slot) {
            case F_B0: return B(0);
            case F_E0: return open_start();
            case F_B0_PREV: {
                const int b = B(0);
                return b > 0 ? b - 1 : -1;
            }
            case F_B1: return B(1);
            case F_B2: return B(2);
            case F_E0_PREV: {
                const int e = open_start();
                return e > 0 ? e - 1 : -1;
            }
            default: return -1;
        }
    }

    __device__ void advance() {
        if (row[N_BACK] > 0) --row[N_BACK];
        else if (row[B0] < length()) ++row[B0];
    }
    __device__ void open_ent(int start, unsigned long long label) {
        const int k = row[N_ENTS]++;
        ents[2 * k] = start;
        ents[2 * k + 1] = -1;
        ent_labels[k] = label;
    }
    __device__ void close_ent(int end) {
        if (entity_is_open()) ents[2 * (row[N_ENTS] - 1) + 1] = end;
    }

    __device__ void begin_step() {}

    // Whether a move of kind `move` with `label` is valid, as biluo.pyx decides it.
    __device__ bool is_valid(int move, unsigned long long label) const {
        const bool open = entity_is_open();
        const int buffer = buffer_length();
        switch (move) {
            case BEGIN: return label != 0 && !open && buffer >= 2;
            case IN: return label != 0 && open && open_label() == label && buffer >= 2;
            case LAST: return label != 0 && open && open_label() == label && buffer >= 1;
            case UNIT: return label != 0 && !open && buffer >= 1;
            case OUT: return !open && buffer >= 1;
            default: return false;
        }
    }

    __device__ void apply(int move, unsigned long long label) {
        const int b = B(0);
        switch (move) {
            case BEGIN: open_ent(b, label); break;
            case LAST: close_ent(b + 1); break;
            case UNIT:
                open_ent(b, label);
                close_ent(b + 1);
                break;
            default: break;  // IN and OUT only read on
        }
        advance();
    }
};

__device__ inline State state_at(long long i, int* states_sc, int* back_w, int* ents_we,
                                 unsigned long long* ent_labels_w) {
    State st;
    st.row = states_sc + (long long)i * STATE_COLUMNS;
    const long long base = st.row[BASE];
    st.back = back_w + base;
    st.ents = ents_we + 2 * base;
    st.ent_labels = ent_labels_w + base;
    return st;
}

}  // namespace biluo_device

// Arc-eager states 0 .. n-1 decoded to the end; nonmono: the system's flag.
template <typename T>
__global__ void arc_eager_loop(const T* table_nfk, const T* pad_fk, const T* bias_k,
                               const T* WT_ho, const T* b_o, int N, int F, int H, int P, int nO,
                               int use_upper, const int* moves_o,
                               const unsigned long long* labels_o, int nonmono, int max_steps,
                               int n, int* states_sc, int* words_wc,
                               unsigned long long* labels_w, int* stack_w, int* back_w,
                               int* rows_bf, T* hidden_bh, T* scores_bo) {
    const greedy_loop::Net<T> net = {table_nfk, pad_fk, bias_k, WT_ho, b_o, N, F, H, P, nO,
                                     use_upper != 0};
    const long long b = blockIdx.x;
    for (long long i = b; i < n; i += gridDim.x) {
        arc_eager_device::State st = arc_eager_device::state_at(
            i, states_sc, words_wc, labels_w, stack_w, back_w, nonmono != 0);
        greedy_loop::decode(st, net, moves_o, labels_o, max_steps, rows_bf + b * F,
                            hidden_bh + b * H, scores_bo + b * nO);
    }
}

// BILUO states 0 .. n-1 decoded to the end.
template <typename T>
__global__ void biluo_loop(const T* table_nfk, const T* pad_fk, const T* bias_k,
                           const T* WT_ho, const T* b_o, int N, int F, int H, int P, int nO,
                           int use_upper, const int* moves_o, const unsigned long long* labels_o,
                           int max_steps, int n, int* states_sc, int* back_w, int* ents_we,
                           unsigned long long* ent_labels_w, int* rows_bf, T* hidden_bh,
                           T* scores_bo) {
    const greedy_loop::Net<T> net = {table_nfk, pad_fk, bias_k, WT_ho, b_o, N, F, H, P, nO,
                                     use_upper != 0};
    const long long b = blockIdx.x;
    for (long long i = b; i < n; i += gridDim.x) {
        biluo_device::State st =
            biluo_device::state_at(i, states_sc, back_w, ents_we, ent_labels_w);
        greedy_loop::decode(st, net, moves_o, labels_o, max_steps, rows_bf + b * F,
                            hidden_bh + b * H, scores_bo + b * nO);
    }
}
