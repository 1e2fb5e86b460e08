"""The supertagger: (UPOS, dep, head direction) labels, training through the shared
tok2vec, nothing done at prediction time, save/load, init config."""

import numpy
import pytest
from small_configs import SMALL_TOK2VEC as TOK2VEC
from thinc.api import Adam, Config

import nlpcore
from nlpcore import Doc
from nlpcore.cli.init_config import make_config
from nlpcore.pipeline import Supertagger
from nlpcore.pipeline.supertagger import PARTS, supertag
from nlpcore.training import Example, read_conllu
from nlpcore.training.loop import Evaluation, resolve_training, train_steps

WIDTH = TOK2VEC["width"]
LISTENING_MODEL = {"@architectures": "nlpcore.Tagger.v1", "nO": None,
                   "tok2vec": {"@architectures": "nlpcore.Tok2VecListener.v1",
                               "width": WIDTH, "upstream": "tok2vec"}}
# words, tags, UPOS, heads, deps
DATA = [
    (["I", "like", "ham", "."], ["PRP", "VBP", "NN", "."], ["PRON", "VERB", "NOUN", "PUNCT"],
     [1, 1, 1, 1], ["nsubj", "ROOT", "obj", "punct"]),
    (["Eat", "green", "eggs", "."], ["VB", "JJ", "NNS", "."], ["VERB", "ADJ", "NOUN", "PUNCT"],
     [0, 2, 0, 0], ["ROOT", "amod", "obj", "punct"]),
    (["They", "eat", "ham", "."], ["PRP", "VBP", "NN", "."], ["PRON", "VERB", "NOUN", "PUNCT"],
     [1, 1, 1, 1], ["nsubj", "ROOT", "obj", "punct"]),
]
FULL_LABELS = ["PRON|nsubj|R", "VERB|ROOT|ROOT", "NOUN|obj|L", "PUNCT|punct|L",
               "ADJ|amod|R"]


def make_examples(nlp):
    return [Example(Doc(nlp.vocab, w), Doc(nlp.vocab, w, tags=t, pos=p, heads=h, deps=d))
            for w, t, p, h, d in DATA]


def pipeline(*, tagger=False, **settings):
    nlp = nlpcore.blank("en")
    nlp.add_pipe("tok2vec", config={"model": TOK2VEC})
    if tagger:
        nlp.add_pipe("tagger", config={"model": LISTENING_MODEL})
    nlp.add_pipe("supertagger", config={"model": LISTENING_MODEL, "min_freq": 1, **settings})
    return nlp, make_examples(nlp)


def params(model):
    return [node.get_param(name).copy() for node in model.walk()
            for name in node.param_names if node.has_param(name)]


def test_supertags_of_all_parts_and_subsets(parsed_doc):
    assert [supertag(t) for t in parsed_doc] == [
        "PROPN|nsubj|R", "VERB|ROOT|ROOT", "PROPN|obj|L", "PUNCT|punct|L",
        "PRON|nsubj|R", "VERB|ROOT|ROOT", "PUNCT|punct|L"]
    assert [supertag(t, ["dir", "pos"]) for t in parsed_doc][:3] == [
        "PROPN|R", "VERB|ROOT", "PROPN|L"]
    assert [supertag(t, ["dep"]) for t in parsed_doc][:2] == ["nsubj", "ROOT"]
    assert [supertag(t, ["dir"]) for t in parsed_doc][:2] == ["R", "ROOT"]


def test_missing_parts_give_no_supertag(vocab):
    doc = Doc(vocab, ["a", "b", "c"], pos=["DET", None, "NOUN"], heads=[2, 2, None],
              deps=["det", "nsubj", None])
    assert [supertag(t) for t in doc] == ["DET|det|R", None, None]
    assert [supertag(t, ["pos"]) for t in doc] == ["DET", None, "NOUN"]
    assert [supertag(t, ["dir"]) for t in doc] == ["R", "R", None]
    no_parse = Doc(vocab, ["a", "b"], pos=["DET", "NOUN"])
    assert [supertag(t, ["pos", "dir"]) for t in no_parse] == [None, None]


SUBSETS = [list(PARTS), ["pos"], ["dep"], ["dir"], ["pos", "dir"], ["dep", "dir"]]


@pytest.mark.parametrize("parts", SUBSETS)
def test_fast_reference_labels_match_the_plain_reference(parts, parsed_doc, vocab):
    nlp, examples = pipeline(parts=parts)
    st = nlp.get_pipe("supertagger")
    missing = Doc(vocab, ["a", "b", "c"], pos=["DET", None, "NOUN"], heads=[2, 2, None],
                  deps=["det", "nsubj", None])
    for doc in (parsed_doc, missing, Doc(vocab, []), *(eg.reference for eg in examples)):
        for _ in range(2):  # the second pass reads the cache
            assert st.reference_labels(doc) == [supertag(t, parts) for t in doc]


