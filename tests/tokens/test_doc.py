import pickle

import numpy
import pytest
import srsly
from hypothesis import given, settings
from hypothesis import strategies as st

from nlpcore import Doc, Vocab
from nlpcore.attrs import DEP, ENT_IOB, HEAD, ORTH, SENT_START, TAG


def test_text_is_reproduced_exactly(vocab):
    doc = Doc(vocab, ["Hello", ",", "world", "!"], [False, True, False, False])
    assert doc.text == "Hello, world!"
    assert [t.idx for t in doc] == [0, 5, 7, 12]
    assert "".join(t.text_with_ws for t in doc) == doc.text


def test_spaces_default_to_true(vocab):
    assert Doc(vocab, ["a", "b"]).text == "a b "


def test_empty_doc(vocab):
    doc = Doc(vocab)
    assert len(doc) == 0 and doc.text == "" and list(doc.sents) == [] and doc.ents == ()
    assert doc.to_array([ORTH, HEAD]).shape == (0, 2)


@pytest.mark.parametrize("words,spaces,code", [
    (["a", "b"], [True], "E020"),
    (["a", ""], None, "E021"),
    (["a", None], None, "E021"),
])
def test_bad_words_raise_coded_errors(vocab, words, spaces, code):
    with pytest.raises(ValueError, match=code):
        Doc(vocab, words, spaces)


def test_annotation_of_wrong_length(vocab):
    with pytest.raises(ValueError, match="E022"):
        Doc(vocab, ["a", "b"], tags=["X"])


def test_constructor_annotations(parsed_doc):
    doc = parsed_doc
    assert [t.tag_ for t in doc] == ["NNP", "VBD", "NNP", ".", "PRP", "VBD", "."]
    assert doc[1].lemma_ == "meet" and doc[0].pos_ == "PROPN"
    assert doc[0].morph_ == "Number=Sing" and doc[3].morph_ == ""
    assert [t.head.i for t in doc] == [1, 1, 1, 1, 5, 5, 5]
    assert [t.dep_ for t in doc][:2] == ["nsubj", "ROOT"]


def test_sentences_follow_the_parse(parsed_doc):
    assert [s.text for s in parsed_doc.sents] == ["Alice met Bob.", "They talked."]
    assert parsed_doc[5].sent.text == "They talked."


def test_sentences_unset_raise(vocab):
    with pytest.raises(ValueError, match="E030"):
        list(Doc(vocab, ["a", "b"]).sents)


def test_interleaved_trees_share_a_sentence(vocab):
    # Roots 1 and 2; token 0 hangs from 2 and token 3 from 1: arcs cross.
    doc = Doc(vocab, ["a", "b", "c", "d", "e"], heads=[2, 1, 2, 1, 4])
    assert [len(s) for s in doc.sents] == [4, 1]


def test_sent_starts_from_constructor(vocab):
    doc = Doc(vocab, ["a", "b", "c"], sent_starts=[True, False, True])
    assert [len(s) for s in doc.sents] == [2, 1]
    assert [t.is_sent_start for t in doc] == [True, False, True]


def test_bad_sent_start(vocab):
    with pytest.raises(ValueError, match="E025"):
        Doc(vocab, ["a"], sent_starts=[2])


@pytest.mark.parametrize("heads,code", [([0, 5], "E023"), ([1, 0], "E024"), ([1, 2, 0], "E024")])
def test_bad_heads_raise(vocab, heads, code):
    with pytest.raises(ValueError, match=code):
        Doc(vocab, ["a", "b", "c"][: len(heads)], heads=heads)


def test_setting_a_cyclic_head_raises_and_keeps_the_tree(parsed_doc):
    with pytest.raises(ValueError, match="E024"):
        parsed_doc[1].head = parsed_doc[0]
    assert [t.head.i for t in parsed_doc] == [1, 1, 1, 1, 5, 5, 5]


def test_reattaching_updates_children_and_sentences(parsed_doc):
    doc = parsed_doc
    doc[5].head = doc[1]
    assert [c.i for c in doc[1].children] == [0, 2, 3, 5]
    assert doc[1].right_edge.i == 6
    assert [len(s) for s in doc.sents] == [7]


