"""The supertagger: a training-only auxiliary objective for the shared tok2vec.

It learns to predict each token's supertag, "<UPOS>|<dep label>|<head
direction>" (direction "L": the head is to the left, "R": to the right,
"ROOT": the token heads itself), from the vectors of the tok2vec it listens
to, so its gradient shapes the representation the tagger and parser share.
`parts` picks a subset of the three fields (in the order pos, dep, dir).

It writes nothing: `__call__` and `pipe` pass the docs through without running
its model, so it costs nothing at prediction time. `score` runs the softmax on
the vectors the tok2vec left in `doc.tensor` (after evaluation's timing) and
reports `supertag_acc`, to watch the auxiliary task learn; its default score
weight is 0.

A token has no supertag (it is missing in the loss) when its UPOS or, for
"dep" and "dir", its dependency label is unknown (a head is known only with
its label), or when its supertag is not among the labels: `initialize` keeps
the supertags seen at least `min_freq` times in the examples it is given. The
UD English EWT training set holds 442 distinct supertags; the default
min_freq=10 keeps 247 of them, which cover 99.7% of its tokens (and of dev's).
"""

from collections import Counter
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import numpy
from thinc.api import Model

from ..attrs import DEP, HEAD, POS
from ..errors import Errors
from ..language import Language
from ..ml.listener import Tok2VecListener
from ..tokens import Doc, Token
from ..training import Example
from ..vocab import Vocab
from .token_classifier import DEFAULT_TOK2VEC, TokenClassifier

PARTS = ("pos", "dep", "dir")
DEFAULT_MIN_FREQ = 10
# Sign of a head offset -> head direction.
DIRECTIONS = {-1: "L", 0: "ROOT", 1: "R"}
DEFAULT_SUPERTAGGER_MODEL = {
    "@architectures": "nlpcore.Tagger.v1",
    "nO": None,
    "tok2vec": {"@architectures": "nlpcore.Tok2VecListener.v1",
                "width": DEFAULT_TOK2VEC["width"], "upstream": "*"},
}


def join_supertag(pos: str, dep: str, direction: str,
                  parts: Sequence[str] = PARTS) -> Optional[str]:
    """The supertag made of `parts`, joined by "|"; None if UPOS or a needed dep is empty."""
    if ("pos" in parts and not pos) or (("dep" in parts or "dir" in parts) and not dep):
        return None
    fields = {"pos": pos, "dep": dep, "dir": direction}
    return "|".join(fields[part] for part in PARTS if part in parts)


def supertag(token: Token, parts: Sequence[str] = PARTS) -> Optional[str]:
    """A token's supertag (the plain reference for Supertagger.reference_labels)."""
    offset = token.head.i - token.i
    return join_supertag(token.pos_, token.dep_, DIRECTIONS[(offset > 0) - (offset < 0)], parts)


