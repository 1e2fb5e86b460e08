import struct

import numpy
import pytest
from thinc.api import fix_random_seed

from nlpcore import Doc, Vocab
from nlpcore.ml.featureextractor import extract_batch
from nlpcore.ml.hashembed import HashEmbed, gather_sum, hash_keys, scatter_add

M32 = 0xFFFFFFFF


def _rotl(x, r):
    return ((x << r) | (x >> (32 - r))) & M32


def _fmix(h):
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & M32
    return h ^ (h >> 16)


def murmur3_x86_128_of_8_bytes(data: bytes, seed: int):
    """Plain-Python MurmurHash3_x86_128 for an 8-byte key (tail-only path)."""
    c1, c2, c3 = 0x239B961B, 0xAB0E9789, 0x38B34AE5
    h1 = h2 = h3 = h4 = seed
    k2, k1 = struct.unpack("<I", data[4:8])[0], struct.unpack("<I", data[0:4])[0]
    k2 = (k2 * c2) & M32
    k2 = _rotl(k2, 16)
    k2 = (k2 * c3) & M32
    h2 ^= k2
    k1 = (k1 * c1) & M32
    k1 = _rotl(k1, 15)
    k1 = (k1 * c2) & M32
    h1 ^= k1
    h1 ^= 8
    h2 ^= 8
    h3 ^= 8
    h4 ^= 8
    h1 = (h1 + h2 + h3 + h4) & M32
    h2 = (h2 + h1) & M32
    h3 = (h3 + h1) & M32
    h4 = (h4 + h1) & M32
    h1, h2, h3, h4 = _fmix(h1), _fmix(h2), _fmix(h3), _fmix(h4)
    h1 = (h1 + h2 + h3 + h4) & M32
    h2 = (h2 + h1) & M32
    h3 = (h3 + h1) & M32
    h4 = (h4 + h1) & M32
    return [h1, h2, h3, h4]


def test_hash_keys_match_python_murmurhash3():
    ids = numpy.array([0, 1, 12345678901234567, 2**64 - 1], dtype=numpy.uint64)
    keys = hash_keys(ids[:, None], [7], [1000])
    for i, value in enumerate(ids):
        expected = murmur3_x86_128_of_8_bytes(struct.pack("<Q", int(value)), 7)
        assert list(keys[i, 0]) == [h % 1000 for h in expected]


def test_forward_is_sum_of_four_rows(docs):
    model = HashEmbed(6, 37, "NORM", seed=11)
    model.initialize()
    E = model.get_param("E")
    out = model.predict(docs)
    ids, lengths = extract_batch(docs, [66])
    keys = hash_keys(ids, [11], [37])
    expected = E[keys[:, 0]].sum(axis=1)
    numpy.testing.assert_allclose(numpy.concatenate(out), expected, rtol=1e-6)
    assert [len(o) for o in out] == [len(d) for d in docs]


def test_every_id_has_a_vector():
    model = HashEmbed(4, 10, "ORTH", seed=1)
    model.initialize()
    doc = Doc(Vocab(), words=["never-seen-before-" + str(i) for i in range(50)])
    out = model.predict([doc])[0]
    assert out.shape == (50, 4) and numpy.isfinite(out).all()
    assert (numpy.abs(out).sum(axis=1) > 0).all()


def test_seed_is_explicit_and_deterministic(docs):
    def build(seed):
        fix_random_seed(0)
        model = HashEmbed(8, 100, "NORM", seed=seed)
        model.initialize()
        return numpy.concatenate(model.predict(docs))

    numpy.testing.assert_array_equal(build(3), build(3))
    assert not numpy.allclose(build(3), build(4))


def test_gradient_check(docs, check_gradients, to_float64):
    model = HashEmbed(5, 13, "NORM", seed=2)
    model.initialize()
    to_float64(model)
    assert check_gradients(model, docs) == 1


def test_scatter_add_is_transpose_of_gather():
    rng = numpy.random.default_rng(0)
    keys = rng.integers(0, 7, size=(20, 2, 4)).astype(numpy.uint32)
    tables = [rng.normal(size=(7, 3)), rng.normal(size=(7, 2))]
    out = numpy.empty((20, 5))
    gather_sum(tables, keys, out)
    d_out = rng.normal(size=(20, 5))
    grads = [numpy.zeros((7, 3)), numpy.zeros((7, 2))]
    scatter_add(grads, keys, d_out)
    # <gather(E), d> == <E, scatter(d)>
    lhs = (out * d_out).sum()
    rhs = sum((t * g).sum() for t, g in zip(tables, grads))
    assert lhs == pytest.approx(rhs)


def test_dropout(docs):
    fix_random_seed(0)
    model = HashEmbed(64, 50, "NORM", seed=0, dropout=0.5)
    model.initialize()
    clean = numpy.concatenate(model.predict(docs))
    Y, backprop = model.begin_update(docs)
    dropped = numpy.concatenate(Y)
    zero_cols = (dropped == 0).all(axis=0)
    assert 0 < zero_cols.sum() < 64
    numpy.testing.assert_allclose(dropped[:, ~zero_cols], clean[:, ~zero_cols] * 2, rtol=1e-5)
    backprop([numpy.ones_like(y) for y in Y])
    dE = model.get_grad("E")
    assert (dE[:, zero_cols] == 0).all()


