"""Host side of the maxout + layer norm kernels (maxout_ln.cu): MaxoutLN's device path.

`maxout_ln_forward` and `maxout_ln_backward` are nlpcore.ml.maxout's functions
for arrays on a device, with the same signatures. Their per-row results equal
the CPU's bit for bit; the parameter gradients (db, dG, dbeta) are column sums
taken by the array module (cuBLAS/CuPy reductions), so they differ from the
CPU's row-by-row sums by rounding only.
"""

from typing import Any, Tuple

import numpy

from ...errors import Errors
from . import c_type, check_array, grid_for

BLOCK = 256


def maxout_ln_forward(backend: Any, Z: Any, b: Any, G: Any, beta: Any, nP: int,
                      norm: bool = True) -> Tuple[Any, Any, Any, Any]:
    """Z (n, nO*nP) pre-activations without bias -> (Y, xhat, rstd, which) on the device.

    b: (nO, nP); G, beta: (nO,). Y, xhat: (n, nO); rstd: (n,) (left unset
    without norm); which: (n, nO) int32, each unit's winning piece.
    """
    kernel = "maxout_ln_forward"
    t_name = c_type(kernel, "Z", Z)
    nO = _n_outputs(kernel, Z, nP)
    n = Z.shape[0]
    check_array(backend, kernel, "Z", Z, Z.dtype, (n, nO * nP))
    check_array(backend, kernel, "b", b, Z.dtype, (nO, nP))
    check_array(backend, kernel, "G", G, Z.dtype, (nO,))
    check_array(backend, kernel, "beta", beta, Z.dtype, (nO,))
    xp = backend.xp
    xhat = xp.empty((n, nO), dtype=Z.dtype)
    rstd = xp.empty((n,), dtype=Z.dtype)
    which = xp.empty((n, nO), dtype=numpy.int32)
    if n == 0:
        return xp.empty((n, nO), dtype=Z.dtype), xhat, rstd, which
    elements = grid_for(n * nO, BLOCK)
    backend.launch(f"maxout_ln_pieces<{t_name}>", elements, (BLOCK, 1, 1), (
        Z, b, numpy.int32(n), numpy.int32(nO), numpy.int32(nP), xhat, which))
    if not norm:
        return xhat.copy(), xhat, rstd, which
    Y = xp.empty((n, nO), dtype=Z.dtype)
    stats = xp.empty((n, 2), dtype=numpy.float64)
    backend.launch(f"maxout_ln_stats<{t_name}>", grid_for(n, BLOCK), (BLOCK, 1, 1), (
        xhat, numpy.int32(n), numpy.int32(nO), stats, rstd))
    backend.launch(f"maxout_ln_normalize<{t_name}>", elements, (BLOCK, 1, 1), (
        stats, G, beta, numpy.int32(n), numpy.int32(nO), xhat, Y))
    return Y, xhat, rstd, which


def maxout_ln_backward(backend: Any, dY: Any, xhat: Any, rstd: Any, G: Any, which: Any,
                       nP: int, db: Any, dG: Any, dbeta: Any, norm: bool = True) -> Any:
    """Gradient w.r.t. Z (n, nO*nP) on the device; adds into db, dG and dbeta in place
    (dG and dbeta only with norm). dY is converted to xhat's dtype, as on the CPU."""
    kernel = "maxout_ln_backward"
    t_name = c_type(kernel, "xhat", xhat)
    xp = backend.xp
    dY = xp.ascontiguousarray(dY, dtype=xhat.dtype)
    n, nO = xhat.shape
    check_array(backend, kernel, "dY", dY, xhat.dtype, (n, nO))
    check_array(backend, kernel, "xhat", xhat, xhat.dtype, (n, nO))
    check_array(backend, kernel, "rstd", rstd, xhat.dtype, (n,))
    check_array(backend, kernel, "G", G, xhat.dtype, (nO,))
    check_array(backend, kernel, "which", which, numpy.int32, (n, nO))
    check_array(backend, kernel, "db", db, xhat.dtype, (nO, nP))
    check_array(backend, kernel, "dG", dG, xhat.dtype, (nO,))
    check_array(backend, kernel, "dbeta", dbeta, xhat.dtype, (nO,))
    dZ = xp.empty((n, nO * nP), dtype=xhat.dtype)
    if n == 0:
        return dZ
    stats = xp.empty((n, 2), dtype=numpy.float64)
    if norm:
        backend.launch(f"maxout_ln_backward_stats<{t_name}>", grid_for(n, BLOCK),
                       (BLOCK, 1, 1), (dY, xhat, G, numpy.int32(n), numpy.int32(nO), stats))
    backend.launch(f"maxout_ln_backward_pieces<{t_name}>", grid_for(n * nO, BLOCK),
                   (BLOCK, 1, 1), (dY, xhat, rstd, G, which, stats, numpy.int32(n),
                                   numpy.int32(nO), numpy.int32(nP), numpy.int32(norm), dZ))
    db += dZ.sum(axis=0).reshape((nO, nP))
    if norm:
        dG += (dY * xhat).sum(axis=0)
        dbeta += dY.sum(axis=0)
    return dZ


def _n_outputs(kernel: str, Z: Any, nP: int) -> int:
    """nO of Z (n, nO*nP); a coded error (E402) unless Z is 2-D with a multiple of nP columns."""
    if nP < 1 or len(Z.shape) != 2 or Z.shape[1] % nP:
        raise ValueError(Errors.E402.format(kernel=kernel, name="Z", shape=Z.shape,
                                            expected=("*", f"nO * {nP}")))
    return Z.shape[1] // nP
