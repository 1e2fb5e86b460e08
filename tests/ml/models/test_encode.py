import numpy
import pytest

from nlpcore.ml.models.encode import BiLSTMEncoder, MaxoutWindowEncoder, MishWindowEncoder


def inputs(width, lengths, seed=0):
    rng = numpy.random.default_rng(seed)
    return [rng.normal(size=(n, width)) for n in lengths]


@pytest.mark.parametrize(
    "make",
    [
        lambda: MaxoutWindowEncoder(5, window_size=1, maxout_pieces=3, depth=2),
        lambda: MishWindowEncoder(5, window_size=1, depth=2),
    ],
)
def test_gradient_check(make, check_gradients, to_float64):
    model = make()
    X = inputs(5, [4, 0, 1, 3])
    model.initialize(X=X)
    to_float64(model)
    assert check_gradients(model, X, check_input=True) == 8


def test_window_respects_doc_boundaries():
    model = MaxoutWindowEncoder(6, window_size=1, maxout_pieces=2, depth=3)
    X = inputs(6, [5, 4], seed=1)
    model.initialize(X=X)
    Y = model.predict([x.astype("f") for x in X])
    X2 = [X[0], X[1] + 1.0]
    Y2 = model.predict([x.astype("f") for x in X2])
    numpy.testing.assert_allclose(Y[0], Y2[0], rtol=1e-6, atol=1e-6)
    alone = model.predict([X[0].astype("f")])
    numpy.testing.assert_allclose(Y[0], alone[0], rtol=1e-6, atol=1e-6)


def test_empty_batches():
    model = MaxoutWindowEncoder(4, 1, 3, 2)
    model.initialize(X=inputs(4, [3]))
    assert model.predict([]) == []
    Y, bp = model.begin_update([numpy.zeros((0, 4), dtype="f")])
    assert Y[0].shape == (0, 4)
    assert bp(Y)[0].shape == (0, 4)


@pytest.mark.parametrize("depth", [-1, 1.5, True])
@pytest.mark.parametrize(
    "make",
    [
        lambda depth: MaxoutWindowEncoder(4, 1, 3, depth),
        lambda depth: MishWindowEncoder(4, 1, depth),
        lambda depth: BiLSTMEncoder(4, depth, 0.0),
    ],
    ids=["maxout", "mish", "bilstm"],
)
def test_bad_depth_gives_coded_error(make, depth):
    with pytest.raises(ValueError, match=r"E278.*" + repr(depth).replace(".", r"\.")):
        make(depth)


def test_depth_zero_is_the_identity():
    model = MaxoutWindowEncoder(4, 1, 3, 0)
    X = [x.astype("f") for x in inputs(4, [3, 2])]
    model.initialize(X=X)
    numpy.testing.assert_array_equal(model.predict(X)[1], X[1])


def test_bilstm_encoder():
    pytest.importorskip("torch")
    model = BiLSTMEncoder(8, depth=1, dropout=0.0)
    X = [x.astype("f") for x in inputs(8, [3, 5])]
    model.initialize(X=X)
    Y, bp = model.begin_update(X)
    assert [y.shape for y in Y] == [(3, 8), (5, 8)]
    bp(Y)