def test_id_dropout_replaces_some_tokens_by_the_unknown_id(vocab):
    fix_random_seed(0)
    docs = [Doc(vocab, words=[f"w{i}" for i in range(400)])]
    model = HashEmbed(8, 50, "NORM", seed=3, id_dropout=0.25)
    model.initialize()
    clean = numpy.concatenate(model.predict(docs))
    unknown_ids = numpy.zeros((1, 1), dtype=numpy.uint64)
    E = model.get_param("E")
    unknown = E[hash_keys(unknown_ids, [3], [50])[0, 0]].sum(axis=0)
    Y, backprop = model.begin_update(docs)
    dropped = numpy.concatenate(Y)
    changed = ~(dropped == clean).all(axis=1)
    assert 60 < changed.sum() < 140  # about a quarter of 400
    numpy.testing.assert_allclose(dropped[changed], numpy.tile(unknown, (changed.sum(), 1)),
                                  rtol=1e-6)
    backprop([numpy.ones_like(y) for y in Y])
    assert model.get_grad("E").sum() != 0
    numpy.testing.assert_array_equal(numpy.concatenate(model.predict(docs)), clean)


@pytest.mark.parametrize("id_dropout", [0.0, 0.2])
def test_ids_never_trained_on_predict_as_the_unknown_id(vocab, id_dropout):
    fix_random_seed(0)
    model = HashEmbed(8, 50, "NORM", seed=3, id_dropout=id_dropout)
    model.initialize()
    fresh = [Doc(vocab, words=["seen", "unseen", "seen", "other"])]
    before = numpy.concatenate(model.predict(fresh))
    assert model.attrs["seen_ids"] is None
    numpy.testing.assert_array_equal(numpy.concatenate(model.predict(fresh)), before)
    model.begin_update([Doc(vocab, words=["seen", "also"])])  # a training pass records ids
    E = model.get_param("E")
    unknown = E[hash_keys(numpy.zeros((1, 1), dtype=numpy.uint64), [3], [50])[0, 0]].sum(axis=0)
    after = numpy.concatenate(model.predict(fresh))
    if not id_dropout:  # without word dropout there is no unknown vector to use
        assert model.attrs["seen_ids"] is None
        numpy.testing.assert_array_equal(after, before)
        return
    assert sorted(model.attrs["seen_ids"].tolist()) == sorted(
        vocab.strings[w] for w in ("seen", "also"))
    numpy.testing.assert_array_equal(after[[0, 2]], before[[0, 2]])
    numpy.testing.assert_allclose(after[[1, 3]], numpy.tile(unknown, (2, 1)), rtol=1e-6)
    copy = HashEmbed(8, 50, "NORM", seed=3, id_dropout=id_dropout)
    copy.initialize()
    copy.from_bytes(model.to_bytes())  # the seen ids are saved with the model
    numpy.testing.assert_array_equal(numpy.concatenate(copy.predict(fresh)), after)


@pytest.mark.parametrize("rate", [-0.1, 1.0, "0.1", True])
def test_bad_id_dropout(rate):
    with pytest.raises(ValueError, match="E285"):
        HashEmbed(4, 10, id_dropout=rate)


@pytest.mark.parametrize("rows", [0, -3, 2.5, True])
def test_bad_rows(rows):
    with pytest.raises(ValueError, match="E254"):
        HashEmbed(4, rows)


def test_bad_width():
    with pytest.raises(ValueError, match="E255"):
        HashEmbed(0, 10)


def test_empty_inputs(vocab):
    model = HashEmbed(4, 10)
    model.initialize()
    assert model.predict([]) == []
    out, backprop = model.begin_update([Doc(vocab, words=[])])
    assert out[0].shape == (0, 4)
    backprop(out)
    assert (model.get_grad("E") == 0).all()


def test_gradient_shape_mismatch(docs):
    model = HashEmbed(4, 10)
    model.initialize()
    Y, backprop = model.begin_update(docs)
    with pytest.raises(ValueError, match="E259"):
        backprop([numpy.zeros((len(y), 3), dtype="f") for y in Y])


def test_unseen_ids_map_per_column_for_the_layers_with_id_dropout():
    from nlpcore.ml.hashembed import embed_ids

    fix_random_seed(0)
    layers = [HashEmbed(4, 30, "NORM", seed=1, id_dropout=0.3),
              HashEmbed(4, 30, "SHAPE", seed=2, id_dropout=0.0)]
    for layer in layers:
        layer.initialize()
    embed_ids(layers, numpy.array([[5, 7], [6, 7]], dtype=numpy.uint64), True)
    ids = numpy.array([[5, 9], [8, 9], [6, 7]], dtype=numpy.uint64)
    got, _ = embed_ids(layers, ids, False)
    expected, _ = embed_ids(layers, numpy.array([[5, 9], [0, 9], [6, 7]], dtype=numpy.uint64),
                            False)
    numpy.testing.assert_array_equal(got, expected)
    assert layers[0].attrs["seen_ids"].tolist() == [5, 6]
    assert layers[1].attrs["seen_ids"] is None
