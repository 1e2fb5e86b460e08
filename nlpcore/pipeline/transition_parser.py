"""TransitionParser: the shared base of the parser and the entity recogniser.

Prediction: the model precomputes its lower layer for the batch, then the
states are decoded greedily in C (nlpcore.ml.parser_model). Training follows
the model's own best valid move (the oracle's best zero-cost move instead
with probability `oracle_prob`), and at every state takes the multi-label
log loss over the zero-cost moves: d = softmax(valid) - softmax(zero-cost).
Long docs are cut into segments of about `max_segment_length` words at
points no gold structure crosses.

Annotation a doc already has (a subclass's `_preset`) constrains prediction:
as a partial gold that decoding keeps to, taking only least-cost moves
against it, and as cut points where the doc is parsed in separate pieces.
Docs without it take the plain greedy path.
"""

import threading
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy
from thinc.api import Model, Optimizer

from ..errors import Errors
from ..ml.models.parser import set_n_moves
from ..parallel import in_worker
from ..tokens import Doc
from ..training import Example
from ..vocab import Vocab
from .trainable_pipe import TrainablePipe, set_dropout_rate

# Held while a transition system is built (pipeline worker threads may ask at once).
_SYSTEM_LOCK = threading.Lock()
# Words per chunk of predict: the parser's table is about 12 KB a word. On the CPU
# a small table stays in cache; on a GPU a chunk is a set of launches and its
# greedy loop a block per state, so there a chunk takes a large batch whole.
PREDICT_CHUNK_TOKENS = 2000
DEVICE_CHUNK_TOKENS = 65536


@dataclass
class Preset:
    """A doc's own annotation, as prediction honours it.

    gold: a partial gold over the whole doc that decoding keeps to (None:
    none); cuts: positions 0 < k < len(doc) where the doc is cut into pieces
    parsed apart (not used with a gold); keep: what set_annotations restores
    or enforces afterwards (component-specific).
    """

    gold: Any = None
    cuts: Sequence[int] = ()
    keep: Any = None