def test_fast_reference_labels_match_on_ewt_dev(data_dir):
    path = data_dir / "ud_en_ewt" / "en_ewt-ud-dev.conllu"
    if not path.exists():
        pytest.skip(f"{path} not found")
    st = pipeline()[0].get_pipe("supertagger")
    for doc in read_conllu(path, st.vocab):
        assert st.reference_labels(doc) == [supertag(t) for t in doc]


@pytest.mark.parametrize("settings,code", [
    ({"parts": []}, "E230"), ({"parts": ["pos", "pos"]}, "E230"),
    ({"parts": ["pos", "head"]}, "E230"), ({"min_freq": 0}, "E231"),
    ({"loss_weight": -1.0}, "E231")])
def test_bad_settings_are_refused(settings, code):
    with pytest.raises(ValueError, match=code):
        pipeline(**settings)


def test_labels_in_first_seen_order_and_min_freq():
    nlp, examples = pipeline(min_freq=1)
    nlp.initialize(lambda: examples)
    assert list(nlp.get_pipe("supertagger").labels) == FULL_LABELS
    nlp, examples = pipeline(min_freq=2)
    nlp.initialize(lambda: examples)
    st = nlp.get_pipe("supertagger")
    assert "ADJ|amod|R" not in st.labels and len(st.labels) == 4
    nlp, examples = pipeline(parts=["pos", "dir"], min_freq=3)
    nlp.initialize(lambda: examples)
    assert nlp.get_pipe("supertagger").labels == ("VERB|ROOT", "NOUN|L", "PUNCT|L")
    nlp, examples = pipeline(min_freq=4)
    with pytest.raises(ValueError, match="E232"):
        nlp.initialize(lambda: examples)


def test_dropped_supertags_are_missing_in_the_loss():
    nlp, examples = pipeline(min_freq=2)
    nlp.initialize(lambda: examples)
    st = nlp.get_pipe("supertagger")
    egs = examples[1:2]  # "Eat green eggs ." : "green" is ADJ|amod|R, seen once
    nlp.get_pipe("tok2vec")(egs[0].predicted)  # the listener reads doc.tensor
    scores = st.model.predict([egs[0].predicted])
    _, d_scores = st.get_loss(egs, scores)
    assert not d_scores[0][1].any() and d_scores[0][0].any() and d_scores[0][2].any()


def test_loss_weight_scales_loss_and_gradient():
    nlp, examples = pipeline(loss_weight=2.5)
    nlp.initialize(lambda: examples)
    st = nlp.get_pipe("supertagger")
    docs = [eg.predicted for eg in examples]
    list(nlp.get_pipe("tok2vec").pipe(docs))
    scores = st.model.predict(docs)
    loss, d_scores = st.get_loss(examples, scores)
    st.cfg["loss_weight"] = 1.0
    plain_loss, plain_d = st.get_loss(examples, scores)
    assert loss == pytest.approx(2.5 * plain_loss) and plain_loss > 0
    for scaled, plain in zip(d_scores, plain_d):
        numpy.testing.assert_allclose(scaled, 2.5 * plain, rtol=1e-6)


def test_training_lowers_its_loss_and_moves_the_shared_tok2vec():
    nlp, examples = pipeline()
    optimizer = nlp.initialize(lambda: examples, sgd=Adam(0.01))
    before = params(nlp.get_pipe("tok2vec").model)
    first = nlp.update(examples, sgd=optimizer)
    for _ in range(40):
        losses = nlp.update(examples, sgd=optimizer)
    assert losses["supertagger"] < first["supertagger"] / 4
    after = params(nlp.get_pipe("tok2vec").model)
    assert any(not numpy.allclose(a, b) for a, b in zip(before, after))
    assert nlp.evaluate(examples)["supertag_acc"] == 1.0


def test_zero_loss_weight_leaves_the_shared_tok2vec_alone():
    nlp, examples = pipeline(loss_weight=0.0)
    optimizer = nlp.initialize(lambda: examples, sgd=Adam(0.01))
    before = params(nlp.get_pipe("tok2vec").model)
    for _ in range(3):
        losses = nlp.update(examples, sgd=optimizer)
    assert losses["supertagger"] == 0.0
    after = params(nlp.get_pipe("tok2vec").model)
    assert all(numpy.array_equal(a, b) for a, b in zip(before, after))


