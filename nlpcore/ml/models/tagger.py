"""Tagger architecture: tok2vec, then a softmax per token."""

from typing import List, Optional

from thinc.api import Model, Softmax, chain, with_array
from thinc.types import Floats2d

from ...tokens import Doc
from ..kernels import array_module

# Model attr: the scores are a softmax over a linear layer of the tok2vec output.
LINEAR_OUTPUT = "linear_output"


def Tagger(
    tok2vec: Model[List[Doc], List[Floats2d]], nO: Optional[int] = None
) -> Model[List[Doc], List[Floats2d]]:
    """Per-token class probabilities from a tok2vec.

    tok2vec: Docs to contextual vectors; nO: number of labels (inferred from the
    component's labels when None). Refs "tok2vec" and "output" (the softmax);
    attr LINEAR_OUTPUT says that the scores are softmax(X @ W.T + b) of the
    tok2vec's X and the output's W and b, so their argmax is the logits'.
    """
    output = Softmax(nO=nO, init_W=_zeros)
    model = chain(tok2vec, with_array(output))
    model.set_ref("tok2vec", tok2vec)
    model.set_ref("output", output)
    model.attrs[LINEAR_OUTPUT] = True
    return model


def best_labels(model: Model, docs: List[Doc]) -> Floats2d:
    """Each token's best label index (one array over the docs' tokens), from the
    logits of a LINEAR_OUTPUT model: one matmul, no softmax, no per-doc arrays."""
    tok2vec, output = model.get_ref("tok2vec"), model.get_ref("output")
    vectors = tok2vec.predict(docs)
    xp = array_module(vectors[0])
    X = xp.concatenate(vectors)
    W, b = output.get_param("W"), output.get_param("b")
    return (X @ W.T + b).argmax(axis=1)


def _zeros(ops, shape):
    return ops.alloc(shape)
