"""Context encoders: token vectors in, contextual token vectors of the same width out."""

import numbers
from typing import List

from thinc.api import Model, chain, noop, residual, with_padded
from thinc.types import Floats2d

from ...errors import Errors
from ..hashembed import check_width
from ..maxout import MaxoutLN
from ..mish import MishLN
from ..util import list2ragged, ragged2list
from ..window import ExpandWindow


def check_depth(depth: int) -> None:
    """A coded error unless depth is an int of 0 or more."""
    if isinstance(depth, bool) or not isinstance(depth, numbers.Integral) or depth < 0:
        raise ValueError(Errors.E278.format(depth=depth))


def MaxoutWindowEncoder(
    width: int, window_size: int, maxout_pieces: int, depth: int
) -> Model[List[Floats2d], List[Floats2d]]:
    """`depth` residual blocks of window expansion, Maxout and layer norm.

    width: input and output width; window_size: neighbours per side in each
    window (stopping at doc edges); maxout_pieces: pieces per unit; depth: blocks.
    The batch is processed as one concatenated matrix.
    """
    check_width(width)
    check_depth(depth)
    blocks = [
        residual(
            chain(
                ExpandWindow(window_size),
                MaxoutLN(width, width * (2 * window_size + 1), nP=maxout_pieces),
            )
        )
        for _ in range(depth)
    ]
    model = chain(list2ragged(), *blocks, ragged2list(width))
    model.set_dim("nO", width)
    model.attrs["nI"] = width
    model.attrs["receptive_field"] = window_size * depth
    return model


def MishWindowEncoder(
    width: int, window_size: int, depth: int
) -> Model[List[Floats2d], List[Floats2d]]:
    """`depth` residual blocks of window expansion, Mish and layer norm.

    width: input and output width; window_size: neighbours per side; depth: blocks.
    """
    check_width(width)
    check_depth(depth)
    blocks = [
        residual(chain(ExpandWindow(window_size), MishLN(width, width * (2 * window_size + 1))))
        for _ in range(depth)
    ]
    model = chain(list2ragged(), *blocks, ragged2list(width))
    model.set_dim("nO", width)
    model.attrs["nI"] = width
    return model


def BiLSTMEncoder(width: int, depth: int, dropout: float) -> Model[List[Floats2d], List[Floats2d]]:
    """`depth` bidirectional LSTM layers through PyTorch (needs torch installed).

    width: input and output width (width // 2 per direction); depth: layers;
    dropout: between layers.
    """
    check_width(width)
    check_depth(depth)
    if depth == 0:
        return noop()
    try:
        import torch  # noqa: F401
    except ImportError:
        raise ImportError(Errors.E276.format(name="BiLSTMEncoder")) from None
    from thinc.api import PyTorchLSTM

    model = with_padded(PyTorchLSTM(width, width, bi=True, depth=depth, dropout=dropout))
    model.set_dim("nO", width)
    return model
