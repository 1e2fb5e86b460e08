"""TrainablePipe: the base of every component that owns a Thinc model."""

from itertools import islice
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import numpy
import srsly
from thinc.api import Model, Optimizer

from ..errors import Errors
from ..tokens import Doc
from ..training import Example
from ..vocab import Vocab


class TrainablePipe:
    """A pipeline component with a model: predict, set annotations, learn, save.

    Subclasses implement `predict`, `set_annotations`, `get_loss`, `score` and
    `_labels_from` (the labels an Example carries); the rest is shared.
    vocab: the pipeline's Vocab; model: the Thinc model; name: the component
    name; cfg: settings saved with the component (labels included).
    """

    def __init__(self, vocab: Vocab, model: Model, name: str, **cfg: Any):
        self.vocab = vocab
        self.model = model
        self.name = name
        self.cfg: Dict[str, Any] = {"labels": [], **cfg}

    # ---- labels ----------------------------------------------------------------
    @property
    def labels(self) -> Tuple[str, ...]:
        return tuple(self.cfg["labels"])

    def add_label(self, label: str) -> int:
        """Add a label; returns 1 if it is new, 0 if it was known."""
        if not isinstance(label, str) or not label:
            raise ValueError(Errors.E211.format(label=label, name=self.name))
        if label in self.cfg["labels"]:
            return 0
        self.cfg["labels"].append(label)
        return 1

    def _labels_from(self, example: Example) -> Iterable[str]:
        """The labels of this component that an example's reference holds."""
        raise NotImplementedError(Errors.E212.format(name=type(self).__name__,
                                                     method="_labels_from"))

    # ---- prediction ----------------------------------------------------------------
    def predict(self, docs: List[Doc]) -> Any:
        """The model's scores for a batch of docs (no annotation set)."""
        raise NotImplementedError(Errors.E212.format(name=type(self).__name__, method="predict"))

    def set_annotations(self, docs: List[Doc], scores: Any) -> None:
        """Write predictions onto the docs."""
        raise NotImplementedError(Errors.E212.format(name=type(self).__name__,
                                                     method="set_annotations"))

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations([doc], self.predict([doc]))
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Annotate a stream of docs, a batch at a time."""
        docs = iter(docs)
        while True:
            batch = list(islice(docs, batch_size))
            if not batch:
                return
            self.set_annotations(batch, self.predict(batch))
            yield from batch

    # ---- learning --------------------------------------------------------------------
    def get_loss(self, examples: Sequence[Example], scores: Any) -> Tuple[float, Any]:
        """The loss of `scores` against the examples' references, and its gradient."""
        raise NotImplementedError(Errors.E212.format(name=type(self).__name__, method="get_loss"))

    def update(self, examples: Sequence[Example], *, drop: float = 0.0,
               sgd: Optional[Optimizer] = None,
               losses: Optional[Dict[str, float]] = None) -> Dict[str, float]:
        """One step of learning on a batch; adds this component's loss to `losses`."""
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        if not examples:
            return losses
        set_dropout_rate(self.model, drop)
        scores, backprop = self.model.begin_update([eg.predicted for eg in examples])
        loss, d_scores = self.get_loss(examples, scores)
        backprop(d_scores)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += loss
        return losses

    def finish_update(self, sgd: Optimizer) -> None:
        """Apply the accumulated gradients."""
        self.model.finish_update(sgd)

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Any = None,
                   labels: Optional[Sequence[str]] = None) -> None:
        """Collect labels from all the examples (or take `labels`); infer shapes from a few."""
        examples = list(get_examples())
        if not examples:
            raise ValueError(Errors.E213.format(name=self.name))
        for label in labels if labels is not None else _distinct(
                label for eg in examples for label in self._labels_from(eg)):
            self.add_label(label)
        self._initialize_model(examples[:10])

    def _initialize_model(self, examples: List[Example]) -> None:
        """Infer the model's shapes; a subclass may pass output samples too."""
        self.model.initialize(X=[eg.predicted for eg in examples])

    def score(self, examples: Iterable[Example]) -> Dict[str, Any]:
        """This component's scores on examples whose predicted docs it annotated."""
        raise NotImplementedError(Errors.E212.format(name=type(self).__name__, method="score"))

    # ---- serialisation -----------------------------------------------------------------
    def to_bytes(self) -> bytes:
        return srsly.msgpack_dumps({"cfg": self.cfg, "model": self.model.to_bytes()})

    def from_bytes(self, data: bytes) -> "TrainablePipe":
        try:
            msg = srsly.msgpack_loads(data)
            self.cfg.update(msg["cfg"])
            self._prepare_model_for_weights()
            self.model.from_bytes(msg["model"])
        except Exception as error:  # any failure to read weights: name it
            raise ValueError(Errors.E210.format(name=self.name, error=error)) from None
        return self

    def _prepare_model_for_weights(self) -> None:
        """Set the dims that depend on the labels, before weights are loaded."""

    def to_disk(self, path: Path) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg", self.cfg)
        (path / "model").write_bytes(self.model.to_bytes())

    def from_disk(self, path: Path) -> "TrainablePipe":
        path = Path(path)
        for part in ("cfg", "model"):
            if not (path / part).exists():
                raise FileNotFoundError(Errors.E043.format(path=path / part))
        try:
            self.cfg.update(srsly.read_json(path / "cfg"))
            self._prepare_model_for_weights()
            self.model.from_bytes((path / "model").read_bytes())
        except Exception as error:  # any failure to read weights: name it
            raise ValueError(Errors.E210.format(name=self.name, error=error)) from None
        return self


def share_strings(vocab: Vocab, docs: Sequence[Doc], keys: numpy.ndarray) -> None:
    """Add the strings of these keys (from vocab) to the vocab of any doc that has
    another, so that the doc can read the annotations written with them."""
    others = {id(doc.vocab): doc.vocab for doc in docs if doc.vocab is not vocab}
    if others:
        strings = [vocab.strings[key] for key in set(keys.ravel().tolist())]
        for other in others.values():
            for string in strings:
                other.strings.add(string)


def set_dropout_rate(model: Model, rate: float) -> None:
    """Set the rate of every dropout-bearing layer in the model for this update."""
    for node in model.walk():
        if "dropout_rate" in node.attrs:
            node.attrs["dropout_rate"] = rate


def _distinct(values: Iterable[str]) -> List[str]:
    """Values in first-seen order, once each."""
    return list(dict.fromkeys(values))
