from typing import List, Sequence, Union

import numpy

from .doc import Doc

KEY_ATTRS: frozenset

def set_token_keys(docs: List[Doc], attrs: Sequence[Union[str, int]],
                   keys: numpy.ndarray) -> None: ...
def set_parses(docs: List[Doc], heads: numpy.ndarray, deps: numpy.ndarray) -> None: ...