class Supertagger(TokenClassifier):
    """Learns supertags from a shared tok2vec during training; annotates nothing.

    parts: the supertag's fields, from "pos", "dep", "dir"; min_freq: the
    fewest occurrences in the initialization examples for a supertag to be a
    label; label_smoothing: as the tagger's; loss_weight: scales the loss and
    so the gradient sent into the tok2vec.
    """

    def __init__(self, vocab: Vocab, model: Model, name: str = "supertagger", *,
                 parts: Sequence[str] = PARTS, min_freq: int = DEFAULT_MIN_FREQ,
                 label_smoothing: float = 0.0, loss_weight: float = 1.0,
                 labels: Optional[List[str]] = None):
        parts = list(parts)
        if not parts or len(set(parts)) != len(parts) or not set(parts) <= set(PARTS):
            raise ValueError(Errors.E230.format(parts=parts, known=", ".join(PARTS)))
        if min_freq < 1:
            raise ValueError(Errors.E231.format(name=name, key="min_freq", expected=">= 1",
                                                value=min_freq))
        if loss_weight < 0:
            raise ValueError(Errors.E231.format(name=name, key="loss_weight", expected=">= 0",
                                                value=loss_weight))
        super().__init__(vocab, model, name, parts=parts, min_freq=min_freq,
                         label_smoothing=label_smoothing, loss_weight=loss_weight,
                         labels=list(labels or []))
        # parts -> {(UPOS id, dep id, head offset's sign): supertag}
        self._supertags: Dict[Tuple[str, ...], Dict[Tuple[int, int, int], Optional[str]]] = {}

    def reference_labels(self, doc: Doc) -> List[Optional[str]]:
        """Each token's supertag, from its (UPOS, dep, head direction) ids through a cache."""
        columns = doc.to_array([POS, DEP, HEAD])
        signs = numpy.sign(columns[:, 2].astype(numpy.int64))  # offsets: two's complement
        keys = zip(columns[:, 0].tolist(), columns[:, 1].tolist(), signs.tolist())
        cache = self._supertags.setdefault(tuple(self.cfg["parts"]), {})
        strings = doc.vocab.strings
        labels = []
        for key in keys:
            if key not in cache:
                pos, dep, sign = key
                cache[key] = join_supertag(strings[pos] if pos else "",
                                           strings[dep] if dep else "", DIRECTIONS[sign],
                                           self.cfg["parts"])
            labels.append(cache[key])
        return labels

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Any = None,
                   labels: Optional[Sequence[str]] = None) -> None:
        """Take the supertags seen at least min_freq times (or `labels`), infer shapes."""
        if labels is None:
            examples = get_examples()
            counts = Counter(label for eg in examples for label in self._labels_from(eg))
            labels = [label for label, n in counts.items() if n >= self.cfg["min_freq"]]
            if counts and not labels:
                raise ValueError(Errors.E232.format(name=self.name,
                                                    min_freq=self.cfg["min_freq"]))
        super().initialize(get_examples, nlp=nlp, labels=labels)

    # ---- prediction: nothing is run or written --------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        return iter(docs)

    def set_annotations(self, docs: List[Doc], label_ids: List[numpy.ndarray]) -> None:
        """Supertags are not written onto docs."""

    # ---- learning ---------------------------------------------------------------------
    def get_loss(self, examples: List[Example], scores: List[Any]) -> Tuple[float, List[Any]]:
        """The token classifier's loss and gradient, scaled by loss_weight."""
        loss, d_scores = super().get_loss(examples, scores)
        weight = self.cfg["loss_weight"]
        if weight != 1.0:
            d_scores = [d_score * weight for d_score in d_scores]
        return loss * weight, d_scores

    def score(self, examples: Iterable[Example]) -> Dict[str, Any]:
        """Supertag accuracy over tokens with a known supertag; {} without vectors."""
        examples = list(examples)
        docs = [eg.predicted for eg in examples]
        if not self.labels or not self._can_predict(docs):
            return {}
        index = {label: i for i, label in enumerate(self.labels)}
        correct = total = 0
        for eg, guesses in zip(examples, self.predict(docs)):
            for gold, guess in zip(self.gold_labels(eg), guesses.tolist()):
                if gold in index:
                    total += 1
                    correct += index[gold] == guess
        return {"supertag_acc": correct / total} if total else {}

    def _can_predict(self, docs: List[Doc]) -> bool:
        """Whether the model can run on these docs: a listener needs their vectors."""
        if not any(isinstance(node, Tok2VecListener) for node in self.model.walk()):
            return True
        return all(not len(doc) or (doc.tensor is not None and len(doc.tensor) == len(doc))
                   for doc in docs)


@Language.factory("supertagger",
                  default_config={"model": DEFAULT_SUPERTAGGER_MODEL, "parts": list(PARTS),
                                  "min_freq": DEFAULT_MIN_FREQ, "label_smoothing": 0.0,
                                  "loss_weight": 1.0},
                  assigns=[], default_score_weights={"supertag_acc": 0.0})
def make_supertagger(nlp: Language, name: str, model: Model, parts: List[str], min_freq: int,
                     label_smoothing: float, loss_weight: float) -> Supertagger:
    """A training-only supertagger; its model should listen to a shared tok2vec."""
    return Supertagger(nlp.vocab, model, name, parts=parts, min_freq=min_freq,
                       label_smoothing=label_smoothing, loss_weight=loss_weight)