class TransitionParser(TrainablePipe):
    """Base of transition-based components; subclasses supply the system and the gold.

    oracle_prob: chance of following the oracle instead of the model in
    training; max_segment_length: training segment size (words);
    min_action_freq: labels seen fewer times are dropped; seed: of the
    oracle coin; hidden_dropout: in training, the share of the hidden units
    dropped (before the upper layer) at each state; n_threads: threads that
    decode a batch's docs (the output is the same for any number; a run-time
    setting, not saved in cfg; one on the worker threads of
    `Language.pipe(..., n_threads=...)`).
    """

    def __init__(self, vocab: Vocab, model: Model, name: str, *, oracle_prob: float = 0.1,
                 max_segment_length: int = 100, min_action_freq: int = 1, seed: int = 0,
                 hidden_dropout: float = 0.0, n_threads: int = 1, **cfg: Any):
        if isinstance(oracle_prob, bool) or not isinstance(oracle_prob, (int, float)) \
                or not 0.0 <= oracle_prob <= 1.0:
            raise ValueError(Errors.E361.format(name="oracle_prob", value=oracle_prob))
        if isinstance(hidden_dropout, bool) or not isinstance(hidden_dropout, (int, float)) \
                or not 0.0 <= hidden_dropout < 1.0:
            raise ValueError(Errors.E372.format(name=name, value=hidden_dropout))
        for key, value in (("max_segment_length", max_segment_length),
                           ("min_action_freq", min_action_freq)):
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(Errors.E363.format(name=key, value=value))
        super().__init__(vocab, model, name, oracle_prob=float(oracle_prob),
                         max_segment_length=max_segment_length,
                         min_action_freq=min_action_freq, seed=seed,
                         hidden_dropout=float(hidden_dropout), **cfg)
        self._system = None
        self._rng = numpy.random.default_rng(seed)
        self.n_threads = n_threads

    @property
    def n_threads(self) -> int:
        """Threads that decode a batch's docs in predict (1 or more)."""
        return self._n_threads

    @n_threads.setter
    def n_threads(self, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ValueError(Errors.E363.format(name="n_threads", value=value))
        self._n_threads = value

    # ---- the system -----------------------------------------------------------------
    @property
    def moves(self):
        """The transition system (built from the labels in cfg, once, by one thread)."""
        if self._system is None:
            with _SYSTEM_LOCK:
                if self._system is None:
                    self._system = self._make_system()
        return self._system

    def _make_system(self):
        raise NotImplementedError(Errors.E212.format(name=type(self).__name__,
                                                     method="_make_system"))

    def _labels_from_examples(self, examples: List[Example]) -> None:
        """Set cfg's labels from the references (min_action_freq applies)."""
        raise NotImplementedError(Errors.E212.format(name=type(self).__name__,
                                                     method="_labels_from_examples"))

    def _gold(self, example: Example):
        """The system's gold for an example's predicted tokens."""
        raise NotImplementedError(Errors.E212.format(name=type(self).__name__, method="_gold"))

    def _cut_points(self, gold) -> List[int]:
        """Positions k (0 < k < length) where the gold may be cut before word k."""
        return []

    def _preset(self, doc: Doc) -> Optional[Preset]:
        """The annotation of doc that prediction must keep, or None (the default)."""
        return None

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Any = None,
                   labels: Optional[Any] = None) -> None:
        examples = list(get_examples())
        if not examples:
            raise ValueError(Errors.E213.format(name=self.name))
        if labels is not None:
            self._set_labels(labels)
        else:
            self._labels_from_examples(examples)
        self._system = None
        set_n_moves(self.model, self.moves.n_moves)
        docs = [eg.predicted for eg in examples[:10] if len(eg.predicted)]
        self.model.initialize(X=docs or None)

    def _set_labels(self, labels: Any) -> None:
        raise NotImplementedError(Errors.E212.format(name=type(self).__name__,
                                                     method="_set_labels"))

    def _prepare_model_for_weights(self) -> None:
        self._system = None
        set_n_moves(self.model, self.moves.n_moves)

    # ---- prediction ---------------------------------------------------------------
    def predict(self, docs: List[Doc]) -> "ParsedDocs":
        """Greedy parses of the docs, one final state per doc.

        The docs go through the model in chunks of about PREDICT_CHUNK_TOKENS
        words (DEVICE_CHUNK_TOKENS on a GPU), so the precomputed table stays
        small (memory, cache); a state's parse doesn't depend on its chunk.
        """
        if not self.model.has_dim("nO"):
            raise ValueError(Errors.E360.format(name=self.name))
        chunk_tokens = (PREDICT_CHUNK_TOKENS if self.model.ops.xp is numpy
                        else DEVICE_CHUNK_TOKENS)
        parsed = ParsedDocs()
        start = 0
        while start < len(docs) or not parsed.parts:
            end, n_words = start, 0
            while end < len(docs) and (end == start or
                                       n_words + len(docs[end]) <= chunk_tokens):
                n_words += len(docs[end])
                end += 1
            batch = self.model.predict(docs[start:end])
            presets = [self._preset(doc) for doc in docs[start:end]]
            if any(preset is not None for preset in presets):
                states, pieces = self._preset_states(batch, presets)
            else:
                states, pieces = batch.states(self.moves), None
            batch.parse(states, n_threads=1 if in_worker() else self._n_threads)
            parsed.add(states, end - start, pieces, presets)
            start = end
        return parsed

    def _preset_states(self, batch, presets: List[Optional[Preset]]):
        """States for a chunk with presets: one per piece, constrained by the golds.

        Returns the StateBatch and, per doc, its pieces as (state, start, end).
        """
        starts, ends, index, golds, pieces = [], [], [], [], []
        for i, (length, preset) in enumerate(zip(batch.lengths, presets)):
            cuts = [] if preset is None else sorted(set(preset.cuts))
            if any(not 0 < k < length for k in cuts) or (cuts and preset.gold is not None):
                raise ValueError(Errors.E371.format(cuts=cuts, length=length))
            bounds = [0, *cuts, length]
            pieces.append([])
            for lo, hi in zip(bounds, bounds[1:]):
                pieces[-1].append((len(starts), lo, hi))
                starts.append(lo)
                ends.append(hi)
                index.append(i)
                golds.append(None if preset is None else preset.gold)
        states = batch.states(self.moves, starts=starts, ends=ends, doc_index=index)
        states.set_constraints(golds)
        return states, pieces

    # ---- learning --------------------------------------------------------------------
    def _segments(self, examples: Sequence[Example]):
        """(starts, ends, doc_index, golds) of the training segments."""
        starts, ends, index, golds = [], [], [], []
        limit = self.cfg["max_segment_length"]
        for i, eg in enumerate(examples):
            n = len(eg.predicted)
            if n == 0:
                continue
            gold = self._gold(eg)
            start = last = 0
            if n > limit:
                for k in [k for k in self._cut_points(gold) if 0 < k < n] + [n]:
                    if k - start > limit and last > start:
                        starts.append(start)
                        ends.append(last)
                        index.append(i)
                        golds.append(gold)
                        start = last
                    last = k
            starts.append(start)
            ends.append(n)
            index.append(i)
            golds.append(gold)
        return starts, ends, index, golds

    def update(self, examples: Sequence[Example], *, drop: float = 0.0,
               sgd: Optional[Optimizer] = None,
               losses: Optional[Dict[str, float]] = None) -> Dict[str, float]:
        """One step of learning on a batch, following the model's own moves."""
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        if not examples:
            return losses
        if not self.model.has_dim("nO"):
            raise ValueError(Errors.E360.format(name=self.name))
        starts, ends, index, golds = self._segments(examples)
        set_dropout_rate(self.model, drop)
        docs = [eg.predicted for eg in examples]
        batch, backprop = self.model.begin_update(docs)
        states = batch.states(self.moves, starts=starts, ends=ends, doc_index=index,
                              golds=golds)
        total = 0.0
        while states.n_active:
            scores, bp_scores = batch.begin_score(states.context_rows(),
                                                  drop=self.cfg.get("hidden_dropout", 0.0))
            valid, costs = states.costs()
            d_scores, loss, model_best, gold_best = multilabel_loss(scores, valid, costs)
            bp_scores(d_scores)
            total += loss
            follow = self._rng.random(len(model_best)) < self.cfg["oracle_prob"]
            states.apply(numpy.where(follow, gold_best, model_best))
        backprop(None)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += total
        return losses

    def get_loss(self, examples, scores):
        """The loss is computed state by state inside update (see multilabel_loss)."""
        raise NotImplementedError(Errors.E212.format(name=type(self).__name__, method="get_loss"))


