"""DependencyParser: learns tiny data, saves and loads, scores, and handles odd docs."""

import numpy
import pytest
from small_configs import SMALL_TOK2VEC
from thinc.api import Adam

import nlpcore
from nlpcore import Doc
from nlpcore.training import Example
from nlpcore.vocab import Vocab

SMALL_PARSER = {"model": {"@architectures": "nlpcore.TransitionBasedParser.v1",
                          "state_type": "parser", "nr_feature_tokens": 8, "hidden_width": 32,
                          "maxout_pieces": 2, "use_upper": True, "nO": None,
                          "tok2vec": SMALL_TOK2VEC},
                "min_action_freq": 1}

# (words, heads, deps); the second has two sentences, the third a non-projective arc.
TREES = [
    ("I like green eggs".split(), [1, 1, 3, 1], ["nsubj", "ROOT", "amod", "obj"]),
    ("They eat ham . We sleep .".split(), [1, 1, 1, 1, 5, 5, 5],
     ["nsubj", "ROOT", "obj", "punct", "nsubj", "ROOT", "punct"]),
    ("A hearing is scheduled today on it".split(), [1, 3, 3, 3, 3, 1, 5],
     ["det", "nsubj", "aux", "ROOT", "obl", "nmod", "obj"]),
]


def make_examples(nlp):
    return [Example(Doc(nlp.vocab, words), Doc(nlp.vocab, words, heads=heads, deps=deps))
            for words, heads, deps in TREES]


def train(nlp, component, egs, steps=80):
    component.initialize(lambda: egs)
    optimizer = Adam(0.01)
    for _ in range(steps):
        losses = component.update(egs, sgd=optimizer)
    return losses


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    nlp = nlpcore.blank("en")
    parser = nlp.add_pipe("parser", config=SMALL_PARSER)
    egs = make_examples(nlp)
    losses = train(nlp, parser, egs)
    return nlp, parser, egs, losses


def test_parser_learns_training_trees(trained):
    nlp, parser, egs, losses = trained
    assert losses["parser"] < 1.0
    for eg in egs:
        parser(eg.predicted)
    scores = parser.score(egs)
    assert scores["dep_uas"] == 1.0 and scores["dep_las"] == 1.0
    # The non-projective arc comes back through deprojectivisation.
    assert [t.head.i for t in egs[2].predicted] == TREES[2][1]
    # Sentences follow the parse.
    assert [s.text for s in egs[1].predicted.sents] == ["They eat ham .", "We sleep ."]
    assert scores["sents_f"] == 1.0


def test_parser_labels_and_defaults():
    nlp = nlpcore.blank("en")
    parser = nlp.add_pipe("parser")
    model = parser.model
    assert model.get_ref("lower").get_dim("nH") == 128 and model.get_ref("lower").get_dim("nP") == 3
    assert model.attrs["nr_feature_tokens"] == 8
    assert parser.cfg["min_action_freq"] == 30
    with pytest.raises(ValueError, match="E360"):
        parser(nlp.make_doc("no moves yet"))
    meta = nlp.get_factory_meta("parser")
    assert meta.default_score_weights["dep_las"] == 0.5


def test_parser_save_load_same_output(trained, tmp_path):
    nlp, parser, egs, _ = trained
    text = "They like green ham . We eat eggs ."
    doc = nlp(text)
    nlp.to_disk(tmp_path / "p")
    loaded = nlpcore.load(tmp_path / "p")
    doc2 = loaded(text)
    assert [(t.head.i, t.dep_) for t in doc] == [(t.head.i, t.dep_) for t in doc2]
    again = type(parser)(nlp.vocab, parser.model, "parser").from_bytes(parser.to_bytes())
    assert again.cfg["moves"] == parser.cfg["moves"]


def test_parser_odd_docs(trained):
    nlp, parser, _, _ = trained
    empty = parser(Doc(nlp.vocab, []))
    assert len(empty) == 0
    one = parser(Doc(nlp.vocab, ["Hello"]))
    assert one[0].head.i == 0 and one[0].dep_
    long_words = (["They", "eat", "ham", "."] * 1250)
    long_doc = parser(Doc(nlp.vocab, long_words))
    assert len(long_doc) == 5000 and all(0 <= t.head.i < 5000 for t in long_doc)
    assert len(list(long_doc.sents)) >= 1
    # Pre-set heads are kept; the word without a label gets one from the parser.
    partial = Doc(nlp.vocab, "I like ham".split(), heads=[1, 1, 1], deps=["nsubj", "ROOT", None])
    parser(partial)
    assert all(t.dep_ for t in partial)
    assert [t.head.i for t in partial] == [1, 1, 1] and partial[0].dep_ == "nsubj"
    # A doc from another vocab is parsed and its labels readable.
    other = Doc(Vocab("en"), "I like eggs".split())
    parser(other)
    assert all(t.dep_ for t in other)
    docs = list(parser.pipe([Doc(nlp.vocab, []), Doc(nlp.vocab, ["a", "b"]), Doc(nlp.vocab, [])]))
    assert [len(d) for d in docs] == [0, 2, 0]


def test_hidden_dropout_trains_and_leaves_prediction_alone():
    nlp = nlpcore.blank("en")
    parser = nlp.add_pipe("parser", config={**SMALL_PARSER, "hidden_dropout": 0.3})
    assert nlp.config["components"]["parser"]["hidden_dropout"] == 0.3
    egs = make_examples(nlp)
    parser.initialize(lambda: egs)
    losses = parser.update(egs, sgd=Adam(0.001))
    assert losses["parser"] > 0
    words = [[t.text for t in eg.predicted] for eg in egs]
    first = [[t.head.i for t in d] for d in parser.pipe([Doc(nlp.vocab, w) for w in words])]
    again = [[t.head.i for t in d] for d in parser.pipe([Doc(nlp.vocab, w) for w in words])]
    assert first == again  # no dropout (and no randomness) in prediction


