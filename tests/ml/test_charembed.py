import numpy
import pytest

from nlpcore import Doc
from nlpcore.ml.charembed import CharEmbed, char_ids


def reference_ids(word, nC):
    data = word.encode("utf8")
    n_front, n_back = (nC + 1) // 2, nC // 2
    front = [data[k] if k < len(data) else 0 for k in range(n_front)]
    back = [
        data[len(data) - n_back + k] if len(data) - n_back + k >= 0 else 0 for k in range(n_back)
    ]
    return front + back


@pytest.mark.parametrize("nC", [1, 4, 5, 8])
def test_char_ids_match_reference(docs, nC):
    ids = char_ids(docs, nC)
    words = [t.text for doc in docs for t in doc]
    assert ids.shape == (len(words), nC)
    for row, word in zip(ids, words):
        assert list(row) == reference_ids(word, nC)


def test_forward_and_gradient_check(docs, check_gradients, to_float64):
    model = CharEmbed(nM=3, nC=4)
    model.initialize()
    Y = model.predict(docs)
    assert Y.dataXd.shape == (sum(len(d) for d in docs), 12)
    E = model.get_param("E")
    ids = char_ids(docs, 4)
    numpy.testing.assert_array_equal(Y.dataXd[0, 3:6], E[1, ids[0, 1]])
    to_float64(model)
    assert check_gradients(model, docs) == 1


def test_bad_sizes(vocab):
    for nM, nC in [(0, 4), (4, 0), (2.5, 4)]:
        with pytest.raises(ValueError, match="E269"):
            CharEmbed(nM=nM, nC=nC)
    model = CharEmbed(nM=2, nC=2)
    model.initialize()
    assert model.predict([Doc(vocab, words=[])]).dataXd.shape == (0, 4)
