"""find_sorted against Python's membership and list.index."""

import numpy
from hypothesis import given
from hypothesis import strategies as st

from nlpcore.sorted_keys import find_sorted

KEYS = st.lists(st.integers(0, 2**64 - 1), max_size=30)


@given(KEYS, KEYS)
def test_find_sorted_matches_python(table, keys):
    sorted_keys = numpy.array(sorted(set(table)), dtype=numpy.uint64)
    positions, found = find_sorted(sorted_keys, numpy.array(keys, dtype=numpy.uint64))
    as_list = sorted_keys.tolist()
    assert found.tolist() == [key in as_list for key in keys]
    for key, position, hit in zip(keys, positions.tolist(), found.tolist()):
        if hit:
            assert as_list.index(key) == position
