"""The state: accessors, children in O(1), copies, and feature positions
against a plain Python reference for every template."""

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from transition_factories import ENT_LABELS, LABELS

from nlpcore import Vocab
from nlpcore.transition import (
    FEATURE_NAMES,
    ArcEager,
    BiluoNER,
    StateClass,
    set_context_tokens_batch,
)


def ref_children(heads, h, side):
    kids = [i for i, x in enumerate(heads) if x == h and i != h]
    return sorted((k for k in kids if k < h)) if side == "L" else \
        sorted((k for k in kids if k > h), reverse=True)


def ref_feature(state, name):
    """One feature template, computed from the state's stack/buffer/heads lists."""
    stack, buffer, heads = state.stack[::-1], state.buffer, state.heads

    def at(seq, i):
        return seq[i] if i < len(seq) else -1

    if name == "E0":
        ents = state.ents
        return ents[-1][0] if ents and ents[-1][1] == -1 else -1
    if name == "B0-1":
        b = at(buffer, 0)
        return b - 1 if b > 0 else -1
    if name == "E0-1":
        e = ref_feature(state, "E0")
        return e - 1 if e > 0 else -1
    word = at(stack if name[0] == "S" else buffer, int(name[1]))
    if len(name) == 2:
        return word
    if word < 0:
        return -1
    return at(ref_children(heads, word, name[2]), int(name[3]) - 1)


@settings(max_examples=80, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 20), st.booleans())
def test_features_match_reference(seed, n, ner):
    rng = random.Random(seed)
    strings = Vocab("en").strings
    system = BiluoNER(strings, ENT_LABELS) if ner else ArcEager(strings, LABELS, nonmonotonic=True)
    states = []
    state = system.init_state(n)
    while not state.is_final():
        states.append(state.copy())
        valid = system.valid(state)
        system.apply(state, rng.choice([i for i in range(system.n_moves) if valid[i]]))
    states.append(state)
    for nr, names in FEATURE_NAMES.items():
        table = set_context_tokens_batch(states, nr)
        assert table.shape == (len(states), nr)
        for row, s in zip(table.tolist(), states):
            assert row == [ref_feature(s, name) for name in names], (nr, s.print_state())
    for s in states:
        for h in range(n):
            left, right = ref_children(s.heads, h, "L"), ref_children(s.heads, h, "R")
            for k in (1, 2, 3):
                assert s.L(h, k) == (left[k - 1] if k <= len(left) else -1)
                assert s.R(h, k) == (right[k - 1] if k <= len(right) else -1)


def test_prefixes_and_empty_slots():
    state = StateClass(0)
    assert state.context_tokens(13) == [-1] * 13
    assert FEATURE_NAMES[13][:8] == FEATURE_NAMES[8]
    assert FEATURE_NAMES[6][:3] == FEATURE_NAMES[3]
    with pytest.raises(ValueError, match=r"\[E301\]"):
        set_context_tokens_batch([state], 5)
    with pytest.raises(ValueError, match=r"\[E300\]"):
        StateClass(-1)
    with pytest.raises(ValueError, match=r"\[E300\]"):
        StateClass(2**31)


def test_stateclass_basics(parsed_doc):
    state = StateClass(parsed_doc)
    assert len(state) == 7 and state.buffer == list(range(7)) and state.stack == []
    assert state.S(0) == -1 and state.B(0) == 0 and state.H(0) == -1
    system = ArcEager(parsed_doc.vocab.strings, ["nsubj"])
    system.apply(state, "SHIFT")
    system.apply(state, "LEFT-nsubj")
    assert state.heads[0] == 1 and state.L(1, 1) == 0
    assert state.print_state() == " | met Bob . ..."
    system.apply(state, "SHIFT")
    assert "Alice" not in state.print_state() and "met" in repr(state)
