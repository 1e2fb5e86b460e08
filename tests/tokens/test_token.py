import pytest

from nlpcore import Doc


def test_views_and_lexical_attributes(parsed_doc):
    token = parsed_doc[0]
    assert (token.text, token.i, token.idx, len(token)) == ("Alice", 0, 0, 5)
    lexical = (token.lower_, token.shape_, token.prefix_, token.suffix_)
    assert lexical == ("alice", "Xxxxx", "A", "ice")
    assert token.is_title and token.is_alpha and not token.is_stop
    assert token.orth == parsed_doc.vocab.strings["Alice"]
    assert token.lex.orth_ == "Alice"
    assert parsed_doc[2].whitespace_ == "" and parsed_doc[2].text_with_ws == "Bob"
    assert parsed_doc[-1].i == 6
    with pytest.raises(IndexError, match="E026"):
        parsed_doc[7]


def test_settable_string_attributes(parsed_doc):
    token = parsed_doc[1]
    token.tag_, token.pos_, token.lemma_, token.dep_ = "VB", "AUX", "see", "root"
    token.morph_ = "Mood=Ind"
    assert (token.tag_, token.pos_, token.lemma_, token.dep_, token.morph_) == (
        "VB", "AUX", "see", "root", "Mood=Ind")
    assert parsed_doc[1].tag == parsed_doc.vocab.strings["VB"]


def test_tree_navigation(parsed_doc):
    met = parsed_doc[1]
    assert [t.text for t in met.lefts] == ["Alice"]
    assert [t.text for t in met.rights] == ["Bob", "."]
    assert [t.text for t in met.subtree] == ["Alice", "met", "Bob", "."]
    assert [t.text for t in parsed_doc[0].ancestors] == ["met"]
    assert met.is_ancestor(parsed_doc[2]) and not parsed_doc[2].is_ancestor(met)
    assert (met.n_lefts, met.n_rights) == (1, 2)


def test_head_from_another_doc_raises(parsed_doc, vocab):
    other = Doc(vocab, ["x"] * 7)
    with pytest.raises(ValueError, match="E060"):
        parsed_doc[0].head = other[1]


def test_sentence_flags(parsed_doc, vocab):
    assert parsed_doc[4].is_sent_start and parsed_doc[3].is_sent_end
    parsed_doc[4].is_sent_start = True  # as the heads have it
    with pytest.raises(ValueError, match="E044"):  # the heads decide a parsed Doc's sentences
        parsed_doc[2].is_sent_start = None
    assert parsed_doc[2].is_sent_start is False
    doc = Doc(vocab, words=["a", "b", "c"])
    doc[2].is_sent_start = None
    assert doc[2].is_sent_start is None
    doc[2].is_sent_start = True
    assert [span.text for span in doc.sents] == ["a b", "c"]


def test_entity_attributes(parsed_doc):
    assert (parsed_doc[0].ent_iob_, parsed_doc[0].ent_type_) == ("B", "PER")
    assert (parsed_doc[1].ent_iob_, parsed_doc[1].ent_type_) == ("O", "")


def test_nbor(parsed_doc):
    assert parsed_doc[1].nbor().text == "Bob" and parsed_doc[1].nbor(-1).text == "Alice"
    with pytest.raises(IndexError):
        parsed_doc[6].nbor()


def test_tokens_compare_by_doc_and_position(parsed_doc):
    assert parsed_doc[0] == parsed_doc[0] and parsed_doc[0] != parsed_doc[1]
    assert len({parsed_doc[0], parsed_doc[0]}) == 1
