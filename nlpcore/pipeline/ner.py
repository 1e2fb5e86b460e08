"""The entity recogniser: BILUO moves; sets doc.ents; missing annotation is not penalised."""

from typing import Any, Dict, Iterable, List, Optional

from thinc.api import Model

from ..attrs import ENT_IOB
from ..errors import Errors
from ..language import Language
from ..tokens import Doc, Span
from ..training import Example
from ..training.scorer import score_ents
from ..transition import BiluoNER
from ..transition.biluo import doc_tags
from ..vocab import Vocab
from .token_classifier import DEFAULT_TOK2VEC
from .transition_parser import Preset, TransitionParser, preset_of

# Six context tokens (B0, E0, B0-1, B1, B2, E0-1): CoNLL-2003 dev F1 90.25 over
# 3 seeds (seed 0: 90.41 against 89.50 with three: B0, E0, B0-1), for about 6% of
# the speed.
DEFAULT_NER_MODEL = {
    "@architectures": "nlpcore.TransitionBasedParser.v1",
    "state_type": "ner",
    "nr_feature_tokens": 6,
    "hidden_width": 64,
    "maxout_pieces": 2,
    "use_upper": True,
    "nO": None,
    "tok2vec": DEFAULT_TOK2VEC,
}


class EntityRecognizer(TransitionParser):
    """Predicts non-overlapping labelled entity spans (doc.ents).

    Entity annotation a doc already has (from a rule-based component, say) is
    kept: every entity in doc.ents stays exactly as it is (label and kb_id
    too), every token marked outside (ent_iob "O") stays outside, and the
    model labels only the tokens with no annotation. To leave room for the
    model, set entities with `doc.set_ents(spans, default="unmodified")`;
    `doc.ents = spans` marks every other token outside. A preset entity with
    a label the model lacks is kept too: the model treats its tokens as
    outside and can't place an entity across them.
    """

    def __init__(self, vocab: Vocab, model: Model, name: str = "ner", *,
                 min_action_freq: int = 1, oracle_prob: float = 0.1,
                 max_segment_length: int = 100, seed: int = 0, hidden_dropout: float = 0.0,
                 n_threads: int = 1):
        super().__init__(vocab, model, name, min_action_freq=min_action_freq,
                         oracle_prob=oracle_prob, max_segment_length=max_segment_length,
                         seed=seed, hidden_dropout=hidden_dropout, n_threads=n_threads)

    def _make_system(self) -> BiluoNER:
        return BiluoNER(self.vocab.strings, self.cfg["labels"])

    def _set_labels(self, labels: Any) -> None:
        self.cfg["labels"] = sorted(set(labels))
        self._system = None

    def add_label(self, label: str) -> int:
        added = super().add_label(label)
        self._system = None
        return added

    def _labels_from(self, example: Example) -> Iterable[str]:
        return (ent.label_ for ent in example.reference.ents)

    def _labels_from_examples(self, examples: List[Example]) -> None:
        refs = [eg.reference for eg in examples if eg.reference.has_annotation("ENT_IOB")]
        if not refs:
            raise ValueError(Errors.E362.format(name=self.name, what="entity"))
        self._set_labels(BiluoNER.get_labels(refs, min_freq=self.cfg["min_action_freq"]))

    def _gold(self, example: Example):
        return self.moves.make_gold(example.get_aligned_ents())

    def _cut_points(self, gold) -> List[int]:
        tags = gold.tags
        return [k for k in range(1, len(tags))
                if (tags[k - 1] or "-")[0] in "OUL-" and (tags[k] or "-")[0] in "OBU-"
                and (tags[k - 1] or "-") != "-" and (tags[k] or "-") != "-"]

    def _preset(self, doc: Doc) -> Optional[Preset]:
        """The doc's entity annotation as a partial gold; its entities are kept as they are.

        Tokens of entities with a label the model lacks are outside for the
        model (it can't produce the label), and the entity is put back later.
        """
        if not doc.has_annotation(ENT_IOB):
            return None
        tags = doc_tags(doc)
        known = set(self.moves.labels)
        # doc.ents' Spans carry no kb_id: take it from the tokens.
        ents = [Span(doc, ent.start, ent.end, label=ent.label, kb_id=doc[ent.start].ent_kb_id)
                for ent in doc.ents]
        for ent in ents:
            if ent.label_ not in known:
                tags[ent.start:ent.end] = ["O"] * (ent.end - ent.start)
        return Preset(gold=self.moves.make_gold(tags), keep=ents)

    def set_annotations(self, docs: List[Doc], states) -> None:
        strings = self.vocab.strings
        for i, doc in enumerate(docs):
            if len(doc) == 0:
                continue
            ents = [(strings[label], start, end) for start, end, label in states.entities(i)]
            if doc.vocab is not self.vocab:
                for label, _, _ in ents:
                    doc.vocab.strings.add(label)
            preset = preset_of(states, i)
            if preset is not None:
                ents = _with_preset(doc, ents, preset.keep)
            doc.set_ents(ents, default="outside")

    def score(self, examples: Iterable[Example]) -> Dict[str, Any]:
        return score_ents(list(examples))


def _with_preset(doc: Doc, ents: List[tuple], kept) -> List[Any]:
    """The preset entity Spans, plus the predicted (label, start, end) entities off their tokens.

    Decoding reproduces the preset entities and keeps out of their tokens, so
    this only drops the reproductions; an overlap would be dropped likewise.
    """
    taken = [False] * len(doc)
    for span in kept:
        taken[span.start:span.end] = [True] * (span.end - span.start)
    return list(kept) + [ent for ent in ents if not any(taken[ent[1]:ent[2]])]


@Language.factory(
    "ner",
    default_config={"model": DEFAULT_NER_MODEL, "min_action_freq": 1, "oracle_prob": 0.1,
                    "max_segment_length": 100, "seed": 0, "hidden_dropout": 0.0,
                    "n_threads": 1},
    assigns=["doc.ents", "token.ent_iob", "token.ent_type"],
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0},
)
def make_ner(nlp: Language, name: str, model: Model, min_action_freq: int,
             oracle_prob: float, max_segment_length: int, seed: int,
             hidden_dropout: float = 0.0, n_threads: int = 1) -> EntityRecognizer:
    return EntityRecognizer(nlp.vocab, model, name, min_action_freq=min_action_freq,
                            oracle_prob=oracle_prob, max_segment_length=max_segment_length,
                            seed=seed, hidden_dropout=hidden_dropout, n_threads=n_threads)
