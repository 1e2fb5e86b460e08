"""The Tokenizer algorithm and API, on tiny hand-made rules."""

import pickle
import re

import pytest

from nlpcore import Doc, Vocab
from nlpcore.tokenizer import Tokenizer, compile_infix_regex, compile_prefix_regex


def texts(doc) -> list:
    return [t.text for t in doc]


def test_whitespace_only_tokenizer_splits_on_spaces():
    tok = Tokenizer(Vocab())
    doc = tok("Hello  world \tagain")
    assert isinstance(doc, Doc)
    assert texts(doc) == ["Hello", " ", "world", "\t", "again"]
    assert [t.whitespace_ for t in doc] == [" ", "", " ", "", ""]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("", []),
        (" ", [" "]),
        ("   ", ["   "]),
        ("\n", ["\n"]),
        ("  a", ["  ", "a"]),
        ("a ", ["a"]),
        ("a  ", ["a", " "]),
        ("a\nb", ["a", "\n", "b"]),
        ("a \n b", ["a", "\n ", "b"]),
    ],
)
def test_whitespace_runs(text, expected):
    doc = Tokenizer(Vocab())(text)
    assert texts(doc) == expected
    assert doc.text == text
    assert "".join(t.text_with_ws for t in doc) == text


def test_prefix_suffix_infix(small_tokenizer):
    doc = small_tokenizer('("well-known.")')
    assert texts(doc) == ["(", '"', "well", "-", "known", ".", '"', ")"]


def test_special_case_after_affixes(small_tokenizer):
    assert texts(small_tokenizer("(can't!)")) == ["(", "ca", "n't", "!", ")"]


def test_token_and_url_match_kept_whole(small_tokenizer):
    doc = small_tokenizer("(me@example.org) http://a-b.org/x-y.")
    assert texts(doc) == ["(", "me@example.org", ")", "http://a-b.org/x-y", "."]


def test_idx_and_spaces(small_tokenizer):
    text = "Hi (there) you-all.  Bye"
    doc = small_tokenizer(text)
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text
    assert doc.text == text


def test_add_special_case_and_cache_invalidation(small_tokenizer):
    assert texts(small_tokenizer("gonna go")) == ["gonna", "go"]
    assert small_tokenizer.cache_size > 0
    small_tokenizer.add_special_case("gonna", [{"ORTH": "gon"}, {"ORTH": "na"}])
    assert texts(small_tokenizer("gonna go")) == ["gon", "na", "go"]
    assert texts(small_tokenizer("(gonna)")) == ["(", "gon", "na", ")"]


def test_replace_rules_resets_cache(small_tokenizer):
    assert texts(small_tokenizer("can't")) == ["ca", "n't"]
    small_tokenizer.rules = {}
    assert texts(small_tokenizer("can't")) == ["can't"]
    assert small_tokenizer.rules == {}


def test_rules_property_is_a_copy(small_tokenizer):
    rules = small_tokenizer.rules
    rules["x"] = [{"ORTH": "x"}]
    assert "x" not in small_tokenizer.rules


@pytest.mark.parametrize(
    "name,value,text,expected",
    [
        ("prefix_search", re.compile(r"^[#]").search, "#(tag", ["#", "(tag"]),
        ("suffix_search", re.compile(r"[?]$").search, "why?)", ["why?)"]),
        ("infix_finditer", re.compile(r"/").finditer, "a/b-c", ["a", "/", "b-c"]),
        ("token_match", None, "a@b.cd.", ["a@b.cd", "."]),
    ],
)
def test_replace_patterns(small_tokenizer, name, value, text, expected):
    small_tokenizer(text)  # fill the cache with the old rules' answer
    setattr(small_tokenizer, name, value)
    assert getattr(small_tokenizer, name) is value
    assert texts(small_tokenizer(text)) == expected


def test_no_patterns_at_all():
    tok = Tokenizer(Vocab(), rules={})
    assert texts(tok('("a-b.")')) == ['("a-b.")']


def test_first_infix_then_rest_is_split_again(small_tokenizer):
    # after the first infix the rest is a new chunk: its suffix is cut again
    assert texts(small_tokenizer('a-b".')) == ["a", "-", "b", '"', "."]


def test_explain(small_tokenizer):
    assert small_tokenizer.explain("(can't x-y") == [
        ("PREFIX", "("),
        ("SPECIAL-1", "ca"),
        ("SPECIAL-2", "n't"),
        ("TOKEN", "x"),
        ("INFIX", "-"),
        ("TOKEN", "y"),
    ]


def test_explain_agrees_with_call(en_tokenizer):
    text = 'Don\'t (e.g. U.S.) visit http://x.com/a?b=1. -- "Wow!!!" well-known :)'
    explained = [piece for _, piece in en_tokenizer.explain(text)]
    assert explained == [t.text for t in en_tokenizer(text) if not t.text.isspace()]


def test_pipe(small_tokenizer):
    docs = list(small_tokenizer.pipe(["a b", "(c)", ""], batch_size=2))
    assert [texts(d) for d in docs] == [["a", "b"], ["(", "c", ")"], []]


@pytest.mark.parametrize("bad", [None, b"bytes", 3, ["a"]])
def test_non_str_input_gives_coded_error(small_tokenizer, bad):
    with pytest.raises(TypeError, match=r"\[E100\]"):
        small_tokenizer(bad)


