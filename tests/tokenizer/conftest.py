"""Fixtures for the tokenizer tests: English and minimal tokenizers."""

import re

import pytest

from nlpcore import Vocab
from nlpcore.tokenizer import Tokenizer
from nlpcore.tokenizer.lang.en import make_tokenizer


@pytest.fixture
def en_tokenizer() -> Tokenizer:
    """A fresh English tokenizer over a fresh vocab (tests may change its rules)."""
    return make_tokenizer(Vocab("en"))


@pytest.fixture(scope="module")
def en_shared() -> Tokenizer:
    """One English tokenizer for read-only tests (its cache warms up across them)."""
    return make_tokenizer(Vocab("en"))


@pytest.fixture
def small_tokenizer() -> Tokenizer:
    """A tokenizer with a handful of tiny rules, to test the algorithm itself."""
    return Tokenizer(
        Vocab(),
        rules={"can't": [{"ORTH": "ca"}, {"ORTH": "n't"}]},
        prefix_search=re.compile(r"^[(\"]").search,
        suffix_search=re.compile(r"[)\".,!]$").search,
        infix_finditer=re.compile(r"(?<=\w)-(?=\w)").finditer,
        token_match=re.compile(r"\w+@\w+\.\w+$").match,
        url_match=re.compile(r"https?://\S+\w$").match,
    )
