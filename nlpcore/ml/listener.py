"""Tok2VecListener: a layer that takes its vectors from a shared tok2vec component.

During an update the tok2vec component runs once per batch and hands its
output to every listener (`receive`); a listener's backward pass adds its
gradient to the tok2vec's, which is propagated once when the tok2vec
component finishes its update. At prediction time a listener reads the vectors
the tok2vec component stored in `doc.tensor`.
"""

from typing import Callable, List, Optional, Tuple

import numpy
from thinc.api import Model
from thinc.types import Floats2d

from ..errors import Errors
from ..tokens import Doc

ANY_UPSTREAM = "*"


def batch_key(docs: List[Doc]) -> Tuple[int, ...]:
    """Identifies a batch of docs for the length of one update."""
    return tuple(id(doc) for doc in docs)


class Tok2VecListener(Model):
    """Outputs the vectors a tok2vec component computed for the same docs.

    upstream: the tok2vec component's name, or "*" for any; width: its width.
    """

    name = "tok2vec-listener"

    def __init__(self, upstream: str, width: int):
        super().__init__(
            self.name, _listener_forward, dims={"nO": width}, attrs={"upstream": upstream}
        )
        self._batch: Optional[Tuple[int, ...]] = None
        self._outputs: Optional[List[Floats2d]] = None
        self._backprop: Optional[Callable] = None

    @property
    def upstream(self) -> str:
        return self.attrs["upstream"]

    def receive(
        self,
        key: Tuple[int, ...],
        outputs: List[Floats2d],
        backprop: Callable[[List[Floats2d]], None],
    ) -> None:
        """Take the tok2vec output for the batch identified by `key`."""
        self._batch, self._outputs, self._backprop = key, outputs, backprop

    def take(self, docs: List[Doc]) -> Tuple[Optional[List[Floats2d]], Optional[Callable]]:
        """The received outputs and backprop if they are for these docs."""
        if self._batch is not None and self._batch == batch_key(docs):
            return self._outputs, self._backprop
        return None, None


def _listener_forward(model: Tok2VecListener, docs: List[Doc], is_train: bool):
    outputs, backprop = model.take(docs) if is_train else (None, None)
    if outputs is None:
        outputs = []
        for doc in docs:
            if doc.tensor is None or len(doc.tensor) != len(doc):
                if len(doc) == 0:
                    outputs.append(model.ops.alloc2f(0, model.get_dim("nO")))
                    continue
                raise ValueError(Errors.E215.format(upstream=model.upstream))
            tensor = doc.tensor
            # On a GPU a conversion that copies is a kernel launch per doc and listener.
            stored_as_used = (type(tensor) is model.ops.xp.ndarray
                              and tensor.dtype == numpy.float32)
            outputs.append(tensor if stored_as_used else model.ops.asarray2f(tensor))
    if backprop is None:
        return outputs, lambda d_outputs: []

    def backprop_to_upstream(d_outputs: List[Floats2d]) -> List[Doc]:
        backprop(d_outputs)
        return []

    return outputs, backprop_to_upstream


def Tok2VecListenerArchitecture(
    width: int, upstream: str = ANY_UPSTREAM
) -> Model[List[Doc], List[Floats2d]]:
    """Vectors from a shared tok2vec component (`upstream`, "*" for any) of this width."""
    return Tok2VecListener(upstream, width)
