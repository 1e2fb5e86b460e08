"""Look-ups of uint64 keys in a sorted key array (vector tables, seen-id sets)."""

from typing import Tuple

import numpy


def find_sorted(sorted_keys: numpy.ndarray, keys: numpy.ndarray
                ) -> Tuple[numpy.ndarray, numpy.ndarray]:
    """(position, found): where each of `keys` is (or would go) in `sorted_keys`,
    clipped to its last index, and whether it is there."""
    if sorted_keys.size == 0:
        return numpy.zeros(keys.shape, dtype=numpy.intp), numpy.zeros(keys.shape, dtype=bool)
    positions = numpy.minimum(numpy.searchsorted(sorted_keys, keys), sorted_keys.size - 1)
    return positions, sorted_keys[positions] == keys
