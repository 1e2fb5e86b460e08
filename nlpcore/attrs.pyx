"""Attribute IDs for Python: ``nlpcore.attrs.ORTH`` and name <-> ID maps."""

IDS = {
    "NULL_ATTR": NULL_ATTR,
    "IS_ALPHA": IS_ALPHA,
    "IS_ASCII": IS_ASCII,
    "IS_DIGIT": IS_DIGIT,
    "IS_LOWER": IS_LOWER,
    "IS_PUNCT": IS_PUNCT,
    "IS_SPACE": IS_SPACE,
    "IS_TITLE": IS_TITLE,
    "IS_UPPER": IS_UPPER,
    "LIKE_URL": LIKE_URL,
    "LIKE_NUM": LIKE_NUM,
    "LIKE_EMAIL": LIKE_EMAIL,
    "IS_STOP": IS_STOP,
    "IS_BRACKET": IS_BRACKET,
    "IS_QUOTE": IS_QUOTE,
    "IS_LEFT_PUNCT": IS_LEFT_PUNCT,
    "IS_RIGHT_PUNCT": IS_RIGHT_PUNCT,
    "IS_CURRENCY": IS_CURRENCY,
    "ORTH": ORTH,
    "LOWER": LOWER,
    "NORM": NORM,
    "SHAPE": SHAPE,
    "PREFIX": PREFIX,
    "SUFFIX": SUFFIX,
    "LENGTH": LENGTH,
    "LEMMA": LEMMA,
    "POS": POS,
    "TAG": TAG,
    "MORPH": MORPH,
    "DEP": DEP,
    "HEAD": HEAD,
    "SENT_START": SENT_START,
    "SPACY": SPACY,
    "ENT_IOB": ENT_IOB,
    "ENT_TYPE": ENT_TYPE,
    "ENT_KB_ID": ENT_KB_ID,
    "IDX": IDX,
}
NAMES = {value: name for name, value in IDS.items()}
FLAG_IDS = tuple(value for value in IDS.values() if 0 < value < 64)

globals().update(IDS)


def intify_attr(name_or_id) -> int:
    """Return the attribute ID for a name ("ORTH", "orth") or an ID."""
    from .errors import Errors

    if isinstance(name_or_id, int) and not isinstance(name_or_id, bool):
        if name_or_id in NAMES:
            return name_or_id
    elif isinstance(name_or_id, str):
        key = name_or_id.upper()
        if key in IDS:
            return IDS[key]
    raise ValueError(Errors.E010.format(attr=repr(name_or_id), known=", ".join(IDS)))
