// Hash-embedding kernels: MurmurHash3 row keys, the sum of four rows, and its transpose.
//
// Host side: nlpcore/ml/kernels/hashembed.py; NumPy twins: reference.py. Named
// instantiations: hashembed_forward<float|double>, hashembed_backward<float|double>.
// The file has no includes, so NVRTC, nvcc and (for the CPU emulation test) a
// plain C++ compiler all build it.
//
// Launch shape of both kernels: threadIdx.x walks an id's columns, threadIdx.y and
// blockIdx.x its ids (a grid-stride loop), so a row of the table is read by
// consecutive threads.

typedef unsigned int u32;
typedef unsigned long long u64;

__device__ __forceinline__ u32 murmur3_rotl(u32 x, int r) { return (x << r) | (x >> (32 - r)); }

__device__ __forceinline__ u32 murmur3_fmix(u32 h) {
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

// The step MurmurHash3_x86_128 takes before and after the final mixes: h1
// takes the sum of all four words, then each other word adds h1.
__device__ __forceinline__ void murmur3_mix4(u32& h1, u32& h2, u32& h3, u32& h4) {
    h1 += h2;
    h1 += h3;
    h1 += h4;
    h2 += h1;
    h3 += h1;
    h4 += h1;
}

// The four 32-bit words of MurmurHash3_x86_128 of one 8-byte little-endian key:
// no full 16-byte block, an 8-byte tail (high word into h2, low word into h1).
__device__ __forceinline__ void murmur3_x86_128_u64(u64 key, u32 seed, u32* out4) {
    const u32 c1 = 0x239b961bu, c2 = 0xab0e9789u, c3 = 0x38b34ae5u;
    u32 h1 = seed, h2 = seed, h3 = seed, h4 = seed;
    u32 k2 = (u32)(key >> 32);
    k2 *= c2;
    k2 = murmur3_rotl(k2, 16);
    k2 *= c3;
    h2 ^= k2;
    u32 k1 = (u32)key;
    k1 *= c1;
    k1 = murmur3_rotl(k1, 15);
    k1 *= c2;
    h1 ^= k1;
    h1 ^= 8u;
    h2 ^= 8u;
    h3 ^= 8u;
    h4 ^= 8u;
    murmur3_mix4(h1, h2, h3, h4);
    h1 = murmur3_fmix(h1);
    h2 = murmur3_fmix(h2);
    h3 = murmur3_fmix(h3);
    h4 = murmur3_fmix(h4);
    murmur3_mix4(h1, h2, h3, h4);
    out4[0] = h1;
    out4[1] = h2;
    out4[2] = h3;
    out4[3] = h4;
}

// For each id i, ids_nt[i, t] (ids_nt: (n, n_tables)): key k = word k of its hash
// under `seed`, modulo n_rows, written to keys_nt4[i, t, k]; then the nO columns
// out_col + j of out_nw (n, out_width) get
// (E[key0, j] + E[key1, j]) + (E[key2, j] + E[key3, j]) of table_vo (n_rows, nO),
// summed in that order as on the CPU.
template <typename T>
__global__ void hashembed_forward(const u64* ids_nt, int n_tables, int t, int n, u32 seed,
                                  const T* table_vo, u32 n_rows, int nO, T* out_nw,
                                  int out_width, int out_col, u32* keys_nt4) {
    for (long long i = (long long)blockIdx.x * blockDim.y + threadIdx.y; i < n;
         i += (long long)gridDim.x * blockDim.y) {
        u32 key[4];
        murmur3_x86_128_u64(ids_nt[i * n_tables + t], seed, key);
        for (int k = 0; k < 4; ++k) key[k] %= n_rows;
        if (threadIdx.x == 0) {
            for (int k = 0; k < 4; ++k) keys_nt4[(i * n_tables + t) * 4 + k] = key[k];
        }
        const T* r0 = table_vo + (long long)key[0] * nO;
        const T* r1 = table_vo + (long long)key[1] * nO;
        const T* r2 = table_vo + (long long)key[2] * nO;
        const T* r3 = table_vo + (long long)key[3] * nO;
        T* out = out_nw + i * out_width + out_col;
        for (int j = threadIdx.x; j < nO; j += blockDim.x) out[j] = (r0[j] + r1[j]) + (r2[j] + r3[j]);
    }
}

// The transpose of the gather for table t: d_table_vo[keys_nt4[i, t, k], j] +=
// d_out_nw[i, out_col + j] for the four keys of every id, with atomic adds (ids
// may share rows).
template <typename T>
__global__ void hashembed_backward(const u32* keys_nt4, int n_tables, int t, int n,
                                   const T* d_out_nw, int out_width, int out_col, int nO,
                                   T* d_table_vo) {
    for (long long i = (long long)blockIdx.x * blockDim.y + threadIdx.y; i < n;
         i += (long long)gridDim.x * blockDim.y) {
        const u32* key = keys_nt4 + (i * n_tables + t) * 4;
        const T* d_out = d_out_nw + i * out_width + out_col;
        for (int j = threadIdx.x; j < nO; j += blockDim.x) {
            const T g = d_out[j];
            for (int k = 0; k < 4; ++k) atomicAdd(d_table_vo + (long long)key[k] * nO + j, g);
        }
    }
}
