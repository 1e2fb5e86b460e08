"""Scores of predicted Docs against reference Docs, from Examples.

Each score counts reference (gold) units, so a pipeline that tokenizes raw
text is scored on the gold words: a gold token counts as correct only when
one predicted token covers exactly it and agrees with it. With gold
tokenization every accuracy is the plain per-token accuracy. A score is only
reported when the reference Docs carry that annotation.

Names follow what spaCy users know: ``token_acc``, ``tag_acc``, ``pos_acc``,
``morph_acc``, ``lemma_acc``, ``dep_uas``, ``dep_las``, ``sents_p/r/f``,
``ents_p/r/f``, ``ents_per_type``, ``cats_*``. Accuracies and F-scores are
fractions in [0, 1].
"""

from collections import defaultdict
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from ..tokens import Doc
from .example import Example

# Universal POS of punctuation; a token whose UPOS is unknown falls back to is_punct.
PUNCT_POS = frozenset(["PUNCT", "SYM"])
TOKEN_ATTR_SCORES = (("TAG", "tag_", "tag_acc"), ("POS", "pos_", "pos_acc"),
                     ("MORPH", "morph_", "morph_acc"), ("LEMMA", "lemma_", "lemma_acc"))


class PRF:
    """Precision, recall and F1 from true positive, false positive and false negative counts."""

    __slots__ = ("tp", "fp", "fn")

    def __init__(self, tp: int = 0, fp: int = 0, fn: int = 0):
        self.tp, self.fp, self.fn = tp, fp, fn

    def score_sets(self, predicted: Set, gold: Set) -> None:
        """Add the counts of one predicted set against its gold set."""
        hits = len(predicted & gold)
        self.tp += hits
        self.fp += len(predicted) - hits
        self.fn += len(gold) - hits

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def fscore(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> Dict[str, float]:
        return {"p": self.precision, "r": self.recall, "f": self.fscore}


def one_to_one(example: Example) -> List[int]:
    """For each reference token, the predicted token covering exactly it, else -1."""
    align = example.alignment
    x_of_y = align.y2x.single()
    y_of_x = align.x2y.single()
    return [i if i >= 0 and y_of_x[i] == j else -1 for j, i in enumerate(x_of_y.tolist())]


def _char_spans(doc: Doc) -> Set[Tuple[int, int]]:
    return {(t.idx, t.idx + len(t)) for t in doc if not t.is_space}


def score_tokenization(examples: Iterable[Example]) -> Dict[str, float]:
    """Token precision/recall/F1 by character offsets; token_acc = recall."""
    prf = PRF()
    for eg in examples:
        prf.score_sets(_char_spans(eg.predicted), _char_spans(eg.reference))
    return {"token_acc": prf.recall, "token_p": prf.precision, "token_r": prf.recall,
            "token_f": prf.fscore}


def score_token_attr(examples: Sequence[Example], attr: str, prop: str) -> Optional[float]:
    """Accuracy of a string attribute over the annotated reference tokens."""
    correct = total = 0
    for eg in examples:
        gold_doc = eg.reference
        if not gold_doc.has_annotation(attr):
            continue
        pred_tokens = list(eg.predicted)
        for gold, i in zip(gold_doc, one_to_one(eg)):
            value = getattr(gold, prop)
            if attr != "MORPH" and not value:
                continue
            total += 1
            correct += i >= 0 and getattr(pred_tokens[i], prop) == value
    return correct / total if total else None


def _is_punct(token) -> bool:
    return token.pos_ in PUNCT_POS if token.pos_ else token.is_punct


def score_deps(examples: Sequence[Example]) -> Dict[str, Any]:
    """UAS and LAS over every annotated reference word, and without punctuation.

    Labels compare case-insensitively (a root may be "root" or "ROOT").
    """
    counts = defaultdict(int)
    per_label: Dict[str, PRF] = defaultdict(PRF)
    for eg in examples:
        gold_doc = eg.reference
        if not gold_doc.has_annotation("DEP"):
            continue
        pred_tokens = list(eg.predicted)
        x_of_y = one_to_one(eg)
        for gold, i in zip(gold_doc, x_of_y):
            if not gold.dep_:
                continue
            label = gold.dep_.lower()
            head_ok = label_ok = False
            if i >= 0:
                pred = pred_tokens[i]
                head_ok = x_of_y[gold.head.i] == pred.head.i
                label_ok = pred.dep_.lower() == label
                if pred.dep_:
                    per_label[pred.dep_.lower()].fp += not (head_ok and label_ok)
            punct = _is_punct(gold)
            for key, ok in (("uas", head_ok), ("las", head_ok and label_ok)):
                counts[key] += ok
                counts[key + "_nopunct"] += ok and not punct
            counts["words"] += 1
            counts["words_nopunct"] += not punct
            if head_ok and label_ok:
                per_label[label].tp += 1
            else:
                per_label[label].fn += 1
    if not counts["words"]:
        return {}
    nopunct = max(counts["words_nopunct"], 1)
    return {
        "dep_uas": counts["uas"] / counts["words"],
        "dep_las": counts["las"] / counts["words"],
        "dep_uas_nopunct": counts["uas_nopunct"] / nopunct,
        "dep_las_nopunct": counts["las_nopunct"] / nopunct,
        "dep_las_per_type": {k: v.to_dict() for k, v in sorted(per_label.items())},
    }


def _sentence_spans(doc: Doc) -> Set[Tuple[int, int]]:
    return {(s.start_char, s.end_char) for s in doc.sents}


def score_sents(examples: Sequence[Example]) -> Dict[str, float]:
    """Sentence boundary precision/recall/F1, sentences compared by character offsets."""
    prf = PRF()
    seen = False
    for eg in examples:
        if not eg.reference.has_annotation("SENT_START"):
            continue
        seen = True
        predicted = (_sentence_spans(eg.predicted)
                     if eg.predicted.has_annotation("SENT_START") else set())
        prf.score_sets(predicted, _sentence_spans(eg.reference))
    if not seen:
        return {}
    return {"sents_p": prf.precision, "sents_r": prf.recall, "sents_f": prf.fscore}


def score_ents(examples: Sequence[Example]) -> Dict[str, Any]:
    """Entity precision/recall/F1 overall and per type, by character offsets.

    Predicted entities that touch reference tokens with missing annotation are
    not counted (nothing is known about them).
    """
    total = PRF()
    per_type: Dict[str, PRF] = defaultdict(PRF)
    seen = False
    for eg in examples:
        gold_doc = eg.reference
        if not gold_doc.has_annotation("ENT_IOB"):
            continue
        seen = True
        missing = [(t.idx, t.idx + len(t)) for t in gold_doc if t.ent_iob == 0]
        gold = {(e.start_char, e.end_char, e.label_) for e in gold_doc.ents}
        pred = {(e.start_char, e.end_char, e.label_) for e in eg.predicted.ents
                if not any(s < e.end_char and e.start_char < t for s, t in missing)}
        total.score_sets(pred, gold)
        for label in {e[2] for e in gold | pred}:
            per_type[label].score_sets({e for e in pred if e[2] == label},
                                       {e for e in gold if e[2] == label})
    if not seen:
        return {}
    return {"ents_p": total.precision, "ents_r": total.recall, "ents_f": total.fscore,
            "ents_per_type": {k: v.to_dict() for k, v in sorted(per_type.items())}}


def score_cats(examples: Sequence[Example], threshold: float = 0.5) -> Dict[str, Any]:
    """Text classification: micro P/R/F and macro F over labels at `threshold`."""
    per_label: Dict[str, PRF] = defaultdict(PRF)
    for eg in examples:
        gold = eg.reference.cats
        for label, value in gold.items():
            predicted = eg.predicted.cats.get(label, 0.0) >= threshold
            truth = value >= 0.5
            prf = per_label[label]
            prf.tp += predicted and truth
            prf.fp += predicted and not truth
            prf.fn += truth and not predicted
    if not per_label:
        return {}
    micro = PRF(sum(p.tp for p in per_label.values()), sum(p.fp for p in per_label.values()),
                sum(p.fn for p in per_label.values()))
    return {"cats_micro_p": micro.precision, "cats_micro_r": micro.recall,
            "cats_micro_f": micro.fscore,
            "cats_macro_f": sum(p.fscore for p in per_label.values()) / len(per_label),
            "cats_f_per_type": {k: v.to_dict() for k, v in sorted(per_label.items())}}


class Scorer:
    """Every applicable score for a list of Examples, as one flat dict."""

    def score(self, examples: Iterable[Example]) -> Dict[str, Any]:
        examples = list(examples)
        scores: Dict[str, Any] = dict(score_tokenization(examples))
        for attr, prop, key in TOKEN_ATTR_SCORES:
            accuracy = score_token_attr(examples, attr, prop)
            if accuracy is not None:
                scores[key] = accuracy
        scores.update(score_deps(examples))
        scores.update(score_sents(examples))
        scores.update(score_ents(examples))
        scores.update(score_cats(examples))
        return scores
