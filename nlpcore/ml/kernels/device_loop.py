"""Greedy decoding with the whole loop on the device: arc_eager.cu and biluo.cu.

`parse_with_device_loop` sends the states over once (StateBatch.to_arrays);
each step is three launches (state_hidden, state_scores, then the system's
step kernel, which applies each state's best valid move and writes its next
feature rows) with no copy either way; the host only asks, after as many steps
as the longest state can take and then every few steps, whether a state is
still open; the final states come back once (StateBatch.load_arrays).
parse_on_device (parser_step.py) is the other device path: scoring there, the
moves on the host, a round trip per step.
"""

from dataclasses import dataclass
from typing import Any, Callable, Dict, Optional, Tuple

import numpy

from ...errors import Errors
from ...transition import ArcEager, BiluoNER
from . import c_type, check_array, grid_for, to_host
from .parser_step import device_weights, state_hidden, state_scores
from .state_arrays import check_states, n_open, to_device

BLOCK = 128
# Steps between the host's checks for open states once the first check found some
# (non-monotonic parses, where UNSHIFT puts words back).
CHECK_EVERY = 8
# ParserBatch.parse uses the loop where it can (nlpcore.gpu.use_device_loop switches).
SETTINGS = {"device_loop": True}


@dataclass(frozen=True)
class LoopKernels:
    """A system's loop kernels: {family}_rows and {family}_step<T>.

    arrays: the state arrays they take after states_sc, in order; feature_sizes:
    the context sets they know; steps_per_word: the most steps a state takes per
    word (before non-monotonic repairs); flags: the system's int arguments.
    """

    family: str
    arrays: Tuple[str, ...]
    feature_sizes: Tuple[int, ...]
    steps_per_word: int
    flags: Callable[[Any], Tuple[int, ...]]


ARC_EAGER = LoopKernels("arc_eager", ("words_wc", "labels_w", "stack_w", "back_w"), (8, 13), 2,
                        lambda system: (int(system.nonmonotonic),))
BILUO = LoopKernels("biluo", ("back_w", "ents_we", "ent_labels_w"), (3, 6), 1,
                    lambda system: ())


def loop_kernels(system: Any) -> Optional[LoopKernels]:
    """The loop kernels of a transition system, or None where it has none."""
    if isinstance(system, ArcEager):
        return ARC_EAGER
    if isinstance(system, BiluoNER):
        return BILUO
    return None


def state_rows(backend: Any, kernels: LoopKernels, arrays: Dict[str, Any], F: int) -> Any:
    """(n, F) int32: each state's feature rows, -1 where a slot is empty."""
    kernel = f"{kernels.family}_rows"
    n = check_states(backend, kernel, arrays, *kernels.arrays)
    if F not in kernels.feature_sizes:
        raise ValueError(Errors.E402.format(kernel=kernel, name="rows", shape=(n, F),
                                            expected=(n, kernels.feature_sizes)))
    rows = backend.xp.full((n, F), -1, dtype=numpy.int32)
    if n:
        backend.launch(kernel, grid_for(n, BLOCK), (BLOCK, 1, 1), (
            arrays["states_sc"], *(arrays[name] for name in kernels.arrays), numpy.int32(n),
            numpy.int32(F), rows))
    return rows


def greedy_step(backend: Any, kernels: LoopKernels, system: Any, scores: Any,
                class_table: Tuple[Any, Any], arrays: Dict[str, Any], rows: Any) -> None:
    """Apply each open state's best valid move by `scores` (n, nO) to the arrays, and
    write its next feature rows into `rows` (n, F). class_table: the system's
    (moves, labels) on the device."""
    kernel = f"{kernels.family}_step"
    t_name = c_type(kernel, "scores", scores)
    n = check_states(backend, kernel, arrays, *kernels.arrays)
    moves, labels = class_table
    nO = moves.shape[0]
    check_array(backend, kernel, "scores", scores, scores.dtype, (n, nO))
    check_array(backend, kernel, "moves", moves, numpy.int32, (nO,))
    check_array(backend, kernel, "labels", labels, numpy.uint64, (nO,))
    check_array(backend, kernel, "rows", rows, numpy.int32, (n, None))
    if n:
        backend.launch(f"{kernel}<{t_name}>", grid_for(n, BLOCK), (BLOCK, 1, 1), (
            scores, moves, labels, numpy.int32(n), numpy.int32(nO),
            *(numpy.int32(flag) for flag in kernels.flags(system)), numpy.int32(rows.shape[1]),
            arrays["states_sc"], *(arrays[name] for name in kernels.arrays), rows))


def parse_with_device_loop(backend: Any, batch: Any, states: Any) -> None:
    """Greedy decoding of the states to the end with the loop on the device.

    batch: a ParserBatch with its table on the device; states: its StateBatch,
    of a system with loop kernels and without constraints. The parses equal
    greedy_parse's.
    """
    if not states.n_active:
        return
    system = states.system
    kernels = loop_kernels(system)
    if kernels is None:
        raise ValueError(Errors.E406.format(system=type(system).__name__))
    arrays = to_device(backend, states.to_arrays())
    class_table = tuple(backend.xp.asarray(a) for a in system.class_table)
    pad, bias, WT, b = device_weights(backend, batch)
    rows = state_rows(backend, kernels, arrays, batch.nF)
    longest = max(batch.lengths, default=0)
    max_steps = 4 * longest + 16
    steps, chunk = 0, kernels.steps_per_word * longest
    while True:
        for _ in range(min(chunk, max_steps - steps)):
            hidden, _ = state_hidden(backend, batch.table, pad, bias, rows, batch.nP)
            scores = hidden if WT is None else state_scores(backend, hidden, WT, b)
            greedy_step(backend, kernels, system, scores, class_table, arrays, rows)
            steps += 1
        still_open = n_open(backend, arrays)
        if not still_open:
            break
        if steps >= max_steps:
            raise RuntimeError(Errors.E354.format(n=still_open, steps=steps))
        chunk = CHECK_EVERY
    states.load_arrays(**{name: to_host(value) for name, value in arrays.items()})