def test_ents_get_set_and_validate(parsed_doc):
    doc = parsed_doc
    assert [(e.text, e.label_) for e in doc.ents] == [("Alice", "PER"), ("Bob", "PER")]
    doc.ents = [("ORG", 4, 5)]
    assert [(e.text, e.label_) for e in doc.ents] == [("They", "ORG")]
    assert [t.ent_iob_ for t in doc] == ["O", "O", "O", "O", "B", "O", "O"]
    with pytest.raises(ValueError, match="E028"):
        doc.ents = [("A", 0, 2), ("B", 1, 3)]
    with pytest.raises(ValueError, match="E027"):
        doc.ents = [("A", 5, 9)]
    with pytest.raises(ValueError, match="E032"):
        doc.ents = ["Alice"]
    with pytest.raises(ValueError, match="E034"):
        doc.ents = [doc[0:1]]
    other = Doc(doc.vocab, ["x"])
    with pytest.raises(ValueError, match="E029"):
        doc.ents = [other[0:1]]


def test_bilou_and_missing_entity_tags(vocab):
    doc = Doc(vocab, ["New", "York", "is", "big"], ents=["B-LOC", "L-LOC", "-", "O"])
    assert [(e.text, e.label_) for e in doc.ents] == [("New York", "LOC")]
    assert [t.ent_iob_ for t in doc] == ["B", "I", "", "O"]
    with pytest.raises(ValueError, match="E031"):
        Doc(vocab, ["a"], ents=["X-LOC"])


def test_set_ents_with_missing_default(parsed_doc):
    parsed_doc.set_ents([("PER", 0, 1)], default="missing")
    assert [t.ent_iob for t in parsed_doc] == [3, 0, 0, 0, 0, 0, 0]


def test_cats(vocab):
    doc = Doc(vocab, ["good"])
    doc.cats["POSITIVE"] = 1.0
    assert Doc(vocab).from_bytes(doc.to_bytes()).cats == {"POSITIVE": 1.0}


def test_has_annotation(parsed_doc, vocab):
    for attr in ("TAG", "POS", "LEMMA", "MORPH", "DEP", "HEAD", "SENT_START", "ENT_IOB"):
        assert parsed_doc.has_annotation(attr)
    plain = Doc(vocab, ["a", "b"])
    assert not any(plain.has_annotation(a) for a in ("TAG", "DEP", "HEAD", "SENT_START"))
    assert parsed_doc.has_annotation("TAG", require_complete=True)


def test_to_array_and_from_array(parsed_doc, vocab):
    array = parsed_doc.to_array([ORTH, TAG, HEAD, DEP, SENT_START, ENT_IOB])
    assert array.dtype == numpy.uint64 and array.shape == (7, 6)
    assert array[:, 2].view(numpy.int64).tolist() == [1, 0, -1, -2, 1, 0, -1]
    copy = Doc(vocab, [t.text for t in parsed_doc], [bool(t.whitespace_) for t in parsed_doc])
    copy.from_array([TAG, HEAD, DEP, SENT_START, ENT_IOB], array[:, 1:])
    assert [t.head.i for t in copy] == [t.head.i for t in parsed_doc]
    assert [s.text for s in copy.sents] == [s.text for s in parsed_doc.sents]
    assert parsed_doc.to_array("TAG").shape == (7,)


def test_from_array_rejects_bad_input(parsed_doc):
    with pytest.raises(ValueError, match="E012"):
        parsed_doc.from_array([TAG], numpy.zeros((3, 1), dtype=numpy.uint64))
    with pytest.raises(ValueError, match="E011"):
        parsed_doc.from_array([ORTH], numpy.zeros((7, 1), dtype=numpy.uint64))
    with pytest.raises(ValueError, match="E010"):
        parsed_doc.to_array(["NOT_AN_ATTR"])
    cyclic = numpy.array([1, -1, 0, 0, 0, 0, 0], dtype=numpy.int64).view(numpy.uint64)
    with pytest.raises(ValueError, match="E024"):
        parsed_doc.from_array([HEAD], cyclic)


def test_bytes_and_pickle_round_trip(parsed_doc):
    parsed_doc.user_data[("note", 1)] = "kept"
    for restored in (Doc(Vocab("en")).from_bytes(parsed_doc.to_bytes()),
                     pickle.loads(pickle.dumps(parsed_doc))):
        assert restored.text == parsed_doc.text
        attrs = [ORTH, TAG, HEAD, DEP, SENT_START, ENT_IOB, "ENT_TYPE", "LEMMA", "MORPH", "POS"]
        assert (restored.to_array(attrs) == parsed_doc.to_array(attrs)).all()
        assert restored.user_data[("note", 1)] == "kept"


