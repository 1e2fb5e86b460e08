// Character embedding: each word's nC byte ids select rows of nC tables (a gather),
// and the transpose (a scatter-add) for the backward pass.
//
// Host side: nlpcore/ml/kernels/charembed.py; CPU twins: char_gather and
// char_scatter of nlpcore/ml/charembed.pyx. Named instantiations:
// charembed_gather<T>, charembed_scatter<T> for T = float, double. The gather
// copies, so it equals the CPU bit for bit; the scatter adds with atomics, in any
// order on a GPU (equal to the CPU up to rounding). No includes: NVRTC, nvcc and a
// plain C++ compiler (the emulation test) build it.
//
// Layout: table_cvm (nC, 256, nM), slot c's table at c; ids_nc (n, nC) bytes;
// out_ncm (n, nC * nM), slot c's vector at columns c * nM.
//
// Launch shape of both kernels: threadIdx.y and blockIdx.x walk the words (a
// grid-stride loop), threadIdx.x a word's nC * nM columns.

typedef unsigned char u8;

#define CHAREMBED_N_BYTES 256

// Offset in a (nC, 256, nM) table of column `col` (= c * nM + m) of a word's row.
__device__ inline long long charembed_offset(const u8* ids, int col, int nM) {
    const int c = col / nM;
    return ((long long)c * CHAREMBED_N_BYTES + ids[c]) * nM + col % nM;
}

// out_ncm[i, c * nM + m] = table_cvm[c, ids_nc[i, c], m].
template <typename T>
__global__ void charembed_gather(const T* table_cvm, const u8* ids_nc, int n, int nC, int nM,
                                 T* out_ncm) {
    const int width = nC * nM;
    for (long long i = (long long)blockIdx.x * blockDim.y + threadIdx.y; i < n;
         i += (long long)gridDim.x * blockDim.y) {
        const u8* ids = ids_nc + i * nC;
        T* out = out_ncm + i * width;
        for (int col = threadIdx.x; col < width; col += blockDim.x)
            out[col] = table_cvm[charembed_offset(ids, col, nM)];
    }
}

// d_table_cvm[c, ids_nc[i, c], m] += d_out_ncm[i, c * nM + m] for every word i
// (atomic adds: words share bytes).
template <typename T>
__global__ void charembed_scatter(const u8* ids_nc, const T* d_out_ncm, int n, int nC, int nM,
                                  T* d_table_cvm) {
    const int width = nC * nM;
    for (long long i = (long long)blockIdx.x * blockDim.y + threadIdx.y; i < n;
         i += (long long)gridDim.x * blockDim.y) {
        const u8* ids = ids_nc + i * nC;
        const T* d_out = d_out_ncm + i * width;
        for (int col = threadIdx.x; col < width; col += blockDim.x)
            atomicAdd(d_table_cvm + charembed_offset(ids, col, nM), d_out[col]);
    }
}
