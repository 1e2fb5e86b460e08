"""The tok2vec component: one shared embedding network for several components.

Components whose model contains a Tok2VecListener naming this component (or
"*") listen to it: during `nlp.update` this component runs its model once per
batch and hands the vectors to each listener; the listeners' gradients add up
and are propagated into the shared network once, in `finish_update`. At
prediction time it stores the vectors in `doc.tensor`, where listeners read
them.
"""

from typing import Any, Dict, Iterable, List, Optional

from thinc.api import Model, Optimizer

from ..language import Language
from ..ml.featureextractor import split_rows
from ..ml.listener import Tok2VecListener, batch_key
from ..tokens import Doc
from ..training import Example
from ..vocab import Vocab
from .token_classifier import DEFAULT_TOK2VEC
from .trainable_pipe import TrainablePipe, set_dropout_rate


class Tok2Vec(TrainablePipe):
    """Computes token vectors for the components that listen to it."""

    def __init__(self, vocab: Vocab, model: Model, name: str = "tok2vec"):
        super().__init__(vocab, model, name)
        self.listeners: List[Tok2VecListener] = []
        self._pending_backprop: Optional[Any] = None
        # The batch's summed listener gradient (n_tokens, width) and its docs' lengths.
        self._d_total: Optional[Any] = None
        self._lengths: List[int] = []

    def find_listeners(self, components: Iterable[Any]) -> None:
        """Connect every listener layer in these components that names this one (or "*")."""
        self.listeners = []
        for component in components:
            model = getattr(component, "model", None)
            if component is self or not isinstance(model, Model):
                continue
            for node in model.walk():
                if isinstance(node, Tok2VecListener) and node.upstream in ("*", self.name):
                    self.listeners.append(node)

    def _labels_from(self, example: Example) -> Iterable[str]:
        return ()

    def _initialize_model(self, examples: List[Example]) -> None:
        """Infer shapes, then store vectors on the sample docs for listeners' shapes."""
        docs = [eg.predicted for eg in examples]
        self.model.initialize(X=docs)
        self.set_annotations(docs, self.predict(docs))

    def predict(self, docs: List[Doc]) -> List[Any]:
        if not any(len(doc) for doc in docs):
            width = self.model.get_dim("nO")
            return [self.model.ops.alloc2f(len(doc), width) for doc in docs]
        return self.model.predict(docs)

    def set_annotations(self, docs: List[Doc], vectors: List[Any]) -> None:
        for doc, doc_vectors in zip(docs, vectors):
            doc.tensor = doc_vectors

    def update(self, examples, *, drop: float = 0.0, sgd: Optional[Optimizer] = None,
               losses: Optional[Dict[str, float]] = None) -> Dict[str, float]:
        """Run the shared network on the batch and hand its output to the listeners.

        The gradients the listeners send back are propagated in finish_update.
        """
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        docs = [eg.predicted for eg in examples]
        if not docs:
            return losses
        set_dropout_rate(self.model, drop)
        outputs, backprop = self.model.begin_update(docs)
        self._pending_backprop = backprop
        self._lengths = [len(out) for out in outputs]
        self._d_total = self.model.ops.alloc2f(sum(self._lengths), outputs[0].shape[1])
        key = batch_key(docs)
        for listener in self.listeners:
            listener.receive(key, outputs, self._accumulate)
        if sgd is not None:
            self.finish_update(sgd)
        return losses

    def _accumulate(self, d_outputs: List[Any]) -> None:
        """Add a listener's per-doc gradients to the batch's total, in one operation."""
        xp = self.model.ops.xp
        self._d_total += xp.concatenate(d_outputs) if len(d_outputs) > 1 else d_outputs[0]

    def finish_update(self, sgd: Optimizer) -> None:
        """Propagate the listeners' summed gradient, then apply the updates."""
        if self._pending_backprop is not None:
            self._pending_backprop(split_rows(self._d_total, self._lengths))
            self._pending_backprop = self._d_total = None
        self.model.finish_update(sgd)

    def score(self, examples: Iterable[Example]) -> Dict[str, Any]:
        return {}


@Language.factory("tok2vec", default_config={"model": DEFAULT_TOK2VEC})
def make_tok2vec(nlp: Language, name: str, model: Model) -> Tok2Vec:
    return Tok2Vec(nlp.vocab, model, name)
