"""English overrides of the lexical attribute functions: number words, stop
words and the norms of contractions and spelling variants."""

from ....attrs import IS_STOP, LIKE_NUM, NORM
from ....lexattrs import like_num as _like_digits
from .stop_words import STOP_WORDS

_NUMBER_WORDS = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen
    fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty
    sixty seventy eighty ninety hundred thousand million billion trillion quadrillion
    gajillion bazillion""".split()
)
_ORDINAL_WORDS = frozenset(
    """first second third fourth fifth sixth seventh eighth ninth tenth eleventh
    twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth
    nineteenth twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth
    ninetieth hundredth thousandth millionth billionth trillionth""".split()
)
_ORDINAL_ENDINGS = ("st", "nd", "rd", "th")

NORM_EXCEPTIONS = {
    "n't": "not", "n’t": "not", "nt": "not",
    "'m": "am", "’m": "am", "'re": "are", "’re": "are",
    "'ve": "have", "’ve": "have", "'ll": "will", "’ll": "will",
    "ca": "can", "wo": "will", "sha": "shall",
    "gon": "going", "gotta": "got to", "'cause": "because", "cuz": "because",
    "‘": "'", "’": "'", "“": '"', "”": '"', "''": '"', "``": '"',
    "colour": "color", "favourite": "favorite", "centre": "center",
    "organisation": "organization", "realise": "realize", "behaviour": "behavior",
}


def like_num(text: str) -> bool:
    """Digits, fractions, English number words and ordinals ("3rd", "third")."""
    if _like_digits(text):
        return True
    lower = text.lower()
    if lower in _NUMBER_WORDS or lower in _ORDINAL_WORDS:
        return True
    return lower.endswith(_ORDINAL_ENDINGS) and lower[:-2].isdigit()


def norm(text: str) -> str:
    lower = text.lower()
    return NORM_EXCEPTIONS.get(lower, lower)


LEX_ATTRS = {
    LIKE_NUM: like_num,
    IS_STOP: lambda text: text.lower() in STOP_WORDS,
    NORM: norm,
}
