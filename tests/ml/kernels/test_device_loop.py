"""The device loop (greedy_loop.cu) against its twin, greedy_parse on the CPU.

Each test runs once per backend (conftest.py). States are advanced on the host
by random valid moves (the same moves for a twin batch), so the kernels start
from every kind of state: stacks, words put back (non-monotonic), sentence
breaks, replaced heads, open entities. Scores from small-integer tables tie
often, which tests the first-tie rule.
"""

from types import SimpleNamespace

import numpy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nlpcore.ml.parser_model import StateBatch, score_states

from nlpcore import Vocab
from nlpcore.ml.kernels import device_loop, to_host
from nlpcore.ml.kernels.device_loop import greedy_decode, loop_kernels, parse_with_device_loop
from nlpcore.ml.kernels.state_arrays import n_open, to_device
from nlpcore.transition import ArcEager, BiluoNER

P = 2
# (system name, feature set sizes)
SYSTEMS = {"arc_eager": (8, 13), "arc_eager_nonmono": (8, 13), "biluo": (3, 6)}


def make_system(name):
    strings = Vocab().strings
    if name == "biluo":
        return BiluoNER(strings, ["PER", "LOC", "ORG"])
    return ArcEager(strings, ["nsubj", "obj", "det", "punct"],
                    nonmonotonic=name.endswith("nonmono"))


def twin_batches(moves, lengths, F, *, segments=False, random_steps=0, seed=0):
    """Two StateBatches over the same docs, advanced by the same random valid moves."""
    offsets = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]]).astype(int).tolist()
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
    """What parse_with_device_loop reads of a ParserBatch, on the backend's device."""
    xp = backend.xp
    upper = None
    if W is not None:
        params = {"W": xp.asarray(W), "b": xp.asarray(b)}
        upper = SimpleNamespace(get_param=params.__getitem__)
    return SimpleNamespace(table=xp.asarray(table), pad=xp.asarray(pad), bias=xp.asarray(bias),
                           nP=P, nF=F, lengths=list(lengths), upper=upper,
                           device_weights=None)


def assert_same_states(got, expected):
    got, expected = got.to_arrays(), expected.to_arrays()
    for name, value in expected.items():
        numpy.testing.assert_array_equal(got[name], value, err_msg=name)


@pytest.mark.parametrize("name", sorted(SYSTEMS))
@pytest.mark.parametrize("size,use_upper", [(0, True), (1, False)])
@pytest.mark.parametrize("segments", [False, True])
@pytest.mark.parametrize("random_steps", [0, 7])
def test_the_device_loop_parses_as_greedy_parse(backend, name, size, use_upper, segments,
                                                random_steps):
    F = SYSTEMS[name][size]
    moves = make_system(name)
    lengths = [int(n) for n in numpy.random.default_rng(F).integers(0, 25, size=17)]
    cpu, dev = twin_batches(moves, lengths, F, segments=segments, random_steps=random_steps)
    params = weights(sum(lengths), F, moves.n_moves, use_upper, seed=random_steps)
    cpu.greedy_parse(*params[:3], P, *params[3:])
    block = 5 if backend.xp is numpy else 128  # emulated: 5 threads a block, as OS threads
    parse_with_device_loop(backend, device_batch(backend, lengths, F, *params), dev, block)
    assert dev.n_active == 0
    assert_same_states(dev, cpu)
    if name == "biluo":
        assert any(dev.entities(i) for i in range(dev.n_states))


def test_a_block_decodes_its_states_in_turn(backend, monkeypatch):
    """With fewer blocks than states (a grid of MAX_BLOCKS at most), each block takes
    state after state, its scratch rows reused."""
    monkeypatch.setattr(device_loop, "MAX_BLOCKS", 3)
    moves = make_system("arc_eager_nonmono")
    lengths = [7, 0, 12, 3, 9, 1, 5, 11]
    cpu, dev = twin_batches(moves, lengths, 13, random_steps=3)
    params = weights(sum(lengths), 13, moves.n_moves, True, seed=1)
    cpu.greedy_parse(*params[:3], P, *params[3:])
    parse_with_device_loop(backend, device_batch(backend, lengths, 13, *params), dev, 4)
    assert_same_states(dev, cpu)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(sorted(SYSTEMS)), lengths=st.lists(st.integers(0, 12), min_size=1,
                                                              max_size=6),
       random_steps=st.integers(0, 20), seed=st.integers(0, 99), block=st.integers(1, 9),
       max_steps=st.integers(0, 6))
