"""Property: a Doc's tokens give back the exact text, with consistent offsets."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlpcore import Vocab
from nlpcore.tokenizer.lang.en import make_tokenizer

_TOKENIZER = make_tokenizer(Vocab("en"))

# Pieces that exercise the rules: punctuation, clitics, URLs, whitespace runs,
# emoji, combining marks, wide characters.
# fmt: off
_PIECES = st.sampled_from(
    [" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u3000", ".", "...", ",", "!", "?!", "'", "n't",
     "'s", "(", ")", '"', "-", "--", "/", ":", ":)", "e.g.", "U.S.", "http://a.b/c",
     "me@x.org", "#tag", "@you", "$", "5", "km", "don't", "gonna", "\U0001f600",
     "\U0001f44d\U0001f3fd", "e\u0301", "\u0301", "\u200d", "\ufe0f", "caf\u00e9", "\u4e2d\u6587",
     "\U00010348", "a", "Word"]
)
# fmt: on
_TEXT = st.one_of(
    st.text(max_size=60),
    st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=25).map("".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_text_round_trips_with_consistent_offsets(text):
    doc = _TOKENIZER(text)
    assert "".join(t.text_with_ws for t in doc) == text
    assert doc.text == text
    position = 0
    for token in doc:
        assert token.text, "no empty tokens"
        assert token.idx == position
        assert text[token.idx : token.idx + len(token.text)] == token.text
        assert token.whitespace_ in ("", " ")
        position += len(token.text_with_ws)
    assert position == len(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=5))
def test_results_do_not_depend_on_the_cache(texts):
    # a cold tokenizer and one warmed on other texts agree
    warm = [[t.text for t in _TOKENIZER(text)] for text in texts]
    cold = make_tokenizer(Vocab("en"))
    assert [[t.text for t in cold(text)] for text in texts] == warm
