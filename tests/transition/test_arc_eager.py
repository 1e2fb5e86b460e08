"""Arc-eager: moves, the static and dynamic oracle, against brute force."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from transition_factories import LABELS, random_gold

from nlpcore import Vocab
from nlpcore.transition import ArcEager
from nlpcore.transition.oracle import RefArcEager, brute_force_costs

SEEDS = st.integers(0, 2**32 - 1)


def make_system(nonmonotonic=False):
    return ArcEager(Vocab("en").strings, LABELS, root_label="ROOT", nonmonotonic=nonmonotonic)


def run(system, gold, pick):
    """Apply moves chosen by pick(names, valid, costs) until final; return the state."""
    state = system.init_state(gold.length)
    names = system.move_names
    for _ in range(4 * gold.length + 4):
        if state.is_final():
            break
        valid, costs = system.costs(state, gold)
        system.apply(state, pick(names, valid[0], costs[0]))
    assert state.is_final()
    return state


def state_after(names, n, system=None):
    """A fresh state of n words after the named moves."""
    system = system or make_system()
    state = system.init_state(n)
    for name in names:
        system.apply(state, name)
    return state


def assert_tree(system, state, heads, labels):
    got_heads, got_labels = system.tree(state)
    for i, head in enumerate(heads):
        if head is None:
            continue
        assert got_heads[i] == head, (i, got_heads, heads)
        if head == i:
            assert got_labels[i] == "ROOT"
        elif labels[i] is not None:
            assert got_labels[i] == labels[i]


def test_move_names_and_classes():
    system = make_system()
    assert system.move_names == ["SHIFT", "REDUCE", "LEFT-a", "LEFT-b", "RIGHT-a",
                                 "RIGHT-b", "BREAK"]
    assert system.get_class("RIGHT-b") == 5
    with pytest.raises(ValueError, match=r"\[E302\]"):
        system.get_class("LEFT-zzz")


def test_invalid_move_raises():
    system = make_system()
    state = system.init_state(3)
    with pytest.raises(ValueError, match=r"\[E303\]"):
        system.apply(state, "REDUCE")


@settings(max_examples=60, deadline=None)
@given(SEEDS, st.integers(1, 14), st.integers(1, 3), st.booleans())
def test_static_oracle_rebuilds_gold(seed, n, n_sents, nonmono):
    rng = random.Random(seed)
    heads, labels = random_gold(rng, n, n_sents=n_sents)
    system = make_system(nonmono)
    gold = system.make_gold(heads, labels)
    state = system.init_state(n)
    for name in system.oracle_sequence(gold):
        system.apply(state, name)
    assert state.is_final()
    assert_tree(system, state, heads, labels)
    assert system.oracle_walk(gold)[1:] == (0, True)


@settings(max_examples=60, deadline=None)
@given(SEEDS, st.integers(1, 14), st.integers(1, 3), st.floats(0, 0.5), st.booleans())
def test_any_zero_cost_path_rebuilds_gold(seed, n, n_sents, p_missing, nonmono):
    rng = random.Random(seed)
    heads, labels = random_gold(rng, n, n_sents=n_sents, p_missing=p_missing)
    system = make_system(nonmono)
    gold = system.make_gold(heads, labels)

    def pick(names, valid, costs):
        zero = [i for i in range(len(names)) if valid[i] and costs[i] == 0]
        assert zero, "no zero-cost valid move"
        return rng.choice(zero)

    assert_tree(system, run(system, gold, pick), heads, labels)



@settings(max_examples=50, deadline=None)
@given(SEEDS, st.integers(1, 7), st.floats(0, 0.4), st.booleans())
def test_costs_match_brute_force(seed, n, p_missing, nonmono):
    """Every valid move's cost equals brute force at every state of a random walk.

    The walk mixes random moves with zero-cost ones, so it reaches states with
    mistakes (wrong and missing arcs, words shifted over their heads) and
    goes on from them. Non-monotonic: before the end game too, where costs
    credit what UNSHIFT can still repair.
    """
    rng = random.Random(seed)
    heads, labels = random_gold(rng, n, n_sents=rng.randint(1, 3), p_missing=p_missing)
    system = make_system(nonmono)
    ref = RefArcEager(LABELS, nonmonotonic=nonmono)
    gold = system.make_gold(heads, labels)
    state, ref_state = system.init_state(n), ref.initial(n)
    names = system.move_names
    while not state.is_final():
        valid = system.valid(state)
        assert [names[i] for i in range(len(names)) if valid[i]] == \
            [m for m in ref.moves() if ref.valid(ref_state, m)]
        assert state.heads == list(ref_state[2])
        valid, costs = system.costs(state, gold)
        got = {names[i]: int(costs[0, i]) for i in range(len(names)) if valid[0, i]}
        assert got == brute_force_costs(ref, ref_state, heads, labels), state.print_state()
        assert min(got.values()) == 0
        zero = sorted(m for m in got if got[m] == 0)
        move = rng.choice(zero if rng.random() < 0.5 else sorted(got))
        system.apply(state, move)
        ref_state = ref.apply(ref_state, move)


def test_unshift_repairs_a_word_shifted_over_its_head():
    """SHIFT over a gold head costs nothing: UNSHIFT at the end makes 1 the head of 0."""
    system = make_system(True)
    gold = system.make_gold([1, 1], ["a", "ROOT"])
    state = system.init_state(2)
    system.apply(state, "SHIFT")
    valid, costs = system.costs(state, gold)
    assert costs[0, system.get_class("SHIFT")] == 0
    assert costs[0, system.get_class("LEFT-a")] == 0
    assert costs[0, system.get_class("LEFT-b")] == 1
    system.apply(state, "SHIFT")
    for name in ["UNSHIFT", "LEFT-a", "SHIFT", "REDUCE"]:
        valid, costs = system.costs(state, gold)
        assert costs[0, system.get_class(name)] == 0, name
        system.apply(state, name)
    assert_tree(system, state, [1, 1], ["a", "ROOT"])
    assert make_system().costs(state_after(["SHIFT"], 2), make_system().make_gold(
        [1, 1], ["a", "ROOT"]))[1][0, 0] == 1  # monotonic: SHIFT loses 1 -> 0


def test_costs_count_from_what_unshift_can_still_repair():
    """0 <- 1 -> 2 with 0, 1 shifted: 0's arc is still repairable, so LEFT 2 <- 1 loses 3."""
    system = make_system(True)
    heads, labels = [1, 1, 1], ["b", "ROOT", "a"]
    gold = system.make_gold(heads, labels)
    state = state_after(["SHIFT", "SHIFT"], 3, system)
    valid, costs = system.costs(state, gold)
    got = {m: int(costs[0, system.get_class(m)]) for m in system.move_names
           if valid[0, system.get_class(m)]}
    assert got == {"SHIFT": 0, "LEFT-a": 3, "LEFT-b": 3, "RIGHT-a": 0, "RIGHT-b": 1}
    ref = RefArcEager(LABELS, nonmonotonic=True)
    ref_state = ref.apply(ref.apply(ref.initial(3), "SHIFT"), "SHIFT")
    assert got == brute_force_costs(ref, ref_state, heads, labels)


