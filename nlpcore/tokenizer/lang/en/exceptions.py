"""English tokenizer exceptions: special cases and whole-token patterns.

`TOKENIZER_EXCEPTIONS` maps an exact string to the ORTHs it splits into
(their concatenation is the string). Clitics with an apostrophe ("don't",
"it's", "I'll") need no entry: the suffix rules split them. The entries here
are what rules can't do: contractions written without an apostrophe, fused
forms ("gonna"), abbreviations ending in a period, and emoticons.
`TOKEN_MATCH` and `URL_MATCH` are pattern lists for strings kept whole.
"""

from typing import Dict, List

Rules = Dict[str, List[Dict[str, str]]]


def _split_variants(pieces: List[str]) -> Rules:
    """Rules for lower, Title and UPPER forms of a split word."""
    rules: Rules = {}
    lower = [p.lower() for p in pieces]
    title = [lower[0][:1].upper() + lower[0][1:]] + lower[1:]
    upper = [p.upper() for p in lower]
    for form in (lower, title, upper):
        rules["".join(form)] = [{"ORTH": p} for p in form]
    return rules


# fmt: off
# Fused forms written as one word, with the treebank's split.
_FUSED = [
    ("gon", "na"), ("wan", "na"), ("got", "ta"), ("out", "ta"), ("has", "ta"),
    ("have", "ta"), ("lem", "me"), ("gim", "me"), ("can", "not"), ("du", "n", "no"),
    ("a", "lot"),
]

# Negated auxiliaries and pronoun + auxiliary written without the apostrophe.
# Only forms that are not themselves English words ("cant" is kept out of the
# pronoun list below for that reason, but "can't"-less "cant" is far more often
# the contraction on the web than the noun).
_NO_APOSTROPHE = [
    ("do", "nt"), ("does", "nt"), ("did", "nt"), ("ca", "nt"), ("could", "nt"),
    ("should", "nt"), ("would", "nt"), ("must", "nt"), ("is", "nt"), ("are", "nt"),
    ("was", "nt"), ("were", "nt"), ("have", "nt"), ("has", "nt"), ("had", "nt"),
    ("ai", "nt"), ("need", "nt"),
    ("i", "m"), ("i", "ve"), ("you", "re"), ("you", "ve"), ("you", "ll"), ("they", "re"),
    ("they", "ve"), ("they", "ll"), ("we", "ve"), ("that", "s"), ("what", "s"),
    ("there", "s"), ("how", "s"), ("where", "s"), ("who", "s"), ("would", "ve"),
    ("could", "ve"), ("should", "ve"), ("must", "ve"), ("might", "ve"),
]
# fmt: on

# Abbreviations that end in a period (the period belongs to the token).
# Abbreviations that are also common words ("No.", "Sun.", "Ill.", "Wash.",
# "min.") are left out: at the end of a sentence the period is its own token.
_ABBREVIATIONS = """
Mr. Mrs. Ms. Mx. Dr. Prof. St. Jr. Sr. Rev. Hon. Gov. Sen. Rep. Pres. Gen. Col.
Lt. Capt. Cpt. Sgt. Maj. Adm. Cmdr. Brig. Messrs. Mme. Mlle. Supt. Insp.
Inc. Ltd. Co. Corp. Bros. Assn. Assoc. Dept. Univ. Inst. Intl. Natl. Govt.
Jan. Feb. Apr. Jun. Jul. Aug. Sep. Sept. Oct. Nov. Dec.
Mon. Tue. Tues. Wed. Thu. Thur. Thurs. Fri.
Ala. Ariz. Ark. Calif. Colo. Conn. Fla. Ga. Kan. Kans. Ky. Md. Mich. Minn.
Mont. Neb. Nev. Okla. Tenn. Tex. Va. Vt. Wis. Wisc. Wyo.
Ave. Blvd. Rd. Ste. Mt. Ft. Hwy.
vs. etc. approx. appt. dept. fig. figs. misc. vol. vols. pp. incl. ext. tel.
hrs. yrs. wk. wks. mos. cf. viz. al. esp. govt. ibid. jr. sr. lbs. oz. pg.
tbsp. tsp. resp. mins.
"""

