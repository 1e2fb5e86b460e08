"""Corpus tests on the shared data: EWT round trips, reading all of EWT train, CoNLL-2003 counts."""

import time
import tracemalloc
from collections import Counter

import pytest

from nlpcore import Doc, Vocab
from nlpcore.training import Example, read_conllu, read_iob, read_textcat, write_conllu

pytestmark = pytest.mark.corpus


def _kept_columns(path) -> list:
    """Each line with DEPS as _, MISC reduced to SpaceAfter=No, empty nodes dropped."""
    out = []
    with open(path, encoding="utf8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 10:
                if "." in cols[0]:
                    continue
                cols[8] = "_"
                cols[9] = "SpaceAfter=No" if "SpaceAfter=No" in cols[9].split("|") else "_"
            out.append(cols)
    return out


@pytest.mark.parametrize("kwargs", [{}, {"by_document": True}], ids=["sentences", "documents"])
def test_ewt_dev_round_trip(data_dir, tmp_path, kwargs):
    gold = data_dir / "ud_en_ewt" / "en_ewt-ud-dev.conllu"
    out = tmp_path / "dev.conllu"
    docs = read_conllu(gold, Vocab(), **kwargs)
    assert write_conllu(docs, out) == 2001
    expected, written = _kept_columns(gold), _kept_columns(out)
    assert len(written) == len(expected)
    names = ["ID", "FORM", "LEMMA", "UPOS", "XPOS", "FEATS", "HEAD", "DEPREL", "DEPS", "MISC"]
    for n, (want, got) in enumerate(zip(expected, written), 1):
        if want != got:
            diff = [names[k] for k in range(len(want)) if k >= len(got) or want[k] != got[k]]
            pytest.fail(f"line {n}: columns {diff} differ: {want} vs {got}")


def test_ewt_dev_documents(data_dir):
    docs = list(
        read_conllu(data_dir / "ud_en_ewt" / "en_ewt-ud-dev.conllu", Vocab(), by_document=True)
    )
    assert len(docs) == 318
    assert sum(len(list(d.sents)) for d in docs) == 2001
    assert all("newdoc_id" in d.user_data for d in docs)


def test_ewt_train_reads_fast_in_flat_memory(data_dir):
    path = data_dir / "ud_en_ewt" / "en_ewt-ud-train.conllu"
    n_words = 0
    with open(path, encoding="utf8") as f:
        for line in f:
            head = line.split("\t", 1)[0]
            n_words += head.isdecimal()
    vocab = Vocab()
    start = time.perf_counter()
    n_docs = n_tokens = 0
    for doc in read_conllu(path, vocab):
        n_docs += 1
        n_tokens += len(doc)
    seconds = time.perf_counter() - start
    assert (n_docs, n_tokens) == (12544, n_words)
    assert seconds < 30
    # Streaming: a second pass with the vocab warm holds about one doc at a time.
    tracemalloc.start()
    try:
        for _ in read_conllu(path, vocab):
            pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 2**20


def test_conll2003_dev_entities(data_dir):
    path = data_dir / "conll2003" / "dev.iob"
    expected = Counter()
    with open(path, encoding="utf8") as f:
        for line in f:
            cols = line.split()
            if cols and cols[-1].startswith("B-"):
                expected[cols[-1][2:]] += 1
    docs = list(read_iob(path, Vocab()))
    got = Counter(e.label_ for d in docs for e in d.ents)
    assert got == expected
    assert got == {"LOC": 1837, "MISC": 922, "ORG": 1341, "PER": 1842}
    assert len(docs) == 3250
    by_doc = list(read_iob(path, Vocab(), by_document=True))
    assert sum(len(list(d.sents)) for d in by_doc) == 3250
    assert Counter(e.label_ for d in by_doc for e in d.ents) == got


def test_sst2_train(data_dir):
    docs = read_textcat(data_dir / "sst2" / "train.tsv", Vocab())
    counts = Counter()
    n = 0
    for doc in docs:
        n += 1
        counts[max(doc.cats, key=doc.cats.get)] += 1
    assert n == 67349
    assert set(counts) == {"0", "1"}


def test_ewt_dev_examples_from_raw_text(data_dir):
    """Gold EWT annotation projects onto the project tokenizer's tokens of the same text."""
    import nlpcore

    nlp = nlpcore.blank("en")
    n_tokens = n_single = 0
    for gold in read_conllu(data_dir / "ud_en_ewt" / "en_ewt-ud-dev.conllu", nlp.vocab):
        predicted = nlp.tokenizer(gold.text)
        eg = Example(predicted, gold)
        n_tokens += len(predicted)
        n_single += int((eg.alignment.x2y.lengths == 1).sum())
        heads, deps = eg.get_aligned_parse()
        # The projected arcs are a forest: the Doc accepts them (None = unattached).
        Doc(nlp.vocab, words=[t.text for t in predicted], heads=heads, deps=deps)
        assert len(eg.get_aligned_ents()) == len(predicted)
        assert len(eg.get_aligned("TAG")) == len(predicted)
    assert n_single / n_tokens > 0.95
