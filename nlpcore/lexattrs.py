"""Language-neutral lexical attribute functions, computed once per word type.

Each function takes the word's text. A language overrides some of them
(number words, stop list, norms) in ``tokenizer/lang/<code>/lex_attrs.py``.
"""

import re
import string
import unicodedata
from typing import Callable, Dict

from . import attrs

SHAPE_RUN_CAP = 4

_BRACKETS = set("()[]{}<>（）［］｛｝〈〉《》「」『』【】")
_QUOTES = set("\"'`«»‘’‚‛“”„‟‹›❛❜❝❞＂＇")
_LEFT_PUNCT = set("([{<«‘‚‛“„‟‹❛❝（［｛〈《「『【")
_RIGHT_PUNCT = set(")]}>»’”›❜❞）］｝〉》」』】")

_URL = re.compile(
    r"^(?:(?:[a-z][a-z0-9+.-]*://)|www\d{0,3}\.)"  # scheme or www.
    r"[^\s/?#]+(?:[/?#]\S*)?$"
    r"|^(?:[a-z0-9-]+\.)+(?:com|org|net|edu|gov|mil|int|info|biz|io|co|uk|de|fr|us|ca|au|jp|cn|ru|nl|eu)"
    r"(?::\d+)?(?:[/?#]\S*)?$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"^[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}$", re.IGNORECASE)
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)*|\d*[.,]\d+)(?:[eE][+-]?\d+)?$")
_FRACTION = re.compile(r"^[+-]?\d+/\d+$")


_ASCII_SHAPES = str.maketrans(
    {**{c: "X" for c in string.ascii_uppercase},
     **{c: "x" for c in string.ascii_lowercase},
     **{c: "d" for c in string.digits}}
)
_LONG_RUN = re.compile(r"(.)\1{%d,}" % SHAPE_RUN_CAP, re.DOTALL)


def _shape_char(char: str) -> str:
    if char.isalpha():
        return "X" if char.isupper() else "x"
    return "d" if char.isdigit() else char


def shape(text: str) -> str:
    """Orthographic shape: X upper, x lower, d digit, others kept; runs capped at 4."""
    if text.isascii():
        mapped = text.translate(_ASCII_SHAPES)
    else:
        mapped = "".join(map(_shape_char, text))
    if len(mapped) <= SHAPE_RUN_CAP:
        return mapped
    return _LONG_RUN.sub(lambda run: run.group(1) * SHAPE_RUN_CAP, mapped)


def prefix(text: str) -> str:
    return text[:1]


def suffix(text: str) -> str:
    return text[-3:]


def is_punct(text: str) -> bool:
    return bool(text) and all(unicodedata.category(c).startswith("P") for c in text)


def is_currency(text: str) -> bool:
    return bool(text) and all(unicodedata.category(c) == "Sc" for c in text)


def like_num(text: str) -> bool:
    """Digits with optional separators and sign, or a simple fraction."""
    return bool(_NUMBER.match(text) or _FRACTION.match(text))


def like_url(text: str) -> bool:
    return "@" not in text.split("/")[0] and bool(_URL.match(text))


def like_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


LexAttrs = Dict[int, Callable[[str], object]]

DEFAULT_LEX_ATTRS: LexAttrs = {
    attrs.LOWER: str.lower,
    attrs.NORM: str.lower,
    attrs.SHAPE: shape,
    attrs.PREFIX: prefix,
    attrs.SUFFIX: suffix,
    attrs.LENGTH: len,
    attrs.IS_ALPHA: str.isalpha,
    attrs.IS_ASCII: str.isascii,
    attrs.IS_DIGIT: str.isdigit,
    attrs.IS_LOWER: str.islower,
    attrs.IS_UPPER: str.isupper,
    attrs.IS_TITLE: str.istitle,
    attrs.IS_PUNCT: is_punct,
    attrs.IS_SPACE: str.isspace,
    attrs.LIKE_NUM: like_num,
    attrs.LIKE_URL: like_url,
    attrs.LIKE_EMAIL: like_email,
    attrs.IS_STOP: lambda text: False,
    attrs.IS_BRACKET: lambda text: text in _BRACKETS,
    attrs.IS_QUOTE: lambda text: bool(text) and all(c in _QUOTES for c in text),
    attrs.IS_LEFT_PUNCT: lambda text: text in _LEFT_PUNCT,
    attrs.IS_RIGHT_PUNCT: lambda text: text in _RIGHT_PUNCT,
    attrs.IS_CURRENCY: is_currency,
}


def lex_attrs_for(lang: str) -> LexAttrs:
    """The default attribute functions updated with a language's overrides."""
    import importlib

    getters = dict(DEFAULT_LEX_ATTRS)
    if lang:
        try:
            module = importlib.import_module(f"nlpcore.tokenizer.lang.{lang}.lex_attrs")
        except ModuleNotFoundError:
            module = None
        if module is not None:
            getters.update(module.LEX_ATTRS)
    return getters
