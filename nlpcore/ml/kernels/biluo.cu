// The BILUO entity system's greedy loop on the device: each step, one thread per
// state picks its best valid move from the step's scores, applies it to the
// state held in device arrays, and writes the state's next feature rows. The
// CPU twin is nlpcore/transition/biluo.pyx (validity and moves) over
// include/nlpcore/state.hh, driven by StateBatch.greedy_parse; host side:
// nlpcore/ml/kernels/device_loop.py.
//
// States are laid out as include/nlpcore/state_arrays.hh writes them: states_sc
// (n, 8) int32 [base, offset, n_words, length, b0, depth, n_back, n_ents],
// back_w (W,) int32, ents_we (W, 2) int32 [start, end (-1 while open)] and
// ent_labels_w (W,) uint64 from each state's base (the word arrays aren't read:
// BILUO states attach nothing). Moves by class: moves_o (nO,) int32 move kinds
// in biluo.pxd's order, labels_o (nO,) uint64 their labels. Feature rows: the
// NER context slots (state.hh: B0 E0 B0-1, then B1 B2 E0-1) as table rows (the
// word plus the state's offset), -1 where a slot is empty.
// Named instantiations: biluo_rows (no template), biluo_step<T> for T = float,
// double (the scores' type). No includes: NVRTC, nvcc and a plain C++ compiler
// (the emulation test) build it.

namespace biluo_device {

enum { BASE, OFFSET, N_WORDS, LENGTH, B0, DEPTH, N_BACK, N_ENTS, STATE_COLUMNS };
enum { BEGIN, IN, LAST, UNIT, OUT, N_MOVES };
enum { F_B0, F_E0, F_B0_PREV, F_B1, F_B2, F_E0_PREV };

// One state's view of the arrays; the accessors and moves of StateC it needs.
struct State {
    int* row;
    int* back;
    int* ents;  // (n_words, 2): start, end
    unsigned long long* ent_labels;

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
    __device__ void write_rows(int F, int* rows_f) const {
        for (int f = 0; f < F; ++f) {
            const int w = feature(f);
            rows_f[f] = w >= 0 ? w + row[OFFSET] : -1;
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

__device__ inline State state_at(int i, int* states_sc, int* back_w, int* ents_we,
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

// rows_sf[i] = state i's F feature rows (see the top). One thread a state.
__global__ void biluo_rows(int* states_sc, int* back_w, int* ents_we,
                           unsigned long long* ent_labels_w, int n, int F, int* rows_sf) {
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        biluo_device::state_at((int)i, states_sc, back_w, ents_we, ent_labels_w)
            .write_rows(F, rows_sf + i * F);
    }
}

// One greedy step: each state that isn't final takes its valid move of highest
// score (the first on ties; none if no move is valid, as greedy_step), and
// writes its next feature rows. One thread a state.
template <typename T>
__global__ void biluo_step(const T* scores_so, const int* moves_o,
                           const unsigned long long* labels_o, int n, int nO, int F,
                           int* states_sc, int* back_w, int* ents_we,
                           unsigned long long* ent_labels_w, int* rows_sf) {
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        biluo_device::State st =
            biluo_device::state_at((int)i, states_sc, back_w, ents_we, ent_labels_w);
        if (st.is_final()) continue;
        const T* s = scores_so + i * nO;
        int best = -1;
        for (int o = 0; o < nO; ++o) {
            if (st.is_valid(moves_o[o], labels_o[o]) && (best == -1 || s[o] > s[best])) best = o;
        }
        if (best >= 0) st.apply(moves_o[best], labels_o[best]);
        st.write_rows(F, rows_sf + i * F);
    }
}
