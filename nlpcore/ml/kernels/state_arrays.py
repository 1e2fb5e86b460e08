"""Parser and NER states as device arrays: the layout StateBatch.to_arrays gives
(include/nlpcore/state_arrays.hh), checked on the host, and a count of open states."""

from typing import Any, Dict

import numpy

from . import check_array

# The columns of states_sc and words_wc.
STATE_COLUMNS = ("base", "offset", "n_words", "length", "b0", "depth", "n_back", "n_ents")
WORD_COLUMNS = ("head", "l1", "l2", "r1", "r2", "n_l", "n_r", "sent_start", "unshifted")
# The arrays by name: dtype and trailing shape (after the n or W rows).
ARRAYS = {"states_sc": (numpy.int32, (len(STATE_COLUMNS),)),
          "words_wc": (numpy.int32, (len(WORD_COLUMNS),)),
          "labels_w": (numpy.uint64, ()), "stack_w": (numpy.int32, ()),
          "back_w": (numpy.int32, ()), "ents_we": (numpy.int32, (2,)),
          "ent_labels_w": (numpy.uint64, ())}


def to_device(backend: Any, arrays: Dict[str, numpy.ndarray]) -> Dict[str, Any]:
    """StateBatch.to_arrays' arrays, copied to the backend's device."""
    return {name: backend.xp.asarray(value) for name, value in arrays.items()}


def check_states(backend: Any, kernel: str, arrays: Dict[str, Any], *names: str) -> int:
    """The number of states, after a coded error unless states_sc and the named
    arrays are laid out as StateBatch.to_arrays gives them, on the backend's device."""
    n = arrays["states_sc"].shape[0]
    W = arrays["back_w"].shape[0]
    for name in ("states_sc", *names):
        dtype, trailing = ARRAYS[name]
        rows = n if name == "states_sc" else W
        check_array(backend, kernel, name, arrays[name], dtype, (rows, *trailing))
    return n


def n_open(backend: Any, arrays: Dict[str, Any]) -> int:
    """How many of the states aren't final (a device reduction and one sync)."""
    column = {name: arrays["states_sc"][:, i] for i, name in enumerate(STATE_COLUMNS)}
    open_ = (column["depth"] > 0) | (column["n_back"] > 0) | (column["b0"] < column["length"])
    return int(backend.xp.count_nonzero(open_))
