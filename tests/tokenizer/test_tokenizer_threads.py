"""Several threads tokenizing at once give what one thread gives, cache resets included."""

import sys
from concurrent.futures import ThreadPoolExecutor

import numpy
import pytest

from nlpcore import Vocab
from nlpcore.tokenizer import (
    Tokenizer,
    compile_infix_regex,
    compile_prefix_regex,
    compile_suffix_regex,
)
from nlpcore.tokenizer.lang.en.exceptions import TOKENIZER_EXCEPTIONS
from nlpcore.tokenizer.lang.en.punctuation import INFIXES, PREFIXES, SUFFIXES

PIECES = ["New", "York", "(", "don't", "U.S.", "e-mail", "$5.00", "well-known", "!",
          "can't", "3:30pm", "\"quoted\"", "...", "x", "foo/bar", "Mr.", "it's"]


def english(vocab: Vocab, max_cache_size: int) -> Tokenizer:
    return Tokenizer(vocab, rules=TOKENIZER_EXCEPTIONS,
                     prefix_search=compile_prefix_regex(PREFIXES).search,
                     suffix_search=compile_suffix_regex(SUFFIXES).search,
                     infix_finditer=compile_infix_regex(INFIXES).finditer,
                     max_cache_size=max_cache_size)


def sample_texts(n: int):
    rng = numpy.random.default_rng(3)
    return [" ".join(rng.choice(PIECES, int(rng.integers(1, 30)))) + f" new{i}-word{i}."
            for i in range(n)]


@pytest.fixture
def frequent_thread_switches():
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # let threads take turns inside the Python code
    yield
    sys.setswitchinterval(interval)


@pytest.mark.parametrize("max_cache_size", [3, 1000])
def test_threads_tokenize_as_one_thread(frequent_thread_switches, max_cache_size):
    data = sample_texts(400)
    serial_vocab = Vocab()
    serial = english(serial_vocab, max_cache_size)
    expected = [[(t.text, t.whitespace_) for t in serial(text)] for text in data]
    vocab = Vocab()
    tokenizer = english(vocab, max_cache_size)

    def tokenize(texts):
        return [[(t.text, t.whitespace_) for t in tokenizer(text)] for text in texts]

    # Every thread takes every text, in the same order: threads meet new strings at once.
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(tokenize, [data] * 4))
    assert all(run == expected for run in runs)
    assert tokenizer.cache_size <= max_cache_size
    # Each string got one lexeme, however the threads raced to add it.
    assert len(vocab) == len(serial_vocab)
    assert sorted(lex.orth for lex in vocab) == sorted(lex.orth for lex in serial_vocab)
