"""The dependency parser: arc-eager over projectivised trees; sets heads, deps, sentences."""

from typing import Any, Dict, Iterable, List, Optional, Sequence

import numpy
from thinc.api import Model

from ..attrs import HEAD, SENT_START
from ..errors import Errors
from ..language import Language
from ..sorted_keys import find_sorted
from ..tokens import Doc
from ..tokens.annotate import set_parses
from ..training import Example
from ..training.scorer import score_deps, score_sents
from ..transition import ArcEager, deprojectivize, projectivize
from ..transition.arc_eager import _find_cycle, doc_gold
from ..transition.nonproj import DELIMITER
from ..vocab import Vocab
from .token_classifier import DEFAULT_TOK2VEC
from .trainable_pipe import share_strings
from .transition_parser import Preset, TransitionParser, presets_of

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

# The label of an arc that joins two sentences at a word preset as no sentence start.
JOIN_LABEL = "dep"


class DependencyParser(TransitionParser):
    """Predicts a labelled dependency forest (and so the sentences) of each doc.

    Labels come from the projectivised training trees ("label||head" labels
    of lifted arcs included), kept when seen min_action_freq times.

    Annotation a doc already has is honoured. Preset heads (some or all, with
    or without deps): every word with a head keeps it and its dep, labels the
    model lacks included; decoding keeps to the preset arcs, so the model
    attaches the other words around them (a word whose preset head itself
    heads, with no dep, counts as unannotated). Should a model-made arc close
    a cycle with a non-projective preset arc, a model-attached word on the
    cycle becomes a root. The sentences then follow from the whole tree.
    Without preset heads, preset sentence starts (e.g. from a sentencizer)
    are kept: each sentence is parsed on its own, so no arc crosses a word
    marked is_sent_start=True, and where the parse would start a sentence on
    a word marked False the two sentences are joined, the second one's root
    attached to the first one's with the label JOIN_LABEL ("dep").
    """

    def __init__(self, vocab: Vocab, model: Model, name: str = "parser", *,
                 min_action_freq: int = 30, oracle_prob: float = 0.1,
                 max_segment_length: int = 100, seed: int = 0, hidden_dropout: float = 0.0,
                 n_threads: int = 1, nonmonotonic: bool = False):
        if not isinstance(nonmonotonic, bool):
            raise ValueError(Errors.E231.format(name=name, key="nonmonotonic",
                                                expected="true or false", value=nonmonotonic))
        super().__init__(vocab, model, name, min_action_freq=min_action_freq,
                         oracle_prob=oracle_prob, max_segment_length=max_segment_length,
                         seed=seed, hidden_dropout=hidden_dropout, n_threads=n_threads,
                         nonmonotonic=nonmonotonic, moves={"LEFT": [], "RIGHT": [], "root": "ROOT"})

    def _make_system(self) -> ArcEager:
        moves = self.cfg["moves"]
        return ArcEager(self.vocab.strings, {"LEFT": moves["LEFT"], "RIGHT": moves["RIGHT"]},
                        root_label=moves["root"],
                        nonmonotonic=self.cfg.get("nonmonotonic", False))

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

    def _preset(self, doc: Doc) -> Optional[Preset]:
        """Preset heads as a partial gold, or preset sentence starts as cut points."""
        n = len(doc)
        if n == 0:
            return None
        if doc.has_annotation(HEAD):
            heads, labels = doc_gold(doc)
            gold_heads, gold_labels = projectivize(heads, labels)
            # A label with no move in the arc's direction is unknown to the decoder.
            moves = self.moves.labels
            gold_labels = [label if head is not None and head != i and label in
                           moves["LEFT" if head > i else "RIGHT"] else None
                           for i, (head, label) in enumerate(zip(gold_heads, gold_labels))]
            gold = self.moves.make_gold(gold_heads, gold_labels)
            return Preset(gold=gold, keep=(heads, labels))
        if n < 2 or not doc.has_annotation(SENT_START):
            return None
        starts = doc.to_array(SENT_START).view("int64")
        return Preset(cuts=numpy.nonzero(starts[1:] == 1)[0] + 1,
                      keep=set((numpy.nonzero(starts[1:] == -1)[0] + 1).tolist()))

    def _honour_preset(self, heads: numpy.ndarray, keys: numpy.ndarray,
                       preset: Preset) -> None:
        """Put back the preset arcs (see the class docstring), or join sentences."""
        strings = self.vocab.strings
        if preset.gold is None:
            _join_sentences(heads, keys, preset.keep, strings.add(JOIN_LABEL))
            return
        preset_heads, preset_labels = preset.keep
        for word, head in enumerate(preset_heads):
            if head is not None:
                heads[word] = head
                if preset_labels[word] is not None:
                    keys[word] = strings.add(preset_labels[word])
        cycle = _find_cycle(heads.tolist())
        while cycle:
            word = next(w for w in cycle if preset_heads[w] is None)
            heads[word] = word
            keys[word] = strings.add(self.cfg["moves"]["root"])
            cycle = _find_cycle(heads.tolist())

    def set_annotations(self, docs: List[Doc], states) -> None:
        """Write the parses: heads and labels of the whole batch as two arrays, with
        per-doc work only for docs that have lifted labels or presets."""
        docs = list(docs)
        strings = self.vocab.strings
        heads, keys = states.all_heads_labels(strings.add(self.cfg["moves"]["root"]))
        if not len(heads):
            return
        _, lifted = find_sorted(self._lifted_keys(), keys)
        presets = presets_of(states)
        if presets or lifted.any():
            starts = numpy.zeros(len(docs) + 1, dtype=numpy.intp)
            starts[1:] = numpy.cumsum(numpy.fromiter(map(len, docs), dtype=numpy.intp,
                                                     count=len(docs)))
        if lifted.any():
            for i in numpy.unique(numpy.searchsorted(starts, numpy.flatnonzero(lifted),
                                                     side="right") - 1).tolist():
                a, b = starts[i], starts[i + 1]
                labels = [strings[int(k)] for k in keys[a:b]]
                new_heads, labels = deprojectivize(heads[a:b].tolist(), labels)
                heads[a:b] = new_heads
                keys[a:b] = [strings.add(label) for label in labels]
        for i, preset in presets.items():
            if starts[i] < starts[i + 1]:
                self._honour_preset(heads[starts[i]:starts[i + 1]],
                                    keys[starts[i]:starts[i + 1]], preset)
        share_strings(self.vocab, docs, keys)
        set_parses(docs, heads, keys)

    def _lifted_keys(self) -> numpy.ndarray:
        """The sorted keys of the lifted (pseudo-projective) labels."""
        strings = self.vocab.strings
        return numpy.sort(numpy.array([strings.add(label) for label in self.cfg["labels"]
                                       if DELIMITER in label], dtype=numpy.uint64))

    def score(self, examples: Iterable[Example]) -> Dict[str, Any]:
        examples = list(examples)
        return {**score_deps(examples), **score_sents(examples)}