class ParsedDocs:
    """The final states of predict's chunks, read by doc index (i) across them.

    A doc parsed in pieces (Preset.cuts) reads as one: its heads are the
    pieces' heads, its entities theirs in order.
    """

    def __init__(self):
        self.parts: List[Any] = []
        self._index: List[Tuple[int, int]] = []
        self._pieces: Dict[int, List[Tuple[int, int, int]]] = {}
        self._presets: Dict[int, Preset] = {}

    def add(self, states, n: int, pieces: Optional[List[List[Tuple[int, int, int]]]] = None,
            presets: Optional[List[Optional[Preset]]] = None) -> None:
        """Add a chunk's states for n docs; pieces (per doc) when a doc has several states."""
        first = len(self._index)
        part = len(self.parts)
        if pieces is None:
            self._index.extend((part, j) for j in range(n))
        else:
            self._index.extend((part, doc_pieces[0][0]) for doc_pieces in pieces)
            for k, doc_pieces in enumerate(pieces):
                if len(doc_pieces) > 1:
                    self._pieces[first + k] = doc_pieces
        for k, preset in enumerate(presets or ()):
            if preset is not None:
                self._presets[first + k] = preset
        self.parts.append(states)

    def preset(self, i: int) -> Optional[Preset]:
        """The Preset doc i was parsed with, or None."""
        return self._presets.get(i)

    def presets(self) -> Dict[int, Preset]:
        """The Presets docs were parsed with, by doc index."""
        return dict(self._presets)

    def __len__(self) -> int:
        return len(self._index)

    @property
    def n_active(self) -> int:
        return sum(part.n_active for part in self.parts)

    def heads_labels(self, i: int):
        part, j = self._index[i]
        heads, labels = self.parts[part].heads_labels(j)
        for k, start, end in self._pieces.get(i, ())[1:]:
            piece_heads, piece_labels = self.parts[part].heads_labels(k)
            heads[start:end] = piece_heads[start:end]
            labels[start:end] = piece_labels[start:end]
        return heads, labels

    def all_heads_labels(self, root: int) -> Tuple[numpy.ndarray, numpy.ndarray]:
        """(heads, label keys) of every doc in turn, one array each; an unattached
        word heads itself with the root label."""
        if not self._pieces:
            parts = [part.all_heads_labels(root) for part in self.parts]
        else:
            parts = [self.heads_labels(i) for i in range(len(self))]
            for heads, labels in parts:
                loose = heads < 0
                heads[loose] = numpy.flatnonzero(loose)
                labels[loose] = root
        if not parts:
            return numpy.zeros((0,), dtype="int32"), numpy.zeros((0,), dtype="uint64")
        return (numpy.concatenate([h for h, _ in parts]),
                numpy.concatenate([k for _, k in parts]))

    def entities(self, i: int):
        part, j = self._index[i]
        if i not in self._pieces:
            return self.parts[part].entities(j)
        return [ent for k, _, _ in self._pieces[i] for ent in self.parts[part].entities(k)]

    def state(self, i: int):
        part, j = self._index[i]
        return self.parts[part].state(j)


