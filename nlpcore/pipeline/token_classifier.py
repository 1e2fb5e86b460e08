"""TokenClassifier: one label per token from a softmax over tok2vec.

The tagger and the morphologizer differ only in how a token's label is read
from a reference Doc and written onto a predicted one. The scores and the
loss's gradient stay in the model's array module (on a device under CupyOps);
the best labels and the gold label ids are what cross between host and device.
"""

from typing import Any, Iterable, List, Optional, Tuple

import numpy

from ..errors import Errors
from ..ml.featureextractor import split_rows
from ..ml.kernels import array_module, to_host
from ..ml.models.tagger import LINEAR_OUTPUT, best_labels
from ..tokens import Doc
from ..tokens.annotate import set_token_keys
from ..training import Example
from .trainable_pipe import TrainablePipe, share_strings

DEFAULT_TOK2VEC = {
    "@architectures": "nlpcore.HashEmbedCNN.v1",
    "width": 96,
    "depth": 4,
    "embed_size": 2000,
    "window_size": 1,
    "maxout_pieces": 3,
    "subword_features": True,
    "pretrained_vectors": None,
}
DEFAULT_TAGGER_MODEL = {"@architectures": "nlpcore.Tagger.v1", "nO": None,
                        "tok2vec": DEFAULT_TOK2VEC}


class TokenClassifier(TrainablePipe):
    """Base of per-token softmax components; subclasses say what a label is."""

    def reference_labels(self, doc: Doc) -> List[Optional[str]]:
        """Each token's label in an annotated Doc (None where unknown)."""
        raise NotImplementedError(Errors.E212.format(name=type(self).__name__,
                                                     method="reference_labels"))

    def label_table(self) -> numpy.ndarray:
        """String keys to write for each label: one row per label (uint64)."""
        raise NotImplementedError(Errors.E212.format(name=type(self).__name__,
                                                     method="label_table"))

    def label_attrs(self) -> List[int]:
        """The token attributes the label table's columns are written to."""
        raise NotImplementedError(Errors.E212.format(name=type(self).__name__,
                                                     method="label_attrs"))

    def _labels_from(self, example: Example) -> Iterable[str]:
        return (label for label in self.reference_labels(example.reference) if label)

    def gold_labels(self, example: Example) -> List[Optional[str]]:
        """The reference label of each predicted token; None if unaligned or unknown."""
        reference = self.reference_labels(example.reference)
        single = example.alignment.x2y.single().tolist()
        return [reference[j] if j >= 0 else None for j in single]

    def _initialize_model(self, examples: List[Example]) -> None:
        self.model.get_ref("output").set_dim("nO", len(self.labels))
        self.model.initialize(X=[eg.predicted for eg in examples])

    def _prepare_model_for_weights(self) -> None:
        output = self.model.get_ref("output")
        if not output.has_dim("nO"):
            output.set_dim("nO", len(self.labels))

    def predict(self, docs: List[Doc]) -> List[numpy.ndarray]:
        """The best label index per token, one int array per doc."""
        if not any(len(doc) for doc in docs):
            return [numpy.zeros((len(doc),), dtype="i") for doc in docs]
        if self.model.attrs.get(LINEAR_OUTPUT):
            best = best_labels(self.model, docs)
        else:
            scores = self.model.predict(docs)
            best = array_module(scores[0]).concatenate(scores).argmax(axis=1)
        return split_rows(to_host(best), [len(doc) for doc in docs])

    def set_annotations(self, docs: List[Doc], label_ids: List[numpy.ndarray]) -> None:
        """Write each token's label: one look-up in the label table for the whole batch."""
        docs = list(docs)
        if not docs:
            return
        table = self._label_keys()
        ids = numpy.concatenate([numpy.asarray(i, dtype=numpy.intp) for i in label_ids])
        keys = numpy.ascontiguousarray(table[ids])
        share_strings(self.vocab, docs, keys)
        set_token_keys(docs, self.label_attrs(), keys)

    def _label_keys(self) -> numpy.ndarray:
        """The label table as (labels, columns), kept while the labels and strings are."""
        stamp = (tuple(self.labels), id(self.vocab.strings))
        cached = getattr(self, "_label_keys_cache", None)
        if cached is None or cached[0] != stamp:
            table = self.label_table()
            cached = (stamp, table.reshape((len(table), len(self.label_attrs()))))
            self._label_keys_cache = cached
        return cached[1]

    def get_loss(self, examples: List[Example], scores: List[Any]) -> Tuple[float, List[Any]]:
        """Cross-entropy against the reference labels, over the whole batch at once.

        Unknown or unaligned tokens are missing (no loss, no gradient). With
        label_smoothing s the target gives 1 - s to the gold label and spreads s
        over the others. Returns (summed cross-entropy, d_scores per doc),
        d_scores being probabilities minus targets (the softmax's input gradient).
        """
        index = {label: i for i, label in enumerate(self.labels)}
        gold = numpy.fromiter((index.get(label, -1) for eg in examples
                               for label in self.gold_labels(eg)), dtype=numpy.int64)
        if scores:
            xp = array_module(scores[0])
            probs = xp.concatenate(scores)
        else:
            xp, probs = numpy, numpy.zeros((0, 0), "f")
        if len(gold) != len(probs):
            raise ValueError(Errors.E224.format(name=self.name, n_scores=len(probs),
                                                n_tokens=len(gold)))
        n_labels = probs.shape[1] if probs.ndim == 2 else 0
        # Smoothing spreads probability over the other labels: none with one label.
        smoothing = self.cfg.get("label_smoothing", 0.0) if n_labels > 1 else 0.0
        known = numpy.nonzero(gold >= 0)[0]
        # Only the label ids cross to the device; the gradient is made there.
        rows, cols = xp.asarray(known), xp.asarray(gold[known])
        target = xp.full((len(known), n_labels), smoothing / max(n_labels - 1, 1),
                         dtype="float32")
        target[xp.arange(len(known)), cols] = 1.0 - smoothing
        d_flat = xp.zeros(probs.shape, dtype="float32")
        d_flat[rows] = probs[rows] - target
        loss = -float((target * xp.log(xp.maximum(probs[rows], 1e-12))).sum())
        return loss, split_rows(d_flat, [len(score) for score in scores])
