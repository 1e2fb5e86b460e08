"""Tagger architecture: tok2vec, then a softmax per token."""

from typing import List, Optional

from thinc.api import Model, Softmax, chain, with_array
from thinc.types import Floats2d

from ...tokens import Doc


def Tagger(
    tok2vec: Model[List[Doc], List[Floats2d]], nO: Optional[int] = None
) -> Model[List[Doc], List[Floats2d]]:
    """Per-token class probabilities from a tok2vec.

    tok2vec: Docs to contextual vectors; nO: number of labels (inferred from the
    component's labels when None). Refs "tok2vec" and "output" (the softmax).
    """
    output = Softmax(nO=nO, init_W=_zeros)
    model = chain(tok2vec, with_array(output))
    model.set_ref("tok2vec", tok2vec)
    model.set_ref("output", output)
    return model


def _zeros(ops, shape):
    return ops.alloc(shape)
