"""Mish with layer normalisation: an affine layer, Mish, then LayerNorm.

With its params on a device (cupy arrays), the gemms and Mish run in CuPy and
the layer norm in the maxout_ln kernels (one piece).
"""

from typing import Any, Optional

import numpy
from thinc.api import Model, glorot_uniform_init
from thinc.types import Ragged

from ..errors import Errors
from .hashembed import check_width
from .maxout import row_passes


def mish(Z: Any, xp: Any = numpy) -> Any:
    """x * tanh(softplus(x)); xp: Z's array module."""
    return Z * xp.tanh(xp.logaddexp(0.0, Z))


def d_mish(Z: Any, xp: Any = numpy) -> Any:
    """Derivative of mish at Z; xp: Z's array module."""
    t = xp.tanh(xp.logaddexp(0.0, Z))
    sig = 0.5 * (1.0 + xp.tanh(0.5 * Z))
    return t + Z * sig * (1.0 - t * t)


def MishLN(nO: Optional[int] = None, nI: Optional[int] = None) -> Model:
    """Y = LayerNorm(mish(X W^T + b)); Floats2d or Ragged in and out.

    Params: W (nO, nI), b (nO), G and beta (nO). nI is inferred when not given.
    """
    if nO is not None:
        check_width(nO)
    return Model(
        "mish_ln",
        _forward,
        init=_init,
        dims={"nO": nO, "nI": nI},
        params={"W": None, "b": None, "G": None, "beta": None},
    )


def _init(model: Model, X=None, Y=None) -> None:
    if X is not None:
        model.set_dim("nI", (X.dataXd if isinstance(X, Ragged) else X).shape[1])
    nO, nI = model.get_dim("nO"), model.get_dim("nI")
    model.set_param("W", glorot_uniform_init(model.ops, (nO, nI)))
    model.set_param("b", model.ops.alloc1f(nO))
    model.set_param("G", model.ops.alloc1f(nO) + 1)
    model.set_param("beta", model.ops.alloc1f(nO))


def _grad(model: Model, name: str, like, xp):
    if not model.has_grad(name):
        model.set_grad(name, xp.zeros_like(like))
    return model.get_grad(name)


def _forward(model: Model, X, is_train: bool):
    ragged = isinstance(X, Ragged)
    W, b = model.get_param("W"), model.get_param("b")
    G, beta = model.get_param("G"), model.get_param("beta")
    xp, norm_forward, norm_backward = row_passes(W)
    data = xp.ascontiguousarray(xp.asarray(X.dataXd if ragged else X, dtype=W.dtype))
    if data.ndim == 2 and data.shape[0] == 0:
        data = xp.zeros((0, W.shape[1]), dtype=W.dtype)  # an empty batch has no width
    if data.ndim != 2 or data.shape[1] != W.shape[1]:
        raise ValueError(Errors.E261.format(got=data.shape, nI=W.shape[1], name=model.name))
    Z = data @ W.T
    Z += b
    H = xp.ascontiguousarray(mish(Z, xp), dtype=W.dtype)
    zero = xp.zeros((b.shape[0], 1), dtype=b.dtype)  # the bias of one maxout piece
    Y, xhat, rstd, which = norm_forward(H, zero, G, beta, 1, True)

    def backprop(dY):
        d = dY.dataXd if ragged else dY
        if d.shape[0] == 0:
            d = xp.zeros(Y.shape, dtype=Y.dtype)
        if d.shape != Y.shape:
            raise ValueError(Errors.E259.format(got=d.shape, expected=Y.shape))
        dH = norm_backward(
            d,
            xhat,
            rstd,
            G,
            which,
            1,
            xp.zeros_like(zero),
            _grad(model, "G", G, xp),
            _grad(model, "beta", beta, xp),
            True,
        )
        dZ = (dH * d_mish(Z, xp)).astype(W.dtype)
        model.inc_grad("b", dZ.sum(axis=0))
        model.inc_grad("W", dZ.T @ data)
        dX = dZ @ W
        return Ragged(dX, X.lengths) if ragged else dX

    return (Ragged(Y, X.lengths) if ragged else Y), backprop
