"""TransitionBasedParser.v1: tok2vec, a precomputed maxout lower layer, a linear upper layer.

The model's forward runs tok2vec over a batch of docs and precomputes the
lower layer with one (N, T) @ (T, F*H*P) product: a ParserBatch. The
ParserBatch scores states from their feature rows, on the Thinc path
(`begin_score`, with a backward pass into the table, the pad rows, the
biases and the upper layer) or in C (`parse`: greedy decoding under nogil).
The model's backprop then takes the table's gradient on into tok2vec.

With the lower layer's weights on a device (cupy arrays), the table is
computed there (from the tok2vec's device output, or a host one copied over)
and the ParserBatch scores states with the CUDA kernels
(kernels/parser_step.py). Parsing and NER run their whole greedy loop there
in one launch (kernels/device_loop.py); in training the transitions stay on
the CPU, so each step's feature rows go to the device and its scores come back.
"""

from typing import Callable, List, Optional, Tuple

import numpy
from thinc.api import Linear, Model, zero_init
from thinc.types import Floats2d

from ...errors import Errors
from ...tokens import Doc
from ..featureextractor import split_rows
from ..kernels import array_module, backend_for, to_host
from ..kernels.device_loop import SETTINGS, loop_kernels, parse_with_device_loop
from ..kernels.parser_step import (
    backprop_scored_steps,
    begin_score_device,
    parse_on_device,
)
from ..parser_model import (
    StateBatch,
    backprop_state_features,
    score_states,
    sum_state_features,
)

# nr_feature_tokens allowed per state type (see include/nlpcore/state.hh).
FEATURE_SIZES = {"parser": (8, 13), "ner": (3, 6)}


def TransitionBasedParser(
    tok2vec: Model[List[Doc], List[Floats2d]],
    state_type: str,
    nr_feature_tokens: int,
    hidden_width: int,
    maxout_pieces: int,
    use_upper: bool = True,
    nO: Optional[int] = None,
) -> Model[List[Doc], "ParserBatch"]:
    """The parser/NER model: Docs to a ParserBatch that scores transition states.

    tok2vec: Docs to token vectors (width T); state_type: "parser" or "ner";
    nr_feature_tokens: context tokens per state (parser 8 or 13, ner 3 or 6);
    hidden_width: H; maxout_pieces: P; use_upper: a linear layer from H to
    the moves (else the lower layer's maxout output is the scores, H = nO);
    nO: number of moves (set by the component when None).
    Refs: "tok2vec", "lower" and (with use_upper) "upper".
    """
    if state_type not in FEATURE_SIZES:
        raise ValueError(Errors.E350.format(value=state_type))
    if nr_feature_tokens not in FEATURE_SIZES[state_type]:
        raise ValueError(Errors.E351.format(state_type=state_type, value=nr_feature_tokens,
                                            sizes=list(FEATURE_SIZES[state_type])))
    for name, value in (("hidden_width", hidden_width), ("maxout_pieces", maxout_pieces)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(Errors.E352.format(name=name, value=value))
    if nO is not None and (not isinstance(nO, int) or nO < 1):
        raise ValueError(Errors.E352.format(name="nO", value=nO))
    lower = PrecomputableMaxout(nF=nr_feature_tokens, nH=hidden_width if use_upper else nO,
                                nP=maxout_pieces)
    layers = [tok2vec, lower]
    refs = {"tok2vec": tok2vec, "lower": lower}
    if use_upper:
        upper = Linear(nO=nO, nI=hidden_width, init_W=zero_init)
        layers.append(upper)
        refs["upper"] = upper
    return Model(
        "parser-model",
        _forward,
        init=_init,
        layers=layers,
        refs=refs,
        dims={"nO": nO},
        attrs={"state_type": state_type, "nr_feature_tokens": nr_feature_tokens,
               "use_upper": use_upper},
    )


def _init(model: Model, X: Optional[List[Doc]] = None, Y=None) -> Model:
    tok2vec, lower = model.get_ref("tok2vec"), model.get_ref("lower")
    if X is not None:
        tok2vec.initialize(X=X)
    if not model.has_dim("nO"):
        raise ValueError(Errors.E353.format(dim="nO"))
    nO = model.get_dim("nO")
    if model.attrs["use_upper"]:
        upper = model.get_ref("upper")
        if not upper.has_dim("nO"):
            upper.set_dim("nO", nO)
        upper.initialize()
    elif not lower.has_dim("nH"):
        lower.set_dim("nH", nO)
    if not lower.has_dim("nI"):
        lower.set_dim("nI", tok2vec.get_dim("nO"))
    lower.initialize()
    return model


def set_n_moves(model: Model, n_moves: int) -> None:
    """Set the number of moves (nO) on the model and the layer that outputs them."""
    for node, dim in ((model, "nO"),
                      (model.get_ref("upper") if model.attrs["use_upper"] else
                       model.get_ref("lower"), "nO" if model.attrs["use_upper"] else "nH")):
        if not node.has_dim(dim):
            node.set_dim(dim, n_moves)
        elif node.get_dim(dim) != n_moves:
            raise ValueError(Errors.E355.format(what=dim, shape=(node.get_dim(dim),),
                                                expected=(n_moves,)))


def _forward(model: Model, docs: List[Doc], is_train: bool):
    tok2vec, lower = model.get_ref("tok2vec"), model.get_ref("lower")
    if not model.has_dim("nO") or not lower.has_param("W"):
        raise ValueError(Errors.E353.format(dim="weights"))
    lengths = [len(doc) for doc in docs]
    offsets = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]]).astype("int32").tolist() \
        if docs else []
    n_tokens = sum(lengths)
    if n_tokens == 0:
        X = array_module(lower.get_param("W")).zeros((0, lower.get_dim("nI")), dtype="float32")
        bp_tokvecs = _no_backprop
    else:
        tokvecs, bp_tokvecs = tok2vec(docs, is_train)
        X = array_module(tokvecs[0]).concatenate(tokvecs)
    table, bp_table = lower(X, is_train)
    batch = ParserBatch(model, table, offsets, lengths)

    def backprop(d_table) -> List:
        batch.finish_scoring()
        if d_table is None:
            d_table = batch.d_table
        dX = bp_table(d_table)
        if n_tokens:
            bp_tokvecs(split_rows(dX, lengths))
        return []

    return batch, backprop