def preset_of(states, i: int) -> Optional[Preset]:
    """The Preset doc i was parsed with; None for a bare StateBatch (one state per doc)."""
    return states.preset(i) if isinstance(states, ParsedDocs) else None


def presets_of(states) -> Dict[int, Preset]:
    """The Presets the docs were parsed with, by doc index (none for a bare StateBatch)."""
    return states.presets() if isinstance(states, ParsedDocs) else {}


def multilabel_loss(scores: numpy.ndarray, valid: numpy.ndarray, costs: numpy.ndarray
                    ) -> Tuple[numpy.ndarray, float, numpy.ndarray, numpy.ndarray]:
    """Per state: softmax over the valid moves minus softmax over the gold ones.

    Gold moves are the valid zero-cost moves (the least-cost ones where none is
    free). Returns (d_scores, summed loss -log P(gold), the model's best valid
    move, the best-scoring gold move) per state.
    """
    is_valid = valid > 0
    has_valid = is_valid.any(axis=1)
    masked = numpy.where(is_valid, scores, -numpy.inf)
    masked[~has_valid] = 0.0
    top = masked.max(axis=1, keepdims=True)
    exp = numpy.where(is_valid, numpy.exp(masked - top), 0.0)
    Z = exp.sum(axis=1, keepdims=True)
    least = numpy.where(is_valid, costs, numpy.inf).min(axis=1, keepdims=True)
    gold = is_valid & (costs <= numpy.maximum(least, 0.0))
    g_exp = numpy.where(gold, exp, 0.0)
    gZ = g_exp.sum(axis=1, keepdims=True)
    safe_Z, safe_gZ = numpy.maximum(Z, 1e-30), numpy.maximum(gZ, 1e-30)
    d_scores = exp / safe_Z - g_exp / safe_gZ
    d_scores[~has_valid] = 0.0
    loss = float(-numpy.log(safe_gZ[has_valid] / safe_Z[has_valid]).sum())
    model_best = masked.argmax(axis=1)
    gold_best = numpy.where(gold, scores, -numpy.inf).argmax(axis=1)
    return d_scores.astype("float32"), loss, model_best, gold_best
