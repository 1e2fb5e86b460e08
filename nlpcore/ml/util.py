"""Small glue layers between List[Floats2d] and one concatenated Ragged batch.

The rows stay in their input's array module (NumPy, or CuPy on a device); the
lengths are a host int32 array (the window kernels and split_rows read them).
"""

from typing import List, Optional

import numpy
from thinc.api import Model
from thinc.types import Floats2d, Ragged

from .featureextractor import split_rows
from .kernels import array_module


def list2ragged() -> Model[List[Floats2d], Ragged]:
    """List of (n_i, d) arrays -> one Ragged; an empty list gives a (0, 0) batch."""
    return Model("list2ragged", _list2ragged_forward)


def _list2ragged_forward(model: Model, Xs: List[Floats2d], is_train: bool):
    lengths = numpy.array([len(x) for x in Xs], dtype=numpy.int32)
    if len(Xs) == 0:
        data = numpy.zeros((0, 0), dtype=numpy.float32)
    else:
        xp = array_module(Xs[0])
        data = xp.concatenate(Xs) if len(Xs) > 1 else xp.ascontiguousarray(Xs[0])

    def backprop(dY: Ragged) -> List[Floats2d]:
        d = dY.dataXd
        if d.shape[0] == 0:
            d = array_module(data).zeros(data.shape, dtype=data.dtype)
        return split_rows(d, lengths)

    return Ragged(data, lengths), backprop


def ragged2list(width: Optional[int] = None) -> Model[Ragged, List[Floats2d]]:
    """One Ragged -> a list of row-block views, one per sequence.

    width: the row width, kept for empty batches (Thinc's Ragged forgets it).
    """
    return Model("ragged2list", _ragged2list_forward, attrs={"width": width})


def _ragged2list_forward(model: Model, X: Ragged, is_train: bool):
    lengths = X.lengths
    width = model.attrs["width"]
    xp = array_module(X.dataXd)
    if X.dataXd.shape[0] == 0 and width is not None:
        X = Ragged(xp.zeros((0, width), dtype=numpy.float32), lengths)

    def backprop(dYs: List[Floats2d]) -> Ragged:
        if len(dYs) == 0:
            return Ragged(X.dataXd[:0].copy(), lengths)
        return Ragged(xp.concatenate(dYs) if len(dYs) > 1 else dYs[0], lengths)

    return split_rows(X.dataXd, lengths), backprop