def test_unshift_moves_and_validity():
    assert make_system().move_names[-1] == "BREAK"  # monotonic classes unchanged
    system = make_system(True)
    assert system.move_names == ["SHIFT", "REDUCE", "LEFT-a", "LEFT-b", "RIGHT-a",
                                 "RIGHT-b", "BREAK", "UNSHIFT"]
    state = system.init_state(3)
    system.apply(state, "SHIFT")
    system.apply(state, "SHIFT")
    assert not system.is_valid(state, "UNSHIFT")  # the buffer is not exhausted
    system.apply(state, "RIGHT-a")
    assert not system.is_valid(state, "UNSHIFT")  # S0 has a head
    system.apply(state, "REDUCE")
    system.apply(state, "UNSHIFT")  # 1 goes back in front of the buffer
    assert state.stack == [0] and state.buffer == [1]
    assert not system.is_valid(state, "SHIFT")  # not read again
    assert not system.is_valid(state, "BREAK")  # no sentence starts on it
    system.apply(state, "LEFT-b")
    assert system.is_valid(state, "SHIFT")  # the stack is empty: the last word
    system.apply(state, "SHIFT")
    system.apply(state, "REDUCE")
    assert state.is_final() and state.heads == [1, 1, 1]


def test_unshift_repairs_a_missed_right_arc():
    """0 -> 1 missed (1 SHIFTed, not RIGHT-arced): UNSHIFT then RIGHT restores it."""
    system = make_system(True)
    gold = system.make_gold([0, 0], ["ROOT", "a"])
    state = system.init_state(2)
    system.apply(state, "SHIFT")
    system.apply(state, "SHIFT")
    valid, costs = system.costs(state, gold)
    assert costs[0, system.get_class("REDUCE")] == 1  # 1 would become a root
    assert costs[0, system.get_class("UNSHIFT")] == 0
    system.apply(state, "UNSHIFT")
    valid, costs = system.costs(state, gold)
    assert costs[0, system.get_class("RIGHT-a")] == 0
    assert costs[0, system.get_class("RIGHT-b")] == 1
    assert costs[0, system.get_class("LEFT-a")] == 2
    system.apply(state, "RIGHT-a")
    while not state.is_final():
        system.apply(state, "REDUCE")
    assert_tree(system, state, [0, 0], ["ROOT", "a"])


