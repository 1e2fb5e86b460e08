// A sequential CPU stand-in for the CUDA launch model, to test kernel logic without a GPU.
//
// Exact for kernels that use neither shared memory nor __syncthreads (each
// thread's work is independent, so running the threads one after another gives
// what any GPU schedule gives, atomics included up to the order of float adds).
// Included before a .cu file by the driver that kernel_emulator.py generates.
#pragma once

#include <math.h>

#include <cstddef>
#include <utility>

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

static uint3 threadIdx, blockIdx;
static dim3 blockDim, gridDim;

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

// Run `kernel` on grid[3] blocks of block[3] threads, thread by thread, with the
// arguments pointed to by args (as cuLaunchKernel takes them). Returns 0, or -1
// if n_args is wrong, or -(2 + i) if argument i's size isn't the parameter's.
template <typename... A>
int launch(void (*kernel)(A...), const unsigned* grid, const unsigned* block, void** args,
           const std::size_t* sizes, int n_args) {
    const std::size_t expected[] = {sizeof(A)..., 0};
    if (n_args != (int)sizeof...(A)) return -1;
    for (int i = 0; i < n_args; ++i)
        if (sizes[i] != expected[i]) return -(2 + i);
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

}  // namespace emu
