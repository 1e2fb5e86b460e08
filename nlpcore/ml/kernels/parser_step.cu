// The parser model's per-state step (include/nlpcore/parser_kernels.hh on the CPU):
// sum a state's precomputed feature rows, add the bias, maxout, score the moves,
// pick the best valid move; and the backward pass of the first part.
//
// Host side: nlpcore/ml/kernels/parser_step.py; NumPy twins: reference.py. Named
// instantiations: parser_hidden<T>, parser_scores<T>, parser_best_move<T>,
// parser_hidden_backward<T> for T = float, double. Compiled with --fmad=false, with
// sums in the CPU's order and the upper layer's multiply-adds fused explicitly (GCC
// contracts them to FMA in the CPU's x86-64-v3/v4 kernel clones), so the float
// results equal the CPU's bit for bit on any x86-64 with FMA.
// No includes: NVRTC, nvcc and a plain C++ compiler (the emulation test) build it.
//
// Layout: table_nfk (N, F, K) with K = H * P, index h * P + p; pad_fk (F, K)
// stands in for an empty slot (row -1, or a row outside the table); rows_sf (n, F).

__device__ __forceinline__ float step_fma(float a, float b, float c) { return fmaf(a, b, c); }
__device__ __forceinline__ double step_fma(double a, double b, double c) { return fma(a, b, c); }

// For each state i and hidden unit h (one thread each, grid-stride):
// pre[p] = bias[h*P+p] + sum over f, in order, of the slot row's value at h*P+p;
// hidden_sh[i, h] = max_p pre[p] and which_sh[i, h] = its first argmax p.
template <typename T>
__global__ void parser_hidden(const T* table_nfk, const T* pad_fk, const T* bias_k,
                              const int* rows_sf, int n, int F, int H, int P, int N,
                              T* hidden_sh, int* which_sh) {
    const long long K = (long long)H * P;
    for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < (long long)n * H;
         t += (long long)gridDim.x * blockDim.x) {
        const long long i = t / H;
        const int h = (int)(t % H);
        const int* rows = rows_sf + i * F;
        T best = 0;
        int best_p = 0;
        for (int p = 0; p < P; ++p) {
            const long long k = (long long)h * P + p;
            T acc = bias_k[k];
            for (int f = 0; f < F; ++f) {
                const int r = rows[f];
                acc += (r < 0 || r >= N) ? pad_fk[f * K + k] : table_nfk[((long long)r * F + f) * K + k];
            }
            if (p == 0 || acc > best) {
                best = acc;
                best_p = p;
            }
        }
        hidden_sh[t] = best;
        which_sh[t] = best_p;
    }
}

// scores_so[i, o] = (sum over j, in order, of hidden_sh[i, j] * WT_ho[j, o]) + b_o[o],
// each product added with one rounding (fma): one thread per (state, move);
// WT_ho is the upper layer's W transposed, (H, nO).
template <typename T>
__global__ void parser_scores(const T* hidden_sh, const T* WT_ho, const T* b_o, int n, int H,
                              int nO, T* scores_so) {
    for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < (long long)n * nO;
         t += (long long)gridDim.x * blockDim.x) {
        const long long i = t / nO;
        const int o = (int)(t % nO);
        const T* x = hidden_sh + i * H;
        T acc = 0;
        for (int j = 0; j < H; ++j) acc = step_fma(x[j], WT_ho[(long long)j * nO + o], acc);
        scores_so[t] = acc + b_o[o];
    }
}

// best_s[i] = the valid move (valid_so[i, o] != 0) of highest score, the first one
// on ties (as TransitionSystem.greedy_step); -1 where no move is valid. One thread a state.
template <typename T>
__global__ void parser_best_move(const T* scores_so, const int* valid_so, int n, int nO,
                                 int* best_s) {
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        const T* s = scores_so + i * nO;
        const int* v = valid_so + i * nO;
        int best = -1;
        for (int o = 0; o < nO; ++o) {
            if (v[o] != 0 && (best == -1 || s[o] > s[best])) best = o;
        }
        best_s[i] = best;
    }
}

// The transpose of parser_hidden's sum for the routed pieces: with
// k = h * P + which_sh[i, h] and g = d_hidden_sh[i, h], add g to d_table_nfk[r, f, k]
// for each slot f of state i with row r (d_pad_fk[f, k] where the slot is empty).
// One thread per (state, unit); atomic adds, as states share rows and pad rows.
template <typename T>
__global__ void parser_hidden_backward(const T* d_hidden_sh, const int* which_sh,
                                       const int* rows_sf, int n, int F, int H, int P, int N,
                                       T* d_table_nfk, T* d_pad_fk) {
    const long long K = (long long)H * P;
    for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < (long long)n * H;
         t += (long long)gridDim.x * blockDim.x) {
        const long long i = t / H;
        const long long k = (t % H) * P + which_sh[t];
        const T g = d_hidden_sh[t];
        const int* rows = rows_sf + i * F;
        for (int f = 0; f < F; ++f) {
            const int r = rows[f];
            T* dst = (r < 0 || r >= N) ? d_pad_fk + f * K + k : d_table_nfk + ((long long)r * F + f) * K + k;
            atomicAdd(dst, g);
        }
    }
}
