"""Every EWT train tree (projectivised) and every CoNLL-2003 train entity
sequence is reachable by zero-cost moves."""

import pytest

from nlpcore import Vocab
from nlpcore.training import read_conllu, read_iob
from nlpcore.transition import ArcEager, BiluoNER
from nlpcore.transition.arc_eager import doc_gold
from nlpcore.transition.oracle import projectivity_stats

pytestmark = pytest.mark.corpus


def ewt_train(data_dir):
    path = data_dir / "ud_en_ewt" / "en_ewt-ud-train.conllu"
    if not path.exists():
        pytest.skip(f"{path} not found")
    return path


def conll_train(data_dir):
    path = data_dir / "conll2003" / "train.iob"
    if not path.exists():
        pytest.skip(f"{path} not found")
    return path


@pytest.mark.parametrize("nonmonotonic", [False, True])
def test_ewt_train_trees_reachable_and_restored(data_dir, nonmonotonic):
    vocab = Vocab("en")
    docs = list(read_conllu(ewt_train(data_dir), vocab))
    stats = projectivity_stats(doc_gold(doc) for doc in docs)
    assert stats["arcs_restored"] >= 0.995
    assert 0 < stats["nonprojective_sentences"] < 0.1
    system = ArcEager.from_docs(vocab.strings, docs, nonmonotonic=nonmonotonic)
    unreachable = [i for i, doc in enumerate(docs)
                   if not system.oracle_walk(system.gold_from_doc(doc))[2]]
    assert not unreachable, f"{len(unreachable)} trees, first {unreachable[:5]}"


def test_conll_train_entities_reachable(data_dir):
    vocab = Vocab("en")
    docs = list(read_iob(conll_train(data_dir), vocab))
    system = BiluoNER.from_docs(vocab.strings, docs)
    assert system.labels == ["LOC", "MISC", "ORG", "PER"]
    unreachable = []
    for i, doc in enumerate(docs):
        gold = system.gold_from_doc(doc)
        state = system.init_state(doc)
        system.oracle_sequence(gold, state)  # leaves the state final
        if system.entities(state) != [(e.start, e.end, e.label_) for e in doc.ents]:
            unreachable.append(i)
    assert not unreachable, f"{len(unreachable)} sequences, first {unreachable[:5]}"
