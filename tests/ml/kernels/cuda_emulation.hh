// A CPU stand-in for the CUDA launch model, to test kernel logic without a GPU.
//
// launch runs the threads one after another: exact for kernels without shared
// memory or __syncthreads (each thread's work is independent, so any order gives
// what a GPU schedule gives, atomics included up to the order of float adds).
// launch_synced runs each block's threads at once, as OS threads meeting at
// __syncthreads, for kernels whose threads share global scratch between
// barriers (no atomics: they aren't atomic here).
// Included before a .cu file by the driver that kernel_emulator.py generates.
#pragma once

#include <math.h>

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline

struct uint3 {
    unsigned int x, y, z;
};
struct dim3 {
    unsigned int x, y, z;
};

static thread_local uint3 threadIdx, blockIdx;
static dim3 blockDim, gridDim;

namespace emu {

// The threads of one block, meeting at __syncthreads.
class Barrier {
public:
    explicit Barrier(unsigned n) : n_(n) {}
    void wait() {
        std::unique_lock<std::mutex> lock(mutex_);
        const unsigned long long generation = generation_;
        if (++arrived_ == n_) {
            arrived_ = 0;
            ++generation_;
            done_.notify_all();
        } else {
            done_.wait(lock, [&] { return generation_ != generation; });
        }
    }

private:
    std::mutex mutex_;
    std::condition_variable done_;
    unsigned n_, arrived_ = 0;
    unsigned long long generation_ = 0;
};

static Barrier* block_barrier = nullptr;

}  // namespace emu

inline void __syncthreads() {
    if (emu::block_barrier != nullptr) emu::block_barrier->wait();
}

template <typename T>
T atomicAdd(T* address, T value) {
    const T old = *address;
    *address = old + value;
    return old;
}

namespace emu {

template <typename... A, std::size_t... I>
void call(void (*kernel)(A...), void** args, std::index_sequence<I...>) {
    kernel(*static_cast<A*>(args[I])...);
}

// 0 if args fit the kernel's parameters; -1 if n_args is wrong, or -(2 + i) if
// argument i's size isn't the parameter's.
template <typename... A>
int check_args(void (*)(A...), const std::size_t* sizes, int n_args) {
    const std::size_t expected[] = {sizeof(A)..., 0};
    if (n_args != (int)sizeof...(A)) return -1;
    for (int i = 0; i < n_args; ++i)
        if (sizes[i] != expected[i]) return -(2 + i);
    return 0;
}

// Run `kernel` on grid[3] blocks of block[3] threads, thread by thread, with the
// arguments pointed to by args (as cuLaunchKernel takes them). Returns 0 or
// check_args' code.
template <typename... A>
int launch(void (*kernel)(A...), const unsigned* grid, const unsigned* block, void** args,
           const std::size_t* sizes, int n_args) {
    const int status = check_args(kernel, sizes, n_args);
    if (status != 0) return status;
    gridDim = {grid[0], grid[1], grid[2]};
    blockDim = {block[0], block[1], block[2]};
    for (unsigned bz = 0; bz < grid[2]; ++bz)
        for (unsigned by = 0; by < grid[1]; ++by)
            for (unsigned bx = 0; bx < grid[0]; ++bx)
                for (unsigned tz = 0; tz < block[2]; ++tz)
                    for (unsigned ty = 0; ty < block[1]; ++ty)
                        for (unsigned tx = 0; tx < block[0]; ++tx) {
                            blockIdx = {bx, by, bz};
                            threadIdx = {tx, ty, tz};
                            call(kernel, args, std::index_sequence_for<A...>{});
                        }
    return 0;
}

// As launch, but block by block with the block's threads running at once (see the top).
template <typename... A>
int launch_synced(void (*kernel)(A...), const unsigned* grid, const unsigned* block,
                  void** args, const std::size_t* sizes, int n_args) {
    const int status = check_args(kernel, sizes, n_args);
    if (status != 0) return status;
    gridDim = {grid[0], grid[1], grid[2]};
    blockDim = {block[0], block[1], block[2]};
    const unsigned n_threads = block[0] * block[1] * block[2];
    for (unsigned bz = 0; bz < grid[2]; ++bz)
        for (unsigned by = 0; by < grid[1]; ++by)
            for (unsigned bx = 0; bx < grid[0]; ++bx) {
                Barrier barrier(n_threads);
                block_barrier = &barrier;
                std::vector<std::thread> threads;
                for (unsigned t = 0; t < n_threads; ++t)
                    threads.emplace_back([&, t] {
                        blockIdx = {bx, by, bz};
                        threadIdx = {t % block[0], t / block[0] % block[1],
                                     t / (block[0] * block[1])};
                        call(kernel, args, std::index_sequence_for<A...>{});
                    });
                for (std::thread& thread : threads) thread.join();
                block_barrier = nullptr;
            }
    return 0;
}

}  // namespace emu
