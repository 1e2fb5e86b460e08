"""Language.pipe(n_threads=...): shards of a batch on worker threads, same output as one thread.

Token vectors are compared with a float32 tolerance, not bit for bit: BLAS
(OpenBLAS) computes a row of a matrix product differently depending on its
position in the call, so a doc's vectors move in the last bits with the docs
batched beside it (already true of batch_size with one thread). Everything
read off the vectors (tags, heads, labels, entities) must be identical.
"""

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy
import pytest
from thinc.api import Adam
from threadpoolctl import threadpool_info

import nlpcore
from nlpcore import Doc, Language
from nlpcore.ml.models.parser import ParserBatch
from nlpcore.training import Example

WIDTH = 32
TOK2VEC = {"@architectures": "nlpcore.HashEmbedCNN.v1", "width": WIDTH, "depth": 2,
           "embed_size": 500, "window_size": 1, "maxout_pieces": 2,
           "subword_features": True, "pretrained_vectors": None}
LISTENER = {"@architectures": "nlpcore.Tok2VecListener.v1", "width": WIDTH,
            "upstream": "tok2vec"}


def transition_model(state_type: str, n_features: int) -> dict:
    return {"model": {"@architectures": "nlpcore.TransitionBasedParser.v1",
                      "state_type": state_type, "nr_feature_tokens": n_features,
                      "hidden_width": 32, "maxout_pieces": 2, "use_upper": True, "nO": None,
                      "tok2vec": LISTENER}}


# (words, tags, heads, deps, entities)
DATA = [
    ("John likes green eggs".split(), ["NNP", "VBZ", "JJ", "NNS"], [1, 1, 3, 1],
     ["nsubj", "ROOT", "amod", "obj"], ["U-PER", "O", "O", "O"]),
    ("Mary visited New York .".split(), ["NNP", "VBD", "NNP", "NNP", "."], [1, 1, 3, 1, 1],
     ["nsubj", "ROOT", "compound", "obj", "punct"], ["U-PER", "O", "B-LOC", "L-LOC", "O"]),
    ("They eat ham in Paris".split(), ["PRP", "VBP", "NN", "IN", "NNP"], [1, 1, 1, 4, 1],
     ["nsubj", "ROOT", "obj", "case", "obl"], ["O", "O", "O", "O", "U-LOC"]),
]


@pytest.fixture(scope="module")
def nlp():
    nlp = nlpcore.blank("en")
    nlp.add_pipe("tok2vec", config={"model": TOK2VEC})
    nlp.add_pipe("tagger", config={"model": {"@architectures": "nlpcore.Tagger.v1",
                                             "nO": None, "tok2vec": LISTENER}})
    nlp.add_pipe("parser", config=transition_model("parser", 8))
    nlp.add_pipe("ner", config=transition_model("ner", 3))
    examples = [Example(Doc(nlp.vocab, w), Doc(nlp.vocab, w, tags=t, heads=h, deps=d, ents=e))
                for w, t, h, d, e in DATA]
    optimizer = nlp.initialize(lambda: examples, sgd=Adam(0.01))
    for _ in range(40):
        nlp.update(examples, sgd=optimizer)
    return nlp


def texts(n: int = 60):
    """Sentences of varied length, from the training words, a few new words and empty ones."""
    rng = numpy.random.default_rng(7)
    words = [w for d in DATA for w in d[0]] + ["zebra", "Berlin", "quietly"]
    out = []
    for i in range(n):
        size = 0 if i % 17 == 5 else int(rng.integers(1, 25))
        out.append(" ".join(rng.choice(words, size)))
    return out


def annotations(doc: Doc):
    return ([t.text for t in doc], [t.tag_ for t in doc], [t.head.i for t in doc],
            [t.dep_ for t in doc], [(e.start, e.end, e.label_) for e in doc.ents])


