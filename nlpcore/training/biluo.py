"""Entity tag schemes: IOB (IOB1 and IOB2), BILUO, token spans and character offsets.

Tags are strings: ``"O"`` outside, ``"-"`` (or ``""``/None) missing, else a
one-letter prefix, a dash and a label: ``B-`` begin, ``I-`` inside, ``L-``
last, ``U-`` unit (a one-token entity). ``E-``/``S-`` (the BIOES spelling)
are read as ``L-``/``U-``. Entity triples from ``tags_to_entities`` are
``(label, first, last)`` with an inclusive last token index, as in spaCy;
``iob_to_spans`` gives ``(label, start, end)`` with end exclusive.
"""

from typing import Iterable, List, Optional, Sequence, Tuple

import numpy

from ..errors import Errors
from ..tokens import Doc, Span

MISSING = "-"
PREFIXES = {"B": "B", "I": "I", "L": "L", "U": "U", "E": "L", "S": "U"}


def split_tag(tag: Optional[str]) -> Tuple[str, str]:
    """(prefix, label) of a tag: ("O", "") outside, ("-", "") missing.

    Raises ValueError (E160) for an unknown prefix or a missing label.
    """
    if tag == "O":
        return "O", ""
    if not tag or tag == MISSING:
        return MISSING, ""
    prefix, dash, label = tag.partition("-")
    if not dash or not label or prefix not in PREFIXES:
        raise ValueError(Errors.E160.format(tag=tag))
    return PREFIXES[prefix], label


def iob_to_spans(tags: Sequence[Optional[str]]) -> List[Tuple[str, int, int]]:
    """Entity spans ``(label, start, end)`` (end exclusive) of IOB1, IOB2 or BILUO tags.

    Lenient: an ``I-``/``L-`` tag that continues no open entity of its label
    opens one, as IOB1 reads it. Missing tags close any open entity.
    """
    spans = []
    label = None  # label of the open entity
    start = 0
    for i, tag in enumerate(tags):
        prefix, tag_label = split_tag(tag)
        if label is not None and (prefix in "BUO-" or tag_label != label):
            spans.append((label, start, i))
            label = None
        if prefix in "O-":
            continue
        if label is None:
            label = tag_label
            start = i
        if prefix in "LU":
            spans.append((label, start, i + 1))
            label = None
    if label is not None:
        spans.append((label, start, len(tags)))
    return spans


def spans_to_biluo(
    spans: Iterable[Tuple[str, int, int]], length: int, missing: str = "O"
) -> List[str]:
    """BILUO tags for ``length`` tokens from non-overlapping ``(label, start, end)`` spans.

    missing: the tag of tokens outside every span ("O", or "-" for unknown).
    """
    tags = [missing] * length
    for label, start, end in spans:
        if end - start == 1:
            tags[start] = f"U-{label}"
        else:
            tags[start] = f"B-{label}"
            for i in range(start + 1, end - 1):
                tags[i] = f"I-{label}"
            tags[end - 1] = f"L-{label}"
    return tags


def iob_to_biluo(tags: Sequence[Optional[str]]) -> List[str]:
    """Convert IOB1 or IOB2 tags (BILUO passes through) to BILUO; missing stays "-"."""
    out = spans_to_biluo(iob_to_spans(tags), len(tags))
    for i, tag in enumerate(tags):
        if not tag or tag == MISSING:
            out[i] = MISSING
    return out


def biluo_to_iob(tags: Sequence[Optional[str]]) -> List[str]:
    """Convert BILUO tags to IOB2: ``L-`` becomes ``I-`` and ``U-`` becomes ``B-``."""
    out = []
    for tag in tags:
        prefix, label = split_tag(tag)
        if prefix in "O-":
            out.append(prefix)
        else:
            out.append(("I-" if prefix in "IL" else "B-") + label)
    return out


