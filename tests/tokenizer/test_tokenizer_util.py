"""The helpers compiling pattern lists into regexes."""

from nlpcore.tokenizer import (
    compile_infix_regex,
    compile_prefix_regex,
    compile_suffix_regex,
    compile_token_regex,
)


def test_prefix_regex_anchored_at_start():
    regex = compile_prefix_regex([r"\(", r"\.\.\."])
    assert regex.search("(a").group() == "("
    assert regex.search("...a").group() == "..."
    assert regex.search("a(") is None


def test_suffix_regex_anchored_at_end():
    regex = compile_suffix_regex([r"\)", r"'s"])
    assert regex.search("a)").group() == ")"
    assert regex.search("Bob's").group() == "'s"
    assert regex.search(")a") is None


def test_infix_regex_finds_all():
    regex = compile_infix_regex([r"(?<=\w)-(?=\w)", r"/"])
    assert [m.group() for m in regex.finditer("a-b/c-d")] == ["-", "/", "-"]


def test_token_regex_matches_whole_string():
    regex = compile_token_regex([r"\w+@\w+\.\w+", r"#\w+"])
    assert regex.match("me@x.org")
    assert regex.match("#tag")
    assert not regex.match("me@x.org)")


def test_alternatives_are_grouped():
    # an alternation inside an entry must not leak into the anchors
    regex = compile_prefix_regex(["a|b"])
    assert regex.search("ba") and not regex.search("xb")
