"""Host side of the arc-eager loop kernels (arc_eager.cu): greedy parsing on the device.

`parse_arc_eager_on_device` keeps the whole greedy loop on the device: the
states go over once (StateBatch.to_arrays), each step is three launches
(state_hidden, state_scores, arc_eager_step) with no copy either way, and the
host only asks, after as many steps as a monotonic parse can take and then
every few steps, whether a state is still open. The final states come back
once (StateBatch.load_arrays). parse_on_device (parser_step.py) is the other
device path: scoring there, transitions on the host, a round trip per step.
"""

from typing import Any, Dict

import numpy

from ...errors import Errors
from . import c_type, check_array, grid_for, to_host
from .parser_step import device_weights, state_hidden, state_scores

BLOCK = 128
# The columns of states_sc and words_wc (include/nlpcore/state_arrays.hh).
STATE_COLUMNS = ("base", "offset", "n_words", "length", "b0", "depth", "n_back")
WORD_COLUMNS = ("head", "l1", "l2", "r1", "r2", "n_l", "n_r", "sent_start", "unshifted")
# Steps between the host's checks for open states, once the first check found some
# (only non-monotonic parses, UNSHIFT putting words back, run past 2 * length).
CHECK_EVERY = 8
# The device loop serves ParserBatch.parse (nlpcore.gpu.use_device_loop switches it).
SETTINGS = {"device_loop": True}


def _check_states(backend: Any, kernel: str, arrays: Dict[str, Any]) -> int:
    """The number of states, after a coded error unless the arrays are laid out as
    StateBatch.to_arrays gives them (on the backend's device)."""
    n = arrays["states_sc"].shape[0]
    W = arrays["words_wc"].shape[0]
    check_array(backend, kernel, "states_sc", arrays["states_sc"], numpy.int32,
                (n, len(STATE_COLUMNS)))
    check_array(backend, kernel, "words_wc", arrays["words_wc"], numpy.int32,
                (W, len(WORD_COLUMNS)))
    check_array(backend, kernel, "labels_w", arrays["labels_w"], numpy.uint64, (W,))
    check_array(backend, kernel, "stack_w", arrays["stack_w"], numpy.int32, (W,))
    check_array(backend, kernel, "back_w", arrays["back_w"], numpy.int32, (W,))
    return n


def _state_args(arrays: Dict[str, Any]) -> tuple:
    return (arrays["states_sc"], arrays["words_wc"], arrays["labels_w"], arrays["stack_w"],
            arrays["back_w"])


def state_rows(backend: Any, arrays: Dict[str, Any], F: int) -> Any:
    """(n, F) int32: each state's parser feature rows (8 or 13 slots), -1 where empty."""
    kernel = "arc_eager_rows"
    n = _check_states(backend, kernel, arrays)
    if F not in (8, 13):
        raise ValueError(Errors.E402.format(kernel=kernel, name="rows", shape=(n, F),
                                            expected=(n, "8 or 13")))
    rows = backend.xp.full((n, F), -1, dtype=numpy.int32)
    if n:
        backend.launch(kernel, grid_for(n, BLOCK), (BLOCK, 1, 1), (
            *_state_args(arrays), numpy.int32(n), numpy.int32(F), rows))
    return rows


def greedy_step(backend: Any, scores: Any, moves: Any, labels: Any, nonmonotonic: bool,
                arrays: Dict[str, Any], rows: Any) -> None:
    """Apply each open state's best valid move by `scores` (n, nO) to the arrays, and
    write its next feature rows into `rows` (n, F). moves/labels: the system's
    class_table on the device."""
    kernel = "arc_eager_step"
    t_name = c_type(kernel, "scores", scores)
    n = _check_states(backend, kernel, arrays)
    nO = moves.shape[0]
    check_array(backend, kernel, "scores", scores, scores.dtype, (n, nO))
    check_array(backend, kernel, "moves", moves, numpy.int32, (nO,))
    check_array(backend, kernel, "labels", labels, numpy.uint64, (nO,))
    check_array(backend, kernel, "rows", rows, numpy.int32, (n, None))
    if n:
        backend.launch(f"{kernel}<{t_name}>", grid_for(n, BLOCK), (BLOCK, 1, 1), (
            scores, moves, labels, numpy.int32(n), numpy.int32(nO),
            numpy.int32(bool(nonmonotonic)), numpy.int32(rows.shape[1]), *_state_args(arrays),
            rows))


def n_open(backend: Any, arrays: Dict[str, Any]) -> int:
    """How many of the states aren't final (a device reduction and one sync)."""
    column = {name: arrays["states_sc"][:, i] for i, name in enumerate(STATE_COLUMNS)}
    open_ = (column["depth"] > 0) | (column["n_back"] > 0) | (column["b0"] < column["length"])
    return int(backend.xp.count_nonzero(open_))


def parse_arc_eager_on_device(backend: Any, batch: Any, states: Any) -> None:
    """Greedy decoding of arc-eager states to the end with the loop on the device.

    batch: a ParserBatch with its table on the device; states: its StateBatch of
    an ArcEager system, without constraints. The parses equal greedy_parse's.
    """
    if not states.n_active:
        return
    xp = backend.xp
    system = states.system
    arrays = {name: xp.asarray(value) for name, value in states.to_arrays().items()}
    moves, labels = (xp.asarray(a) for a in system.class_table)
    pad, bias, WT, b = device_weights(backend, batch)
    rows = state_rows(backend, arrays, batch.nF)
    longest = max(batch.lengths, default=0)
    max_steps = 4 * longest + 16
    # A monotonic parse takes 2 * length steps at most: a push per word, a pop or more
    # per other step.
    steps, chunk = 0, 2 * longest
    while True:
        for _ in range(min(chunk, max_steps - steps)):
            hidden, _ = state_hidden(backend, batch.table, pad, bias, rows, batch.nP)
            scores = hidden if WT is None else state_scores(backend, hidden, WT, b)
            greedy_step(backend, scores, moves, labels, system.nonmonotonic, arrays, rows)
            steps += 1
        still_open = n_open(backend, arrays)
        if not still_open:
            break
        if steps >= max_steps:
            raise RuntimeError(Errors.E354.format(n=still_open, steps=steps))
        chunk = CHECK_EVERY
    states.load_arrays(**{name: to_host(value) for name, value in arrays.items()})
