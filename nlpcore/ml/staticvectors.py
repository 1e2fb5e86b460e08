"""StaticVectors: the rows of doc.vocab.vectors, projected by a learned matrix.

With W on a device the table's copy there (Vectors.data_on) is gathered from:
only the row numbers (looked up on the host) cross to the device.
"""

from typing import List, Optional, Union

from thinc.api import Model, glorot_uniform_init
from thinc.types import Ragged

from ..errors import Errors
from ..tokens import Doc
from .featureextractor import attr_ids, extract_batch
from .kernels import array_module


def StaticVectors(
    nO: Optional[int] = None,
    nM: Optional[int] = None,
    *,
    dropout: Optional[float] = None,
    key_attr: Union[str, int] = "ORTH",
) -> Model[List[Doc], Ragged]:
    """List[Doc] -> Ragged (n_tokens, nO): each token's static vector (zeros when
    missing) times W (nO, nM). The vectors table stays fixed; only W is learned.

    nO: output width; nM: vector width (inferred from the table); dropout: rate
    of a column dropout mask in training; key_attr: the attribute keying the table.
    """
    return Model(
        "static_vectors",
        _forward,
        init=_init,
        dims={"nO": nO, "nM": nM},
        params={"W": None},
        attrs={"key_attr": attr_ids([key_attr])[0], "dropout_rate": dropout},
    )


def _vectors(docs):
    vectors = docs[0].vocab.vectors
    for doc in docs:
        if doc.vocab.vectors is not vectors:
            raise ValueError(Errors.E251)
    if len(vectors) == 0:
        raise ValueError(Errors.E273)
    return vectors


def _init(model: Model, X=None, Y=None) -> None:
    if X is not None and len(X):
        model.set_dim("nM", _vectors(X).shape[1])
    if not model.has_dim("nM"):
        return
    model.set_param("W", glorot_uniform_init(model.ops, (model.get_dim("nO"), model.get_dim("nM"))))


def _forward(model: Model, docs, is_train: bool):
    W = model.get_param("W")
    xp = array_module(W)
    features, lengths = extract_batch(docs, [model.attrs["key_attr"]])
    if features.shape[0] == 0:
        out = xp.zeros((0, W.shape[0]), dtype=W.dtype)
        return Ragged(out, lengths), lambda dY: []
    vectors = _vectors(docs)
    if vectors.shape[1] != W.shape[1]:
        raise ValueError(Errors.E261.format(got=vectors.shape, nI=W.shape[1], name=model.name))
    rows = xp.asarray(vectors.find(features[:, 0]))
    V = vectors.data_on(xp)[xp.maximum(rows, 0)].astype(W.dtype, copy=False)
    V[rows < 0] = 0.0
    out = V @ W.T
    mask = None
    rate = model.attrs.get("dropout_rate") or 0.0
    if is_train and rate > 0.0:
        mask = xp.asarray(model.ops.get_dropout_mask((out.shape[1],), rate)).astype(
            out.dtype, copy=False)
        out *= mask

    def backprop(dY: Ragged):
        d = dY.dataXd * mask if mask is not None else dY.dataXd
        model.inc_grad("W", d.T @ V)
        return []

    return Ragged(out, lengths), backprop
