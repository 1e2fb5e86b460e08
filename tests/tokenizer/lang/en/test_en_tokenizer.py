"""English rules: treebank (UD English Web Treebank) conventions."""

import pytest


def split(tokenizer, text):
    return [t.text for t in tokenizer(text) if not t.text.isspace()]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("don't", ["do", "n't"]),
        ("Don't", ["Do", "n't"]),
        ("DON'T", ["DO", "N'T"]),
        ("can't", ["ca", "n't"]),
        ("won't", ["wo", "n't"]),
        ("ain't", ["ai", "n't"]),
        ("didn\u2019t", ["did", "n\u2019t"]),
        ("I'm", ["I", "'m"]),
        ("you're", ["you", "'re"]),
        ("we've", ["we", "'ve"]),
        ("she'll", ["she", "'ll"]),
        ("I'd", ["I", "'d"]),
        ("it's", ["it", "'s"]),
        ("Bob's", ["Bob", "'s"]),
        ("world\u2019s", ["world", "\u2019s"]),
        ("soldiers'", ["soldiers", "'"]),
        ("the 70's", ["the", "70's"]),
        ("O'Neill", ["O'Neill"]),
    ],
)
def test_clitics(en_shared, text, expected):
    assert split(en_shared, text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("gonna", ["gon", "na"]),
        ("Gonna", ["Gon", "na"]),
        ("wanna", ["wan", "na"]),
        ("gotta", ["got", "ta"]),
        ("cannot", ["can", "not"]),
        ("Cannot", ["Can", "not"]),
        ("dunno", ["du", "n", "no"]),
        ("dont", ["do", "nt"]),
        ("cant", ["ca", "nt"]),
        ("Im", ["I", "m"]),
        ("thats", ["that", "s"]),
        ("alot", ["a", "lot"]),
    ],
)
def test_fused_and_apostrophe_less_forms(en_shared, text, expected):
    assert split(en_shared, text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Dr. Smith", ["Dr.", "Smith"]),
        ("the U.S. and", ["the", "U.S.", "and"]),
        ("in the U.S.", ["in", "the", "U.S."]),
        ("e.g. this", ["e.g.", "this"]),
        ("(e.g.,", ["(", "e.g.", ","]),
        ("apples, pears, etc.", ["apples", ",", "pears", ",", "etc."]),
        ("Acme Inc..", ["Acme", "Inc.", "."]),
        ("J. Smith", ["J.", "Smith"]),
        ("at 5 p.m. today", ["at", "5", "p.m.", "today"]),
        ("I said no.", ["I", "said", "no", "."]),
        ("It was Sun.", ["It", "was", "Sun", "."]),
        ("better than I.", ["better", "than", "I", "."]),
        ("(see item 8)", ["(", "see", "item", "8", ")"]),
        ("(plan B)", ["(", "plan", "B", ")"]),
    ],
)
def test_abbreviations(en_shared, text, expected):
    assert split(en_shared, text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Hello, world!", ["Hello", ",", "world", "!"]),
        ('"Quoted."', ['"', "Quoted", ".", '"']),
        ("(see below)", ["(", "see", "below", ")"]),
        ("What?!", ["What", "?!"]),
        ("Great!!!", ["Great", "!!!"]),
        ("!!!!", ["!!!!"]),
        ("and...", ["and", "..."]),
        ("wait...what", ["wait", "...", "what"]),
        ("=====", ["====="]),
        ("News==----", ["News", "==----"]),
        ("$$$", ["$$$"]),
        ("<< File >>", ["<<", "File", ">>"]),
        ("$5", ["$", "5"]),
        ("5%", ["5", "%"]),
        ("-0.5", ["-", "0.5"]),
        ("+1", ["+1"]),
        ("#1", ["#", "1"]),
    ],
)
def test_punctuation(en_shared, text, expected):
    assert split(en_shared, text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("well-known", ["well", "-", "known"]),
        ("15-year", ["15", "-", "year"]),
        ("daughter-in-law", ["daughter", "-", "in", "-", "law"]),
        ("e-mail", ["e-mail"]),
        ("E-mail", ["E-mail"]),
        ("non-human", ["non-human"]),
        ("re-wording", ["re-wording"]),
        ("713-853-1234", ["713-853-1234"]),
        ("853-1234", ["853-1234"]),
        ("1998-2000", ["1998", "-", "2000"]),
        ("and/or", ["and", "/", "or"]),
        ("08/16/2000", ["08/16/2000"]),
        ("b/c", ["b/c"]),
        ("1,000", ["1,000"]),
        ("5:30", ["5:30"]),
        ("this,that", ["this", ",", "that"]),
        ("word--word", ["word", "--", "word"]),
    ],
)
def test_infixes(en_shared, text, expected):
    assert split(en_shared, text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("http://www.example.com/a-b?x=1&y=2.", ["http://www.example.com/a-b?x=1&y=2", "."]),
        ("(https://example.org/)", ["(", "https://example.org/", ")"]),
        ("www.example.co.uk,", ["www.example.co.uk", ","]),
        ("Newsfeed.Com", ["Newsfeed.Com"]),
        ("mail me@example.com.", ["mail", "me@example.com", "."]),
        ("<john...@gmail.com>", ["<", "john...@gmail.com", ">"]),
        ('"Ann"<ann@x.org>', ['"', "Ann", '"', "<", "ann@x.org", ">"]),
        ("Warner@ENRON", ["Warner@ENRON"]),
        ("#audiobooks", ["#audiobooks"]),
        ("@someone:", ["@someone", ":"]),
    ],
)
def test_urls_emails_handles(en_shared, text, expected):
    assert split(en_shared, text) == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("5km", ["5", "km"]),
        ("10pm", ["10", "pm"]),
        ("70k", ["70", "k"]),
        ("3rd", ["3rd"]),
        ("1990s", ["1990s"]),
        ("3G", ["3G"]),
    ],
)
def test_units(en_shared, text, expected):
    assert split(en_shared, text) == expected


@pytest.mark.parametrize("emoticon", [":)", ":-)", ";)", ":(", ":P", ":D", "<3", "^_^", "XD"])
def test_emoticons(en_shared, emoticon):
    assert split(en_shared, f"fun {emoticon}") == ["fun", emoticon]
    assert split(en_shared, f"fun {emoticon}.") == ["fun", emoticon, "."]


def test_user_special_case_overrides_rules(en_tokenizer):
    en_tokenizer("I'm fine")
    en_tokenizer.add_special_case("I'm", [{"ORTH": "I'm"}])
    assert split(en_tokenizer, "I'm fine") == ["I'm", "fine"]


def test_round_trip_keeps_english_rules(en_tokenizer):
    from nlpcore import Vocab
    from nlpcore.tokenizer import Tokenizer

    text = "Don't e-mail me@x.org (U.S.) gonna 5km http://a.org/x. well-known!!!"
    loaded = Tokenizer(Vocab("en")).from_bytes(en_tokenizer.to_bytes())
    assert split(loaded, text) == split(en_tokenizer, text)