def test_the_loop_takes_greedy_steps(emulated, name, lengths, random_steps, seed, block,
                                     max_steps):
    """max_steps launches of the loop equal max_steps greedy steps (each state's first
    best valid move) from any state, with any number of threads a block."""
    backend = emulated
    moves = make_system(name)
    F = SYSTEMS[name][1]
    host, dev = twin_batches(moves, lengths, F, random_steps=random_steps, seed=seed)
    table, pad, bias, W, b = weights(sum(lengths), F, moves.n_moves, True, seed)
    for _ in range(max_steps):
        if not host.n_active:
            break
        scores = score_states(table, pad, bias, P, W, b, host.context_rows())
        masked = numpy.where(host.valid() == 1, scores, -numpy.inf)
        host.apply(masked.argmax(axis=1))  # argmax: the first of the ties
    arrays = to_device(backend, dev.to_arrays())
    class_table = tuple(backend.xp.asarray(a) for a in moves.class_table)
    net = (table, pad, bias, numpy.ascontiguousarray(W.T), b)
    greedy_decode(backend, loop_kernels(moves), moves, net, P, class_table, arrays, max_steps,
                  block)
    dev.load_arrays(**{key: to_host(value) for key, value in arrays.items()})
    assert_same_states(dev, host)
    assert n_open(backend, arrays) == host.n_active


def without_valid_moves(system_type):
    """A subclass of a system whose class table names no known move."""

    class NoValidMoves(system_type):
        @property
        def class_table(self):
            moves, labels = super().class_table
            return numpy.full_like(moves, 99), labels

    return NoValidMoves


@pytest.mark.parametrize("name", ["arc_eager", "biluo"])
def test_a_state_without_a_valid_move_is_a_coded_error(backend, name):
    """A bug's symptom: no move is valid, so the loop stops after its step limit
    with E354 rather than running on."""
    strings = Vocab().strings
    if name == "biluo":
        moves = without_valid_moves(BiluoNER)(strings, ["PER"])
    else:
        moves = without_valid_moves(ArcEager)(strings, ["nsubj"])
    F = SYSTEMS[name][0]
    _, batch = twin_batches(moves, [3], F)
    fake = device_batch(backend, [3], F, *weights(3, F, moves.n_moves, True, seed=0))
    with pytest.raises(RuntimeError, match="E354"):
        parse_with_device_loop(backend, fake, batch)


def test_a_system_without_loop_kernels_is_a_coded_error(backend):
    states = SimpleNamespace(n_active=1, system=object())
    with pytest.raises(ValueError, match="E406"):
        parse_with_device_loop(backend, None, states)


def test_the_wrapper_checks_its_arrays(backend):
    moves = make_system("arc_eager")
    kernels = loop_kernels(moves)
    _, batch = twin_batches(moves, [4, 2], 8)
    arrays = to_device(backend, batch.to_arrays())
    table, pad, bias, W, b = (None if a is None else backend.xp.asarray(a)
                              for a in weights(6, 8, moves.n_moves, True, seed=0))
    WT = backend.xp.ascontiguousarray(W.T)
    class_table = tuple(backend.xp.asarray(a) for a in moves.class_table)

    def decode(net=(table, pad, bias, WT, b), nP=P, table_=class_table, arrays_=arrays,
               kernels_=kernels):
        greedy_decode(backend, kernels_, moves, net, nP, table_, arrays_, 10)

    decode()  # the arrays as they are: fine
    with pytest.raises(ValueError, match="E402"):
        decode(nP=4)
    with pytest.raises(ValueError, match="E402"):
        decode(kernels_=loop_kernels(make_system("biluo")))  # F = 8 isn't an NER set
    with pytest.raises(ValueError, match="E401"):
        decode(net=(table, pad, bias, W.T, b))  # not C-contiguous
    with pytest.raises(ValueError, match="E402"):
        decode(net=(table, pad, bias, WT[:, 1:].copy(), b))
    with pytest.raises(ValueError, match="E402"):
        decode(net=(table, pad, bias, None, None))  # no upper layer: nO must be H
    with pytest.raises(ValueError, match="E401"):
        decode(net=(table.astype("float16"), pad, bias, WT, b))
    with pytest.raises(ValueError, match="E401"):
        decode(arrays_=dict(arrays, labels_w=arrays["labels_w"].astype("int64")))
    with pytest.raises(ValueError, match="E402"):
        decode(arrays_=dict(arrays, states_sc=arrays["states_sc"][:, :6].copy()))
    with pytest.raises(ValueError, match="E401"):
        decode(table_=(class_table[0].astype("int64"), class_table[1]))
