"""Alignment between tokenizations: fixed cases and random re-tokenizations."""

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlpcore.training import Alignment


def test_one_to_one():
    align = Alignment.from_strings(["a", "b"], ["a", "b"])
    assert align.x2y.to_lists() == [[0], [1]]
    assert align.is_one_to_one()


def test_split_and_merge():
    align = Alignment.from_strings(["I", "can't", "go"], ["I", "ca", "n't", "go"])
    assert align.x2y.to_lists() == [[0], [1, 2], [3]]
    assert align.y2x.to_lists() == [[0], [1], [1], [2]]
    assert list(align.x2y.lengths) == [1, 2, 1]
    assert align.x2y[1].tolist() == [1, 2]
    assert align.x2y.single().tolist() == [0, -1, 3]
    assert not align.is_one_to_one()


def test_crossing_boundaries():
    align = Alignment.from_strings(["ab", "cd"], ["a", "bc", "d"])
    assert align.x2y.to_lists() == [[0, 1], [1, 2]]
    assert align.y2x.to_lists() == [[0], [0, 1], [1]]


def test_whitespace_is_ignored():
    align = Alignment.from_strings(["a", " ", "b c", "\n"], ["a", "b", "c"])
    assert align.x2y.to_lists() == [[0], [], [1, 2], []]
    assert align.y2x.to_lists() == [[0], [2], [2]]


def test_empty():
    align = Alignment.from_strings([], [])
    assert len(align.x2y) == 0 and len(align.y2x) == 0


def test_text_mismatch():
    with pytest.raises(ValueError, match=r"\[E170\].*character 2"):
        Alignment.from_strings(["ab", "c"], ["ab", "d"])
    with pytest.raises(ValueError, match=r"\[E170\]"):
        Alignment.from_strings(["ab"], ["abc"])


def test_long_text_is_fast():
    words = ["token"] * 200_000
    pieces = ["to", "ken"] * 200_000
    align = Alignment.from_strings(words, pieces)
    assert align.x2y.lengths.sum() == 400_000
    assert (align.y2x.data[:4] == [0, 0, 1, 1]).all()


@st.composite
def retokenized(draw):
    """A text and two random tokenizations of it, whitespace tokens included."""
    text = draw(st.text(alphabet="ab c", min_size=0, max_size=30))
    chars = text.replace(" ", "")

    def tokenize():
        cuts = sorted(draw(st.sets(st.integers(1, max(1, len(chars) - 1)), max_size=len(chars))))
        cuts = [c for c in cuts if 0 < c < len(chars)]
        bounds = [0] + cuts + [len(chars)]
        words = [chars[a:b] for a, b in zip(bounds, bounds[1:]) if b > a]
        out = []
        for w in words:
            if draw(st.booleans()) and draw(st.booleans()):
                out.append(" ")
            out.append(w)
        return out

    return chars, tokenize(), tokenize()


def _char_owner(words):
    owner = []
    for i, w in enumerate(words):
        owner += [i] * len(w.replace(" ", ""))
    return owner


@settings(max_examples=200, deadline=None)
@given(case=retokenized())
def test_random_retokenizations(case):
    chars, x, y = case
    align = Alignment.from_strings(x, y)
    x_owner, y_owner = _char_owner(x), _char_owner(y)
    expected_x2y = [set() for _ in x]
    expected_y2x = [set() for _ in y]
    for a, b in zip(x_owner, y_owner):
        expected_x2y[a].add(b)
        expected_y2x[b].add(a)
    assert align.x2y.to_lists() == [sorted(s) for s in expected_x2y]
    assert align.y2x.to_lists() == [sorted(s) for s in expected_y2x]
    # Both directions hold the same pairs.
    pairs = {(i, j) for i in range(len(x)) for j in align.x2y[i].tolist()}
    assert pairs == {(i, j) for j in range(len(y)) for i in align.y2x[j].tolist()}
    assert align.x2y.data.dtype == numpy.int32
    # Aligning a tokenization with itself is one-to-one once whitespace is gone.
    words = [w for w in x if w.strip()]
    assert Alignment.from_strings(words, words).is_one_to_one()