def assert_same(docs, expected):
    assert len(docs) == len(expected)
    for doc, ref in zip(docs, expected):
        assert annotations(doc) == annotations(ref)
        if len(ref):
            numpy.testing.assert_allclose(doc.tensor, ref.tensor, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("batch_size", [7, 1000])
def test_one_thread_shards_give_the_annotations_of_one_doc_at_a_time(nlp, batch_size):
    data = texts(300)  # a batch of 1000 is cut into several shards
    assert_same(list(nlp.pipe(data, batch_size=batch_size)), [nlp(text) for text in data])


@pytest.mark.parametrize("n_threads", [2, 3])
@pytest.mark.parametrize("batch_size", [7, 1000])
def test_threads_give_the_annotations_of_one_thread(nlp, n_threads, batch_size):
    data = texts(300)  # a batch of 1000 is several shards a thread
    expected = list(nlp.pipe(data, batch_size=batch_size))
    assert any(e.label_ == "PER" for doc in expected for e in doc.ents)
    assert_same(list(nlp.pipe(data, batch_size=batch_size, n_threads=n_threads)), expected)
    docs = [nlp.make_doc(text) for text in data]
    assert_same(list(nlp.pipe(docs, batch_size=batch_size, n_threads=n_threads)), expected)


def test_order_and_small_batches(nlp):
    data = texts(9)
    expected = list(nlp.pipe(data))
    for n_threads, batch_size in ((3, 2), (4, 1), (8, 9)):
        got = list(nlp.pipe(iter(data), batch_size=batch_size, n_threads=n_threads))
        assert [d.text for d in got] == data
        assert_same(got, expected)
    assert list(nlp.pipe([], n_threads=2)) == []
    empty = list(nlp.pipe(["", Doc(nlp.vocab, [])], n_threads=3))
    assert [len(doc) for doc in empty] == [0, 0]


def test_pipes_running_at_once_on_two_threads(nlp):
    data = texts(120)
    expected = list(nlp.pipe(data))
    before = blas_threads()
    with ThreadPoolExecutor(2) as callers:
        runs = [callers.submit(lambda: list(nlp.pipe(data, batch_size=16, n_threads=2)))
                for _ in range(2)]
        for run in runs:
            assert_same(run.result(), expected)
    assert blas_threads() == before


def test_parser_decodes_on_its_own_thread_inside_a_shard(nlp, monkeypatch):
    seen = []
    original = ParserBatch.parse

    def record(self, states, n_threads=1):
        seen.append(n_threads)
        return original(self, states, n_threads=n_threads)

    monkeypatch.setattr(ParserBatch, "parse", record)
    parser = nlp.get_pipe("parser")
    parser.n_threads = 3
    try:
        list(nlp.pipe(texts(10), n_threads=2))
        assert seen and set(seen) == {1}
        seen.clear()
        list(nlp.pipe(texts(10)))
        assert 3 in seen
    finally:
        parser.n_threads = 1


def blas_threads():
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_blas_runs_on_one_thread_while_the_pipe_runs():
    before = blas_threads()
    seen = []

    @Language.component("record_blas_threads")
    def record_blas_threads(doc: Doc) -> Doc:
        seen.extend(blas_threads())
        return doc

    nlp = nlpcore.blank("en")
    nlp.add_pipe("record_blas_threads")
    assert [d.text for d in nlp.pipe(["a b", "c d e", "f"], batch_size=1, n_threads=2)] == [
        "a b", "c d e", "f"]
    assert seen and set(seen) == {1}
    assert blas_threads() == before
    docs = nlp.pipe((str(i) for i in range(100)), batch_size=3, n_threads=2)
    assert next(docs).text == "0"
    docs.close()  # stopping early gives the threads back too
    assert blas_threads() == before


def test_errors_in_a_shard_reach_the_caller():
    @Language.component("fail_on_boom")
    def fail_on_boom(doc: Doc) -> Doc:
        if "boom" in doc.text:
            raise RuntimeError("boom")
        return doc

    nlp = nlpcore.blank("en")
    nlp.add_pipe("fail_on_boom")
    texts = ["fine"] * 5 + ["boom here"] + ["fine"] * 6
    with pytest.raises(RuntimeError, match="boom"):
        list(nlp.pipe(texts, batch_size=4, n_threads=2))
    got = []
    with pytest.raises(RuntimeError, match="boom"):
        for doc in nlp.pipe(texts, batch_size=2, n_threads=3):
            got.append(doc.text)
    assert got == ["fine"] * 5  # the docs before the failing one, in order


@pytest.mark.parametrize("value", [0, -1, 1.5, True, "2", None])
def test_bad_thread_counts_are_coded(value):
    nlp = nlpcore.blank("en")
    with pytest.raises(ValueError, match="E225"):
        nlp.pipe(["a"], n_threads=value)  # raised at the call, before iterating


@pytest.mark.parametrize("value", [0, -3, 2.0])
def test_bad_batch_sizes_are_coded(value):
    with pytest.raises(ValueError, match="E216"):
        nlpcore.blank("en").pipe(["a"], batch_size=value)


def test_texts_are_tokenized_on_the_workers(nlp, monkeypatch):
    threads = []
    make_doc = nlp.make_doc

    def record(text):
        threads.append(threading.current_thread().name)
        return make_doc(text)

    monkeypatch.setattr(nlp, "make_doc", record)
    data = texts(40)
    got = list(nlp.pipe(data, batch_size=10, n_threads=2))
    assert [doc.text for doc in got] == data
    assert len(threads) == len(data)
    assert all(name.startswith("nlpcore-pipe") for name in threads)


def test_a_bad_input_is_coded_in_a_threaded_pipe():
    nlp = nlpcore.blank("en")
    with pytest.raises(TypeError, match="E207"):
        list(nlp.pipe(["a", 3, "b"], n_threads=2))
