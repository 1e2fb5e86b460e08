import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlpcore import Doc, Span, Vocab


def test_span_basics(parsed_doc):
    span = parsed_doc[1:3]
    assert (span.text, span.start, span.end, len(span)) == ("met Bob", 1, 3, 2)
    assert (span.start_char, span.end_char) == (6, 13)
    assert span.text_with_ws == "met Bob"
    assert [t.text for t in span] == ["met", "Bob"] and span[-1].text == "Bob"
    assert span.root.text == "met"
    assert span.sent.text == "Alice met Bob."
    assert span[0:1].text == "met"


def test_labels_and_entities(parsed_doc):
    span = Span(parsed_doc, 0, 3, label="CLAUSE")
    assert span.label_ == "CLAUSE"
    span.label_ = "OTHER"
    assert span.label == parsed_doc.vocab.strings["OTHER"]
    assert [e.text for e in span.ents] == ["Alice", "Bob"]


def test_out_of_range_span(parsed_doc):
    with pytest.raises(IndexError, match="E027"):
        Span(parsed_doc, 3, 9)


def test_sents_of_a_span(parsed_doc):
    assert [s.text for s in parsed_doc[2:6].sents] == ["Alice met Bob.", "They talked."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=6).filter(lambda w: not w.isspace()),
                          st.booleans()), min_size=1, max_size=15),
       st.data())
def test_span_text_matches_character_offsets(words_spaces, data):
    words = [w for w, _ in words_spaces]
    spaces = [s for _, s in words_spaces]
    doc = Doc(Vocab(), words, spaces)
    start = data.draw(st.integers(0, len(doc) - 1))
    end = data.draw(st.integers(start + 1, len(doc)))
    span = doc[start:end]
    assert span.text == doc.text[span.start_char:span.end_char]
    assert doc.char_span(span.start_char, span.end_char) == span
    assert span.text_with_ws == "".join(t.text_with_ws for t in span)


def test_indices_are_ints_and_slices_take_no_step(parsed_doc):
    import numpy

    span = parsed_doc[1:5]
    for seq in (parsed_doc, span):
        assert seq[numpy.int64(1)].i == seq[1].i
        for key in (1.5, "a", None):
            with pytest.raises(TypeError, match="E038"):
                seq[key]
        with pytest.raises(ValueError, match="E039"):
            seq[::2]
    assert span[1:3].text == parsed_doc[2:4].text and span[::1].text == span.text


def test_an_empty_span_has_no_root(parsed_doc):
    with pytest.raises(ValueError, match="E045"):
        parsed_doc[2:2].root
    assert parsed_doc[2:3].root.i == 2