@settings(max_examples=60, deadline=None)
@given(SEEDS, st.integers(2, 25), st.booleans())
def test_zero_cost_valid_move_always_exists(seed, n, nonmono):
    """From states reached by random moves (mistakes included), some valid move costs 0."""
    rng = random.Random(seed)
    heads, labels = random_gold(rng, n, n_sents=rng.randint(1, 3), p_missing=0.1)
    system = make_system(nonmono)
    gold = system.make_gold(heads, labels)

    def pick(names, valid, costs):
        options = [i for i in range(len(names)) if valid[i]]
        assert min(costs[i] for i in options) == 0
        return rng.choice(options)

    run(system, gold, pick)


def test_break_splits_sentences():
    system = make_system()
    gold = system.make_gold([1, 1, 3, 3], ["a", "ROOT", "b", "ROOT"])
    state = system.init_state(4)
    for name in ["SHIFT", "LEFT-a", "SHIFT", "BREAK"]:
        system.apply(state, name)
    assert state.sent_starts == [0, 2]
    valid, costs = system.costs(state, gold)
    assert state.heads[:2] == [1, 1]
    assert system.oracle_walk(gold)[1] == 0


def test_break_cost_counts_lost_arcs():
    system = make_system()
    gold = system.make_gold([1, 1, 1], ["a", "ROOT", "b"])
    state = system.init_state(3)
    system.apply(state, "SHIFT")
    system.apply(state, "LEFT-a")
    system.apply(state, "SHIFT")
    valid, costs = system.costs(state, gold)
    assert costs[0, system.get_class("BREAK")] == 1  # 1 -> 2 is lost


def test_missing_gold_costs_nothing():
    system = make_system()
    gold = system.make_gold([None, None, None], [None, None, None])
    state = system.init_state(3)
    while not state.is_final():
        valid, costs = system.costs(state, gold)
        assert not costs[valid.astype(bool)].any()
        system.apply(state, system.move_names[int(valid[0].argmax())])


def test_label_only_cost():
    system = make_system()
    gold = system.make_gold([1, 1], ["a", "ROOT"])
    state = system.init_state(2)
    system.apply(state, "SHIFT")
    valid, costs = system.costs(state, gold)
    assert costs[0, system.get_class("LEFT-a")] == 0
    assert costs[0, system.get_class("LEFT-b")] == 1
    unlabelled = system.make_gold([1, 1], [None, "ROOT"])
    valid, costs = system.costs(state, unlabelled)
    assert costs[0, system.get_class("LEFT-b")] == 0


