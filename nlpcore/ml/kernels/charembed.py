"""Host side of the character-embedding kernels (charembed.cu): CharEmbed's device path.

`char_gather` and `char_scatter` are nlpcore.ml.charembed's functions for a
table on a device; the byte ids are computed on the host and copied over.
"""

from typing import Any, Tuple

import numpy

from . import c_type, check_array, grid_for

# Threads of a block: BLOCK_X columns of each of BLOCK_Y words.
BLOCK_X, BLOCK_Y = 32, 8
BLOCK = (BLOCK_X, BLOCK_Y, 1)
N_BYTES = 256


def _check_table_and_ids(backend: Any, kernel: str, name: str, table: Any,
                         ids: Any) -> Tuple[str, int, int, int]:
    """(template type, nC, nM, n) of a (nC, 256, nM) table and its uint8 (n, nC) ids."""
    t_name = c_type(kernel, name, table)
    check_array(backend, kernel, name, table, table.dtype, (None, N_BYTES, None))
    nC, _, nM = table.shape
    check_array(backend, kernel, "ids", ids, numpy.uint8, (None, nC))
    return t_name, nC, nM, ids.shape[0]


def char_gather(backend: Any, E: Any, ids: Any) -> Any:
    """E (nC, 256, nM), ids uint8 (n, nC) -> (n, nC*nM) on the device."""
    kernel = "charembed_gather"
    t_name, nC, nM, n = _check_table_and_ids(backend, kernel, "E", E, ids)
    out = backend.xp.empty((n, nC * nM), dtype=E.dtype)
    if n:
        backend.launch(f"{kernel}<{t_name}>", grid_for(n, BLOCK_Y), BLOCK, (
            E, ids, numpy.int32(n), numpy.int32(nC), numpy.int32(nM), out))
    return out


def char_scatter(backend: Any, dE: Any, ids: Any, d_out: Any) -> None:
    """dE[c, ids[i, c]] += d_out[i, slot c] on the device, in place."""
    kernel = "charembed_scatter"
    t_name, nC, nM, n = _check_table_and_ids(backend, kernel, "dE", dE, ids)
    check_array(backend, kernel, "d_out", d_out, dE.dtype, (n, nC * nM))
    if n:
        backend.launch(f"{kernel}<{t_name}>", grid_for(n, BLOCK_Y), BLOCK, (
            ids, d_out, numpy.int32(n), numpy.int32(nC), numpy.int32(nM), dE))
