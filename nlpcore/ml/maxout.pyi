from typing import Any, Callable, Optional, Tuple

import numpy
from thinc.api import Model

def maxout_ln_forward(
    Z: numpy.ndarray,
    b: numpy.ndarray,
    G: numpy.ndarray,
    beta: numpy.ndarray,
    nP: int,
    norm: bool = ...,
) -> Tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray, numpy.ndarray]: ...
def maxout_ln_backward(
    dY: numpy.ndarray,
    xhat: numpy.ndarray,
    rstd: numpy.ndarray,
    G: numpy.ndarray,
    which: numpy.ndarray,
    nP: int,
    db: numpy.ndarray,
    dG: numpy.ndarray,
    dbeta: numpy.ndarray,
    norm: bool = ...,
) -> numpy.ndarray: ...
def row_passes(W: Any) -> Tuple[Any, Callable[..., Any], Callable[..., Any]]: ...
def MaxoutLN(
    nO: Optional[int] = ..., nI: Optional[int] = ..., nP: int = ..., normalize: bool = ...
) -> Model: ...