def test_segments_cut_at_sentence_boundaries():
    nlp = nlpcore.blank("en")
    parser = nlp.add_pipe("parser", config={**SMALL_PARSER, "max_segment_length": 3})
    egs = make_examples(nlp)
    parser.initialize(lambda: egs)
    starts, ends, index, _ = parser._segments(egs)
    assert list(zip(starts, ends, index)) == [(0, 4, 0), (0, 4, 1), (4, 7, 1), (0, 7, 2)]
    parser.update(egs, sgd=Adam(0.001))


def test_bad_settings_are_coded():
    nlp = nlpcore.blank("en")
    with pytest.raises(Exception, match="E361"):
        nlp.add_pipe("parser", config={"oracle_prob": 2.0})
    for bad in (1.0, -0.1, "0.2"):
        with pytest.raises(Exception, match="E372"):
            nlp.add_pipe("parser", name="hd", config={"hidden_dropout": bad})
    with pytest.raises(Exception, match="E362"):
        parser = nlp.add_pipe("parser", name="p2", config=SMALL_PARSER)
        parser.initialize(lambda: [Example(Doc(nlp.vocab, ["a"]), Doc(nlp.vocab, ["a"]))])


def test_multilabel_loss_gradient():
    from nlpcore.pipeline.transition_parser import multilabel_loss
    scores = numpy.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], dtype="float32")
    valid = numpy.array([[1, 1, 0], [1, 1, 1]], dtype="int32")
    costs = numpy.array([[0, 1, 0], [1, 1, 1]], dtype="float32")
    d, loss, best, gold_best = multilabel_loss(scores, valid, costs)
    p = numpy.exp([1.0, 2.0]) / numpy.exp([1.0, 2.0]).sum()
    numpy.testing.assert_allclose(d[0], [p[0] - 1, p[1], 0], rtol=1e-5)
    # No free move: the least-cost moves are gold, so nothing to learn.
    numpy.testing.assert_allclose(d[1], 0, atol=1e-6)
    assert best.tolist() == [1, 0] and gold_best[0] == 0
    assert loss == pytest.approx(-numpy.log(p[0]))


def test_parser_threads_setting(trained):
    nlp, parser, _, _ = trained
    assert parser.n_threads == 1 and nlp.get_factory_meta("parser").default_config["n_threads"] == 1
    texts = ["They like green ham . We eat eggs .", "I like eggs", "", "A hearing is today ."]
    one = [[(t.head.i, t.dep_) for t in doc] for doc in nlp.pipe(texts)]
    parser.n_threads = 2
    try:
        two = [[(t.head.i, t.dep_) for t in doc] for doc in nlp.pipe(texts)]
    finally:
        parser.n_threads = 1
    assert one == two
    with pytest.raises(ValueError, match="E363"):
        parser.n_threads = 0
    nlp2 = nlpcore.blank("en")
    threaded = nlp2.add_pipe("parser", config={**SMALL_PARSER, "n_threads": 3})
    assert threaded.n_threads == 3 and nlp2.config["components"]["parser"]["n_threads"] == 3
    with pytest.raises(Exception, match="E363"):
        nlp2.add_pipe("parser", name="p3", config={"n_threads": -1})


def test_parser_chunks_give_the_same_parses(trained, monkeypatch):
    from nlpcore.pipeline import transition_parser
    nlp, parser, _, _ = trained
    texts = ["They like green ham . We eat eggs .", "", "I like eggs", "A hearing is today ."] * 3
    whole = [[(t.head.i, t.dep_) for t in doc] for doc in nlp.pipe(texts)]
    monkeypatch.setattr(transition_parser, "PREDICT_CHUNK_TOKENS", 5)
    assert len(parser.predict([nlp.make_doc(t) for t in texts]).parts) > 3
    chunked = [[(t.head.i, t.dep_) for t in doc] for doc in nlp.pipe(texts)]
    assert whole == chunked
    assert len(parser.predict([])) == 0


def test_nonmonotonic_parser_trains_saves_and_loads(tmp_path):
    nlp = nlpcore.blank("en")
    parser = nlp.add_pipe("parser", config={**SMALL_PARSER, "nonmonotonic": True})
    egs = make_examples(nlp)
    train(nlp, parser, egs)
    assert parser.moves.nonmonotonic and "UNSHIFT" in parser.moves.move_names
    for eg in egs:
        parser(eg.predicted)
    assert parser.score(egs)["dep_uas"] == 1.0
    nlp.to_disk(tmp_path / "nm")
    loaded = nlpcore.load(tmp_path / "nm")
    assert loaded.get_pipe("parser").moves.nonmonotonic
    doc = loaded(" ".join(TREES[0][0]))
    assert [t.head.i for t in doc] == TREES[0][1]
    with pytest.raises(ValueError, match="E231"):
        nlp.add_pipe("parser", name="p2", config={"nonmonotonic": "yes"})


def test_a_batch_restores_the_lifted_arc_of_its_middle_doc(trained):
    nlp, parser, egs, _ = trained
    order = [0, 2, 1, 2]
    docs = [Doc(nlp.vocab, TREES[i][0]) for i in order] + [Doc(nlp.vocab, [])]
    parsed = list(parser.pipe(docs, batch_size=len(docs)))
    for i, doc in zip(order, parsed):
        assert [t.head.i for t in doc] == TREES[i][1]
        assert [t.dep_ for t in doc] == TREES[i][2]