@pytest.mark.parametrize("heads,sent_starts,code", [
    ([1, 2, 0], None, "E306"),
    ([0, 5, 1], None, "E305"),
    ([0, -1, 1], None, "E305"),
    ([0, 1, 1], [1, 0, 0], "E307"),
    ([0, 0, 2, 2], [1, 0, 1, 0], None),
])
def test_bad_gold_gives_coded_errors(heads, sent_starts, code):
    system = make_system()
    if code is None:
        system.make_gold(heads, ["a"] * len(heads), sent_starts=sent_starts)
        return
    with pytest.raises(ValueError, match=rf"\[{code}\]"):
        system.make_gold(heads, ["a"] * len(heads), sent_starts=sent_starts)


def test_bad_labels_and_lengths():
    system = make_system()
    with pytest.raises(ValueError, match=r"\[E304\]"):
        system.make_gold([0, 0], ["a"])
    with pytest.raises(ValueError, match=r"\[E315\]"):
        system.make_gold([0, 0], ["a", 3])
    gold = system.make_gold([0, 0], ["ROOT", "a"])
    with pytest.raises(ValueError, match=r"\[E304\]"):
        system.costs(system.init_state(3), gold)


def test_labels_from_docs_with_cutoff(vocab):
    from nlpcore import Doc

    docs = [Doc(vocab, ["a", "b", "c"], heads=[1, 1, 1], deps=["nsubj", "root", "obj"]),
            Doc(vocab, ["a", "b"], heads=[1, 1], deps=["nsubj", "root"])]
    labels, root = ArcEager.get_labels(docs, min_freq=2)
    assert labels == {"LEFT": ["nsubj"], "RIGHT": []}
    assert root == "root"
    system = ArcEager.from_docs(vocab.strings, docs)
    assert "RIGHT-obj" in system.move_names and system.root_label == vocab.strings.add("root")
    gold = system.gold_from_doc(docs[0])
    assert system.oracle_walk(gold)[1:] == (0, True)
    with pytest.raises(ValueError, match=r"\[E313\]"):
        ArcEager.get_labels(docs, min_freq=0)


def test_greedy_state_copy_is_independent():
    system = make_system()
    state = system.init_state(3)
    system.apply(state, "SHIFT")
    copy = state.copy()
    system.apply(copy, "RIGHT-a")
    assert state.stack == [0] and copy.stack == [0, 1]
    assert state.heads == [-1, -1, -1] and copy.heads == [-1, 0, -1]


@settings(max_examples=40, deadline=None)
@given(SEEDS, st.integers(1, 20), st.booleans())
def test_batch_costs_match_the_table(seed, n, nonmono):
    """The fast per-kind set_valid/set_costs equal the table's function pointers."""
    rng = random.Random(seed)
    heads, labels = random_gold(rng, n, n_sents=2, p_missing=0.2)
    system = make_system(nonmono)
    gold = system.make_gold(heads, labels)
    states = []
    state = system.init_state(n)
    while not state.is_final():
        states.append(state.copy())
        valid, costs = system.costs(state, gold)
        table_valid, table_costs = system.table_costs(state, gold)
        assert (valid == table_valid).all() and (costs == table_costs).all()
        system.apply(state, rng.choice([i for i in range(system.n_moves) if valid[0, i]]))
    valid, costs = system.batch_costs(states, [gold] * len(states))
    for i, s in enumerate(states):
        v, c = system.table_costs(s, gold)
        assert (valid[i] == v[0]).all() and (costs[i] == c[0]).all()


@settings(max_examples=30, deadline=None)
@given(SEEDS, st.integers(1, 12))
def test_greedy_batch_steps_with_oracle_scores_rebuild_gold(seed, n):
    """The nogil batch step (score, mask invalid, apply best) follows -cost scores to gold."""
    rng = random.Random(seed)
    system = make_system()
    golds, trees = [], []
    for _ in range(3):
        heads, labels = random_gold(rng, n, n_sents=2)
        trees.append((heads, labels))
        golds.append(system.make_gold(heads, labels))
    states = [system.init_state(n) for _ in golds]
    for _ in range(4 * n + 4):
        _, costs = system.batch_costs(states, golds)
        if system.step_batch(states, -costs) == 0:
            break
    for state, (heads, labels) in zip(states, trees):
        assert state.is_final()
        assert_tree(system, state, heads, labels)
