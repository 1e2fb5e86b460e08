"""Host side of the parser-step kernels (parser_step.cu), and the parser's device paths.

`parse_on_device` is greedy decoding with the batch's precomputed table on the
device: each step the host computes the states' feature rows and valid moves
(the transition system stays on the CPU), the device scores the states and
picks each one's best valid move, and the host applies the moves.
`begin_score_device` is `ParserBatch.begin_score` with the table on the device;
the backward passes of a batch's steps wait and run as one
(`backprop_scored_steps`).
"""

from typing import Any, Callable, List, NamedTuple, Optional, Tuple

import numpy

from ...errors import Errors
from . import c_type, check_array, grid_for, to_host

BLOCK = 256


def state_hidden(backend: Any, table: Any, pad: Any, bias: Any, rows: Any,
                 nP: int) -> Tuple[Any, Any]:
    """(hidden (n, H), which (n, H) int32): maxout of bias plus each state's F slot rows.

    table: (N, F, H*nP); pad: (F, H*nP), for empty slots (row -1); bias: (H*nP,);
    rows: (n, F) int32 table rows.
    """
    kernel = "parser_hidden"
    t_name = c_type(kernel, "table", table)
    F, K = pad.shape[0], pad.shape[1]
    check_array(backend, kernel, "table", table, table.dtype, (None, F, K))
    check_array(backend, kernel, "pad", pad, table.dtype, (F, K))
    check_array(backend, kernel, "bias", bias, table.dtype, (K,))
    check_array(backend, kernel, "rows", rows, numpy.int32, (None, F))
    if nP < 1 or K % nP:
        raise ValueError(Errors.E402.format(kernel=kernel, name="pad", shape=pad.shape,
                                            expected=(F, f"H * {nP}")))
    n, H = rows.shape[0], K // nP
    xp = backend.xp
    hidden = xp.empty((n, H), dtype=table.dtype)
    which = xp.empty((n, H), dtype=numpy.int32)
    if n:
        backend.launch(f"{kernel}<{t_name}>", grid_for(n * H, BLOCK), (BLOCK, 1, 1), (
            table, pad, bias, rows, numpy.int32(n), numpy.int32(F), numpy.int32(H),
            numpy.int32(nP), numpy.int32(table.shape[0]), hidden, which))
    return hidden, which


def state_scores(backend: Any, hidden: Any, WT: Any, b: Any) -> Any:
    """(n, nO) scores: hidden (n, H) times WT (H, nO), the upper weights transposed, plus b."""
    kernel = "parser_scores"
    t_name = c_type(kernel, "hidden", hidden)
    n, H = hidden.shape
    nO = b.shape[0]
    check_array(backend, kernel, "hidden", hidden, hidden.dtype, (n, H))
    check_array(backend, kernel, "WT", WT, hidden.dtype, (H, nO))
    check_array(backend, kernel, "b", b, hidden.dtype, (nO,))
    scores = backend.xp.empty((n, nO), dtype=hidden.dtype)
    if n:
        backend.launch(f"{kernel}<{t_name}>", grid_for(n * nO, BLOCK), (BLOCK, 1, 1), (
            hidden, WT, b, numpy.int32(n), numpy.int32(H), numpy.int32(nO), scores))
    return scores


def best_moves(backend: Any, scores: Any, valid: Any) -> Any:
    """(n,) int32: each state's highest-scoring valid move (the first on ties), -1 if none."""
    kernel = "parser_best_move"
    t_name = c_type(kernel, "scores", scores)
    n, nO = scores.shape
    check_array(backend, kernel, "scores", scores, scores.dtype, (n, nO))
    check_array(backend, kernel, "valid", valid, numpy.int32, (n, nO))
    best = backend.xp.empty((n,), dtype=numpy.int32)
    if n:
        backend.launch(f"{kernel}<{t_name}>", grid_for(n, BLOCK), (BLOCK, 1, 1), (
            scores, valid, numpy.int32(n), numpy.int32(nO), best))
    return best


