import random
import re
import subprocess
import sys

import pytest

from nlpcore import Doc
from nlpcore.training import Example, read_conllu, write_conllu
from nlpcore.training.scorer import PRF, Scorer, score_deps, score_ents, score_tokenization

WORDS = ["Alice", "met", "Bob", "in", "Paris", "."]
GOLD = dict(tags=["NNP", "VBD", "NNP", "IN", "NNP", "."],
            pos=["PROPN", "VERB", "PROPN", "ADP", "PROPN", "PUNCT"],
            heads=[1, 1, 1, 4, 1, 1], deps=["nsubj", "root", "obj", "case", "obl", "punct"],
            ents=["U-PER", "O", "U-PER", "O", "U-LOC", "O"])


def gold_doc(vocab):
    return Doc(vocab, WORDS, [True] * 4 + [False, False], **GOLD)


def test_prf():
    prf = PRF()
    prf.score_sets({1, 2, 3}, {2, 3, 4, 5})
    assert (prf.tp, prf.fp, prf.fn) == (2, 1, 2)
    assert prf.precision == pytest.approx(2 / 3) and prf.recall == pytest.approx(0.5)
    assert PRF().fscore == 0.0


def test_perfect_prediction_scores_one(vocab):
    scores = Scorer().score([Example(gold_doc(vocab), gold_doc(vocab))])
    for key in ("token_acc", "tag_acc", "pos_acc", "dep_uas", "dep_las", "sents_f", "ents_f"):
        assert scores[key] == 1.0, key
    assert "lemma_acc" not in scores


def test_known_errors(vocab):
    pred = Doc(vocab, WORDS, [True] * 4 + [False, False],
               tags=["NNP", "VBD", "NN", "IN", "NNP", "."],
               heads=[1, 1, 1, 2, 1, 1], deps=["nsubj", "ROOT", "nmod", "case", "obl", "punct"],
               ents=["U-PER", "O", "O", "O", "U-ORG", "O"])
    scores = Scorer().score([Example(pred, gold_doc(vocab))])
    assert scores["tag_acc"] == pytest.approx(5 / 6)
    assert scores["dep_uas"] == pytest.approx(5 / 6)        # "in" attached wrongly
    assert scores["dep_las"] == pytest.approx(4 / 6)        # + Bob's label; ROOT == root
    assert scores["dep_uas_nopunct"] == pytest.approx(4 / 5)
    assert scores["ents_p"] == pytest.approx(1 / 2) and scores["ents_r"] == pytest.approx(1 / 3)
    assert scores["ents_per_type"]["PER"]["r"] == pytest.approx(1 / 2)
    assert scores["ents_per_type"]["ORG"]["p"] == 0.0


def test_raw_text_scoring_counts_gold_words(vocab):
    gold = Doc(vocab, ["do", "n't", "go"], [False, True, False], tags=["VBP", "RB", "VB"])
    pred = Doc(vocab, ["don't", "go"], [True, False], tags=["VBP", "VB"])
    scores = Scorer().score([Example(pred, gold)])
    assert scores["token_p"] == pytest.approx(1 / 2) and scores["token_r"] == pytest.approx(1 / 3)
    assert scores["tag_acc"] == pytest.approx(1 / 3)


def test_missing_entity_annotation_is_not_counted(vocab):
    gold = Doc(vocab, ["A", "B", "C"], ents=["U-PER", "-", "O"])
    pred = Doc(vocab, ["A", "B", "C"], ents=["U-PER", "U-ORG", "O"])
    assert score_ents([Example(pred, gold)])["ents_p"] == 1.0


def test_unannotated_references_give_no_scores(vocab):
    eg = Example(Doc(vocab, ["a"]), Doc(vocab, ["a"]))
    assert score_deps([eg]) == {} and score_ents([eg]) == {}
    assert score_tokenization([eg])["token_f"] == 1.0


@pytest.mark.corpus
def test_attachment_scores_agree_with_the_ud_scoring_tool(data_dir, vocab, tmp_path):
    tool = data_dir.parent / "tools" / "ud_eval.py"
    if not tool.exists():
        pytest.skip(f"{tool} not found")
    gold_path = data_dir / "ud_en_ewt" / "en_ewt-ud-dev.conllu"
    gold_docs = list(read_conllu(gold_path, vocab))[:400]
    rng = random.Random(0)
    predicted = []
    for gold in gold_docs:
        doc = Doc(vocab).from_bytes(gold.to_bytes())
        for token in doc:
            if rng.random() < 0.1:
                token.dep_ = "dep"
            new_head = rng.randrange(len(doc))
            # Keep one root per sentence, so the written sentences stay whole.
            if rng.random() < 0.1 and new_head != token.i:
                try:
                    token.head = doc[new_head]
                except ValueError:  # would form a cycle: keep the gold head
                    pass
        predicted.append(doc)
    write_conllu(gold_docs, tmp_path / "gold.conllu")
    write_conllu(predicted, tmp_path / "pred.conllu")
    out = subprocess.run([sys.executable, str(tool), str(tmp_path / "gold.conllu"),
                          str(tmp_path / "pred.conllu")], capture_output=True, text=True,
                         check=True).stdout
    uas, las = (float(re.search(name + r" ([\d.]+)", out).group(1)) for name in ("UAS", "LAS"))
    scores = score_deps([Example(p, g) for p, g in zip(predicted, gold_docs)])
    assert scores["dep_uas"] == pytest.approx(uas, abs=1e-4)
    assert scores["dep_las"] == pytest.approx(las, abs=1e-4)
    assert scores["dep_las"] < 0.95
