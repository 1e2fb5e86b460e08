import numpy
import pytest
from thinc.types import Ragged

from nlpcore.ml.window import ExpandWindow, col2seq, seq2col


def reference_seq2col(X, lengths, nW):
    rows = []
    start = 0
    for L in lengths:
        for i in range(L):
            parts = []
            for k in range(-nW, nW + 1):
                j = i + k
                parts.append(X[start + j] if 0 <= j < L else numpy.zeros(X.shape[1]))
            rows.append(numpy.concatenate(parts))
        start += L
    return numpy.array(rows).reshape((-1, X.shape[1] * (2 * nW + 1)))


@pytest.mark.parametrize("nW", [0, 1, 2])
@pytest.mark.parametrize("lengths", [[3, 0, 1, 5], [0], [], [7]])
def test_seq2col_matches_reference(nW, lengths):
    rng = numpy.random.default_rng(0)
    X = rng.normal(size=(sum(lengths), 4))
    lengths = numpy.array(lengths, dtype="i")
    numpy.testing.assert_allclose(seq2col(X, lengths, nW), reference_seq2col(X, lengths, nW))
    # col2seq is the adjoint: <seq2col(X), C> == <X, col2seq(C)>
    C = rng.normal(size=(sum(lengths), 4 * (2 * nW + 1)))
    dX = col2seq(C, lengths, nW)
    assert (seq2col(X, lengths, nW) * C).sum() == pytest.approx((X * dX).sum())
    assert seq2col(X.astype("f"), lengths, nW).dtype == numpy.float32


def test_layer_gradient_check(check_gradients):
    rng = numpy.random.default_rng(0)
    X = Ragged(rng.normal(size=(6, 3)), numpy.array([2, 4], dtype="i"))
    model = ExpandWindow(1)
    Y, bp = model.begin_update(X)
    R = rng.normal(size=Y.dataXd.shape)
    dX = bp(Ragged(R, X.lengths)).dataXd
    eps = 1e-6
    for i in range(6):
        for j in range(3):
            X.dataXd[i, j] += eps
            up = (model.predict(X).dataXd * R).sum()
            X.dataXd[i, j] -= 2 * eps
            down = (model.predict(X).dataXd * R).sum()
            X.dataXd[i, j] += eps
            assert (up - down) / (2 * eps) == pytest.approx(dX[i, j], rel=1e-6, abs=1e-8)


def test_bad_inputs():
    with pytest.raises(ValueError, match="E262"):
        seq2col(numpy.ones((3, 2)), numpy.array([2, 2], dtype="i"), 1)
    with pytest.raises(ValueError, match="E257"):
        seq2col(numpy.ones((3, 2), dtype="i"), numpy.array([3], dtype="i"), 1)
    with pytest.raises(ValueError, match="E263"):
        ExpandWindow(-1)
