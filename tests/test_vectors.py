import numpy
import pytest

from nlpcore import Vocab
from nlpcore.vectors import Vectors


def test_add_find_and_lookup():
    vectors = Vectors()
    assert len(vectors) == 0 and (vectors.find([1, 2]) == -1).all()
    vectors.add(10, [1, 2, 3])
    vectors.add(5, [4, 5, 6])
    vectors.add(10, [7, 8, 9])
    assert vectors.shape == (2, 3)
    assert list(vectors.find([5, 10, 99])) == [1, 0, -1]
    assert 5 in vectors and 99 not in vectors
    numpy.testing.assert_array_equal(vectors[10], [7, 8, 9])
    with pytest.raises(ValueError, match="E270"):
        vectors.add(11, [1, 2])
    with pytest.raises(KeyError, match="E001"):
        vectors[99]
    with pytest.raises(ValueError, match="E277"):
        Vectors(numpy.zeros((2, 3)), [1])


def test_vocab_vectors_round_trip(tmp_path):
    vocab = Vocab("en")
    key = vocab["cat"].orth
    vocab.vectors = Vectors(numpy.ones((1, 4), dtype="f"), [key])
    vocab.to_disk(tmp_path / "vocab")
    loaded = Vocab("en").from_disk(tmp_path / "vocab")
    numpy.testing.assert_array_equal(loaded.vectors[key], numpy.ones(4))
    again = Vocab("en").from_bytes(vocab.to_bytes())
    assert again.vectors.shape == (1, 4)
    assert len(Vocab("en").from_disk(tmp_path / "vocab").vectors) == 1


class CountingModule:
    """A stand-in array module that counts its copies (as CuPy's asarray to the device)."""

    def __init__(self):
        self.copies = 0

    def asarray(self, data):
        self.copies += 1
        return numpy.array(data)


def test_data_on_copies_the_table_once_until_it_changes():
    vectors = Vectors(numpy.ones((2, 3), dtype="f"), [1, 2])
    assert vectors.data_on(numpy) is vectors.data
    xp = CountingModule()
    first = vectors.data_on(xp)
    assert vectors.data_on(xp) is first and xp.copies == 1
    vectors.add(2, [5, 5, 5])  # an existing row, changed in place
    numpy.testing.assert_array_equal(vectors.data_on(xp)[1], [5, 5, 5])
    vectors.add(3, [6, 6, 6])  # a new row
    assert vectors.data_on(xp).shape == (3, 3) and xp.copies == 3