def _no_backprop(d_tokvecs) -> List:
    return []


class ParserBatch:
    """A batch's precomputed lower layer and the weights to score states with it.

    table: (N, F, H*P) float32; offsets/lengths: each doc's first row and length.
    d_table: the table's gradient, accumulated by begin_score's backprops.
    With the table on a device: device_weights, the scoring weights there (made
    once); scored_steps, the steps whose backward passes wait for finish_scoring.
    """

    def __init__(self, model: Model, table: numpy.ndarray, offsets: List[int],
                 lengths: List[int]):
        self.model = model
        self.table = table
        self.offsets = offsets
        self.lengths = lengths
        lower = model.get_ref("lower")
        self.nP = lower.get_dim("nP")
        self.nF = lower.get_dim("nF")
        self.pad = lower.get_param("pad")
        self.bias = lower.get_param("b")
        self.upper = model.get_ref("upper") if model.attrs["use_upper"] else None
        self._d_table: Optional[numpy.ndarray] = None
        self.device_weights: Optional[Tuple] = None
        self.scored_steps: List = []

    @property
    def d_table(self) -> numpy.ndarray:
        if self._d_table is None:
            backend = backend_for(self.table)
            self._d_table = (numpy if backend is None else backend.xp).zeros_like(self.table)
        return self._d_table

    def states(self, system, *, starts=None, ends=None, doc_index=None,
               golds=None) -> StateBatch:
        """Fresh states over this batch's docs (or segments of them)."""
        return StateBatch(system, self.lengths, self.offsets, self.nF, starts=starts,
                          ends=ends, doc_index=doc_index, golds=golds)

    def _upper_params(self) -> Tuple[Optional[numpy.ndarray], Optional[numpy.ndarray]]:
        if self.upper is None:
            return None, None
        return self.upper.get_param("W"), self.upper.get_param("b")

    def _host_params(self) -> Tuple[numpy.ndarray, ...]:
        """table, pad, bias, upper W and b (None without upper) as NumPy arrays."""
        W, b = self._upper_params()
        return tuple(None if a is None else to_host(a)
                     for a in (self.table, self.pad, self.bias, W, b))

    def parse(self, states: StateBatch, n_threads: int = 1) -> None:
        """Greedy decoding of the states to the end (C, nogil, on n_threads threads).

        With the table on a device and no constraints, on the device: with the
        whole loop there (parse_with_device_loop), or, for a system without loop
        kernels or after nlpcore.gpu.use_device_loop(False), scored there and
        moved on the host (parse_on_device)."""
        backend = backend_for(self.table)
        if backend is not None and not states.constrained:
            if SETTINGS["device_loop"] and loop_kernels(states.system) is not None:
                parse_with_device_loop(backend, self, states)
            else:
                parse_on_device(backend, self, states)
            return
        table, pad, bias, W, b = self._host_params()
        states.greedy_parse(table, pad, bias, self.nP, W, b, n_threads)

    def finish_scoring(self) -> None:
        """Run the waiting backward passes of begin_score on a device, as one pass over
        every step's states; on the CPU each backprop has already run."""
        if self.scored_steps:
            steps, self.scored_steps = self.scored_steps, []
            backprop_scored_steps(backend_for(self.table), self, steps)

    def c_scores(self, rows: numpy.ndarray) -> numpy.ndarray:
        """Move scores from the C prediction path (for parity checks)."""
        table, pad, bias, W, b = self._host_params()
        return score_states(table, pad, bias, self.nP, W, b,
                            numpy.ascontiguousarray(rows, dtype="int32"))

    def begin_score(self, rows: numpy.ndarray,
                    drop: float = 0.0) -> Tuple[numpy.ndarray, Callable]:
        """Move scores (n, nO) for states' feature rows, with the backward pass.

        The backprop callback takes d_scores, adds the gradients of the upper
        layer, the lower bias and pad, and accumulates d_table. drop: share of
        hidden units zeroed (the rest scaled up) before the upper layer, for
        training; nothing is dropped without an upper layer. With the table on
        a device the kernels score (begin_score_device); scores stay NumPy, and
        the gradients are added when finish_scoring runs (the model's backprop
        calls it).
        """
        backend = backend_for(self.table)
        if backend is not None:
            return begin_score_device(backend, self, rows, drop)
        rows = numpy.ascontiguousarray(rows, dtype="int32")
        pre = sum_state_features(self.table, self.pad, self.bias, rows)
        n, HP = pre.shape
        P = self.nP
        pre3 = pre.reshape((n, HP // P, P))
        which = pre3.argmax(axis=2)
        hidden = numpy.take_along_axis(pre3, which[:, :, None], axis=2)[:, :, 0]
        mask = None
        if self.upper is not None:
            W, b = self._upper_params()
            if drop > 0.0:
                mask = self.model.ops.get_dropout_mask(hidden.shape, drop).astype("float32")
            dropped = hidden if mask is None else hidden * mask
            scores = dropped @ W.T + b
        else:
            scores = hidden

        def backprop(d_scores: numpy.ndarray) -> None:
            d_scores = numpy.asarray(d_scores, dtype="float32")
            if self.upper is not None:
                self.upper.inc_grad("W", d_scores.T @ dropped)
                self.upper.inc_grad("b", d_scores.sum(axis=0))
                d_hidden = d_scores @ W
                if mask is not None:
                    d_hidden *= mask
            else:
                d_hidden = d_scores
            d_pre = numpy.zeros((n, HP // P, P), dtype="float32")
            numpy.put_along_axis(d_pre, which[:, :, None], d_hidden[:, :, None], axis=2)
            d_pre = d_pre.reshape((n, HP))
            lower = self.model.get_ref("lower")
            lower.inc_grad("b", d_pre.sum(axis=0))
            d_pad = numpy.zeros_like(self.pad)
            backprop_state_features(d_pre, rows, self.d_table, d_pad)
            lower.inc_grad("pad", d_pad)

        return numpy.ascontiguousarray(scores, dtype="float32"), backprop


# ---- the lower layer ------------------------------------------------------------
def PrecomputableMaxout(nF: int, nH: Optional[int], nP: int, nI: Optional[int] = None,
                        seed: int = 0) -> Model[Floats2d, numpy.ndarray]:
    """Token vectors (N, nI) to their contribution to every feature slot: (N, nF, nH*nP).

    Params: W (nI, nF*nH*nP), b (nH*nP,) added once per state, pad (nF, nH*nP)
    standing in for empty slots. seed: of W's initialisation.
    """
    return Model("precomputable-maxout", _lower_forward, init=_lower_init,
                 dims={"nI": nI, "nF": nF, "nH": nH, "nP": nP}, attrs={"seed": seed},
                 params={"W": None, "b": None, "pad": None})


def _lower_init(model: Model, X=None, Y=None) -> Model:
    if X is not None and not model.has_dim("nI"):
        model.set_dim("nI", X.shape[1])
    nI, nF, nH, nP = (model.get_dim(d) for d in ("nI", "nF", "nH", "nP"))
    if not model.has_param("W") or model.get_param("W").shape != (nI, nF * nH * nP):
        # Uniform (Glorot) over the fan-in of a state's sum: nF slots of nI.
        scale = numpy.sqrt(6.0 / (nF * nI + nH))
        rng = numpy.random.default_rng(model.attrs["seed"])
        W = rng.uniform(-scale, scale, (nI, nF * nH * nP)).astype("float32")
        model.set_param("W", model.ops.asarray2f(W))
        model.set_param("b", model.ops.alloc1f(nH * nP))
        model.set_param("pad", model.ops.alloc2f(nF, nH * nP))
    return model


def _lower_forward(model: Model, X: numpy.ndarray, is_train: bool):
    W = model.get_param("W")
    nF, nH, nP = model.get_dim("nF"), model.get_dim("nH"), model.get_dim("nP")
    if X.shape[1] != W.shape[0]:
        raise ValueError(Errors.E355.format(what="input", shape=X.shape,
                                            expected=("N", W.shape[0])))
    # W on a device: the table is computed there, and dX goes back as X came.
    backend = backend_for(W)
    xp = numpy if backend is None else backend.xp
    X_on_host = isinstance(X, numpy.ndarray)
    X = xp.ascontiguousarray(xp.asarray(X), dtype="float32")
    table = xp.ascontiguousarray((X @ W).reshape((X.shape[0], nF, nH * nP)))

    def backprop(d_table: numpy.ndarray) -> numpy.ndarray:
        d2 = d_table.reshape((d_table.shape[0], -1))
        if d2.shape[0]:
            model.inc_grad("W", X.T @ d2)
        dX = d2 @ W.T
        return to_host(dX) if X_on_host else dX

    return table, backprop
