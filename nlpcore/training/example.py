"""Example: a predicted Doc paired with its reference (gold) Doc.

The two Docs hold the same text, possibly tokenized differently. The
``alignment`` maps tokens across (see ``alignment.py``), and the
``get_aligned*`` helpers project reference annotation onto the predicted
tokens, so a pipeline can be trained and scored from raw text.
"""

import numbers
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy

from ..errors import Errors
from ..tokens import Doc, Span
from .alignment import Alignment, AlignmentArray, char_spans
from .biluo import MISSING, offsets_to_biluo, spans_to_biluo

# get_aligned attribute -> the Token property holding its string.
STRING_ATTRS = {
    "ORTH": "text",
    "TAG": "tag_",
    "POS": "pos_",
    "MORPH": "morph_",
    "LEMMA": "lemma_",
    "DEP": "dep_",
    "ENT_TYPE": "ent_type_",
    "ENT_IOB": "ent_iob_",
}
# from_dict keys: the Doc constructor argument each one feeds.
DICT_KEYS = {
    "words": "words",
    "spaces": "spaces",
    "tags": "tags",
    "pos": "pos",
    "morphs": "morphs",
    "lemmas": "lemmas",
    "heads": "heads",
    "deps": "deps",
    "sent_starts": "sent_starts",
}
EXTRA_KEYS = ("entities", "cats", "doc_annotation")


def _infer_spaces(words: Sequence[str], text: str) -> Optional[List[bool]]:
    """Whitespace after each word when the words spell ``text`` in order, else None."""
    spaces = []
    pos = 0
    length = len(text)
    for word in words:
        while pos < length and text[pos].isspace() and not word[0].isspace():
            pos += 1
        if not text.startswith(word, pos):
            return None
        pos += len(word)
        spaces.append(pos < length and text[pos] == " ")
    return spaces


def _check_words(words: Sequence[Any]) -> None:
    """ValueError (E021) unless every word is a non-empty string."""
    for i, word in enumerate(words):
        if not isinstance(word, str) or not word:
            raise ValueError(Errors.E021.format(word=word, i=i))


def _offset(entity: Any) -> Tuple[int, int, str]:
    """An entity as a (start_char, end_char, label) tuple; ValueError (E198) if it is not one."""
    if (
        not isinstance(entity, (list, tuple))
        or len(entity) != 3
        or not all(isinstance(x, numbers.Integral) and not isinstance(x, bool) for x in entity[:2])
        or not isinstance(entity[2], str)
    ):
        raise ValueError(Errors.E198.format(value=entity))
    return tuple(entity)


