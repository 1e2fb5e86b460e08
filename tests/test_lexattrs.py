from hypothesis import given
from hypothesis import strategies as st

from nlpcore.lexattrs import SHAPE_RUN_CAP, like_email, like_num, like_url, shape
from nlpcore.tokenizer.lang.en.lex_attrs import like_num as en_like_num


def reference_shape(text: str) -> str:
    """Character by character: map, then drop a character repeating a run of 4."""
    out, last, run = [], None, 0
    for char in text:
        mapped = ("X" if char.isupper() else "x") if char.isalpha() else (
            "d" if char.isdigit() else char)
        run = run + 1 if mapped == last else 1
        last = mapped
        if run <= SHAPE_RUN_CAP:
            out.append(mapped)
    return "".join(out)


@given(st.text(max_size=40))
def test_shape_matches_the_reference(text):
    assert shape(text) == reference_shape(text)


@given(st.text(alphabet="aA1-.", max_size=40))
def test_shape_on_ascii_runs(text):
    assert shape(text) == reference_shape(text)


def test_number_like():
    assert all(like_num(t) for t in ["7", "-3.5", "1,000,000", "3/4", "1e10"])
    assert not any(like_num(t) for t in ["seven", "1.2.", "a1", ""])
    assert all(en_like_num(t) for t in ["seven", "Hundred", "3rd", "twentieth"])


def test_url_and_email_like():
    assert like_url("http://x.org/a") and like_url("www.spacy.io") and like_url("bbc.co.uk")
    assert not like_url("hello.") and not like_url("jane@x.com")
    assert like_email("a.b+c@mail.example.org") and not like_email("a@b")
