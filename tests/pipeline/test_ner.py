"""EntityRecognizer: learns tiny data, honours missing annotation, saves and loads, odd docs."""

import pytest
from small_configs import SMALL_TOK2VEC
from thinc.api import Adam

import nlpcore
from nlpcore import Doc
from nlpcore.training import Example
from nlpcore.vocab import Vocab

SMALL_NER = {"model": {"@architectures": "nlpcore.TransitionBasedParser.v1",
                       "state_type": "ner", "nr_feature_tokens": 3, "hidden_width": 32,
                       "maxout_pieces": 2, "use_upper": True, "nO": None,
                       "tok2vec": SMALL_TOK2VEC}}

DATA = [
    ("John Smith lives in Paris .".split(), ["B-PER", "I-PER", "O", "O", "B-LOC", "O"]),
    ("Mary visited New York City".split(), ["B-PER", "O", "B-LOC", "I-LOC", "I-LOC"]),
    ("nothing to see here".split(), ["O", "O", "O", "O"]),
]


def make_examples(nlp):
    return [Example(Doc(nlp.vocab, words), Doc(nlp.vocab, words, ents=tags))
            for words, tags in DATA]


@pytest.fixture(scope="module")
def trained():
    nlp = nlpcore.blank("en")
    ner = nlp.add_pipe("ner", config=SMALL_NER)
    egs = make_examples(nlp)
    ner.initialize(lambda: egs)
    optimizer = Adam(0.01)
    for _ in range(60):
        losses = ner.update(egs, sgd=optimizer)
    return nlp, ner, egs, losses


def test_ner_learns(trained):
    nlp, ner, egs, losses = trained
    assert ner.labels == ("LOC", "PER")
    assert losses["ner"] < 1.0
    for eg in egs:
        ner(eg.predicted)
    assert [(e.text, e.label_) for e in egs[1].predicted.ents] == [
        ("Mary", "PER"), ("New York City", "LOC")]
    assert ner.score(egs)["ents_f"] == 1.0


def test_ner_defaults_and_weights():
    nlp = nlpcore.blank("en")
    ner = nlp.add_pipe("ner")
    lower = ner.model.get_ref("lower")
    assert (lower.get_dim("nH"), lower.get_dim("nP"), lower.get_dim("nF")) == (64, 2, 6)
    assert nlp.get_factory_meta("ner").default_score_weights["ents_f"] == 1.0


def test_missing_annotation_costs_nothing():
    nlp = nlpcore.blank("en")
    ner = nlp.add_pipe("ner", config=SMALL_NER)
    egs = make_examples(nlp)
    ner.initialize(lambda: egs)
    words = "John Smith lives".split()
    missing = Example(Doc(nlp.vocab, words), Doc(nlp.vocab, words, ents=["-", "-", "-"]))
    gold = ner._gold(missing)
    state = ner.moves.init_state(3)
    _, costs = ner.moves.costs(state, gold)
    assert costs.max() == 0
    ner.update([missing], sgd=Adam(0.01))


def test_ner_round_trip_and_odd_docs(trained, tmp_path):
    nlp, ner, _, _ = trained
    text = "Mary lives in Paris"
    doc = nlp(text)
    nlp.to_disk(tmp_path / "n")
    loaded = nlpcore.load(tmp_path / "n")
    assert [(e.start, e.end, e.label_) for e in loaded(text).ents] == [
        (e.start, e.end, e.label_) for e in doc.ents]
    assert ner(Doc(nlp.vocab, [])).ents == ()
    ner(Doc(nlp.vocab, ["Paris"]))
    long_doc = ner(Doc(nlp.vocab, "John Smith lives in Paris .".split() * 834))
    assert len(long_doc) > 5000 and all(e.end <= len(long_doc) for e in long_doc.ents)
    preset = Doc(nlp.vocab, "John lives in Paris".split(), ents=["U-LOC", "-", "-", "-"])
    ner(preset)
    assert all(t.ent_iob_ in ("B", "I", "O") for t in preset)
    other = ner(Doc(Vocab("en"), "Mary visited Paris".split()))
    assert all(e.label_ in ("PER", "LOC") for e in other.ents)


def test_ner_threads_same_entities(trained):
    nlp, ner, egs, _ = trained
    texts = [" ".join(words) for words, _ in DATA] * 3 + [""]
    one = [[(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]
    ner.n_threads = 2
    try:
        two = [[(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(texts)]
    finally:
        ner.n_threads = 1
    assert one == two
    nlp2 = nlpcore.blank("en")
    assert nlp2.add_pipe("ner", config={"n_threads": 2}).n_threads == 2
    assert nlp2.config["components"]["ner"]["n_threads"] == 2
