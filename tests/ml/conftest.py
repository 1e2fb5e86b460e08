"""Helpers for the ml tests: docs, float64 conversion and finite-difference checks."""

import numpy
import pytest
from thinc.types import Ragged

from nlpcore import Doc

WORDS = [
    "The quick brown fox jumps over the lazy dog .".split(),
    [],
    "Hello world !".split(),
    "A".split(),
    "Ünïcödé wörds and emoji 🙂 , too".split(),
]


@pytest.fixture
def docs(vocab):
    return [Doc(vocab, words=words) for words in WORDS]


def _to_float64(model) -> None:
    """Cast every parameter of `model` and its sublayers to float64."""
    for node in model.walk():
        for name in node.param_names:
            if node.has_param(name):
                node.set_param(name, numpy.asarray(node.get_param(name), dtype="float64"))


def _data(Y):
    if isinstance(Y, Ragged):
        return [Y.dataXd]
    if isinstance(Y, list):
        return list(Y)
    return [Y]


def _like(Y, arrays):
    if isinstance(Y, Ragged):
        return Ragged(arrays[0], Y.lengths)
    if isinstance(Y, list):
        return arrays
    return arrays[0]


def _check_gradients(model, X, n_checks=12, eps=1e-6, tol=1e-5, seed=0, check_input=False):
    """Compare the analytic gradients of sum(Y * R) with central differences.

    Checks `n_checks` entries of each parameter (those with nonzero gradient
    first) and, with check_input, of each input array (X a list of arrays).
    """
    rng = numpy.random.default_rng(seed)
    Y, backprop = model.begin_update(X)
    R = [rng.normal(size=y.shape) for y in _data(Y)]
    dX = backprop(_like(Y, [r.copy() for r in R]))

    def loss():
        return sum(float((y * r).sum()) for y, r in zip(_data(model.predict(X)), R))

    def check(array, grad, label):
        flat, gflat = array.reshape(-1), grad.reshape(-1)
        if flat.size == 0:
            return
        nonzero = numpy.flatnonzero(gflat)
        idx = list(rng.permutation(nonzero)[: n_checks // 2])
        idx += list(rng.integers(0, flat.size, size=n_checks - len(idx)))
        for i in idx:
            old = flat[i]
            flat[i] = old + eps
            up = loss()
            flat[i] = old - eps
            down = loss()
            flat[i] = old
            numeric = (up - down) / (2 * eps)
            assert abs(numeric - gflat[i]) <= tol * max(1.0, abs(numeric)), (
                label,
                i,
                numeric,
                gflat[i],
            )

    n_checked = 0
    for node in model.walk():
        for name in node.param_names:
            if node.has_grad(name):
                check(node.get_param(name), node.get_grad(name), f"{node.name}.{name}")
                n_checked += 1
    if check_input:
        for x, dx in zip(X, dX):
            check(x, numpy.asarray(dx), "input")
    return n_checked


@pytest.fixture(name="to_float64")
def to_float64_fixture():
    """Cast a model's parameters to float64 (for finite differences)."""
    return _to_float64


@pytest.fixture(name="check_gradients")
def check_gradients_fixture():
    """The finite-difference gradient check (see _check_gradients)."""
    return _check_gradients
