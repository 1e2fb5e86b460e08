"""The rule-based tokenizer and the helpers that compile its patterns."""

from .tokenizer import Tokenizer
from .util import (
    compile_infix_regex,
    compile_prefix_regex,
    compile_suffix_regex,
    compile_token_regex,
)

__all__ = [
    "Tokenizer",
    "compile_infix_regex",
    "compile_prefix_regex",
    "compile_suffix_regex",
    "compile_token_regex",
]
