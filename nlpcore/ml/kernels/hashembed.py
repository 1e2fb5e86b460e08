"""Host side of the hash-embedding kernels (hashembed.cu), and HashEmbed's device path.

`embed_ids_device` is `nlpcore.ml.hashembed.embed_ids` for tables on a device:
the same row keys (MurmurHash3 under each layer's seed), the same sums, with the
gradient scattered by the backward kernel.
"""

from typing import Any, Callable, Sequence, Tuple

import numpy

from ...errors import Errors
from ..column_dropout import drop_columns, mask_gradient, table_gradients
from . import c_type, check_array, grid_for

# Threads of a block: BLOCK_X columns of each of BLOCK_Y ids.
BLOCK_X, BLOCK_Y = 32, 8
BLOCK = (BLOCK_X, BLOCK_Y, 1)
N_KEYS = 4


def hashembed_forward(backend: Any, ids: Any, seeds: Sequence[int], tables: Sequence[Any],
                      out: Any, keys: Any) -> None:
    """Fill out (n, sum of widths) and keys (n, n_tables, 4) uint32 on the device.

    ids: (n, n_tables) uint64; column t is hashed with seeds[t] and selects rows
    of tables[t] (rows_t, width_t), whose sums fill the t-th block of out's columns.
    """
    n_tables = len(tables)
    if len(seeds) != n_tables:
        raise ValueError(Errors.E256.format(n_cols=len(seeds), n_tables=n_tables))
    check_array(backend, "hashembed_forward", "ids", ids, numpy.uint64, (None, n_tables))
    n = ids.shape[0]
    widths = [table.shape[1] for table in tables]
    t_name = c_type("hashembed_forward", "out", out)
    check_array(backend, "hashembed_forward", "out", out, out.dtype, (n, sum(widths)))
    check_array(backend, "hashembed_forward", "keys", keys, numpy.uint32, (n, n_tables, N_KEYS))
    if n == 0:
        return
    start = 0
    for t, (table, width) in enumerate(zip(tables, widths)):
        check_array(backend, "hashembed_forward", f"tables[{t}]", table, out.dtype, (None, width))
        backend.launch(f"hashembed_forward<{t_name}>", grid_for(n, BLOCK_Y), BLOCK, (
            ids, numpy.int32(n_tables), numpy.int32(t), numpy.int32(n), numpy.uint32(seeds[t]),
            table, numpy.uint32(table.shape[0]), numpy.int32(width),
            out, numpy.int32(out.shape[1]), numpy.int32(start), keys))
        start += width


def hashembed_backward(backend: Any, keys: Any, d_out: Any, grads: Sequence[Any]) -> None:
    """Add the rows of d_out (n, sum of widths) into each gradient table at its keys."""
    n_tables = len(grads)
    check_array(backend, "hashembed_backward", "keys", keys, numpy.uint32,
                (None, n_tables, N_KEYS))
    n = keys.shape[0]
    widths = [grad.shape[1] for grad in grads]
    t_name = c_type("hashembed_backward", "d_out", d_out)
    check_array(backend, "hashembed_backward", "d_out", d_out, d_out.dtype, (n, sum(widths)))
    if n == 0:
        return
    start = 0
    for t, (grad, width) in enumerate(zip(grads, widths)):
        check_array(backend, "hashembed_backward", f"grads[{t}]", grad, d_out.dtype,
                    (None, width))
        backend.launch(f"hashembed_backward<{t_name}>", grid_for(n, BLOCK_Y), BLOCK, (
            keys, numpy.int32(n_tables), numpy.int32(t), numpy.int32(n),
            d_out, numpy.int32(d_out.shape[1]), numpy.int32(start), numpy.int32(width), grad))
        start += width


def embed_ids_device(backend: Any, layers: Sequence[Any], ids: numpy.ndarray,
                     is_train: bool) -> Tuple[Any, Callable[[Any], None]]:
    """embed_ids for HashEmbed layers whose tables are on the device.

    ids: (n, len(layers)) uint64 (host or device). Returns (vectors (n, sum nO)
    on the device, backprop(d_vectors) -> None adding into the layers' "E" grads).
    """
    xp = backend.xp
    tables = [layer.get_param("E") for layer in layers]
    ids = xp.ascontiguousarray(xp.asarray(ids, dtype=numpy.uint64))
    if ids.ndim == 1:
        ids = ids.reshape((-1, 1))
    widths = [table.shape[1] for table in tables]
    out = xp.empty((ids.shape[0], sum(widths)), dtype=tables[0].dtype)
    keys = xp.empty((ids.shape[0], len(tables), N_KEYS), dtype=numpy.uint32)
    hashembed_forward(backend, ids, [layer.attrs["seed"] for layer in layers], tables, out, keys)
    masks = drop_columns(layers, widths, out, xp) if is_train else []

    def backprop(d_out: Any) -> None:
        d_out = xp.ascontiguousarray(xp.asarray(d_out, dtype=out.dtype))
        hashembed_backward(backend, keys, mask_gradient(d_out, masks),
                           table_gradients(layers, xp))

    return out, backprop
