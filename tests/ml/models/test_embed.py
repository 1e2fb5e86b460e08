import numpy
import pytest

from nlpcore import Doc, Vocab
from nlpcore.ml.models.embed import CharacterEmbed, MultiHashEmbed, StaticVectorsArchitecture
from nlpcore.vectors import Vectors


def test_multihashembed_sizes_and_output(docs):
    model = MultiHashEmbed(16, ["NORM", "PREFIX", "SUFFIX", "SHAPE"], [100, 50, 50, 50])
    model.initialize(X=docs)
    tables = [node for node in model.walk() if node.name == "hashembed"]
    assert [t.get_param("E").shape for t in tables] == [(100, 16), (50, 16), (50, 16), (50, 16)]
    mix = [node for node in model.walk() if node.name == "maxout_ln"][0]
    assert mix.get_param("W").shape == (16, 3, 64)
    out = model.predict(docs)
    assert [o.shape for o in out] == [(len(d), 16) for d in docs]


def test_fused_concat_matches_separate_hashembeds(docs):
    model = MultiHashEmbed(8, ["NORM", "SHAPE"], [30, 20])
    model.initialize()
    concat = [node for node in model.walk() if node.name == "hashembed_concat"][0]
    Y = concat.predict(model.layers[0].layers[0].predict(docs)).dataXd
    parts = [numpy.concatenate(table.predict(docs)) for table in concat.layers]
    numpy.testing.assert_allclose(Y, numpy.concatenate(parts, axis=1))


def test_multihashembed_gradient_check(docs, check_gradients, to_float64):
    model = MultiHashEmbed(6, ["NORM", "PREFIX"], [20, 10])
    model.initialize()
    to_float64(model)
    assert check_gradients(model, docs) == 6  # two tables, W, b, G, beta


def test_characterembed_gradient_check(docs, check_gradients, to_float64):
    model = CharacterEmbed(6, 20, nM=3, nC=4)
    model.initialize(X=docs)
    out = model.predict(docs)
    assert [o.shape for o in out] == [(len(d), 6) for d in docs]
    to_float64(model)
    assert check_gradients(model, docs) == 6  # chars E, NORM E, W, b, G, beta


def test_bad_arguments():
    with pytest.raises(ValueError, match="E264"):
        MultiHashEmbed(8, ["NORM", "SHAPE"], [30])
    with pytest.raises(ValueError, match="E254"):
        MultiHashEmbed(8, ["NORM"], [0])
    with pytest.raises(ValueError, match="E255"):
        MultiHashEmbed(-1, ["NORM"], [10])
    with pytest.raises(ValueError, match="E254"):
        CharacterEmbed(8, -5, nM=4, nC=4)


def vectors_vocab():
    vocab = Vocab("en")
    rng = numpy.random.default_rng(0)
    words = ["the", "cat", "sat"]
    keys = [vocab[w].orth for w in words]
    vocab.vectors = Vectors(rng.normal(size=(3, 5)).astype("f"), keys)
    return vocab


def test_static_vectors():
    vocab = vectors_vocab()
    docs = [Doc(vocab, words=["the", "dog", "sat"]), Doc(vocab, words=[])]
    model = StaticVectorsArchitecture(4)
    model.initialize(X=docs)
    assert model.get_dim("nM") == 5
    Y = model.predict(docs)
    W = model.get_param("W")
    V = vocab.vectors
    numpy.testing.assert_allclose(Y.dataXd[0], V[vocab["the"].orth] @ W.T, rtol=1e-5)
    assert (Y.dataXd[1] == 0).all()  # "dog" has no vector
    Y, bp = model.begin_update(docs)
    bp(Y)
    assert model.get_grad("W").shape == W.shape


def test_static_vectors_in_multihashembed_and_errors():
    vocab = vectors_vocab()
    docs = [Doc(vocab, words=["the", "cat"])]
    model = MultiHashEmbed(8, ["NORM"], [10], include_static_vectors=True)
    model.initialize(X=docs)
    assert model.predict(docs)[0].shape == (2, 8)
    other = Doc(Vocab("en"), words=["the"])
    with pytest.raises(ValueError, match="E251"):
        model.predict(docs + [other])
    empty = StaticVectorsArchitecture(4, 5)
    empty.initialize()
    with pytest.raises(ValueError, match="E273"):
        empty.predict([other])
