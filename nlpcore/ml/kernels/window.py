"""Host side of the window kernels (window.cu): ExpandWindow's device path.

`seq2col` and `col2seq` are nlpcore.ml.window's functions for rows on a device,
with the same results bit for bit; the lengths may be on the host or the device.
"""

from typing import Any, Dict

import numpy

from ...errors import Errors
from . import c_type, check_array, grid_for, to_host

# Threads of a block: BLOCK_X columns of each of BLOCK_Y rows.
BLOCK_X, BLOCK_Y = 32, 8
BLOCK = (BLOCK_X, BLOCK_Y, 1)
# The last batch's device offsets and their key (backend, rows, host lengths).
_LAST_OFFSETS: Dict[str, Any] = {}


def doc_offsets(backend: Any, lengths: Any, n_rows: int) -> Any:
    """(n_docs + 1,) int32 on the device: each doc's first row, then n_rows.

    A coded error (E262), as the CPU's seq2col gives, unless the lengths are
    non-negative and sum to n_rows. The last batch's offsets are kept: every
    window layer of an encoder, forward and backward, sees the same lengths,
    and they go to the device once.
    """
    lengths = numpy.asarray(to_host(lengths), dtype=numpy.int64).reshape((-1,))
    key = (backend, n_rows, lengths.tobytes())
    if _LAST_OFFSETS.get("key") == key:
        return _LAST_OFFSETS["offsets"]
    total = int(lengths.sum())
    if total != n_rows or (len(lengths) and lengths.min() < 0):
        raise ValueError(Errors.E262.format(rows=n_rows, total=total))
    offsets = numpy.zeros((len(lengths) + 1,), dtype=numpy.int32)
    numpy.cumsum(lengths, out=offsets[1:])
    _LAST_OFFSETS.update(key=key, offsets=backend.xp.asarray(offsets))
    return _LAST_OFFSETS["offsets"]


def _check_window(nW: int) -> None:
    if nW < 0:
        raise ValueError(Errors.E263.format(window=nW))


def seq2col(backend: Any, X: Any, lengths: Any, nW: int) -> Any:
    """(n, (2*nW+1)*nF) windows of X (n, nF) on the device, stopping at doc boundaries.

    lengths: the docs' row counts, summing to n.
    """
    kernel = "window_seq2col"
    _check_window(nW)
    t_name = c_type(kernel, "X", X)
    check_array(backend, kernel, "X", X, X.dtype, (None, None))
    n, nF = X.shape
    offsets = doc_offsets(backend, lengths, n)
    out = backend.xp.empty((n, (2 * nW + 1) * nF), dtype=X.dtype)
    if n:
        backend.launch(f"{kernel}<{t_name}>", grid_for(n, BLOCK_Y), BLOCK, (
            X, offsets, numpy.int32(len(offsets) - 1), numpy.int32(n), numpy.int32(nW),
            numpy.int32(nF), out))
    return out


def col2seq(backend: Any, d_cols: Any, lengths: Any, nW: int) -> Any:
    """The gradient of seq2col: d_cols (n, (2*nW+1)*nF) -> (n, nF) on the device."""
    kernel = "window_col2seq"
    _check_window(nW)
    t_name = c_type(kernel, "d_cols", d_cols)
    check_array(backend, kernel, "d_cols", d_cols, d_cols.dtype, (None, None))
    n, K = d_cols.shape[0], 2 * nW + 1
    offsets = doc_offsets(backend, lengths, n)
    if d_cols.shape[1] % K:
        raise ValueError(Errors.E402.format(kernel=kernel, name="d_cols", shape=d_cols.shape,
                                            expected=(n, f"a multiple of {K}")))
    nF = d_cols.shape[1] // K
    dX = backend.xp.empty((n, nF), dtype=d_cols.dtype)
    if n:
        backend.launch(f"{kernel}<{t_name}>", grid_for(n, BLOCK_Y), BLOCK, (
            d_cols, offsets, numpy.int32(len(offsets) - 1), numpy.int32(n), numpy.int32(nW),
            numpy.int32(nF), dX))
    return dX
