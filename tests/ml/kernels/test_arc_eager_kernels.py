"""The arc-eager loop kernels against their twin, the transition system on the CPU.

Each test runs once per backend (conftest.py). States are advanced on the host
by random valid moves (the same moves for a twin batch), so the kernels start
from every kind of state: stacks, words put back (non-monotonic), sentence
breaks, replaced heads. Scores from small-integer tables tie often, which tests
the first-tie rule.
"""

from types import SimpleNamespace

import numpy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nlpcore.ml.parser_model import StateBatch

from nlpcore import Vocab
from nlpcore.ml.kernels import to_host
from nlpcore.ml.kernels.arc_eager import (
    greedy_step,
    n_open,
    parse_arc_eager_on_device,
    state_rows,
)
from nlpcore.transition import ArcEager

LABELS = ["nsubj", "obj", "det", "punct"]
P = 2


def system(nonmonotonic):
    return ArcEager(Vocab().strings, LABELS, nonmonotonic=nonmonotonic)


def twin_batches(moves, lengths, F, *, segments=False, random_steps=0, seed=0):
    """Two StateBatches over the same docs, advanced by the same random valid moves."""
    offsets = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]]).tolist()
    kwargs = {}
    if segments:  # two states per doc: its first and second half
        kwargs = {"starts": [s for n in lengths for s in (0, n // 2)],
                  "ends": [e for n in lengths for e in (n // 2, n)],
                  "doc_index": [d for d in range(len(lengths)) for _ in (0, 1)]}
    batches = [StateBatch(moves, lengths, offsets, F, **kwargs) for _ in range(2)]
    rng = numpy.random.default_rng(seed)
    for _ in range(random_steps):
        valid = batches[0].valid()
        if not len(valid):
            break
        picks = numpy.array([rng.choice(numpy.flatnonzero(v)) for v in valid], dtype="int32")
        for batch in batches:
            batch.apply(picks)
    return batches


def weights(n_rows, F, nO, use_upper, seed):
    """A fake ParserBatch's weights: small integers, so scores tie."""
    rng = numpy.random.default_rng(seed)
    H = 6 if use_upper else nO
    table = rng.integers(-2, 3, size=(max(n_rows, 1), F, H * P)).astype("float32")
    pad = rng.integers(-2, 3, size=(F, H * P)).astype("float32")
    bias = rng.integers(-1, 2, size=(H * P,)).astype("float32")
    W = rng.integers(-1, 2, size=(nO, H)).astype("float32") if use_upper else None
    b = rng.integers(-1, 2, size=(nO,)).astype("float32") if use_upper else None
    return table, pad, bias, W, b


def device_batch(backend, lengths, F, table, pad, bias, W, b):
    """What parse_arc_eager_on_device reads of a ParserBatch, on the backend's device."""
    xp = backend.xp
    upper = None
    if W is not None:
        params = {"W": xp.asarray(W), "b": xp.asarray(b)}
        upper = SimpleNamespace(get_param=params.__getitem__)
    return SimpleNamespace(table=xp.asarray(table), pad=xp.asarray(pad), bias=xp.asarray(bias),
                           nP=P, nF=F, lengths=list(lengths), upper=upper)


def assert_same_states(got, expected):
    got, expected = got.to_arrays(), expected.to_arrays()
    for name, value in expected.items():
        numpy.testing.assert_array_equal(got[name], value, err_msg=name)


@pytest.mark.parametrize("nonmonotonic", [False, True])
@pytest.mark.parametrize("F,use_upper", [(8, True), (13, False)])
@pytest.mark.parametrize("segments", [False, True])
@pytest.mark.parametrize("random_steps", [0, 7])
def test_device_loop_parses_as_greedy_parse(backend, nonmonotonic, F, use_upper, segments,
                                            random_steps):
    moves = system(nonmonotonic)
    lengths = [int(n) for n in numpy.random.default_rng(F).integers(0, 25, size=17)]
    cpu, dev = twin_batches(moves, lengths, F, segments=segments, random_steps=random_steps)
    params = weights(sum(lengths), F, moves.n_moves, use_upper, seed=random_steps)
    cpu.greedy_parse(*params[:3], P, *params[3:])
    parse_arc_eager_on_device(backend, device_batch(backend, lengths, F, *params), dev)
    assert dev.n_active == 0
    assert_same_states(dev, cpu)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lengths=st.lists(st.integers(0, 12), min_size=1, max_size=6),
       nonmonotonic=st.booleans(), random_steps=st.integers(0, 20), seed=st.integers(0, 99))
def test_one_step_on_the_device_is_a_greedy_step(emulated, lengths, nonmonotonic,
                                                 random_steps, seed):
    """One arc_eager_step equals picking the first best valid move and applying it."""
    backend = emulated
    moves = system(nonmonotonic)
    host, dev = twin_batches(moves, lengths, 13, random_steps=random_steps, seed=seed)
    arrays = {name: backend.xp.asarray(value) for name, value in dev.to_arrays().items()}
    scores = numpy.random.default_rng(seed).integers(
        -2, 3, size=(dev.n_states, moves.n_moves)).astype("float32")
    active = host.active_indices
    valid = host.valid()
    if active:
        masked = numpy.where(valid == 1, scores[active], -numpy.inf)
        host.apply(masked.argmax(axis=1))  # argmax: the first of the ties
    rows = backend.xp.full((dev.n_states, 13), -7, dtype="int32")
    greedy_step(backend, scores, *(backend.xp.asarray(a) for a in moves.class_table),
                nonmonotonic, arrays, rows)
    dev.load_arrays(**{name: to_host(value) for name, value in arrays.items()})
    assert_same_states(dev, host)
    assert n_open(backend, arrays) == host.n_active
    expected_rows = numpy.full((dev.n_states, 13), -7, dtype="int32")
    expected_rows[active] = -1  # final states keep theirs: the kernel skips them
    still = host.active_indices
    expected_rows[still] = host.context_rows()
    numpy.testing.assert_array_equal(to_host(rows), expected_rows)


@pytest.mark.parametrize("F", [8, 13])
def test_state_rows_are_the_context_rows(backend, F):
    lengths = [5, 0, 9, 3]
    _, batch = twin_batches(system(True), lengths, F, random_steps=6, seed=3)
    arrays = {name: backend.xp.asarray(value) for name, value in batch.to_arrays().items()}
    expected = numpy.full((batch.n_states, F), -1, dtype="int32")
    expected[batch.active_indices] = batch.context_rows()
    numpy.testing.assert_array_equal(to_host(state_rows(backend, arrays, F)), expected)


def test_a_state_without_a_valid_move_is_a_coded_error(backend):
    """A bug's symptom: no move is valid (here: none in the class table), so the
    loop stops after its step limit with E354 rather than running on."""
    moves = system(False)
    lengths = [3]
    _, batch = twin_batches(moves, lengths, 8)
    params = weights(3, 8, moves.n_moves, True, seed=0)
    fake = device_batch(backend, lengths, 8, *params)
    table = moves.class_table
    broken = SimpleNamespace(class_table=(numpy.full_like(table[0], 99), table[1]),
                             nonmonotonic=False, n_moves=moves.n_moves)
    states = SimpleNamespace(n_active=1, system=broken, to_arrays=batch.to_arrays)
    with pytest.raises(RuntimeError, match="E354"):
        parse_arc_eager_on_device(backend, fake, states)


def test_the_wrappers_check_their_arrays(backend):
    _, batch = twin_batches(system(False), [4, 2], 8)
    arrays = {name: backend.xp.asarray(value) for name, value in batch.to_arrays().items()}
    with pytest.raises(ValueError, match="E402"):
        state_rows(backend, arrays, 9)
    bad = dict(arrays, labels_w=arrays["labels_w"].astype("int64"))
    with pytest.raises(ValueError, match="E401"):
        state_rows(backend, bad, 8)
    bad = dict(arrays, states_sc=arrays["states_sc"][:, :6].copy())
    with pytest.raises(ValueError, match="E402"):
        state_rows(backend, bad, 8)
    moves, labels = (backend.xp.asarray(a) for a in system(False).class_table)
    rows = state_rows(backend, arrays, 8)
    scores = backend.xp.zeros((2, len(moves) + 1), dtype="float32")
    with pytest.raises(ValueError, match="E402"):
        greedy_step(backend, scores, moves, labels, False, arrays, rows)
    with pytest.raises(ValueError, match="E401"):
        greedy_step(backend, scores[:, :-1].astype("float16"), moves, labels, False, arrays,
                    rows)
