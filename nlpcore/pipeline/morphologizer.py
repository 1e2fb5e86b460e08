"""The morphologizer: UPOS and FEATS predicted together, as one label per token.

A label is "POS=<UPOS>" followed by "|<FEATS>" when the token has features,
e.g. "POS=NOUN|Number=Sing"; predictions set token.pos_ and token.morph_.
"""

from typing import Any, Dict, Iterable, List, Optional

import numpy
from thinc.api import Model

from ..attrs import MORPH, POS
from ..language import Language
from ..tokens import Doc
from ..training import Example
from ..training.scorer import score_token_attr
from .token_classifier import DEFAULT_TAGGER_MODEL, TokenClassifier

POS_FIELD = "POS="


def join_label(pos: str, morph: str) -> Optional[str]:
    """The label of a token with this UPOS and FEATS (None without a UPOS)."""
    if not pos:
        return None
    return POS_FIELD + pos + ("|" + morph if morph else "")


def split_label(label: str) -> tuple:
    """(UPOS, FEATS) of a label made by join_label."""
    pos, _, morph = label[len(POS_FIELD):].partition("|")
    return pos, morph


class Morphologizer(TokenClassifier):
    """Assigns token.pos_ and token.morph_ from one softmax."""

    def reference_labels(self, doc: Doc) -> List[Optional[str]]:
        return [join_label(token.pos_, token.morph_) for token in doc]

    def label_table(self) -> numpy.ndarray:
        strings = self.vocab.strings
        pairs = [split_label(label) for label in self.labels]
        return numpy.array([[strings.add(pos), strings.add(morph)] for pos, morph in pairs],
                           dtype=numpy.uint64).reshape((len(pairs), 2))

    def label_attrs(self) -> List[int]:
        return [POS, MORPH]

    def score(self, examples: Iterable[Example]) -> Dict[str, Any]:
        examples = list(examples)
        scores = {}
        for attr, prop, key in (("POS", "pos_", "pos_acc"), ("MORPH", "morph_", "morph_acc")):
            accuracy = score_token_attr(examples, attr, prop)
            if accuracy is not None:
                scores[key] = accuracy
        return scores


@Language.factory("morphologizer", default_config={"model": DEFAULT_TAGGER_MODEL,
                                                   "label_smoothing": 0.0},
                  assigns=["token.pos", "token.morph"],
                  default_score_weights={"pos_acc": 0.5, "morph_acc": 0.5})
def make_morphologizer(nlp: Language, name: str, model: Model,
                       label_smoothing: float) -> Morphologizer:
    """label_smoothing: share of each gold label's probability spread over the others."""
    return Morphologizer(nlp.vocab, model, name, label_smoothing=label_smoothing)
