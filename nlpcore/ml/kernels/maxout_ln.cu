// Maxout then layer normalisation over each row, and the backward pass to the
// pre-activations (MaxoutLN; its matmuls run outside, in cuBLAS).
//
// Host side: nlpcore/ml/kernels/maxout_ln.py; CPU twins: maxout_ln_forward and
// maxout_ln_backward of nlpcore/ml/maxout.pyx. Named instantiations, for T =
// float, double: maxout_ln_pieces<T>, maxout_ln_stats<T>, maxout_ln_normalize<T>,
// maxout_ln_backward_stats<T>, maxout_ln_backward_pieces<T>. Each value is computed
// with the CPU's operations in the CPU's order (a row's sums run in one thread,
// in double as on the CPU) and, with --fmad=false, equals the CPU's bit for bit.
// No includes: NVRTC, nvcc and a plain C++ compiler (the emulation test) build it.
//
// Layout: Z_nk and dZ_nk (n, K) with K = nO * nP, index o * nP + p; b_k (K,);
// rows of nO outputs; stats_n2 (n, 2) double scratch between a row kernel and
// an element kernel.

// Added to the variance before the inverse square root (maxout.pyx's LN_EPS).
#define MAXOUT_LN_EPS 1e-8

// For each row i and output o (one thread each, grid-stride): h_no[i, o] =
// max_p Z[i, o*nP+p] + b[o*nP+p], and which_no[i, o] its first argmax p.
template <typename T>
__global__ void maxout_ln_pieces(const T* Z_nk, const T* b_k, int n, int nO, int nP, T* h_no,
                                 int* which_no) {
    for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < (long long)n * nO;
         t += (long long)gridDim.x * blockDim.x) {
        const int o = (int)(t % nO);
        const T* z = Z_nk + t * nP;
        const T* b = b_k + (long long)o * nP;
        T best = z[0] + b[0];
        int best_p = 0;
        for (int p = 1; p < nP; ++p) {
            const T value = z[p] + b[p];
            if (value > best) {
                best = value;
                best_p = p;
            }
        }
        h_no[t] = best;
        which_no[t] = best_p;
    }
}

// For each row i of h_no (one thread each): its mean and 1 / sqrt(variance +
// eps), summed in order in double, into stats_n2[i]; rstd_n[i] the latter as T.
template <typename T>
__global__ void maxout_ln_stats(const T* h_no, int n, int nO, double* stats_n2, T* rstd_n) {
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        const T* h = h_no + i * nO;
        double mean = 0.0;
        for (int o = 0; o < nO; ++o) mean += h[o];
        mean /= nO;
        double var = 0.0;
        for (int o = 0; o < nO; ++o) {
            const double diff = h[o] - mean;
            var += diff * diff;
        }
        const double r = 1.0 / sqrt(var / nO + MAXOUT_LN_EPS);
        stats_n2[2 * i] = mean;
        stats_n2[2 * i + 1] = r;
        rstd_n[i] = (T)r;
    }
}

// For each row i and output o (one thread each): xhat_no[i, o] (h on entry) =
// (h - mean) * r rounded to T, and Y_no[i, o] = xhat * G[o] + beta[o].
template <typename T>
__global__ void maxout_ln_normalize(const double* stats_n2, const T* G_o, const T* beta_o,
                                    int n, int nO, T* xhat_no, T* Y_no) {
    for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < (long long)n * nO;
         t += (long long)gridDim.x * blockDim.x) {
        const long long i = t / nO;
        const int o = (int)(t % nO);
        const T xhat = (T)((xhat_no[t] - stats_n2[2 * i]) * stats_n2[2 * i + 1]);
        xhat_no[t] = xhat;
        Y_no[t] = xhat * G_o[o] + beta_o[o];
    }
}

// For each row i (one thread each): with g = dY * G (rounded to T), the means
// over the row of g and of g * xhat, summed in order in double, into stats_n2[i].
template <typename T>
__global__ void maxout_ln_backward_stats(const T* dY_no, const T* xhat_no, const T* G_o, int n,
                                         int nO, double* stats_n2) {
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n;
         i += (long long)gridDim.x * blockDim.x) {
        const T* dy = dY_no + i * nO;
        const T* xh = xhat_no + i * nO;
        double m1 = 0.0, m2 = 0.0;
        for (int o = 0; o < nO; ++o) {
            const T g = dy[o] * G_o[o];
            m1 += g;
            m2 += g * xh[o];
        }
        stats_n2[2 * i] = m1 / nO;
        stats_n2[2 * i + 1] = m2 / nO;
    }
}

// For each row i and output o (one thread each): the gradient g of its maxout
// unit (with norm: rstd * (dY*G - m1 - xhat*m2), rounded to T; without: dY) goes
// to dZ_nk[i, o*nP + which], and 0 to the unit's other pieces.
template <typename T>
__global__ void maxout_ln_backward_pieces(const T* dY_no, const T* xhat_no, const T* rstd_n,
                                          const T* G_o, const int* which_no,
                                          const double* stats_n2, int n, int nO, int nP,
                                          int norm, T* dZ_nk) {
    for (long long t = (long long)blockIdx.x * blockDim.x + threadIdx.x; t < (long long)n * nO;
         t += (long long)gridDim.x * blockDim.x) {
        const long long i = t / nO;
        const int o = (int)(t % nO);
        T g = dY_no[t];
        if (norm) {
            const double r = rstd_n[i];
            const T gG = g * G_o[o];
            g = (T)(r * (gG - stats_n2[2 * i] - xhat_no[t] * stats_n2[2 * i + 1]));
        }
        T* dz = dZ_nk + t * nP;
        for (int p = 0; p < nP; ++p) dz[p] = p == which_no[t] ? g : T(0);
    }
}
