"""Pseudo-projective trees: lifting makes trees projective; decoding restores them."""

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from transition_factories import random_tree

from nlpcore.transition import deprojectivize, projectivize
from nlpcore.transition.nonproj import DELIMITER, is_projective, nonproj_arcs


def test_known_nonprojective_tree():
    # "A hearing is scheduled on the issue today": 'on' (4) hangs off 'hearing' (1).
    heads = [1, 3, 3, 3, 1, 6, 4, 3]
    labels = ["det", "nsubj", "aux", "ROOT", "prep", "det", "pobj", "tmod"]
    assert nonproj_arcs(heads) == [4]
    proj_heads, proj_labels = projectivize(heads, labels)
    assert is_projective(proj_heads)
    assert proj_heads[4] == 3 and proj_labels[4] == f"prep{DELIMITER}nsubj"
    assert deprojectivize(proj_heads, proj_labels) == (heads, labels)


def test_projective_tree_is_unchanged():
    heads, labels = [1, 1, 1], ["a", "ROOT", "b"]
    assert projectivize(heads, labels) == (heads, labels)
    assert deprojectivize(heads, labels) == (heads, labels)


def test_missing_heads_are_kept():
    heads, labels = [None, 2, 2, None], [None, "a", "ROOT", None]
    assert projectivize(heads, labels) == (heads, labels)


def encodable(heads, labels):
    """Whether the head scheme can decode the lifted tree: each lifted word's
    original head is the first word with that label, breadth-first below
    where the word was lifted to."""
    proj_heads, proj_labels = projectivize(heads, labels)
    return deprojectivize(proj_heads, proj_labels) == (list(heads), list(labels))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 12))
def test_roundtrip_on_random_trees(seed, n):
    rng = random.Random(seed)
    heads = random_tree(rng, n)
    # Distinct labels make every tree encodable: the search can't stop early.
    labels = ["ROOT" if h == i else f"l{i}" for i, h in enumerate(heads)]
    proj_heads, proj_labels = projectivize(heads, labels)
    assert is_projective(proj_heads)
    assert deprojectivize(proj_heads, proj_labels) == (heads, labels)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(1, 12))
def test_roundtrip_with_shared_labels(seed, n):
    """With few labels, decoding may pick a wrong word; when it can't, it's exact."""
    rng = random.Random(seed)
    heads = random_tree(rng, n)
    labels = ["ROOT" if h == i else rng.choice("ab") for i, h in enumerate(heads)]
    proj_heads, proj_labels = projectivize(heads, labels)
    assert is_projective(proj_heads)
    back_heads, back_labels = deprojectivize(proj_heads, proj_labels)
    assert back_labels == labels
    lifted = [i for i in range(n) if proj_heads[i] != heads[i]]
    if all(sum(1 for j in range(n) if labels[j] == labels[heads[i]]) == 1 for i in lifted):
        assert back_heads == heads
