"""The dependency parser: arc-eager over projectivised trees; sets heads, deps, sentences."""

from typing import Any, Dict, Iterable, List

import numpy
from thinc.api import Model

from ..attrs import DEP
from ..errors import Errors
from ..language import Language
from ..tokens import Doc
from ..training import Example
from ..training.scorer import score_deps, score_sents
from ..transition import ArcEager, deprojectivize, projectivize
from ..transition.nonproj import DELIMITER
from ..vocab import Vocab
from .token_classifier import DEFAULT_TOK2VEC
from .transition_parser import TransitionParser

DEFAULT_PARSER_MODEL = {
    "@architectures": "nlpcore.TransitionBasedParser.v1",
    "state_type": "parser",
    "nr_feature_tokens": 8,
    "hidden_width": 128,
    "maxout_pieces": 3,
    "use_upper": True,
    "nO": None,
    "tok2vec": DEFAULT_TOK2VEC,
}


class DependencyParser(TransitionParser):
    """Predicts a labelled dependency forest (and so the sentences) of each doc.

    Labels come from the projectivised training trees ("label||head" labels
    of lifted arcs included), kept when seen min_action_freq times.
    """

    def __init__(self, vocab: Vocab, model: Model, name: str = "parser", *,
                 min_action_freq: int = 30, oracle_prob: float = 0.1,
                 max_segment_length: int = 100, seed: int = 0, n_threads: int = 1):
        super().__init__(vocab, model, name, min_action_freq=min_action_freq,
                         oracle_prob=oracle_prob, max_segment_length=max_segment_length,
                         seed=seed, n_threads=n_threads,
                         moves={"LEFT": [], "RIGHT": [], "root": "ROOT"})

    def _make_system(self) -> ArcEager:
        moves = self.cfg["moves"]
        return ArcEager(self.vocab.strings, {"LEFT": moves["LEFT"], "RIGHT": moves["RIGHT"]},
                        root_label=moves["root"])

    def _set_labels(self, labels: Any) -> None:
        if isinstance(labels, dict):
            left, right = list(labels.get("LEFT", ())), list(labels.get("RIGHT", ()))
            root = labels.get("root", "ROOT")
        else:
            left = right = list(labels)
            root = "ROOT"
        self.cfg["moves"] = {"LEFT": sorted(set(left)), "RIGHT": sorted(set(right)),
                             "root": root}
        self.cfg["labels"] = sorted(set(left) | set(right))
        self._system = None

    def add_label(self, label: str) -> int:
        """Add a label for both arc directions; returns 1 if it is new."""
        if not isinstance(label, str) or not label:
            raise ValueError(Errors.E211.format(label=label, name=self.name))
        moves = self.cfg["moves"]
        if label in moves["LEFT"] and label in moves["RIGHT"]:
            return 0
        self._set_labels({"LEFT": moves["LEFT"] + [label], "RIGHT": moves["RIGHT"] + [label],
                          "root": moves["root"]})
        return 1

    def _labels_from(self, example: Example) -> Iterable[str]:
        return (t.dep_ for t in example.reference if t.dep_)

    def _labels_from_examples(self, examples: List[Example]) -> None:
        refs = [eg.reference for eg in examples if eg.reference.has_annotation("DEP")]
        if not refs:
            raise ValueError(Errors.E362.format(name=self.name, what="dependency"))
        labels, root = ArcEager.get_labels(refs, min_freq=self.cfg["min_action_freq"])
        labels["root"] = root
        self._set_labels(labels)

    def _gold(self, example: Example):
        heads, deps = example.get_aligned_parse()
        heads, deps = projectivize(heads, deps)
        return self.moves.make_gold(heads, deps)

    def _cut_points(self, gold) -> List[int]:
        heads = gold.heads
        n = len(heads)
        crossing = [0] * (n + 1)
        for i, head in enumerate(heads):
            if head is None or head == i:
                continue
            lo, hi = min(i, head), max(i, head)
            crossing[lo + 1] += 1
            crossing[hi + 1] -= 1
        points, open_arcs = [], 0
        for k in range(n):
            open_arcs += crossing[k]
            if k and open_arcs == 0:
                points.append(k)
        return points

    def set_annotations(self, docs: List[Doc], states) -> None:
        strings = self.vocab.strings
        root = strings.add(self.cfg["moves"]["root"])
        lifted = {strings.add(label) for label in self.cfg["labels"] if DELIMITER in label}
        for i, doc in enumerate(docs):
            n = len(doc)
            if n == 0:
                continue
            heads, keys = states.heads_labels(i)
            loose = heads < 0
            if loose.any():
                heads[loose] = numpy.nonzero(loose)[0]
                keys[loose] = root
            if lifted and not lifted.isdisjoint(keys.tolist()):
                labels = [strings[int(k)] for k in keys]
                new_heads, labels = deprojectivize(heads.tolist(), labels)
                heads = numpy.asarray(new_heads, dtype="int32")
                keys = numpy.asarray([strings.add(label) for label in labels], dtype="uint64")
            if doc.vocab is not self.vocab:
                for key in set(keys.tolist()):
                    doc.vocab.strings.add(strings[key])
            doc.set_heads(heads.tolist())
            doc.from_array([DEP], keys)

    def score(self, examples: Iterable[Example]) -> Dict[str, Any]:
        examples = list(examples)
        return {**score_deps(examples), **score_sents(examples)}


@Language.factory(
    "parser",
    default_config={"model": DEFAULT_PARSER_MODEL, "min_action_freq": 30, "oracle_prob": 0.1,
                    "max_segment_length": 100, "seed": 0, "n_threads": 1},
    assigns=["token.dep", "token.head", "token.is_sent_start", "doc.sents"],
    default_score_weights={"dep_uas": 0.5, "dep_las": 0.5, "sents_f": 0.0},
)
def make_parser(nlp: Language, name: str, model: Model, min_action_freq: int,
                oracle_prob: float, max_segment_length: int, seed: int,
                n_threads: int = 1) -> DependencyParser:
    return DependencyParser(nlp.vocab, model, name, min_action_freq=min_action_freq,
                            oracle_prob=oracle_prob, max_segment_length=max_segment_length,
                            seed=seed, n_threads=n_threads)
