import numpy
import pytest
from thinc.api import chain, fix_random_seed

from nlpcore import Doc, Vocab
from nlpcore.ml.maxout import MaxoutLN
from nlpcore.ml.models.embed import MultiHashEmbed
from nlpcore.ml.models.encode import MaxoutWindowEncoder
from nlpcore.ml.models.tok2vec import HashCharEmbedBiLSTM, HashCharEmbedCNN, HashEmbedCNN, Tok2Vec

CNN_ARGS = dict(
    width=32,
    depth=2,
    embed_size=100,
    window_size=1,
    maxout_pieces=3,
    subword_features=True,
    pretrained_vectors=None,
)


def build(seed=0, **overrides):
    fix_random_seed(seed)
    return HashEmbedCNN(**{**CNN_ARGS, **overrides})


def test_hashembedcnn_matches_spacy_sizes(docs):
    model = build(width=96, depth=4, embed_size=2000)
    model.initialize(X=docs)
    shapes = sorted(
        (n.name, k, n.get_param(k).shape)
        for n in model.walk()
        for k in n.param_names
        if n.has_param(k)
    )
    spacy = pytest.importorskip("spacy")
    spacy.blank("en")
    theirs = spacy.registry.architectures.get("spacy.HashEmbedCNN.v2")(
        width=96,
        depth=4,
        embed_size=2000,
        window_size=1,
        maxout_pieces=3,
        subword_features=True,
        pretrained_vectors=None,
    )
    import spacy.tokens

    theirs.initialize(X=[spacy.tokens.Doc(spacy.vocab.Vocab(), words=["a", "b"])])
    n_ours = sum(int(numpy.prod(s)) for _, _, s in shapes)
    n_theirs = sum(
        n.get_param(k).size for n in theirs.walk() for k in n.param_names if n.has_param(k)
    )
    assert n_ours == n_theirs
    assert [s for name, k, s in shapes if name == "hashembed"] == [(1000, 96)] * 3 + [(2000, 96)]


def test_output_shapes_and_empty_docs(docs, vocab):
    model = build()
    model.initialize(X=docs)
    out = model.predict(docs)
    assert [o.shape for o in out] == [(len(d), 32) for d in docs]
    assert model.predict([]) == []
    empty = model.predict([Doc(vocab, words=[]), Doc(vocab, words=[])])
    assert [o.shape for o in empty] == [(0, 32), (0, 32)]
    Y, bp = model.begin_update(docs)
    assert bp(Y) == []


def test_same_seed_same_output(docs):
    outputs = []
    for seed in (1, 1, 2):
        model = build(seed)
        model.initialize(X=docs)
        outputs.append(numpy.concatenate(model.predict(docs)))
    numpy.testing.assert_array_equal(outputs[0], outputs[1])
    assert not numpy.allclose(outputs[0], outputs[2])


def test_doc_from_another_vocab_gives_the_same_vectors(docs):
    model = build()
    model.initialize(X=docs)
    other = [Doc(Vocab("en"), words=[t.text for t in d]) for d in docs]
    for a, b in zip(model.predict(docs), model.predict(other)):
        numpy.testing.assert_array_equal(a, b)


def test_shape_inference_through_chain(docs):
    model = chain(build(), MaxoutWindowEncoder(32, 1, 2, 1))
    model.initialize(X=docs)
    head = chain(MultiHashEmbed(16, ["NORM"], [50]), MaxoutWindowEncoder(16, 1, 2, 1))
    from thinc.api import with_array

    full = chain(head, with_array(MaxoutLN(7)))
    full.initialize(X=docs)
    last = full.layers[-1].layers[0]
    assert last.get_dim("nI") == 16 and last.get_dim("nO") == 7
    assert [y.shape for y in full.predict(docs)] == [(len(d), 7) for d in docs]


def test_serialization_round_trips(docs, tmp_path):
    model = build(0)
    model.initialize(X=docs)
    expected = numpy.concatenate(model.predict(docs))
    data = model.to_bytes()
    other = build(5)
    other.initialize(X=docs)
    other.from_bytes(data)
    numpy.testing.assert_array_equal(numpy.concatenate(other.predict(docs)), expected)
    model.to_disk(tmp_path / "model")
    third = build(7)
    third.initialize(X=docs)
    third.from_disk(tmp_path / "model")
    numpy.testing.assert_array_equal(numpy.concatenate(third.predict(docs)), expected)


def test_mismatched_widths():
    with pytest.raises(ValueError, match="E265"):
        Tok2Vec(MultiHashEmbed(16, ["NORM"], [10]), MaxoutWindowEncoder(32, 1, 3, 1))


def test_mismatched_input_width(docs):
    encoder = MaxoutWindowEncoder(8, 1, 3, 1)
    encoder.initialize(X=[numpy.zeros((2, 8), dtype="f")])
    with pytest.raises(ValueError, match="E261"):
        encoder.predict([numpy.zeros((2, 5), dtype="f")])


def test_hashcharembedcnn(docs):
    model = HashCharEmbedCNN(
        width=16,
        depth=2,
        embed_size=50,
        window_size=1,
        maxout_pieces=3,
        nM=4,
        nC=4,
        pretrained_vectors=None,
    )
    model.initialize(X=docs)
    assert [o.shape for o in model.predict(docs)] == [(len(d), 16) for d in docs]


def test_hashcharembedbilstm(docs):
    pytest.importorskip("torch")
    model = HashCharEmbedBiLSTM(
        width=16, depth=1, embed_size=50, nM=4, nC=4, dropout=0.0, pretrained_vectors=None
    )
    model.initialize(X=docs)
    Y, bp = model.begin_update(docs)
    assert [o.shape for o in Y] == [(len(d), 16) for d in docs]
    bp(Y)


def test_training_reduces_loss(docs):
    from thinc.api import Adam

    model = build()
    model.initialize(X=docs)
    opt = Adam(0.01)
    losses = []
    for _ in range(20):
        Y, bp = model.begin_update(docs)
        losses.append(sum(float((y**2).sum()) for y in Y))
        bp([2 * y for y in Y])
        model.finish_update(opt)
    assert losses[-1] < losses[0]
