"""StateBatch.to_arrays / load_arrays (include/nlpcore/state_arrays.hh): states as flat
arrays for the device, and back."""

import numpy
import pytest
from nlpcore.ml.parser_model import StateBatch

from nlpcore import Vocab
from nlpcore.transition import ArcEager, BiluoNER

LENGTHS = [6, 0, 9, 1, 4]
OFFSETS = [0, 6, 6, 15, 16]


def advanced(seed, steps, ner=False):
    """A batch over LENGTHS advanced by random valid moves: non-monotonic arc-eager
    ones, or BILUO ones (ner)."""
    if ner:
        system = BiluoNER(Vocab().strings, ["PER", "LOC"])
    else:
        system = ArcEager(Vocab().strings, ["nsubj", "obj", "det"], nonmonotonic=True)
    batch = StateBatch(system, LENGTHS, OFFSETS, 6 if ner else 13)
    rng = numpy.random.default_rng(seed)
    for _ in range(steps):
        if not batch.n_active:
            break
        batch.apply([rng.choice(numpy.flatnonzero(v)) for v in batch.valid()])
    return system, batch


def test_the_layout_holds_each_state():
    _, batch = advanced(seed=1, steps=12)
    arrays = batch.to_arrays()
    assert arrays["states_sc"][:, 0].tolist() == [0, 6, 6, 15, 16]  # base
    assert arrays["states_sc"][:, 1].tolist() == OFFSETS
    assert arrays["states_sc"][:, 2].tolist() == LENGTHS
    for i in range(batch.n_states):
        heads, labels = batch.heads_labels(i)
        base = arrays["states_sc"][i, 0]
        numpy.testing.assert_array_equal(arrays["words_wc"][base:base + len(heads), 0], heads)
        numpy.testing.assert_array_equal(arrays["labels_w"][base:base + len(heads)], labels)
        state = batch.state(i)
        depth = arrays["states_sc"][i, 5]
        assert [int(w) for w in arrays["stack_w"][base:base + depth][::-1]] == [
            state.S(k) for k in range(depth)]


def test_the_layout_holds_each_entity():
    _, batch = advanced(seed=2, steps=5, ner=True)
    arrays = batch.to_arrays()
    for i in range(batch.n_states):
        base, n_ents = arrays["states_sc"][i, 0], arrays["states_sc"][i, 7]
        spans = arrays["ents_we"][base:base + n_ents].tolist()
        labels = arrays["ent_labels_w"][base:base + n_ents].tolist()
        closed = [(start, end, label) for (start, end), label in zip(spans, labels) if end >= 0]
        assert closed == batch.entities(i)
    assert arrays["states_sc"][:, 7].sum() > 0


@pytest.mark.parametrize("ner", [False, True])
@pytest.mark.parametrize("seed,steps", [(0, 0), (1, 5), (2, 15), (3, 60)])
def test_a_round_trip_gives_the_same_states(seed, steps, ner):
    system, batch = advanced(seed, steps, ner)
    fresh = StateBatch(system, LENGTHS, OFFSETS, 6 if ner else 13)
    assert fresh.load_arrays(**batch.to_arrays()) == batch.n_active
    assert fresh.active_indices == batch.active_indices
    for name, value in batch.to_arrays().items():
        numpy.testing.assert_array_equal(fresh.to_arrays()[name], value, err_msg=name)
    for i in range(batch.n_states):
        assert fresh.state(i).print_state() == batch.state(i).print_state()
    numpy.testing.assert_array_equal(fresh.context_rows(), batch.context_rows())


def test_arrays_that_dont_fit_are_coded_errors():
    system, batch = advanced(seed=4, steps=8)
    arrays = batch.to_arrays()
    fresh = StateBatch(system, LENGTHS, OFFSETS, 13)
    with pytest.raises(ValueError, match="E355"):
        fresh.load_arrays(**dict(arrays, labels_w=arrays["labels_w"].astype("int64")))
    with pytest.raises(ValueError, match="E355"):
        fresh.load_arrays(**dict(arrays, stack_w=arrays["stack_w"][:-1]))
    for column, value in [(2, 7), (0, 1), (5, 99), (6, -1), (4, 10), (7, 7)]:
        states = arrays["states_sc"].copy()
        states[0, column] = value
        with pytest.raises(ValueError, match="E365"):
            fresh.load_arrays(**dict(arrays, states_sc=states))
    stack = arrays["stack_w"].copy()
    states = arrays["states_sc"].copy()
    states[0, 5] = 1
    stack[0] = 6  # a word of another doc
    with pytest.raises(ValueError, match="E365"):
        fresh.load_arrays(**dict(arrays, states_sc=states, stack_w=stack))
    # Nothing changed on a failed load.
    for name, value in StateBatch(system, LENGTHS, OFFSETS, 13).to_arrays().items():
        numpy.testing.assert_array_equal(fresh.to_arrays()[name], value, err_msg=name)


def test_an_empty_batch_round_trips():
    system = ArcEager(Vocab().strings, ["nsubj"])
    batch = StateBatch(system, [], [], 8)
    arrays = batch.to_arrays()
    assert arrays["states_sc"].shape == (0, 8) and arrays["words_wc"].shape == (0, 9)
    assert batch.load_arrays(**arrays) == 0


def test_the_class_table_gives_each_class_move_and_label():
    system = ArcEager(Vocab().strings, ["nsubj", "obj"], nonmonotonic=True)
    moves, labels = system.class_table
    names = system.move_names
    assert moves.dtype == numpy.int32 and labels.dtype == numpy.uint64
    assert len(moves) == len(labels) == system.n_moves
    for name, move, label in zip(names, moves, labels):
        kind = name.split("-")[0]
        assert move == ["SHIFT", "REDUCE", "LEFT", "RIGHT", "BREAK", "UNSHIFT"].index(kind)
        assert system.strings[int(label)] == (name.split("-", 1)[1] if "-" in name else "ROOT")
