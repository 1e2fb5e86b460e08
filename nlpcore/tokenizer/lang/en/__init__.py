"""English language data."""

from ...util import (
    compile_infix_regex,
    compile_prefix_regex,
    compile_suffix_regex,
    compile_token_regex,
)
from .exceptions import TOKEN_MATCH, TOKENIZER_EXCEPTIONS, URL_MATCH
from .punctuation import INFIXES, PREFIXES, SUFFIXES


def make_tokenizer(vocab):
    """The English rule-based Tokenizer over `vocab`.

    vocab: the Vocab the tokens' lexemes come from. Returns a Tokenizer with
    the English special cases, affix patterns and token/URL patterns.
    """
    from ...tokenizer import Tokenizer

    return Tokenizer(
        vocab,
        rules=TOKENIZER_EXCEPTIONS,
        prefix_search=compile_prefix_regex(PREFIXES).search,
        suffix_search=compile_suffix_regex(SUFFIXES).search,
        infix_finditer=compile_infix_regex(INFIXES).finditer,
        token_match=compile_token_regex(TOKEN_MATCH).match,
        url_match=compile_token_regex(URL_MATCH).match,
    )
