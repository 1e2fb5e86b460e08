import numpy
import pytest
from thinc.api import LayerNorm, Maxout, chain
from thinc.types import Ragged

from nlpcore.ml.maxout import MaxoutLN


def test_matches_thinc_maxout_with_layernorm():
    rng = numpy.random.default_rng(0)
    X = rng.normal(size=(9, 7)).astype("f")
    ours = MaxoutLN(5, 7, nP=3)
    ours.initialize()
    theirs = chain(Maxout(5, 7, nP=3), LayerNorm(5))
    theirs.initialize()
    ours.get_param("b")[:] = rng.normal(size=(5, 3))
    ours.get_param("G")[:] = rng.normal(size=5)
    ours.get_param("beta")[:] = rng.normal(size=5)
    theirs.layers[0].set_param("W", ours.get_param("W").copy())
    theirs.layers[0].set_param("b", ours.get_param("b").copy())
    theirs.layers[1].set_param("G", ours.get_param("G").copy())
    theirs.layers[1].set_param("b", ours.get_param("beta").copy())
    Y, bp = ours.begin_update(X)
    Yt, bpt = theirs.begin_update(X)
    numpy.testing.assert_allclose(Y, Yt, rtol=1e-4, atol=1e-5)
    dY = rng.normal(size=Y.shape).astype("f")
    numpy.testing.assert_allclose(bp(dY), bpt(dY), rtol=1e-3, atol=1e-4)
    numpy.testing.assert_allclose(
        ours.get_grad("W"), theirs.layers[0].get_grad("W"), rtol=1e-3, atol=1e-4
    )


@pytest.mark.parametrize("normalize", [True, False])
def test_gradient_check(normalize, check_gradients, to_float64):
    rng = numpy.random.default_rng(1)
    X = rng.normal(size=(11, 6))
    model = MaxoutLN(4, 6, nP=3, normalize=normalize)
    model.initialize()
    to_float64(model)
    model.get_param("b")[:] = rng.normal(size=(4, 3))
    assert check_gradients(model, X) >= 2
    # input gradient: wrap as a one-element list model via Ragged
    model2 = MaxoutLN(4, 6, nP=2, normalize=normalize)
    model2.initialize()
    to_float64(model2)
    Y, bp = model2.begin_update(X)
    R = rng.normal(size=Y.shape)
    dX = bp(R)
    eps = 1e-6
    for i, j in [(0, 0), (3, 2), (10, 5)]:
        X[i, j] += eps
        up = (model2.predict(X) * R).sum()
        X[i, j] -= 2 * eps
        down = (model2.predict(X) * R).sum()
        X[i, j] += eps
        assert (up - down) / (2 * eps) == pytest.approx(dX[i, j], rel=1e-5, abs=1e-7)


def test_ragged_and_shape_inference():
    model = MaxoutLN(4)
    X = Ragged(numpy.ones((5, 3), dtype="f"), numpy.array([2, 3], dtype="i"))
    model.initialize(X=X)
    assert model.get_dim("nI") == 3
    Y = model.predict(X)
    assert isinstance(Y, Ragged) and Y.dataXd.shape == (5, 4)


def test_bad_inputs():
    with pytest.raises(ValueError, match="E260"):
        MaxoutLN(4, 3, nP=0)
    with pytest.raises(ValueError, match="E255"):
        MaxoutLN(0, 3)
    model = MaxoutLN(4, 3)
    model.initialize()
    with pytest.raises(ValueError, match="E261"):
        model.predict(numpy.ones((2, 5), dtype="f"))
    assert model.predict(numpy.ones((0, 3), dtype="f")).shape == (0, 4)


def test_dropout_masks_outputs_and_gradients_in_training_only():
    import numpy

    from nlpcore.ml.maxout import MaxoutLN

    layer = MaxoutLN(nO=64, nI=8, nP=2, dropout=0.5)
    X = numpy.random.default_rng(0).normal(size=(200, 8)).astype("f")
    layer.initialize(X=X)
    assert not (layer.predict(X) == 0).any()
    Y, backprop = layer.begin_update(X)
    dropped = Y == 0
    assert 0.4 < dropped.mean() < 0.6
    layer.attrs["dropout_rate"] = 0.0
    kept_Y, _ = layer.begin_update(X)
    assert numpy.allclose(Y[~dropped], kept_Y[~dropped] * 2, rtol=1e-5)
    layer.attrs["dropout_rate"] = 0.5
    seen = {}
    original = layer.ops.get_dropout_mask
    layer.ops.get_dropout_mask = lambda shape, rate: seen.setdefault("mask", original(shape, rate))
    _, backprop = layer.begin_update(X)
    mask = seen["mask"]
    dX_masked = backprop(numpy.ones((200, 64), dtype="f"))
    layer.ops.get_dropout_mask = original
    layer.attrs["dropout_rate"] = 0.0
    _, plain_backprop = layer.begin_update(X)
    dX_plain = plain_backprop(numpy.asarray(mask, dtype="f"))
    assert numpy.allclose(dX_masked, dX_plain, atol=1e-5)