def _join_sentences(heads: numpy.ndarray, keys: numpy.ndarray, joined: Sequence[int],
                    label: int) -> None:
    """Where a sentence starts on a word in joined, attach its root to the previous root."""
    n = len(heads)
    words = numpy.arange(n)
    lo, hi = numpy.minimum(words, heads), numpy.maximum(words, heads)
    arcs = lo < hi
    crossing = numpy.zeros(n + 1, dtype="int64")
    numpy.add.at(crossing, lo[arcs] + 1, 1)
    numpy.add.at(crossing, hi[arcs] + 1, -1)
    starts = numpy.nonzero(numpy.cumsum(crossing)[:n] == 0)[0]
    root_of = heads.astype("int64")
    while True:  # pointer jumping: every word's root in O(log depth) passes
        up = root_of[root_of]
        if (up == root_of).all():
            break
        root_of = up
    left = root_of[0]
    for start in starts[1:].tolist():
        if start in joined:
            heads[root_of[start]] = left
            keys[root_of[start]] = label
        else:
            left = root_of[start]


@Language.factory(
    "parser",
    default_config={"model": DEFAULT_PARSER_MODEL, "min_action_freq": 30, "oracle_prob": 0.1,
                    "max_segment_length": 100, "seed": 0, "hidden_dropout": 0.0,
                    "n_threads": 1, "nonmonotonic": False},
    assigns=["token.dep", "token.head", "token.is_sent_start", "doc.sents"],
    default_score_weights={"dep_uas": 0.5, "dep_las": 0.5, "sents_f": 0.0},
)
def make_parser(nlp: Language, name: str, model: Model, min_action_freq: int,
                oracle_prob: float, max_segment_length: int, seed: int,
                hidden_dropout: float = 0.0, n_threads: int = 1,
                nonmonotonic: bool = False) -> DependencyParser:
    """nonmonotonic: the arc-eager variant where LEFT may replace a head and
    UNSHIFT repairs words left headless at the end (see nlpcore.transition.arc_eager)."""
    return DependencyParser(nlp.vocab, model, name, min_action_freq=min_action_freq,
                            oracle_prob=oracle_prob, max_segment_length=max_segment_length,
                            seed=seed, hidden_dropout=hidden_dropout, n_threads=n_threads,
                            nonmonotonic=nonmonotonic)