class Example:
    """A predicted Doc and a reference Doc over the same text.

    predicted (alias x): the Doc a pipeline annotates.
    reference (alias y): the Doc with the gold annotation.
    """

    def __init__(self, predicted: Doc, reference: Doc, *, alignment: Optional[Alignment] = None):
        for doc in (predicted, reference):
            if not isinstance(doc, Doc):
                raise TypeError(Errors.E171.format(type=type(doc).__name__))
        self._x = predicted
        self._y = reference
        self._alignment = alignment

    @classmethod
    def from_dict(cls, predicted: Doc, example_dict: Dict[str, Any]) -> "Example":
        """An Example whose reference is built from a dict of annotation.

        Keys: words, spaces (inferred from the predicted text when words are
        given without them), tags, pos, morphs, lemmas, heads (absolute
        indices), deps, sent_starts, entities (per-token IOB/BILUO tags, or
        (start_char, end_char, label) offsets), cats; "doc_annotation" may
        hold entities and cats too. Lists run over the reference words.
        """
        if not isinstance(predicted, Doc):
            raise TypeError(Errors.E171.format(type=type(predicted).__name__))
        data = dict(example_dict)
        data.update(data.pop("doc_annotation", None) or {})
        for key in data:
            if key not in DICT_KEYS and key not in EXTRA_KEYS:
                known = ", ".join(list(DICT_KEYS) + list(EXTRA_KEYS))
                raise ValueError(Errors.E172.format(key=key, known=known))
        kwargs = {DICT_KEYS[k]: v for k, v in data.items() if k in DICT_KEYS}
        if "words" not in kwargs:
            kwargs["words"] = [t.text for t in predicted]
            kwargs.setdefault("spaces", [bool(t.whitespace_) for t in predicted])
        else:
            _check_words(kwargs["words"])
            if "spaces" not in kwargs:
                kwargs["spaces"] = _infer_spaces(kwargs["words"], predicted.text)
        n_words = len(kwargs["words"])
        for key, values in kwargs.items():
            if values is not None and len(values) != n_words:
                raise ValueError(Errors.E174.format(key=key, n=len(values), n_words=n_words))
        entities = data.get("entities")
        if entities is not None:
            kwargs["ents"] = cls._entity_tags(kwargs["words"], kwargs["spaces"], entities)
        reference = Doc(predicted.vocab, **kwargs)
        if data.get("cats") is not None:
            reference.cats = dict(data["cats"])
        return cls(predicted, reference)

    @staticmethod
    def _entity_tags(words: List[str], spaces: Optional[List[bool]], entities: list) -> list:
        """Per-token tags from tags or from (start_char, end_char, label) offsets."""
        if not isinstance(entities, (list, tuple)):
            raise ValueError(Errors.E198.format(value=entities))
        if not entities or isinstance(entities[0], str) or entities[0] is None:
            if len(entities) != len(words):
                raise ValueError(
                    Errors.E174.format(key="entities", n=len(entities), n_words=len(words))
                )
            return list(entities)
        lengths = numpy.fromiter(map(len, words), dtype=numpy.int64, count=len(words))
        gaps = (
            numpy.ones(len(words), dtype=numpy.int64)
            if spaces is None
            else numpy.asarray(spaces, dtype=numpy.int64)
        )
        ends = numpy.cumsum(lengths + gaps) - gaps
        starts = ends - lengths
        length = int(ends[-1] + gaps[-1]) if len(words) else 0
        return offsets_to_biluo(starts, ends, length, [_offset(e) for e in entities])

    # ---- the two docs ---------------------------------------------------------
    @property
    def predicted(self) -> Doc:
        return self._x

    @predicted.setter
    def predicted(self, doc: Doc) -> None:
        self._x = doc
        self._alignment = None

    @property
    def reference(self) -> Doc:
        return self._y

    @reference.setter
    def reference(self, doc: Doc) -> None:
        self._y = doc
        self._alignment = None

    x = predicted
    y = reference

    @property
    def text(self) -> str:
        return self._x.text

    def __len__(self) -> int:
        return len(self._x)

    def __repr__(self) -> str:
        return f"Example(predicted={self._x!r}, reference={self._y!r})"

    @property
    def alignment(self) -> Alignment:
        """Token alignment between predicted (x) and reference (y); computed once."""
        if self._alignment is None:
            self._alignment = Alignment.from_strings(
                [t.text for t in self._x], [t.text for t in self._y]
            )
        return self._alignment

    # ---- reference annotation on predicted tokens --------------------------------
    def get_aligned(self, attr: str, as_string: bool = False) -> list:
        """The reference's ``attr`` for each predicted token, None where it doesn't map.

        A predicted token takes the value of the one reference token it lies in
        (one-to-one, or a piece of a split token); a predicted token spanning
        several reference tokens gets None. attr: ORTH, TAG, POS, MORPH, LEMMA,
        DEP, ENT_TYPE, ENT_IOB, HEAD or SENT_START. as_string: strings instead
        of string keys (HEAD and SENT_START ignore it).
        """
        name = attr.upper() if isinstance(attr, str) else None
        if name == "HEAD":
            return self.get_aligned_parse()[0]
        if name == "SENT_START":
            return self.get_aligned_sent_starts()
        if name not in STRING_ATTRS:
            known = ", ".join(list(STRING_ATTRS) + ["HEAD", "SENT_START"])
            raise ValueError(Errors.E173.format(attr=attr, known=known))
        if as_string:
            prop = STRING_ATTRS[name]
            values = [getattr(t, prop) for t in self._y]
        elif len(self._y):
            values = self._y.to_array(name).tolist()
        else:
            values = []
        return [values[j] if j >= 0 else None for j in self.alignment.x2y.single().tolist()]

    def get_aligned_parse(self) -> Tuple[List[Optional[int]], List[Optional[str]]]:
        """Reference heads (predicted token indices) and deps for the predicted tokens.

        A reference token split into several predicted tokens keeps its arc on
        the last piece; the other pieces attach to it as "subtok". Arcs into
        a split token land on its last piece. A predicted token spanning
        several reference tokens, or one whose reference head is unaligned,
        gets None for both.
        """
        n = len(self._x)
        y = self._y
        if not y.has_annotation("DEP"):
            return [None] * n, [None] * n
        align = self.alignment
        y2x = align.y2x
        # anchor[j]: the predicted token that carries reference token j's arc.
        anchor = numpy.full(len(y2x), -1, dtype=numpy.int64)
        has = y2x.lengths > 0
        anchor[has] = y2x.data[y2x.starts[has] + y2x.lengths[has] - 1]
        anchor = anchor.tolist()
        y_lengths = y2x.lengths.tolist()
        y_heads = [t.head.i for t in y]
        y_deps = [t.dep_ or None for t in y]
        heads: List[Optional[int]] = []
        deps: List[Optional[str]] = []
        for i, j in enumerate(align.x2y.single().tolist()):
            if j < 0 or y_deps[j] is None:
                heads.append(None)
                deps.append(None)
            elif y_lengths[j] > 1 and anchor[j] != i:
                heads.append(anchor[j])
                deps.append("subtok")
            else:
                head = anchor[y_heads[j]]
                heads.append(head if head >= 0 else None)
                deps.append(y_deps[j] if head >= 0 else None)
        return heads, deps

    def get_aligned_sent_starts(self) -> List[Optional[bool]]:
        """Reference sentence starts on predicted tokens (None where unknown)."""
        y_starts = [t.is_sent_start for t in self._y]
        x2y = self.alignment.x2y
        y2x = self.alignment.y2x
        out: List[Optional[bool]] = []
        for i in range(len(x2y)):
            row = x2y[i]
            if len(row) == 0:
                out.append(None)
                continue
            j = int(row[0])
            out.append(y_starts[j] if int(y2x[j][0]) == i else False)
        return out

    def get_aligned_spans_y2x(self, spans: Iterable[Span]) -> List[Span]:
        """Reference spans as predicted-token spans; those that don't align exactly are left out."""
        return self._project(spans, self._y, self._x, self.alignment.y2x)

    def get_aligned_spans_x2y(self, spans: Iterable[Span]) -> List[Span]:
        """Predicted spans as reference-token spans; those that don't align exactly are left out."""
        return self._project(spans, self._x, self._y, self.alignment.x2y)

    @staticmethod
    def _project(spans: Iterable[Span], src: Doc, dst: Doc, src2dst: AlignmentArray) -> List[Span]:
        _, src_starts, src_ends = char_spans([t.text for t in src])
        _, dst_starts, dst_ends = char_spans([t.text for t in dst])
        out = []
        for span in spans:
            bounds = _span_bounds(
                span.start, span.end, src2dst, src_starts, src_ends, dst_starts, dst_ends
            )
            if bounds is not None:
                out.append(Span(dst, bounds[0], bounds[1], label=span.label))
        return out

    def get_aligned_ents(self) -> List[str]:
        """Reference entities as BILUO tags over the predicted tokens.

        "O" where the reference says outside, "-" where it is missing or an
        entity's edges fall inside a predicted token.
        """
        x, y = self._x, self._y
        align = self.alignment
        _, x_starts, x_ends = char_spans([t.text for t in x])
        _, y_starts, y_ends = char_spans([t.text for t in y])
        y_out = [t.ent_iob_ == "O" for t in y]
        x2y = align.x2y
        # Outside where every aligned reference token is outside.
        tags = ["O" if all(y_out[j] for j in x2y[i].tolist()) else MISSING for i in range(len(x))]
        spans = []
        for ent in y.ents:
            bounds = _span_bounds(ent.start, ent.end, align.y2x, y_starts, y_ends, x_starts, x_ends)
            if bounds is not None:
                spans.append((ent.label_, bounds[0], bounds[1]))
            else:
                for i in align.y2x.data[
                    align.y2x.starts[ent.start] : align.y2x.starts[ent.end - 1]
                    + align.y2x.lengths[ent.end - 1]
                ].tolist():
                    tags[i] = MISSING
        ent_tags = spans_to_biluo(spans, len(x), missing="")
        return [e or t for e, t in zip(ent_tags, tags)]


def _span_bounds(
    start: int,
    end: int,
    src2dst: AlignmentArray,
    src_starts: numpy.ndarray,
    src_ends: numpy.ndarray,
    dst_starts: numpy.ndarray,
    dst_ends: numpy.ndarray,
) -> Optional[Tuple[int, int]]:
    """The dst tokens [lo, hi) covering exactly the characters of src tokens [start, end)."""
    first = int(src2dst.starts[start])
    last = int(src2dst.starts[end - 1] + src2dst.lengths[end - 1])
    if last <= first:
        return None
    lo = int(src2dst.data[first])
    hi = int(src2dst.data[last - 1]) + 1
    if dst_starts[lo] != src_starts[start] or dst_ends[hi - 1] != src_ends[end - 1]:
        return None
    return lo, hi