@pytest.mark.parametrize(
    "string,substrings,code",
    [
        ("gonna", [{"ORTH": "gon"}, {"ORTH": "no"}], "E101"),
        ("gonna", [{"ORTH": "gonna", "NORM": "going to"}], "E104"),
        ("gonna", [{"TEXT": "gonna"}], "E102"),
        ("gonna", ["gonna"], "E102"),
        ("two words", [{"ORTH": "two words"}], "E103"),
        ("", [], "E103"),
    ],
)
def test_bad_special_case_gives_coded_error(small_tokenizer, string, substrings, code):
    with pytest.raises(ValueError, match=rf"\[{code}\]"):
        small_tokenizer.add_special_case(string, substrings)


def test_non_callable_pattern_gives_coded_error(small_tokenizer):
    with pytest.raises(TypeError, match=r"\[E105\]"):
        small_tokenizer.prefix_search = "^("


def test_serialisation_round_trip(small_tokenizer, tmp_path):
    small_tokenizer.add_special_case("gonna", [{"ORTH": "gon"}, {"ORTH": "na"}])
    text = '("gonna" can\'t me@x.org http://a.b/c. x-y!)'
    expected = texts(small_tokenizer(text))
    loaded = Tokenizer(Vocab()).from_bytes(small_tokenizer.to_bytes())
    assert texts(loaded(text)) == expected
    assert loaded.rules == small_tokenizer.rules
    small_tokenizer.to_disk(tmp_path / "tok" / "tokenizer")
    from_disk = Tokenizer(Vocab()).from_disk(tmp_path / "tok" / "tokenizer")
    assert texts(from_disk(text)) == expected
    unpickled = pickle.loads(pickle.dumps(small_tokenizer))
    assert texts(unpickled(text)) == expected


def test_from_bytes_replaces_cached_results(small_tokenizer):
    other = Tokenizer(Vocab())
    assert texts(other("(a)")) == ["(a)"]
    other.from_bytes(small_tokenizer.to_bytes())
    assert texts(other("(a)")) == ["(", "a", ")"]


def test_serialisation_exclude(small_tokenizer):
    data = small_tokenizer.to_bytes(exclude=["rules"])
    loaded = Tokenizer(Vocab(), rules={"x.": [{"ORTH": "x."}]}).from_bytes(data)
    assert "x." in loaded.rules and "can't" not in loaded.rules


def test_compiled_helper_patterns_serialise():
    tok = Tokenizer(
        Vocab(),
        prefix_search=compile_prefix_regex([r"\(", r"\["]).search,
        infix_finditer=compile_infix_regex([r"(?<=\w)[-~](?=\w)"]).finditer,
    )
    loaded = Tokenizer(Vocab()).from_bytes(tok.to_bytes())
    assert texts(loaded("([a~b")) == ["(", "[", "a", "~", "b"]


def test_unserialisable_pattern_warns(small_tokenizer):
    small_tokenizer.token_match = lambda s: s == "x"
    with pytest.warns(UserWarning, match=r"\[W050\]"):
        data = small_tokenizer.to_bytes()
    assert Tokenizer(Vocab()).from_bytes(data).token_match is None


@pytest.mark.parametrize("data", [b"", b"\x00\x01junk", b"\x80"])
def test_bad_bytes_give_coded_error(data):
    with pytest.raises(ValueError, match=r"\[E106\]"):
        Tokenizer(Vocab()).from_bytes(data)


def test_missing_file_gives_coded_error(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"\[E107\]"):
        Tokenizer(Vocab()).from_disk(tmp_path / "nothing")


def test_cache_is_bounded():
    tok = Tokenizer(Vocab(), max_cache_size=10)
    words = [f"w{i}" for i in range(25)]
    doc = tok(" ".join(words))
    assert texts(doc) == words
    assert 0 < tok.cache_size <= 10


def test_cache_reused_across_calls(small_tokenizer):
    first = small_tokenizer("(a) b")
    size = small_tokenizer.cache_size
    second = small_tokenizer("(a) b (a)")
    assert small_tokenizer.cache_size == size
    assert texts(second) == texts(first) + ["(", "a", ")"]


def test_same_chunk_in_narrow_and_wide_text(small_tokenizer):
    # one text stored 1 byte a character, the other 4: the chunk is cached once
    small_tokenizer("(word)")
    size = small_tokenizer.cache_size
    doc = small_tokenizer("(word) \U0001f600")
    assert texts(doc) == ["(", "word", ")", "\U0001f600"]
    assert small_tokenizer.cache_size == size + 1


def test_million_characters(en_tokenizer):
    unit = "Hello, world! It's 5km (e.g. http://x.org/a). \U0001f600  new\tline\n"
    text = unit * (1_000_000 // len(unit) + 1)
    doc = en_tokenizer(text)
    assert len(doc.text) == len(text) and doc.text == text
    assert len(doc) > 100_000


@pytest.mark.parametrize(
    "text,n_tokens", [("a-" * 100_000, 200_000), ("(" * 5_000 + "x" + ")" * 5_000, 10_001)]
)
def test_long_chunk_takes_linear_time(en_tokenizer, text, n_tokens):
    # regression: splitting re-scanned the whole rest of a chunk after each
    # infix or affix, so one long chunk took quadratic time
    doc = en_tokenizer(text)
    assert doc.text == text
    assert len(doc) == n_tokens


def test_a_lone_surrogate_is_a_coded_error(en_tokenizer):
    for text in ("\ud800", "fine words \udc00 here"):
        with pytest.raises(ValueError, match="E005"):
            en_tokenizer(text)
    assert texts(en_tokenizer("fine words")) == ["fine", "words"]
