import pytest

from nlpcore import Doc, Span, Token


@pytest.fixture(autouse=True)
def clean_extensions():
    yield
    for cls in (Doc, Token, Span):
        for name in ("rel", "shout", "loud", "n_chars", "tag_count"):
            if cls.has_extension(name):
                cls.remove_extension(name)


def test_doc_extension_with_default_stores_in_user_data(parsed_doc):
    Doc.set_extension("rel", default=None)
    assert parsed_doc._.rel is None
    parsed_doc._.rel = {("Alice", "Bob"): "met"}
    assert parsed_doc._.rel == {("Alice", "Bob"): "met"}
    assert any(key[1] == "rel" for key in parsed_doc.user_data)


def test_token_and_span_values_survive_new_views(parsed_doc):
    Token.set_extension("loud", default=False)
    Span.set_extension("rel", default="")
    parsed_doc[2]._.loud = True
    parsed_doc[0:2]._.rel = "subj"
    assert parsed_doc[2]._.loud and not parsed_doc[1]._.loud
    assert parsed_doc[0:2]._.rel == "subj" and parsed_doc[0:3]._.rel == ""


def test_getter_setter_and_method(parsed_doc):
    Token.set_extension("shout", getter=lambda t: t.text.upper())
    Doc.set_extension("tag_count", method=lambda doc, tag: sum(t.tag_ == tag for t in doc))
    assert parsed_doc[0]._.shout == "ALICE"
    assert parsed_doc._.tag_count("NNP") == 2
    with pytest.raises(AttributeError, match="E053"):
        parsed_doc[0]._.shout = "x"
    store = {}
    Span.set_extension("n_chars", getter=lambda s: store.get("n", len(s.text)),
                       setter=lambda s, v: store.__setitem__("n", v))
    parsed_doc[0:2]._.n_chars = 99
    assert parsed_doc[0:2]._.n_chars == 99


def test_registration_errors(parsed_doc):
    Doc.set_extension("rel", default=None)
    with pytest.raises(ValueError, match="E050"):
        Doc.set_extension("rel", default=1)
    Doc.set_extension("rel", default=1, force=True)
    assert parsed_doc._.rel == 1
    with pytest.raises(ValueError, match="E051"):
        Token.set_extension("loud")
    with pytest.raises(ValueError, match="E051"):
        Token.set_extension("loud", default=1, getter=len)
    with pytest.raises(AttributeError, match="E052"):
        parsed_doc._.unknown