def test_from_bytes_rejects_garbage(vocab, parsed_doc):
    with pytest.raises(ValueError, match="E040"):
        Doc(vocab).from_bytes(b"garbage")
    msg = srsly.msgpack_loads(parsed_doc.to_bytes())
    broken = [{k: v for k, v in msg.items() if k != key}
              for key in ("strings", "cats", "user_data_keys", "user_data_values")]
    broken.append({**msg, "cats": 5})
    broken.append({**msg, "strings": [1, 2]})
    orth_col = msg["attrs"].index(ORTH)
    broken.append({**msg, "attrs": [a for a in msg["attrs"] if a != ORTH],
                   "array": numpy.delete(numpy.frombuffer(msg["array"], dtype="uint64").reshape(
                       (msg["length"], -1)), orth_col, axis=1).tobytes()})
    for bad in broken:
        doc = Doc(vocab)
        with pytest.raises(ValueError, match="E040"):
            doc.from_bytes(srsly.msgpack_dumps(bad))
        assert len(doc) == 0


def test_char_span(parsed_doc):
    assert parsed_doc.char_span(6, 9, label="X").text == "met"
    assert parsed_doc.char_span(6, 8) is None
    assert parsed_doc.char_span(6, 8, alignment_mode="expand").text == "met"
    assert parsed_doc.char_span(5, 13, alignment_mode="contract").text == "met Bob"


def test_long_chain_doc(vocab):
    n = 5000
    doc = Doc(vocab, ["w"] * n, heads=[min(i + 1, n - 1) for i in range(n)])
    assert doc[n - 1].left_edge.i == 0
    assert len(list(doc.sents)) == 1
    doc = Doc(vocab, ["w"] * n, heads=[max(i - 1, 0) for i in range(n)])
    assert doc[0].right_edge.i == n - 1 and doc[n // 2].left_edge.i == n // 2
    assert len(list(doc.sents)) == 1


@st.composite
def forests(draw):
    """Random head lists that form a forest (each head precedes or is a root)."""
    n = draw(st.integers(1, 25))
    order = draw(st.permutations(range(n)))
    heads = [0] * n
    for rank, node in enumerate(order):
        if rank == 0 or draw(st.booleans()) is False and draw(st.integers(0, 4)) == 0:
            heads[node] = node
        else:
            heads[node] = order[draw(st.integers(0, rank - 1))]
    return heads


@settings(max_examples=200, deadline=None)
@given(forests())
def test_parse_structure_invariants(heads):
    doc = Doc(Vocab(), ["w"] * len(heads), heads=heads)
    for token in doc:
        subtree = [t.i for t in token.subtree]
        descendants = {i for i in range(len(heads)) if i == token.i or token.is_ancestor(doc[i])}
        assert set(subtree) == descendants
        assert token.left_edge.i == min(descendants) and token.right_edge.i == max(descendants)
        kids = [c.i for c in token.children]
        assert kids == sorted(i for i, h in enumerate(heads) if h == token.i and i != token.i)
        assert token.n_lefts + token.n_rights == len(kids)
    sents = list(doc.sents)
    assert sum(len(s) for s in sents) == len(doc)
    # A sentence boundary falls exactly where no arc crosses.
    for i in range(1, len(heads)):
        crossed = any(min(j, h) < i <= max(j, h) for j, h in enumerate(heads))
        assert doc[i].is_sent_start is (not crossed)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 24), min_size=1, max_size=25))
def test_any_heads_either_form_a_forest_or_raise(raw):
    heads = [h % len(raw) for h in raw]
    try:
        doc = Doc(Vocab(), ["w"] * len(heads), heads=heads)
    except ValueError as error:
        assert "E024" in str(error)
        return
    assert [t.head.i for t in doc] == heads


def test_unknown_heads_leave_sentence_starts_unknown(vocab):
    words = ["a", "b", "c", "d"]
    none_known = Doc(vocab, words, heads=[None] * 4)
    assert not none_known.has_annotation("SENT_START")
    assert [t.is_sent_start for t in none_known][1:] == [None, None, None]
    # b -> a is known, c and d unknown: the start before c is not certain.
    partial = Doc(vocab, words, heads=[0, 0, None, None])
    assert [t.is_sent_start for t in partial] == [True, False, None, None]
    complete = Doc(vocab, words, heads=[0, 0, 3, 3])
    assert [t.is_sent_start for t in complete] == [True, False, True, False]


def test_options_are_checked_and_numpy_sentence_starts_taken(vocab):
    import numpy

    doc = Doc(vocab, ["a", "b", "c"], sent_starts=[numpy.int64(1), numpy.int8(-1), True])
    assert [s.text for s in doc.sents] == ["a b", "c"]
    with pytest.raises(ValueError, match="E046"):
        doc.char_span(0, 1, alignment_mode="loose")
    with pytest.raises(ValueError, match="E046"):
        doc.set_ents([], default="outsides")
    assert doc.char_span(0, 3, alignment_mode="expand").text == "a b"
