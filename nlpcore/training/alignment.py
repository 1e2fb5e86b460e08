"""Alignment between two tokenizations of the same text.

Two token sequences align by character offsets in the text with all
whitespace removed: a token of one aligns with every token of the other whose
non-whitespace characters overlap its own. That covers one-to-one,
one-to-many (a token split in the other tokenization) and many-to-one, and
ignores where whitespace falls. Tokens made only of whitespace align with
nothing. Each direction is stored as a ragged array (CSR): ``lengths[i]``
aligned indices for token i, concatenated in ``data``; everything is computed
with NumPy, never per character in Python.
"""

import re
from typing import List, Sequence, Tuple

import numpy

from ..errors import Errors

_WHITESPACE = re.compile(r"\s+")


class AlignmentArray:
    """Ragged int array: row i lists the tokens aligned with token i, ascending.

    data: all rows concatenated (int32). lengths: the row lengths (int32).
    starts: where each row begins in data (int64).
    """

    __slots__ = ("data", "lengths", "starts")

    def __init__(self, data: numpy.ndarray, lengths: numpy.ndarray) -> None:
        self.data = numpy.ascontiguousarray(data, dtype=numpy.int32)
        self.lengths = numpy.ascontiguousarray(lengths, dtype=numpy.int32)
        self.starts = numpy.zeros(len(self.lengths), dtype=numpy.int64)
        if len(self.lengths) > 1:
            numpy.cumsum(self.lengths[:-1], out=self.starts[1:])

    def __len__(self) -> int:
        return len(self.lengths)

    def __getitem__(self, i: int) -> numpy.ndarray:
        start = self.starts[i]
        return self.data[start : start + self.lengths[i]]

    def to_lists(self) -> List[List[int]]:
        """The rows as Python lists."""
        if len(self.lengths) == 0:
            return []
        return [row.tolist() for row in numpy.split(self.data, self.starts[1:])]

    def single(self) -> numpy.ndarray:
        """For each row, its only index, or -1 when it has zero or several."""
        out = numpy.full(len(self.lengths), -1, dtype=numpy.int64)
        one = self.lengths == 1
        out[one] = self.data[self.starts[one]]
        return out


def char_spans(words: Sequence[str]) -> Tuple[str, numpy.ndarray, numpy.ndarray]:
    """The words joined without whitespace, and each word's [start, end) in that string."""
    joined = "".join(words)
    if _WHITESPACE.search(joined):
        words = [_WHITESPACE.sub("", w) for w in words]
        joined = "".join(words)
    lengths = numpy.fromiter(map(len, words), dtype=numpy.int64, count=len(words))
    ends = numpy.cumsum(lengths)
    return joined, ends - lengths, ends


def _overlaps(
    starts: numpy.ndarray,
    ends: numpy.ndarray,
    other_starts: numpy.ndarray,
    other_ends: numpy.ndarray,
) -> AlignmentArray:
    """For each [start, end), the indices of the other spans that overlap it."""
    # Spans on both sides are sorted and don't overlap, so the overlapping
    # other spans of span i are a contiguous range [lo, hi).
    lo = numpy.searchsorted(other_ends, starts, side="right")
    hi = numpy.searchsorted(other_starts, ends, side="left")
    counts = numpy.where(ends > starts, numpy.maximum(hi - lo, 0), 0)
    total = int(counts.sum())
    # data = concatenation of arange(lo[i], lo[i] + counts[i]) for each i.
    row_starts = numpy.cumsum(counts) - counts
    data = numpy.arange(total, dtype=numpy.int64) - numpy.repeat(row_starts - lo, counts)
    empty = other_ends[data] == other_starts[data]
    if empty.any():
        # Whitespace-only tokens on the other side lie inside a range: drop them.
        rows = numpy.repeat(numpy.arange(len(counts)), counts)
        counts = counts - numpy.bincount(rows[empty], minlength=len(counts))
        data = data[~empty]
    return AlignmentArray(data, counts)


class Alignment:
    """Token alignment between x (e.g. predicted) and y (e.g. reference) words.

    x2y[i]: the y tokens aligned with x token i; y2x[j]: the x tokens aligned
    with y token j.
    """

    __slots__ = ("x2y", "y2x")

    def __init__(self, x2y: AlignmentArray, y2x: AlignmentArray) -> None:
        self.x2y = x2y
        self.y2x = y2x

    @classmethod
    def from_strings(cls, x_words: Sequence[str], y_words: Sequence[str]) -> "Alignment":
        """Align two tokenizations of the same text (whitespace ignored).

        Raises ValueError (E170) when the texts differ in anything but whitespace.
        """
        x_text, x_starts, x_ends = char_spans(x_words)
        y_text, y_starts, y_ends = char_spans(y_words)
        if x_text != y_text:
            i = next(
                (k for k, (a, b) in enumerate(zip(x_text, y_text)) if a != b),
                min(len(x_text), len(y_text)),
            )
            raise ValueError(Errors.E170.format(i=i, x=x_text[i : i + 20], y=y_text[i : i + 20]))
        return cls(
            _overlaps(x_starts, x_ends, y_starts, y_ends),
            _overlaps(y_starts, y_ends, x_starts, x_ends),
        )

    def is_one_to_one(self) -> bool:
        """True when every token has exactly one partner and both sides match up."""
        return bool(
            len(self.x2y) == len(self.y2x)
            and (self.x2y.lengths == 1).all()
            and (self.x2y.data == numpy.arange(len(self.x2y))).all()
        )