def tags_to_entities(tags: Sequence[Optional[str]]) -> List[Tuple[str, int, int]]:
    """Entities ``(label, first, last)`` (last inclusive) of a strict BILUO sequence.

    Raises ValueError (E162) when the sequence is not valid BILUO, e.g. ``I-``
    after ``O`` or a ``B-`` that is never closed by an ``L-``.
    """
    entities = []
    label = None
    start = 0
    prev = "O"
    for i, tag in enumerate(tags):
        prefix, tag_label = split_tag(tag)
        if label is None:
            if prefix in "IL":
                raise ValueError(Errors.E162.format(prev=prev, tag=tag, i=i))
            if prefix == "B":
                label, start = tag_label, i
            elif prefix == "U":
                entities.append((tag_label, i, i))
        else:
            if prefix not in "IL" or tag_label != label:
                raise ValueError(Errors.E162.format(prev=prev, tag=tag, i=i))
            if prefix == "L":
                entities.append((label, start, i))
                label = None
        prev = tag
    if label is not None:
        raise ValueError(Errors.E162.format(prev=prev, tag="<end>", i=len(tags)))
    return entities


def biluo_tags_to_spans(doc: Doc, tags: Sequence[Optional[str]]) -> List[Span]:
    """The entities of a BILUO sequence over ``doc`` as labelled Spans."""
    return [
        Span(doc, first, last + 1, label=label) for label, first, last in tags_to_entities(tags)
    ]


def biluo_tags_to_offsets(doc: Doc, tags: Sequence[Optional[str]]) -> List[Tuple[int, int, str]]:
    """The entities of a BILUO sequence over ``doc`` as ``(start_char, end_char, label)``."""
    starts, ends = token_offsets(doc)
    return [
        (int(starts[first]), int(ends[last]), label)
        for label, first, last in tags_to_entities(tags)
    ]


def token_offsets(doc: Doc) -> Tuple[numpy.ndarray, numpy.ndarray]:
    """Start and end character offsets of every token, as int64 arrays."""
    starts = numpy.fromiter((t.idx for t in doc), dtype=numpy.int64, count=len(doc))
    lengths = numpy.fromiter((len(t.text) for t in doc), dtype=numpy.int64, count=len(doc))
    return starts, starts + lengths


def offsets_to_biluo_tags(
    doc: Doc, entities: Iterable[Tuple[int, int, str]], missing: str = "O"
) -> List[str]:
    """BILUO tags for ``doc`` from ``(start_char, end_char, label)`` entities.

    An entity whose boundaries don't fall on token boundaries can't be tagged:
    the tokens it overlaps get "-" (missing). missing: the tag of tokens
    outside every entity. Raises ValueError for entities that overlap (E163)
    or lie outside the text (E164).
    """
    starts, ends = token_offsets(doc)
    return offsets_to_biluo(starts, ends, len(doc.text), entities, missing=missing)


def offsets_to_biluo(
    starts: numpy.ndarray,
    ends: numpy.ndarray,
    length: int,
    entities: Iterable[Tuple[int, int, str]],
    missing: str = "O",
) -> List[str]:
    """``offsets_to_biluo_tags`` on token offsets: starts/ends per token, text length."""
    n_tokens = len(starts)
    spans = []
    unaligned = []
    prev_end = -1
    for start, end, label in sorted(entities, key=lambda e: (e[0], e[1])):
        if start < 0 or end > length or start >= end:
            raise ValueError(Errors.E164.format(start=start, end=end, label=label, length=length))
        if start < prev_end:
            raise ValueError(Errors.E163.format(start=start, end=end, label=label))
        prev_end = end
        first = int(numpy.searchsorted(starts, start))
        last = int(numpy.searchsorted(ends, end))
        if first < n_tokens and last < n_tokens and starts[first] == start and ends[last] == end:
            spans.append((label, first, last + 1))
        else:
            lo = int(numpy.searchsorted(ends, start, side="right"))
            hi = int(numpy.searchsorted(starts, end, side="left"))
            unaligned.append((lo, hi))
    tags = spans_to_biluo(spans, n_tokens, missing=missing)
    for lo, hi in unaligned:
        for i in range(lo, hi):
            tags[i] = MISSING
    return tags
