"""Host side of the character-embedding kernels (charembed.cu): CharEmbed's device path.

`char_gather` and `char_scatter` are nlpcore.ml.charembed's functions for a
table on a device; the byte ids are computed on the host and copied over.
"""

from typing import Any

import numpy

from . import c_type, check_array, grid_for

# Threads of a block: BLOCK_X columns of each of BLOCK_Y words.
BLOCK_X, BLOCK_Y = 32, 8
BLOCK = (BLOCK_X, BLOCK_Y, 1)
N_BYTES = 256


def char_gather(backend: Any, E: Any, ids: Any) -> Any:
    """E (nC, 256, nM), ids uint8 (n, nC) -> (n, nC*nM) on the device."""
    kernel = "charembed_gather"
    t_name = c_type(kernel, "E", E)
    check_array(backend, kernel, "E", E, E.dtype, (None, N_BYTES, None))
    nC, _, nM = E.shape
    check_array(backend, kernel, "ids", ids, numpy.uint8, (None, nC))
    n = ids.shape[0]
    out = backend.xp.empty((n, nC * nM), dtype=E.dtype)
    if n:
        backend.launch(f"{kernel}<{t_name}>", grid_for(n, BLOCK_Y), BLOCK, (
            E, ids, numpy.int32(n), numpy.int32(nC), numpy.int32(nM), out))
    return out


def char_scatter(backend: Any, dE: Any, ids: Any, d_out: Any) -> None:
    """dE[c, ids[i, c]] += d_out[i, slot c] on the device, in place."""
    kernel = "charembed_scatter"
    t_name = c_type(kernel, "dE", dE)
    check_array(backend, kernel, "dE", dE, dE.dtype, (None, N_BYTES, None))
    nC, _, nM = dE.shape
    check_array(backend, kernel, "ids", ids, numpy.uint8, (None, nC))
    n = ids.shape[0]
    check_array(backend, kernel, "d_out", d_out, dE.dtype, (n, nC * nM))
    if n:
        backend.launch(f"{kernel}<{t_name}>", grid_for(n, BLOCK_Y), BLOCK, (
            ids, d_out, numpy.int32(n), numpy.int32(nC), numpy.int32(nM), dE))
