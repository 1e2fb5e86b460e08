// Window expansion within documents (seq2col) and its transpose (col2seq).
//
// Host side: nlpcore/ml/kernels/window.py; CPU twins: seq2col and col2seq of
// nlpcore/ml/window.pyx. Named instantiations: window_seq2col<T>, window_col2seq<T>
// for T = float, double. The backward kernel gathers (no atomics), adding a row's
// window slots in the order the CPU scatters them, so both kernels equal the CPU
// bit for bit. No includes: NVRTC, nvcc and a plain C++ compiler (the emulation
// test) build it.
//
// Layout: rows of consecutive docs; offsets_d1 (n_docs + 1): doc d holds rows
// offsets[d] to offsets[d + 1] (offsets[0] = 0, offsets[n_docs] = n). With K =
// 2 * nW + 1 slots, cols_nkf (n, K, nF) holds X_nf's rows i - nW .. i + nW.
//
// Launch shape of both kernels: threadIdx.y and blockIdx.x walk the rows (a
// grid-stride loop), threadIdx.x a row's columns, so consecutive threads touch
// consecutive addresses.

// The doc of row i: the last d with offsets_d1[d] <= i (a binary search; empty
// docs repeat an offset, and the last of a run of equal offsets is the doc that holds i).
__device__ __forceinline__ int window_doc_of(const int* offsets_d1, int n_docs, int i) {
    int lo = 0, hi = n_docs;
    while (hi - lo > 1) {
        const int mid = lo + (hi - lo) / 2;
        if (offsets_d1[mid] <= i)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

// cols_nkf[i, k, f] = X_nf[i + k - nW, f] when that row is in i's doc, else 0.
template <typename T>
__global__ void window_seq2col(const T* X_nf, const int* offsets_d1, int n_docs, int n, int nW,
                               int nF, T* cols_nkf) {
    const int K = 2 * nW + 1;
    const int width = K * nF;
    for (long long i = (long long)blockIdx.x * blockDim.y + threadIdx.y; i < n;
         i += (long long)gridDim.x * blockDim.y) {
        const int d = window_doc_of(offsets_d1, n_docs, (int)i);
        const int start = offsets_d1[d], end = offsets_d1[d + 1];
        T* out = cols_nkf + i * width;
        for (int c = threadIdx.x; c < width; c += blockDim.x) {
            const long long j = i + c / nF - nW;
            out[c] = (j >= start && j < end) ? X_nf[j * nF + c % nF] : T(0);
        }
    }
}

// dX_nf[j, f] = the sum of d_cols_nkf[i, k, f] over the rows i of j's doc whose slot
// k holds j (i = j + nW - k), added to 0 in increasing i (decreasing k), as the
// CPU's scatter adds them.
template <typename T>
__global__ void window_col2seq(const T* d_cols_nkf, const int* offsets_d1, int n_docs, int n,
                               int nW, int nF, T* dX_nf) {
    const int K = 2 * nW + 1;
    for (long long j = (long long)blockIdx.x * blockDim.y + threadIdx.y; j < n;
         j += (long long)gridDim.x * blockDim.y) {
        const int d = window_doc_of(offsets_d1, n_docs, (int)j);
        const int start = offsets_d1[d], end = offsets_d1[d + 1];
        for (int f = threadIdx.x; f < nF; f += blockDim.x) {
            T acc = T(0);
            for (int k = K - 1; k >= 0; --k) {
                const long long i = j + nW - k;
                if (i >= start && i < end) acc += d_cols_nkf[(i * K + k) * nF + f];
            }
            dX_nf[j * nF + f] = acc;
        }
    }
}
