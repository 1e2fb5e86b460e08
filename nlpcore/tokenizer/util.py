"""Compile lists of pattern strings into the regex callables a Tokenizer takes."""

import re
from typing import Iterable, Pattern


def _join(entries: Iterable[str]) -> str:
    return "|".join(f"(?:{entry})" for entry in entries)


def compile_prefix_regex(entries: Iterable[str]) -> Pattern:
    """One regex matching any of `entries` at the start of a string.

    entries: pattern strings, earlier ones preferred. Returns a compiled
    pattern; pass its `.search` (or `.match`) as `prefix_search`.
    """
    return re.compile(rf"^(?:{_join(entries)})")


def compile_suffix_regex(entries: Iterable[str]) -> Pattern:
    """One regex matching any of `entries` at the end of a string.

    entries: pattern strings. Returns a compiled pattern; pass its `.search`
    as `suffix_search`.
    """
    return re.compile(rf"(?:{_join(entries)})$")


def compile_infix_regex(entries: Iterable[str]) -> Pattern:
    """One regex matching any of `entries` anywhere in a string.

    entries: pattern strings. Returns a compiled pattern; pass its
    `.finditer` as `infix_finditer`.
    """
    return re.compile(_join(entries))


def compile_token_regex(entries: Iterable[str]) -> Pattern:
    """One regex matching a whole string against any of `entries`.

    entries: pattern strings. Returns a compiled pattern; pass its `.match`
    as `token_match` or `url_match` (the patterns should end in `$`, or
    the tokenizer checks that the match covers the whole string).
    """
    return re.compile(rf"(?:{_join(entries)})$")
