import pytest
from thinc.api import compounding

from nlpcore import Doc
from nlpcore.training import Example
from nlpcore.training.batching import minibatch_by_words


def examples(vocab, lengths):
    return [Example(Doc(vocab, ["w"] * n), Doc(vocab, ["w"] * n)) for n in lengths]


def test_batches_respect_size_and_tolerance(vocab):
    batches = list(minibatch_by_words(examples(vocab, [4] * 10), 10, tolerance=0.2))
    assert [sum(len(eg) for eg in b) for b in batches] == [12, 12, 12, 4]


def test_oversize_examples_alone_or_dropped(vocab):
    egs = examples(vocab, [3, 50, 3])
    sizes = [[len(eg) for eg in b] for b in minibatch_by_words(egs, 10)]
    assert sizes == [[50], [3, 3]]
    assert [len(b) for b in minibatch_by_words(egs, 10, discard_oversize=True)] == [2]


def test_sizes_follow_a_schedule(vocab):
    batches = list(minibatch_by_words(examples(vocab, [1] * 30), compounding(2.0, 8.0, 2.0),
                                      tolerance=0.0))
    assert [len(b) for b in batches][:4] == [2, 4, 8, 8]


def test_non_positive_size(vocab):
    with pytest.raises(ValueError, match="E216"):
        list(minibatch_by_words(examples(vocab, [1]), 0))
