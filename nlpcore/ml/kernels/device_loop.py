"""Greedy decoding with the whole loop on the device: one launch of greedy_loop.cu.

`parse_with_device_loop` sends the states over once (of StateBatch.to_arrays,
the arrays its system's kernel takes), decodes every state to the end in one
kernel launch (a block per state: each step its hidden units, scores, best
valid move and next feature rows), asks once whether a state is still open,
and takes those arrays back once (StateBatch.load_arrays). parse_on_device
(parser_step.py) is the other device path: scoring there, the moves on the
host, a round trip per step.
"""

from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional, Tuple

import numpy

from ...errors import Errors
from ...transition import ArcEager, BiluoNER
from . import MAX_BLOCKS, c_type, check_array, to_host
from .parser_step import device_weights
from .state_arrays import check_states, n_open, to_device

# Threads per block (per state): a step's hidden units, then its scores, are
# spread over them.
BLOCK = 128
# ParserBatch.parse uses the loop where it can (nlpcore.gpu.use_device_loop switches).
SETTINGS = {"device_loop": True}


@dataclass(frozen=True)
class LoopKernels:
    """A system's loop kernel, {name}<T>: the state arrays it takes after states_sc,
    in order; the context sets (nr_feature_tokens) it knows; the system's int flags."""

    name: str
    arrays: Tuple[str, ...]
    feature_sizes: Tuple[int, ...]
    flags: Callable[[Any], Tuple[int, ...]]


ARC_EAGER = LoopKernels("arc_eager_loop", ("words_wc", "labels_w", "stack_w", "back_w"),
                        (8, 13), lambda system: (int(system.nonmonotonic),))
BILUO = LoopKernels("biluo_loop", ("back_w", "ents_we", "ent_labels_w"), (3, 6),
                    lambda system: ())


def loop_kernels(system: Any) -> Optional[LoopKernels]:
    """The loop kernel of a transition system, or None where it has none."""
    if isinstance(system, ArcEager):
        return ARC_EAGER
    if isinstance(system, BiluoNER):
        return BILUO
    return None


def greedy_decode(backend: Any, kernels: LoopKernels, system: Any, net: Tuple[Any, ...],
                  nP: int, class_table: Tuple[Any, Any], arrays: Dict[str, Any],
                  max_steps: int, block: int = BLOCK) -> None:
    """Decode every open state in `arrays` to the end, or for max_steps steps.

    net: (table (N, F, H*nP), pad, bias, WT (H, nO) or None, b (nO,) or None), the
    upper layer transposed; class_table: the system's (moves, labels); all on the
    backend's device. block: threads per state.
    """
    kernel = kernels.name
    table, pad, bias, WT, b = net
    t_name = c_type(kernel, "table", table)
    n = check_states(backend, kernel, arrays, *kernels.arrays)
    F, K = pad.shape
    moves, labels = class_table
    nO = moves.shape[0]
    H = K // nP if nP > 0 else 0
    check_array(backend, kernel, "table", table, table.dtype, (None, F, K))
    check_array(backend, kernel, "pad", pad, table.dtype, (F, K))
    check_array(backend, kernel, "bias", bias, table.dtype, (K,))
    if nP < 1 or K % nP or F not in kernels.feature_sizes:
        raise ValueError(Errors.E402.format(kernel=kernel, name="pad", shape=pad.shape,
                                            expected=(kernels.feature_sizes, f"H * {nP}")))
    if WT is None:  # the hidden units are the scores: dummies for WT and b
        WT, b = pad, pad
        nO = H
    else:
        check_array(backend, kernel, "WT", WT, table.dtype, (H, nO))
        check_array(backend, kernel, "b", b, table.dtype, (nO,))
    check_array(backend, kernel, "moves", moves, numpy.int32, (nO,))
    check_array(backend, kernel, "labels", labels, numpy.uint64, (nO,))
    if not n:
        return
    xp = backend.xp
    grid = min(n, MAX_BLOCKS)
    rows = xp.empty((grid, F), dtype=numpy.int32)
    hidden = xp.empty((grid, H), dtype=table.dtype)
    scores = xp.empty((grid, nO), dtype=table.dtype)
    backend.launch(f"{kernel}<{t_name}>", (grid, 1, 1), (block, 1, 1), (
        table, pad, bias, WT, b, numpy.int32(table.shape[0]), numpy.int32(F), numpy.int32(H),
        numpy.int32(nP), numpy.int32(nO), numpy.int32(net[3] is not None), moves, labels,
        *(numpy.int32(flag) for flag in kernels.flags(system)), numpy.int32(max_steps),
        numpy.int32(n), arrays["states_sc"], *(arrays[name] for name in kernels.arrays), rows,
        hidden, scores))


def parse_with_device_loop(backend: Any, batch: Any, states: Any, block: int = BLOCK) -> None:
    """Greedy decoding of the states to the end with the loop on the device.

    batch: a ParserBatch with its table on the device; states: its StateBatch,
    of a system with a loop kernel and without constraints. The parses equal
    greedy_parse's. block: threads per state.
    """
    if not states.n_active:
        return
    system = states.system
    kernels = loop_kernels(system)
    if kernels is None:
        raise ValueError(Errors.E406.format(system=type(system).__name__))
    host = states.to_arrays()
    # Only the arrays the kernel reads and writes go over and come back.
    arrays = to_device(backend, {name: host[name] for name in ("states_sc", *kernels.arrays)})
    class_table = tuple(backend.xp.asarray(a) for a in system.class_table)
    pad, bias, WT, b = device_weights(backend, batch)
    max_steps = 4 * max(batch.lengths, default=0) + 16
    greedy_decode(backend, kernels, system, (batch.table, pad, bias, WT, b), batch.nP,
                  class_table, arrays, max_steps, block)
    still_open = n_open(backend, arrays)
    if still_open:
        raise RuntimeError(Errors.E354.format(n=still_open, steps=max_steps))
    host.update((name, to_host(value)) for name, value in arrays.items())
    states.load_arrays(**host)
