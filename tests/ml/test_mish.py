import numpy

from nlpcore.ml.mish import MishLN, d_mish, mish


def test_d_mish():
    Z = numpy.linspace(-5, 5, 41)
    numeric = (mish(Z + 1e-6) - mish(Z - 1e-6)) / 2e-6
    numpy.testing.assert_allclose(d_mish(Z), numeric, rtol=1e-5, atol=1e-8)


def test_gradient_check(check_gradients, to_float64):
    rng = numpy.random.default_rng(0)
    model = MishLN(4, 5)
    model.initialize()
    to_float64(model)
    assert check_gradients(model, [rng.normal(size=(7, 5))][0]) == 4
