"""BILUO entity moves: the oracle rebuilds gold entities; costs match brute force."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from transition_factories import ENT_LABELS, random_entities

from nlpcore import Doc, Vocab
from nlpcore.transition import BiluoNER
from nlpcore.transition.biluo import entities_to_tags
from nlpcore.transition.oracle import RefBiluo, brute_force_biluo_costs

SEEDS = st.integers(0, 2**32 - 1)


def make_system():
    return BiluoNER(Vocab("en").strings, ENT_LABELS)


def tags_to_entities(tags):
    ents, start = [], None
    for i, tag in enumerate(tags):
        if tag[0] == "U":
            ents.append((i, i + 1, tag[2:]))
        elif tag[0] == "B":
            start = i
        elif tag[0] == "L":
            ents.append((start, i + 1, tag[2:]))
    return ents


def test_move_names():
    system = make_system()
    assert system.move_names == ["B-LOC", "B-PER", "I-LOC", "I-PER", "L-LOC", "L-PER",
                                 "U-LOC", "U-PER", "O"]


@settings(max_examples=80, deadline=None)
@given(SEEDS, st.integers(1, 30))
def test_static_oracle_rebuilds_entities(seed, n):
    rng = random.Random(seed)
    tags = random_entities(rng, n)
    system = make_system()
    gold = system.make_gold(tags)
    state = system.init_state(n)
    path = system.oracle_sequence(gold)
    assert path == tags
    for name in path:
        system.apply(state, name)
    assert system.entities(state) == tags_to_entities(tags)
    assert system.oracle_walk(gold)[1:] == (0, True)


@settings(max_examples=100, deadline=None)
@given(SEEDS, st.integers(1, 7), st.floats(0, 0.6))
def test_costs_match_brute_force(seed, n, p_missing):
    rng = random.Random(seed)
    tags = random_entities(rng, n, p_missing=p_missing)
    system, ref = make_system(), RefBiluo(sorted(ENT_LABELS))
    # Known-negative one-word spans over missing tokens.
    negatives = [(i, i + 1, rng.choice(ENT_LABELS)) for i in range(n)
                 if tags[i] is None and rng.random() < 0.5]
    gold = system.make_gold(tags, negatives)
    state, ref_state = system.init_state(n), ref.initial()
    names = system.move_names
    for _ in range(rng.randint(0, n)):
        if state.is_final():
            break
        valid = system.valid(state)
        assert [names[i] for i in range(len(names)) if valid[i]] == \
            [m for m in ref.moves() if ref.valid(ref_state, m, n)]
        move = names[rng.choice([i for i in range(len(names)) if valid[i]])]
        system.apply(state, move)
        ref_state = ref.apply(ref_state, move)
    if state.is_final():
        return
    expected = brute_force_biluo_costs(ref, ref_state, tags, negatives)
    valid, costs = system.costs(state, gold)
    got = {names[i]: int(costs[0, i]) for i in range(len(names)) if valid[0, i]}
    assert got == expected
    assert min(got.values()) == 0


def random_negatives(rng, n, p=0.3):
    """Random known-negative spans of 1-4 words, over any tokens (gold ones too)."""
    negatives = []
    for start in range(n):
        for end in range(start + 1, min(n, start + 4) + 1):
            if rng.random() < p / (end - start):
                negatives.append((start, end, rng.choice(ENT_LABELS)))
    return negatives


@settings(max_examples=100, deadline=None)
@given(SEEDS, st.integers(1, 7), st.floats(0, 0.8))
def test_costs_match_brute_force_with_multiword_negatives(seed, n, p_missing):
    """Exact costs with known-negative spans of any length, at every state of a random walk."""
    rng = random.Random(seed)
    tags = random_entities(rng, n, p_missing=p_missing)
    negatives = random_negatives(rng, n, p=rng.choice([0.3, 0.8]))
    system, ref = make_system(), RefBiluo(sorted(ENT_LABELS))
    gold = system.make_gold(tags, negatives)
    state, ref_state = system.init_state(n), ref.initial()
    names = system.move_names
    while not state.is_final():
        expected = brute_force_biluo_costs(ref, ref_state, tags, negatives)
        valid, costs = system.costs(state, gold)
        got = {names[i]: int(costs[0, i]) for i in range(len(names)) if valid[0, i]}
        assert got == expected, (tags, negatives, ref_state)
        assert min(got.values()) == 0
        move = rng.choice(sorted(got))
        system.apply(state, move)
        ref_state = ref.apply(ref_state, move)


@settings(max_examples=60, deadline=None)
@given(SEEDS, st.integers(1, 30), st.floats(0, 0.5), st.booleans())
def test_zero_cost_valid_move_always_exists(seed, n, p_missing, with_negatives):
    rng = random.Random(seed)
    system = make_system()
    tags = random_entities(rng, n, p_missing=p_missing)
    gold = system.make_gold(tags, random_negatives(rng, n) if with_negatives else ())
    state = system.init_state(n)
    while not state.is_final():
        valid, costs = system.costs(state, gold)
        options = [i for i in range(system.n_moves) if valid[0, i]]
        assert min(costs[0, i] for i in options) == 0
        table_valid, table_costs = system.table_costs(state, gold)
        assert (valid == table_valid).all() and (costs == table_costs).all()
        system.apply(state, rng.choice(options))


@settings(max_examples=40, deadline=None)
@given(SEEDS, st.integers(1, 20), st.floats(0, 0.5))
def test_zero_cost_paths_avoid_negatives(seed, n, p_missing):
    """Zero-cost paths keep every fully known gold entity and predict no negative
    span (of those over "O" or missing tags, which can always be avoided)."""
    rng = random.Random(seed)
    system = make_system()
    tags = random_entities(rng, n, p_missing=p_missing)
    gold_ents = tags_to_entities(["O" if t is None else t for t in tags])
    negatives = [(s, e, label) for s, e, label in random_negatives(rng, n, p=0.6)
                 if all(t in (None, "O") for t in tags[s:e])]
    gold = system.make_gold(tags, negatives)
    state = system.init_state(n)
    while not state.is_final():
        valid, costs = system.costs(state, gold)
        system.apply(state, rng.choice([i for i in range(system.n_moves)
                                        if valid[0, i] and costs[0, i] == 0]))
    ents = system.entities(state)
    assert not set(ents) & set(negatives)
    for start, end, label in gold_ents:
        if all(t is not None for t in tags[start:end]):
            assert (start, end, label) in ents


def test_missing_costs_nothing():
    system = make_system()
    gold = system.make_gold(["-", "-", "-"])
    state = system.init_state(3)
    valid, costs = system.costs(state, gold)
    assert not costs.any() and valid.any()


def test_known_negative_span_is_honoured():
    system = make_system()
    gold = system.make_gold(["-", "-", "O"], negatives=[(0, 2, "PER"), (1, 2, "LOC")])
    state = system.init_state(3)
    valid, costs = system.costs(state, gold)
    # Every completion of B-PER either closes (0, 2, PER) or misses the "O".
    assert costs[0, system.get_class("B-PER")] == 1
    assert costs[0, system.get_class("B-LOC")] == 0
    system.apply(state, "B-PER")
    valid, costs = system.costs(state, gold)
    assert costs[0, system.get_class("L-PER")] == 0  # already charged to B-PER
    state = system.init_state(3)
    system.apply(state, "O")
    valid, costs = system.costs(state, gold)
    assert costs[0, system.get_class("U-LOC")] == 1
    assert costs[0, system.get_class("U-PER")] == 0


def test_regression_multiword_negative_left_no_zero_cost_move():
    """Regression: with the negative charged only to LAST, an entity that could only
    close as a known-negative span left no zero-cost move (and B/I cost 0)."""
    system = make_system()
    gold = system.make_gold(["-", "-", "-", "-"], negatives=[(1, 3, "PER"), (1, 4, "PER")])
    state = system.init_state(4)
    system.apply(state, "O")
    valid, costs = system.costs(state, gold)
    assert costs[0, system.get_class("B-PER")] == 1  # closes on 3 or 4: both negative
    assert costs[0, system.get_class("B-LOC")] == 0
    system.apply(state, "B-PER")
    while not state.is_final():  # after the mistake, some move is free at every step
        valid, costs = system.costs(state, gold)
        options = [i for i in range(system.n_moves) if valid[0, i]]
        assert min(costs[0, i] for i in options) == 0
        system.apply(state, options[int(costs[0, options].argmin())])


def test_gold_from_doc(vocab):
    doc = Doc(vocab, ["Ann", "met", "Bob", "Smith", "."],
              ents=["U-PER", "O", "B-PER", "L-PER", "-"])
    system = make_system()
    gold = system.gold_from_doc(doc)
    assert gold.tags == ["U-PER", "O", "B-PER", "L-PER", "-"]
    assert system.oracle_walk(gold)[1:] == (0, True)
    assert BiluoNER.get_labels([doc]) == ["PER"]


@pytest.mark.parametrize("tags,code", [
    (["B-PER", "O"], "E310"),
    (["I-PER", "L-PER"], "E310"),
    (["B-PER", "L-LOC"], "E310"),
    (["B-PER"], "E310"),
    (["X-PER"], "E309"),
    (["U-PER", "I-PER"], "E310"),
])
def test_bad_tags(tags, code):
    with pytest.raises(ValueError, match=rf"\[{code}\]"):
        make_system().make_gold(tags)


def test_overlapping_entities_raise():
    with pytest.raises(ValueError, match=r"\[E308\]"):
        entities_to_tags(4, [(0, 2, "PER"), (1, 3, "LOC")])
    with pytest.raises(ValueError, match=r"\[E308\]"):
        make_system().gold_from_entities(4, [(0, 2, "PER"), (1, 3, "LOC")])
    with pytest.raises(ValueError, match=r"\[E314\]"):
        make_system().gold_from_entities(2, [(1, 3, "PER")])


def gold_uses(system, gold):
    """Every entry point that takes a gold, as calls of system with gold over 3 words."""
    from nlpcore.ml.parser_model import StateBatch

    return (lambda: system.costs(system.init_state(3), gold),
            lambda: system.table_costs(system.init_state(3), gold),
            lambda: system.oracle_sequence(gold),
            lambda: system.oracle_walk(gold),
            lambda: StateBatch(system, [3], [0], 3, golds=[gold]),
            lambda: StateBatch(system, [3], [0], 3).set_constraints([gold]))


def test_a_system_refuses_another_systems_gold():
    from nlpcore.transition import ArcEager

    strings = Vocab().strings
    ner, parser = BiluoNER(strings, ["PER"]), ArcEager(strings, ["nsubj"])
    ner_gold, parse_gold = ner.make_gold(["O", "U-PER", "O"]), parser.make_gold([1, 1, 1])
    for system, gold in ((parser, ner_gold), (ner, parse_gold)):
        for use in gold_uses(system, gold):
            with pytest.raises(TypeError, match="E316"):
                use()
    for use in gold_uses(ner, ner_gold):
        use()
