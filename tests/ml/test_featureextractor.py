import numpy
import pytest

from nlpcore import Doc, Vocab
from nlpcore.ml.featureextractor import BatchFeatures, FeatureExtractor, extract_batch


def test_matches_doc_to_array(docs):
    attrs = ["NORM", "PREFIX", "SUFFIX", "SHAPE", "ORTH", "LOWER"]
    out = FeatureExtractor(attrs).predict(docs)
    assert len(out) == len(docs)
    for doc, array in zip(docs, out):
        assert array.dtype == numpy.uint64
        assert array.shape == (len(doc), len(attrs))
        numpy.testing.assert_array_equal(array, doc.to_array(attrs))


def test_token_attrs_and_ids(parsed_doc):
    out = FeatureExtractor([71, "TAG", "is_alpha"]).predict([parsed_doc])[0]
    numpy.testing.assert_array_equal(out, parsed_doc.to_array(["LEMMA", "TAG", "IS_ALPHA"]))


def test_empty_batch_and_empty_docs(vocab):
    assert FeatureExtractor(["NORM"]).predict([]) == []
    out = FeatureExtractor(["NORM"]).predict([Doc(vocab, words=[]), Doc(vocab, words=[])])
    assert [a.shape for a in out] == [(0, 1), (0, 1)]
    Y = BatchFeatures(["NORM"]).predict([])
    assert Y.dataXd.shape == (0, 1) and len(Y.lengths) == 0


def test_bad_inputs(docs):
    with pytest.raises(TypeError, match="E250"):
        FeatureExtractor(["NORM"]).predict(docs + ["not a doc"])
    with pytest.raises(ValueError, match="E252"):
        FeatureExtractor([])
    with pytest.raises(ValueError, match="E010"):
        FeatureExtractor(["NOT_AN_ATTR"])


def test_docs_from_another_vocab_give_the_same_ids(docs):
    other = [Doc(Vocab("en"), words=[t.text for t in doc]) for doc in docs]
    a, la = extract_batch(docs, [66])
    b, lb = extract_batch(other, [66])
    numpy.testing.assert_array_equal(a, b)
    numpy.testing.assert_array_equal(la, lb)
