"""StaticVectors and the list/Ragged helpers with their arrays on a device, against the CPU.

They have no kernels of their own: the same code runs in the array module of
their params or inputs. Each test runs once per backend (conftest.py); on the
emulated one (NumPy arrays) it checks the paths stay equal, on CuPy that
nothing leaves the device.
"""

import numpy
from thinc.types import Ragged

from nlpcore import Doc, Vocab
from nlpcore.ml.kernels import to_host
from nlpcore.ml.staticvectors import StaticVectors
from nlpcore.ml.util import list2ragged, ragged2list


def docs_with_vectors():
    vocab = Vocab("en")
    rng = numpy.random.default_rng(0)
    for word in ("a", "b", "c"):
        vocab.vectors.add(vocab.strings.add(word), rng.normal(size=5))
    return [Doc(vocab, "a b z".split()), Doc(vocab, []), Doc(vocab, "c a".split())]


def test_static_vectors_on_the_device_equal_the_cpu(backend, device_layer):
    docs = docs_with_vectors()
    model = StaticVectors(4)
    model.initialize(X=docs)
    Y, backprop = model(docs, is_train=True)
    dY = numpy.random.default_rng(1).normal(size=Y.dataXd.shape).astype("f")
    backprop(Ragged(dY, Y.lengths))
    dW = model.get_grad("W").copy()
    model.set_grad("W", numpy.zeros_like(dW))
    device_layer(model)
    d_Y, d_backprop = model(docs, is_train=True)
    assert isinstance(d_Y.dataXd, backend.xp.ndarray)
    numpy.testing.assert_allclose(to_host(d_Y.dataXd), Y.dataXd, rtol=1e-6, atol=1e-7)
    numpy.testing.assert_array_equal(to_host(d_Y.dataXd)[2], 0.0)  # "z" has no vector
    d_backprop(Ragged(backend.xp.asarray(dY), d_Y.lengths))
    numpy.testing.assert_allclose(to_host(model.get_grad("W")), dW, rtol=1e-5, atol=1e-6)


def test_list_ragged_helpers_keep_the_rows_on_the_device(backend):
    xp = backend.xp
    rng = numpy.random.default_rng(2)
    Xs = [rng.normal(size=(n, 3)).astype("f") for n in (2, 0, 4)]
    ragged, back_list = list2ragged()([xp.asarray(X) for X in Xs], is_train=True)
    assert isinstance(ragged.dataXd, xp.ndarray) and list(ragged.lengths) == [2, 0, 4]
    numpy.testing.assert_array_equal(to_host(ragged.dataXd), numpy.concatenate(Xs))
    rows, back_ragged = ragged2list(3)(ragged, is_train=True)
    assert [to_host(r).tolist() for r in rows] == [X.tolist() for X in Xs]
    d_ragged = back_ragged(rows)
    d_list = back_list(d_ragged)
    assert all(isinstance(d, xp.ndarray) for d in d_list)
    assert [to_host(d).tolist() for d in d_list] == [X.tolist() for X in Xs]