# Abbreviations in which every letter is followed by a period ("e.g.",
# "U.S.") and single capitals ("J." as an initial) are matched by pattern.
_ABBREVIATION_PATTERNS = [
    r"(?:[A-Za-z]\.){2,}",
    r"[A-HJ-Z]\.",  # not "I.": "... than I." ends a sentence
]

# Emoticons; those that read as list items or letters in brackets ("8)",
# "B)", "D:") are left out.
_EMOTICONS = """
:) :-) :)) :-)) :( :-( :(( ;) ;-) :D :-D ;D :P :-P :p :-p ;P ;p :O :o :-O :-o
:/ :-/ :\\ :| :-| :'( :') :* :-* :] :[ :> :< =) =( =D =] =[ =/ =| =P
xD XD <3 </3 ^_^ ^^ ^.^ -_- o_O O_o o.O O.o o_o O_O >:( >:) 8-)
"""

# Whole words with punctuation that the treebank keeps together.
_WHOLE = """
Yahoo! b/c w/ w/o c/o a/c A/C n/a N/A o.k. O.K. y'all Y'all ma'am Ma'am
'em 'Em 'cause 'Cause 'til 'bout o'clock O'clock rock'n'roll
'n' 'N' 's 'S 'm 'M 'd 'D 're 'RE 've 'VE 'll 'LL n't N'T
'90s '80s '70s '60s '50s '00s
"""

# Prefixes that stay attached to their word with a hyphen ("e-mail",
# "non-profit"), following the treebank's treatment of bound prefixes.
_HYPHEN_PREFIXES = """
a e i x anti auto bi co contra counter cyber de dis eco ex extra hyper inter intra
macro mega meta micro mid mini mis mono multi neo non omni over pan para post pre
pro pseudo re semi sub super trans tri ultra un uni vice
"""


def _build_rules() -> Rules:
    rules: Rules = {}
    for pieces in _FUSED + _NO_APOSTROPHE:
        rules.update(_split_variants(list(pieces)))
    for word in _ABBREVIATIONS.split():
        # a lower-case abbreviation may open a sentence ("Etc.", "Vs.")
        for form in dict.fromkeys([word, word[:1].upper() + word[1:]]):
            rules.setdefault(form, [{"ORTH": form}])
    for text in _EMOTICONS.split() + _WHOLE.split():
        rules[text] = [{"ORTH": text}]
    return rules


TOKENIZER_EXCEPTIONS: Rules = _build_rules()

_URL_END = r"[^\s.,;:!?'\"()\[\]{}<>\u2018\u2019\u201c\u201d]"
_TLDS = (
    "com|org|net|edu|gov|mil|int|info|biz|io|co|us|uk|ca|au|de|fr|nl|it|es|jp|cn|in|ru|br"
    "|nz|ie|ch|se|no|dk|fi|be|at|pl|za|mx|kr|tv|me|ly|gl|eu|asia|mobi|name|pro|aero|coop"
)

URL_MATCH = [
    # scheme or www.: anything up to the whitespace, not ending in punctuation
    rf"(?:(?:https?|ftp|file)://|www\d{{0,3}}\.)\S*{_URL_END}",
    # bare domain with a known top-level domain, optional path
    rf"(?i:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*"
    rf"\.(?:{_TLDS}))(?::\d+)?(?:/\S*{_URL_END}|/)?",
]

TOKEN_MATCH = [
    # e-mail addresses, including obfuscated ("name...@host") and host-only ones
    r"\w[\w.+\-']*@[\w\-]+(?:\.[\w\-]+)*",
    r"@[\w\-]+(?:\.[\w\-]+)+",
    # hashtags and handles
    r"#[^\W\d_][\w]*",
    r"@[^\W\d_][\w]*",
    # phone numbers and extensions: 713-853-1234, 853-1234, 3-5213
    r"(?:\+?\d{1,3}-)?(?:\d{3}-)?\d{1,3}-\d{4}",
    # a bound prefix with its hyphen, then a word (no further hyphen)
    rf"(?i:(?:{'|'.join(_HYPHEN_PREFIXES.split())}))-[^\W\d_][^\W_]*",
] + _ABBREVIATION_PATTERNS
