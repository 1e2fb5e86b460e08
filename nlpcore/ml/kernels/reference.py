"""NumPy twins of the CUDA kernels: the same arithmetic, in the same order.

Each function computes what one kernel (or launch wrapper) computes, on NumPy
arrays, with float sums taken in the kernel's (and the CPU code's) order, so
forward results are equal bit for bit; the backward twins add in state order
where the kernels use atomics (equal up to rounding).
"""

from typing import Optional, Tuple

import numpy

_U32 = numpy.uint32


def _rotl(x: numpy.ndarray, r: int) -> numpy.ndarray:
    return (x << _U32(r)) | (x >> _U32(32 - r))


def _fmix(h: numpy.ndarray) -> numpy.ndarray:
    h = h ^ (h >> _U32(16))
    h = h * _U32(0x85EBCA6B)
    h = h ^ (h >> _U32(13))
    h = h * _U32(0xC2B2AE35)
    return h ^ (h >> _U32(16))


def murmur3_x86_128_u64(ids: numpy.ndarray, seed: int) -> numpy.ndarray:
    """(n, 4) uint32: the four words of MurmurHash3_x86_128 of each 8-byte id."""
    ids = numpy.asarray(ids, dtype=numpy.uint64).ravel()
    with numpy.errstate(over="ignore"):
        h1 = numpy.full(ids.shape, seed & 0xFFFFFFFF, dtype=_U32)
        h2, h3, h4 = h1.copy(), h1.copy(), h1.copy()
        k2 = (ids >> numpy.uint64(32)).astype(_U32)
        k2 = _rotl(k2 * _U32(0xAB0E9789), 16) * _U32(0x38B34AE5)
        h2 ^= k2
        k1 = (ids & numpy.uint64(0xFFFFFFFF)).astype(_U32)
        k1 = _rotl(k1 * _U32(0x239B961B), 15) * _U32(0xAB0E9789)
        h1 ^= k1
        h1, h2, h3, h4 = (h ^ _U32(8) for h in (h1, h2, h3, h4))
        h1 = h1 + h2 + h3 + h4
        h2, h3, h4 = h2 + h1, h3 + h1, h4 + h1
        h1, h2, h3, h4 = (_fmix(h) for h in (h1, h2, h3, h4))
        h1 = h1 + h2 + h3 + h4
        h2, h3, h4 = h2 + h1, h3 + h1, h4 + h1
    return numpy.stack([h1, h2, h3, h4], axis=1)


def hashembed_forward(ids: numpy.ndarray, seed: int,
                      table: numpy.ndarray) -> Tuple[numpy.ndarray, numpy.ndarray]:
    """(out (n, nO), keys (n, 4) uint32) of hashembed_forward for one table."""
    keys = murmur3_x86_128_u64(ids, seed) % _U32(table.shape[0])
    rows = [table[keys[:, k]] for k in range(4)]
    return (rows[0] + rows[1]) + (rows[2] + rows[3]), keys


def hashembed_backward(keys: numpy.ndarray, d_out: numpy.ndarray, d_table: numpy.ndarray) -> None:
    """hashembed_backward: d_table[keys[i, k]] += d_out[i] for every id i and key k."""
    for k in range(4):
        numpy.add.at(d_table, keys[:, k], d_out)


def _slot_rows(table: numpy.ndarray, pad: numpy.ndarray, rows: numpy.ndarray,
               f: int) -> numpy.ndarray:
    """(n, K): the table row of slot f of each state, the pad row where the slot is empty
    (row -1, or a row outside the table)."""
    r = rows[:, f]
    filled = (r >= 0) & (r < table.shape[0])
    out = numpy.broadcast_to(pad[f], (len(r), pad.shape[1])).copy()
    out[filled] = table[r[filled], f]
    return out


def parser_hidden(table: numpy.ndarray, pad: numpy.ndarray, bias: numpy.ndarray,
                  rows: numpy.ndarray, nP: int) -> Tuple[numpy.ndarray, numpy.ndarray]:
    """(hidden (n, H), which (n, H) int32) of parser_hidden: bias plus the F slot rows
    summed in slot order, then maxout over the nP pieces (the first maximum wins)."""
    n, F = rows.shape
    K = pad.shape[1]
    pre = numpy.broadcast_to(bias, (n, K)).copy()
    for f in range(F):
        pre += _slot_rows(table, pad, rows, f)
    pre = pre.reshape((n, K // nP, nP))
    which = pre.argmax(axis=2).astype(numpy.int32)
    return numpy.take_along_axis(pre, which[:, :, None], axis=2)[:, :, 0], which


def parser_scores(hidden: numpy.ndarray, W: numpy.ndarray, b: numpy.ndarray) -> numpy.ndarray:
    """parser_scores: hidden @ W.T + b, summed over j in order, each product added with
    one rounding (a fused multiply-add). float32: the sum is taken in float64, where
    the product is exact, then rounded (equal to fma but for double rounding, which
    has a chance of about 2**-29 an addition); float64: not fused, so close only."""
    scores = numpy.zeros((hidden.shape[0], W.shape[0]), dtype=hidden.dtype)
    wide = numpy.float64 if hidden.dtype == numpy.float32 else hidden.dtype
    for j in range(hidden.shape[1]):
        product = hidden[:, j:j + 1].astype(wide) * W[:, j][None, :].astype(wide)
        scores = (scores.astype(wide) + product).astype(hidden.dtype)
    return scores + b


def parser_best_move(scores: numpy.ndarray, valid: numpy.ndarray) -> numpy.ndarray:
    """parser_best_move: (n,) int32, each row's best valid move (first on ties), -1 if none."""
    best = numpy.full((scores.shape[0],), -1, dtype=numpy.int32)
    for i in range(scores.shape[0]):
        for o in numpy.flatnonzero(valid[i]):
            if best[i] == -1 or scores[i, o] > scores[i, best[i]]:
                best[i] = o
    return best


def parser_hidden_backward(d_hidden: numpy.ndarray, which: numpy.ndarray, rows: numpy.ndarray,
                           nP: int, d_table: numpy.ndarray, d_pad: numpy.ndarray,
                           d_bias: Optional[numpy.ndarray] = None) -> None:
    """parser_hidden_backward: route d_hidden to the winning pieces and add it into the
    slot rows of d_table (d_pad for empty slots), in state order; also into d_bias if given."""
    n, H = d_hidden.shape
    cols = numpy.arange(H)[None, :] * nP + which
    for i in range(n):
        for f in range(rows.shape[1]):
            r = rows[i, f]
            dst = d_pad[f] if r < 0 or r >= d_table.shape[0] else d_table[r, f]
            dst[cols[i]] += d_hidden[i]
        if d_bias is not None:
            d_bias[cols[i]] += d_hidden[i]
