"""The tagger: one tag per token, fine-grained (XPOS, token.tag_) or universal (UPOS)."""

from typing import Any, Dict, Iterable, List, Optional

import numpy
from thinc.api import Model

from ..attrs import POS, TAG
from ..errors import Errors
from ..language import Language
from ..tokens import Doc
from ..training import Example
from ..training.scorer import score_token_attr
from ..vocab import Vocab
from .token_classifier import DEFAULT_TAGGER_MODEL, TokenClassifier

# Attribute a tagger may predict -> (attribute ID, Token string property, score name).
TAGGED_ATTRS = {"TAG": (TAG, "tag_", "tag_acc"), "POS": (POS, "pos_", "pos_acc")}


class Tagger(TokenClassifier):
    """Assigns one label per token to `attr` ("TAG" for XPOS, "POS" for UPOS)."""

    def __init__(self, vocab: Vocab, model: Model, name: str = "tagger", *,
                 attr: str = "TAG", label_smoothing: float = 0.0,
                 labels: Optional[List[str]] = None):
        attr = attr.upper()
        if attr not in TAGGED_ATTRS:
            raise ValueError(Errors.E214.format(attr=attr, known=", ".join(TAGGED_ATTRS)))
        super().__init__(vocab, model, name, attr=attr, label_smoothing=label_smoothing,
                         labels=list(labels or []))

    def reference_labels(self, doc: Doc) -> List[Optional[str]]:
        prop = TAGGED_ATTRS[self.cfg["attr"]][1]
        return [getattr(token, prop) or None for token in doc]

    def label_table(self) -> numpy.ndarray:
        return numpy.array([self.vocab.strings.add(label) for label in self.labels],
                           dtype=numpy.uint64)

    def label_attrs(self) -> List[int]:
        return [TAGGED_ATTRS[self.cfg["attr"]][0]]

    def score(self, examples: Iterable[Example]) -> Dict[str, Any]:
        _, prop, key = TAGGED_ATTRS[self.cfg["attr"]]
        accuracy = score_token_attr(list(examples), self.cfg["attr"], prop)
        return {} if accuracy is None else {key: accuracy}


@Language.factory("tagger", default_config={"model": DEFAULT_TAGGER_MODEL, "attr": "TAG",
                                            "label_smoothing": 0.0},
                  assigns=["token.tag"], default_score_weights={"tag_acc": 1.0})
def make_tagger(nlp: Language, name: str, model: Model, attr: str,
                label_smoothing: float) -> Tagger:
    """label_smoothing: share of each gold label's probability spread over the others."""
    return Tagger(nlp.vocab, model, name, attr=attr, label_smoothing=label_smoothing)
