// Kernels of the transition-based parser model, and a small thread runner.
//
// The loops are written so that the compiler vectorises them without
// reassociating any sum, so every output value is computed by the same
// sequence of float operations whatever the row blocking or the thread a state
// lands on: one thread and several give identical parses. On GCC/x86-64/Linux
// the kernels are cloned for x86-64-v4 (AVX-512) and v3 (AVX2) and picked at
// load time, so one wheel runs on any x86-64. GCC contracts linear_t's
// multiply-adds to FMA in the v4 and v3 clones (not in the default one), so
// scores are identical on any x86-64 with AVX2 and FMA and may differ in the
// last bit on older ones; the CUDA kernel parser_scores fuses them explicitly.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstring>
#include <thread>
#include <vector>

#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) && defined(__linux__)
#define NLPCORE_KERNEL \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define NLPCORE_KERNEL
#endif

namespace nlpcore {

// out[i] = bias + sum_f (table[rows[i, f], f] or pad[f] where the row is < 0).
// table: (N, F, HP); pad: (F, HP); bias: (HP,) or NULL; rows: (n, F).
NLPCORE_KERNEL static void sum_features(const float* table, const float* pad, const float* bias,
                                 const int* rows, std::ptrdiff_t n, int F, int HP,
                                 float* out) {
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        float* o = out + i * HP;
        if (bias != nullptr)
            std::memcpy(o, bias, sizeof(float) * HP);
        else
            std::memset(o, 0, sizeof(float) * HP);
        for (int f = 0; f < F; ++f) {
            const int r = rows[i * F + f];
            const float* src = r < 0 ? pad + (std::ptrdiff_t)f * HP
                                     : table + ((std::ptrdiff_t)r * F + f) * HP;
            for (int k = 0; k < HP; ++k) o[k] += src[k];
        }
    }
}

// out[i, h] = max_p pre[i, h * P + p]; which (if not NULL) gets the argmax.
NLPCORE_KERNEL static void maxout(const float* pre, std::ptrdiff_t n, int H, int P, float* out,
                           int* which) {
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        for (int h = 0; h < H; ++h) {
            const float* z = pre + (i * H + h) * P;
            float best = z[0];
            int best_p = 0;
            for (int p = 1; p < P; ++p) {
                if (z[p] > best) {
                    best = z[p];
                    best_p = p;
                }
            }
            out[i * H + h] = best;
            if (which != nullptr) which[i * H + h] = best_p;
        }
    }
}

// Y[i, o] = b[o] + sum_j X[i, j] * WT[j, o], summed in j order for each (i, o).
// X: (n, nI); WT: (nI, nO), the transposed weights; Y: (n, nO). Blocks of up
// to LINEAR_ROWS rows by 16 outputs are accumulated in vector registers over j
// (each WT row segment is loaded once for the block's rows); the result of an
// element doesn't depend on its block.
constexpr int LINEAR_ROWS = 8;
typedef float float16v __attribute__((vector_size(64), aligned(4)));

template <int R>
__attribute__((always_inline)) static inline void linear_t_block(
        const float* X, int nI, const float* WT, const float* b, int nO, int o0, float* Y) {
    float16v acc[R];
    for (int r = 0; r < R; ++r) acc[r] = float16v{};
    for (int j = 0; j < nI; ++j) {
        const float16v w = *reinterpret_cast<const float16v*>(WT + (std::ptrdiff_t)j * nO + o0);
        for (int r = 0; r < R; ++r) acc[r] += X[(std::ptrdiff_t)r * nI + j] * w;
    }
    const float16v bias = *reinterpret_cast<const float16v*>(b + o0);
    for (int r = 0; r < R; ++r)
        *reinterpret_cast<float16v*>(Y + (std::ptrdiff_t)r * nO + o0) = acc[r] + bias;
}

// Rows [0, R) of the product, nO >= 16. The last block is moved left to end
// at nO, recomputing some outputs with the same operations (same values).
template <int R>
__attribute__((always_inline)) static inline void linear_t_rows(
        const float* X, int nI, const float* WT, const float* b, int nO, float* Y) {
    for (int o0 = 0; o0 < nO; o0 += 16)
        linear_t_block<R>(X, nI, WT, b, nO, o0 + 16 <= nO ? o0 : nO - 16, Y);
}

NLPCORE_KERNEL static void linear_t(const float* X, std::ptrdiff_t n, int nI, const float* WT,
                             const float* b, int nO, float* Y) {
    if (nO < 16) {
        // Fewer than 16 outputs: the same operations on zero-padded vectors.
        float16v bias{};
        std::memcpy(&bias, b, sizeof(float) * nO);
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            float16v acc{};
            for (int j = 0; j < nI; ++j) {
                float16v w{};
                std::memcpy(&w, WT + (std::ptrdiff_t)j * nO, sizeof(float) * nO);
                acc += X[i * nI + j] * w;
            }
            acc += bias;
            std::memcpy(Y + i * nO, &acc, sizeof(float) * nO);
        }
        return;
    }
    std::ptrdiff_t i = 0;
    for (; i + LINEAR_ROWS <= n; i += LINEAR_ROWS)
        linear_t_rows<LINEAR_ROWS>(X + i * nI, nI, WT, b, nO, Y + i * nO);
    for (; i < n; ++i) linear_t_rows<1>(X + i * nI, nI, WT, b, nO, Y + i * nO);
}

typedef void (*task_func)(void* ctx, int task);

// Run fn(ctx, t) for every t in [0, n_tasks) on up to n_threads threads, the
// caller's included; tasks are taken in order from a shared counter. Where a
// thread can't be started the running ones take its tasks. Returns when all
// tasks are done. fn must not throw.
inline void run_tasks(int n_tasks, int n_threads, task_func fn, void* ctx) noexcept {
    std::atomic<int> next(0);
    auto work = [&]() {
        for (int t = next.fetch_add(1); t < n_tasks; t = next.fetch_add(1)) fn(ctx, t);
    };
    if (n_threads > n_tasks) n_threads = n_tasks;
    std::vector<std::thread> pool;
    try {
        pool.reserve(n_threads > 1 ? n_threads - 1 : 0);
        for (int i = 1; i < n_threads; ++i) pool.emplace_back(work);
    } catch (...) {
        // Fewer threads: the ones started (and this one) do all the tasks.
    }
    work();
    for (auto& th : pool) th.join();
}

}  // namespace nlpcore
