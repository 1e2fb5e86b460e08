"""English prefix, suffix and infix patterns (regular expression sources).

Each list holds pattern strings; `nlpcore.tokenizer.util` joins them into one
anchored regex per kind. Order matters within a list: earlier alternatives win.
The conventions follow the English Web Treebank: runs of the same punctuation
stay one token ("!!!", "=====", "?!"), clitics split off ("do" "n't", "it" "'s"),
and hyphens split compounds except after a known bound prefix ("e-mail",
"non-human") and inside phone numbers.
"""

import re

# Character classes, written as the inside of [...].
ALPHA = r"[^\W\d_]"  # a letter: not a non-word char, not a digit, not "_"
ALNUM = r"[^\W_]"  # a letter or a digit
QUOTES = "\"'`\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a"
OPEN_BRACKETS = r"(\[{<\u00ab\u300c\u300e\u3010\uff08"
CLOSE_BRACKETS = r")\]}>\u00bb\u300d\u300f\u3011\uff09"
CURRENCY = r"$\u00a3\u20ac\u00a5\u20b9\u20bd\u20a9\u00a2\u20ba"
# Sentence punctuation: a run of these is one token ("?!", "...", "!!!").
TERMINAL = r".!?\u2026\u203c\u2047\u2048\u2049"
# Line-drawing and decoration symbols: a run of these is one token ("=---").
LINE = r"=\-_*~+#^|\u2013\u2014\u2015\u2500\u2550"
# Apostrophes used in clitics.
APOS = "'\u2019"

PREFIXES = [
    # runs first, so "!!!" and "===" are taken whole
    rf"[{TERMINAL}]{{2,}}",
    rf"[{LINE}]{{2,}}",
    r"\$\$+|££+|€€+|<<+|>>+|//+|\\\\+",
    rf"[{CURRENCY}]",
    rf"[{OPEN_BRACKETS}]",
    rf"[{QUOTES}]",
    rf"[{TERMINAL}]",
    r"[,;:%&§¶†‡•·¡¿=*~^|/\\\-\u2013\u2014\u2015\u2022]",
    # "+" before a digit is a sign ("+1"); "#" and "@" before a letter start
    # a hashtag or a handle
    r"\+(?!\d)",
    rf"[#@](?!{ALPHA})",
]

# Units glued to a number, split off ("5km", "10pm", "70k"); ordinals ("3rd")
# and decades ("1990s") stay whole.
UNITS = (
    "km kg mg g cm mm m ml l lb lbs oz ft mph kph hr hrs h min mins sec secs am pm p "
    "a.m. p.m. k K M bn x GB MB KB TB Mb GHz MHz Hz mAh kW px"
).split()

# Where it can, a pattern starts with the character it cuts and checks what
# precedes it with a look-behind after that character: a cheap first test, so
# the regex engine rejects most positions at once.
SUFFIXES = [
    # runs of punctuation
    rf"[{TERMINAL}:;]*[{TERMINAL}][{TERMINAL}:;]*",
    rf"[{LINE}]{{2,}}",
    r"\$\$+|££+|€€+|<<+|>>+|//+|\\\\+",
    # clitics after a letter: "n't", "'s", "'re", "'ve", "'ll", "'m", "'d"
    rf"[nN](?<={ALPHA}[nN])[{APOS}][tT]",
    rf"[{APOS}](?<={ALPHA}[{APOS}])(?:[sSmMdD]|[rR][eE]|[vV][eE]|[lL][lL])",
    rf"[{CLOSE_BRACKETS}]",
    rf"[{QUOTES}]",
    r"[,;:%§¶†‡•=*~^|/\\+\-\u2013\u2014\u2015\u2022\u00b0]",
    rf"[{CURRENCY}]",
    r"[#@&]",
    rf"(?<=\d)(?:{'|'.join(re.escape(unit) for unit in UNITS)})",
    r"\.",
]

INFIXES = [
    # an ellipsis or a run of dashes between words
    r"\.{2,}|\u2026",
    r"-{2,}|[\u2013\u2014\u2015]",
    # a hyphen between letters/digits; phone numbers and words after a bound
    # prefix ("e-mail") are kept whole by the exceptions' token_match
    rf"-(?<={ALNUM}-)(?={ALNUM})",
    # a slash between words ("and/or"); dates and fractions keep theirs
    rf"/(?<={ALPHA}/)(?={ALPHA})",
    # a comma before a letter ("this,that"), or between a letter and a digit;
    # "1,000" keeps its comma
    rf",(?<={ALNUM},)(?={ALPHA})|,(?<={ALPHA},)(?=\d)",
    # other joining symbols between words
    rf"[+=*^|~](?<={ALNUM}.)(?={ALNUM})",
    rf"[:;!?](?<={ALPHA}.)(?={ALPHA})",
    rf"[\"\u201c\u201d](?<={ALNUM}.)(?={ALPHA})",
    # brackets inside a word: "(s)he", "word(s)"
    rf"[{OPEN_BRACKETS}{CLOSE_BRACKETS}]",
]
