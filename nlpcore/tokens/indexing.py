"""Index checks shared by Doc and Span: token indices and stepless slices."""

import operator
from typing import Any, Tuple

from ..errors import Errors


def slice_bounds(key: slice, length: int) -> Tuple[int, int]:
    """(start, stop) of a stepless slice over `length` tokens; a coded error for a step."""
    start, stop, step = key.indices(length)
    if step != 1:
        raise ValueError(Errors.E039.format(step=key.step))
    return start, max(start, stop)


def token_index(key: Any) -> int:
    """An int index (numpy's too); a coded TypeError for anything else."""
    try:
        return operator.index(key)
    except TypeError:
        raise TypeError(Errors.E038.format(type=type(key).__name__)) from None