def test_prediction_runs_nothing_and_writes_nothing(monkeypatch):
    nlp, examples = pipeline(tagger=True)
    optimizer = nlp.initialize(lambda: examples, sgd=Adam(0.01))
    for _ in range(30):
        nlp.update(examples, sgd=optimizer)
    with nlp.select_pipes(disable="supertagger"):
        expected = [[(t.tag_, t.pos_, t.dep_, t.head.i) for t in doc]
                    for doc in nlp.pipe(["I like ham .", "Eat green eggs ."])]
    st = nlp.get_pipe("supertagger")

    def refuse(*args, **kwargs):
        raise AssertionError("the supertagger's model ran at prediction time")

    monkeypatch.setattr(st, "predict", refuse)
    monkeypatch.setattr(st.model.get_ref("output"), "_func", refuse)  # its softmax's forward
    got = [[(t.tag_, t.pos_, t.dep_, t.head.i) for t in doc]
           for doc in nlp.pipe(["I like ham .", "Eat green eggs ."])]
    assert got == expected
    doc = nlp("They like ham .")
    assert [t.tag_ for t in doc] == ["PRP", "VBP", "NN", "."]
    assert [t.pos_ for t in doc] == ["", "", "", ""] and [t.dep_ for t in doc] == [""] * 4
    bare = Doc(nlp.vocab, ["I", "like"])
    assert st(bare) is bare and list(st.pipe([bare])) == [bare]


def test_score_is_empty_without_vectors():
    nlp, examples = pipeline()
    nlp.initialize(lambda: examples)  # (stores vectors on the sample docs)
    assert nlp.get_pipe("supertagger").score(make_examples(nlp)) == {}


def test_save_and_load_keep_labels_settings_and_weights(tmp_path):
    nlp, examples = pipeline(parts=["pos", "dir"], min_freq=1, loss_weight=0.5)
    optimizer = nlp.initialize(lambda: examples, sgd=Adam(0.01))
    for _ in range(5):
        nlp.update(examples, sgd=optimizer)
    nlp.to_disk(tmp_path / "p")
    loaded = nlpcore.load(tmp_path / "p")
    st, st2 = nlp.get_pipe("supertagger"), loaded.get_pipe("supertagger")
    assert isinstance(st2, Supertagger)
    assert st2.labels == st.labels and "NOUN|L" in st2.labels
    assert (st2.cfg["parts"], st2.cfg["loss_weight"]) == (["pos", "dir"], 0.5)
    assert all(numpy.array_equal(a, b) for a, b in zip(params(st.model), params(st2.model)))
    assert loaded.evaluate(make_examples(loaded))["supertag_acc"] == pytest.approx(
        nlp.evaluate(examples)["supertag_acc"])


def write_conllu(path):
    lines = []
    for words, _, pos, heads, deps in DATA:
        for i, (word, upos, head, dep) in enumerate(zip(words, pos, heads, deps), 1):
            head_id = 0 if head == i - 1 else head + 1
            lines.append(f"{i}\t{word}\t_\t{upos}\tXX\t_\t{head_id}\t{dep}\t_\t_")
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf8")
    return path


def test_init_config_with_supertagger_trains(tmp_path):
    config = make_config("en", ["tagger", "parser", "supertagger"], "efficiency")
    model = config["components"]["supertagger"]["model"]
    assert model["@architectures"] == "nlpcore.Tagger.v1"
    assert model["tok2vec"]["@architectures"] == "nlpcore.Tok2VecListener.v1"
    corpus = write_conllu(tmp_path / "train.conllu")
    config = config.merge(Config({
        "paths": {"train": str(corpus), "dev": str(corpus)},
        "components": {"tok2vec": {"model": {"embed": {"rows": [300, 100, 100, 100]},
                                             "encode": {"width": 32, "depth": 1}}},
                       "parser": {"min_action_freq": 1},
                       "supertagger": {"min_freq": 1}},
        "training": {"max_steps": 2, "eval_frequency": 2, "batcher": {"size": 20}},
    }))
    nlp, settings = resolve_training(config)
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser", "supertagger"]
    assert settings.score_weights["supertag_acc"] == 0.0
    events = list(train_steps(nlp, settings))
    evaluation = [e for e in events if isinstance(e, Evaluation)][-1]
    assert evaluation.losses["supertagger"] > 0
    assert 0.0 <= evaluation.scores["supertag_acc"] <= 1.0
    assert len(nlp.get_pipe("tok2vec").listeners) == 3