def state_hidden_backward(backend: Any, d_hidden: Any, which: Any, rows: Any, nP: int,
                          d_table: Any, d_pad: Any) -> None:
    """Add d_hidden (n, H), routed to the pieces in `which`, into d_table (N, F, H*nP)
    at each state's slot rows, and into d_pad (F, H*nP) for its empty slots."""
    kernel = "parser_hidden_backward"
    t_name = c_type(kernel, "d_table", d_table)
    n, H = d_hidden.shape
    F, K = d_pad.shape
    check_array(backend, kernel, "d_hidden", d_hidden, d_table.dtype, (n, K // nP))
    check_array(backend, kernel, "which", which, numpy.int32, (n, H))
    check_array(backend, kernel, "rows", rows, numpy.int32, (n, F))
    check_array(backend, kernel, "d_table", d_table, d_table.dtype, (None, F, H * nP))
    check_array(backend, kernel, "d_pad", d_pad, d_table.dtype, (F, H * nP))
    if n:
        backend.launch(f"{kernel}<{t_name}>", grid_for(n * H, BLOCK), (BLOCK, 1, 1), (
            d_hidden, which, rows, numpy.int32(n), numpy.int32(F), numpy.int32(H),
            numpy.int32(nP), numpy.int32(d_table.shape[0]), d_table, d_pad))


def device_weights(backend: Any, batch: Any) -> Tuple[Any, Any, Optional[Any], Optional[Any]]:
    """The batch's pad, bias and (with an upper layer) W transposed and b, on the device;
    made once per batch (kept on it: the weights don't change while it is scored)."""
    if batch.device_weights is not None:
        return batch.device_weights
    xp = backend.xp
    dtype = batch.table.dtype
    pad = xp.ascontiguousarray(xp.asarray(batch.pad, dtype=dtype))
    bias = xp.ascontiguousarray(xp.asarray(batch.bias, dtype=dtype))
    if batch.upper is None:
        batch.device_weights = (pad, bias, None, None)
    else:
        W = xp.asarray(batch.upper.get_param("W"), dtype=dtype)
        b = xp.ascontiguousarray(xp.asarray(batch.upper.get_param("b"), dtype=dtype))
        batch.device_weights = (pad, bias, xp.ascontiguousarray(W.T), b)
    return batch.device_weights


def parse_on_device(backend: Any, batch: Any, states: Any) -> None:
    """Greedy decoding of the states to the end, scoring on the device (see the module).

    batch: a ParserBatch with its table on the device; states: its StateBatch
    (without constraints). The parses equal StateBatch.greedy_parse's.
    """
    xp = backend.xp
    pad, bias, WT, b = device_weights(backend, batch)
    max_steps = 4 * max(batch.lengths, default=0) + 16
    steps = 0
    while states.n_active:
        if steps == max_steps:
            raise RuntimeError(Errors.E354.format(n=states.n_active, steps=steps))
        steps += 1
        rows = xp.asarray(states.context_rows())
        hidden, _ = state_hidden(backend, batch.table, pad, bias, rows, batch.nP)
        scores = hidden if WT is None else state_scores(backend, hidden, WT, b)
        best = to_host(best_moves(backend, scores, xp.asarray(states.valid())))
        if (best < 0).any():
            raise RuntimeError(Errors.E354.format(n=int((best < 0).sum()), steps=steps))
        states.apply(best)


class ScoredStep(NamedTuple):
    """What a scoring step's backward pass needs, kept until the batch's steps run it."""

    rows: Any  # (n, F) int32 table rows, on the device
    which: Any  # (n, H) int32 winning pieces
    dropped: Any  # (n, H) the hidden units as the upper layer saw them
    mask: Optional[Any]  # (n, H) dropout mask (scaled), or None
    d_scores: Any  # (n, nO), on the host or the device


def begin_score_device(backend: Any, batch: Any, rows: numpy.ndarray,
                       drop: float = 0.0) -> Tuple[numpy.ndarray, Callable]:
    """ParserBatch.begin_score with the table on the device: host scores (n, nO) float32
    and backprop(d_scores), which keeps the step in batch.scored_steps; its gradients
    are added with the batch's other steps' in one pass (backprop_scored_steps, run
    by ParserBatch.finish_scoring) rather than a dozen device operations a step.
    drop: share of hidden units dropped before the upper layer (training)."""
    xp = backend.xp
    pad, bias, WT, b = device_weights(backend, batch)
    rows_d = xp.ascontiguousarray(xp.asarray(rows, dtype=numpy.int32))
    hidden, which = state_hidden(backend, batch.table, pad, bias, rows_d, batch.nP)
    mask = None
    if WT is not None and drop > 0.0:
        mask = xp.asarray(batch.model.ops.get_dropout_mask(hidden.shape, drop),
                          dtype=hidden.dtype)
    dropped = hidden if mask is None else xp.ascontiguousarray(hidden * mask)
    scores = hidden if WT is None else state_scores(backend, dropped, WT, b)

    def backprop(d_scores: Any) -> None:
        if tuple(d_scores.shape) != tuple(scores.shape):
            raise ValueError(Errors.E355.format(what="d_scores", shape=d_scores.shape,
                                                expected=scores.shape))
        batch.scored_steps.append(ScoredStep(rows_d, which, dropped, mask, d_scores))

    return to_host(scores).astype(numpy.float32, copy=False), backprop


def backprop_scored_steps(backend: Any, batch: Any, steps: List[ScoredStep]) -> None:
    """The backward pass of a batch's scoring steps, as one over all their states: adds
    the upper layer's, the lower bias's and pad's gradients and accumulates
    batch.d_table, on the device."""
    if not steps:
        return
    xp = backend.xp
    pad, _, WT, _ = device_weights(backend, batch)
    nP = batch.nP
    rows, which, dropped = (_joined(xp, [getattr(step, name) for step in steps])
                            for name in ("rows", "which", "dropped"))
    d_scores = _joined_on_device(xp, [step.d_scores for step in steps], dropped.dtype)
    if WT is None:
        d_hidden = d_scores
    else:
        batch.upper.inc_grad("W", d_scores.T @ dropped)
        batch.upper.inc_grad("b", d_scores.sum(axis=0))
        d_hidden = d_scores @ WT.T
        if any(step.mask is not None for step in steps):
            d_hidden *= _joined(xp, [xp.ones_like(step.dropped) if step.mask is None
                                     else step.mask for step in steps])
    d_hidden = xp.ascontiguousarray(d_hidden)
    d_bias = xp.stack([(d_hidden * (which == p)).sum(axis=0) for p in range(nP)], axis=1)
    d_pad = xp.zeros_like(pad)
    state_hidden_backward(backend, d_hidden, which, rows, nP, batch.d_table, d_pad)
    lower = batch.model.get_ref("lower")
    lower.inc_grad("b", d_bias.reshape((-1,)))
    lower.inc_grad("pad", d_pad)


def _joined(xp: Any, arrays: List[Any]) -> Any:
    """The arrays' rows, in order, as one device array."""
    return arrays[0] if len(arrays) == 1 else xp.concatenate(arrays)


def _joined_on_device(xp: Any, arrays: List[Any], dtype: Any) -> Any:
    """Host or device arrays' rows as one device array of dtype (one copy over for host ones)."""
    if all(isinstance(array, numpy.ndarray) for array in arrays):
        return xp.asarray(numpy.concatenate(arrays), dtype=dtype)
    return _joined(xp, [xp.asarray(array, dtype=dtype) for array in arrays])
