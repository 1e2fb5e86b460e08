"""Parser and NER keep the annotation a doc already has (issue 6, bad input).

Entities and explicit "O" tokens, heads and deps, sentence starts: set before
the component runs, they come out unchanged and the model fills in the rest.
Property tests draw random docs and random partial annotation.
"""

import numpy
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nlpcore.ml.parser_model import StateBatch
from small_configs import SMALL_TOK2VEC as TOK2VEC
from thinc.api import Adam

import nlpcore
from nlpcore import Doc
from nlpcore.pipeline.transition_parser import Preset
from nlpcore.tokens import Span
from nlpcore.training import Example
from nlpcore.transition.nonproj import is_projective
from nlpcore.vocab import Vocab


def transition_config(state_type: str, nr_feature_tokens: int) -> dict:
    return {"model": {"@architectures": "nlpcore.TransitionBasedParser.v1",
                      "state_type": state_type, "nr_feature_tokens": nr_feature_tokens,
                      "hidden_width": 32, "maxout_pieces": 2, "use_upper": True, "nO": None,
                      "tok2vec": TOK2VEC},
            "min_action_freq": 1}


WORDS = "John Smith lives in Paris Mary visited New York City they eat ham we sleep".split()
NER_DATA = [
    ("John Smith lives in Paris".split(), ["B-PER", "L-PER", "O", "O", "U-LOC"]),
    ("Mary visited New York City".split(), ["U-PER", "O", "B-LOC", "I-LOC", "L-LOC"]),
    ("they eat ham".split(), ["O", "O", "O"]),
]
TREES = [
    ("they eat ham . we sleep .".split(), [1, 1, 1, 1, 5, 5, 5],
     ["nsubj", "ROOT", "obj", "punct", "nsubj", "ROOT", "punct"]),
    ("Mary visited New York City".split(), [1, 1, 4, 4, 1],
     ["nsubj", "ROOT", "compound", "compound", "obj"]),
]
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def ner():
    nlp = nlpcore.blank("en")
    ner = nlp.add_pipe("ner", config=transition_config("ner", 3))
    egs = [Example(Doc(nlp.vocab, words), Doc(nlp.vocab, words, ents=tags))
           for words, tags in NER_DATA]
    ner.initialize(lambda: egs)
    optimizer = Adam(0.01)
    for _ in range(30):
        ner.update(egs, sgd=optimizer)
    return ner


@pytest.fixture(scope="module")
def parser():
    nlp = nlpcore.blank("en")
    parser = nlp.add_pipe("parser", config=transition_config("parser", 8))
    egs = [Example(Doc(nlp.vocab, words), Doc(nlp.vocab, words, heads=heads, deps=deps))
           for words, heads, deps in TREES]
    parser.initialize(lambda: egs)
    optimizer = Adam(0.01)
    for _ in range(30):
        parser.update(egs, sgd=optimizer)
    return parser


def ents_of(doc):
    return [(e.start, e.end, e.label_) for e in doc.ents]


def tree_of(doc):
    return [(t.head.i, t.dep_) for t in doc]


# ---- strategies -----------------------------------------------------------------------
@st.composite
def entity_annotation(draw, max_len=20):
    """(words, BILUO tags with "-" missing): random runs of missing, O and entities."""
    words, tags = [], []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(["missing", "O", "PER", "LOC", "ORG"]))
        n = draw(st.integers(1, 3))
        if len(words) + n > max_len:
            break
        words.extend(draw(st.lists(st.sampled_from(WORDS), min_size=n, max_size=n)))
        if kind == "missing":
            tags.extend(["-"] * n)
        elif kind == "O":
            tags.extend(["O"] * n)
        elif n == 1:
            tags.append(f"U-{kind}")
        else:
            tags.extend([f"B-{kind}"] + [f"I-{kind}"] * (n - 2) + [f"L-{kind}"])
    return words, tags


def projective_tree(draw, lo, hi, head, heads):
    """Attach words [lo, hi) below head, projectively (each piece a subtree)."""
    while lo < hi:
        end = draw(st.integers(lo + 1, hi))
        child = draw(st.integers(lo, end - 1))
        heads[child] = head if head is not None else child
        projective_tree(draw, lo, child, child, heads)
        projective_tree(draw, child + 1, end, child, heads)
        lo = end


@st.composite
def partial_trees(draw, max_len=16):
    """(words, heads, deps) with a random part of a random projective forest kept."""
    n = draw(st.integers(1, max_len))
    words = draw(st.lists(st.sampled_from(WORDS), min_size=n, max_size=n))
    heads = [0] * n
    projective_tree(draw, 0, n, None, heads)
    keep = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    labels = draw(st.lists(st.sampled_from(["nsubj", "obj", "compound", "odd", None]),
                           min_size=n, max_size=n))
    preset_heads, deps = [], []
    for i in range(n):
        if not keep[i]:
            preset_heads.append(None)
            deps.append(None)
        elif heads[i] == i:  # a root needs a dep, or it reads as unannotated
            preset_heads.append(i)
            deps.append(draw(st.sampled_from(["ROOT", "odd"])))
        else:
            preset_heads.append(heads[i])
            deps.append(labels[i])
    return words, preset_heads, deps


# ---- NER ------------------------------------------------------------------------------
@SETTINGS
@given(data=st.lists(entity_annotation(), min_size=1, max_size=4), threads=st.sampled_from([1, 2]))
def test_ner_keeps_preset_entities_and_outside_tokens(ner, data, threads):
    docs = [Doc(ner.vocab, words, ents=tags) for words, tags in data]
    preset = [(ents_of(doc), [t.i for t in doc if t.ent_iob_ == "O"]) for doc in docs]
    plain = [ents_of(ner(Doc(ner.vocab, words))) for words, _ in data]
    ner.n_threads = threads
    try:
        docs = list(ner.pipe(docs, batch_size=len(docs)))
    finally:
        ner.n_threads = 1
    for doc, (ents, outside), words_tags, alone in zip(docs, preset, data, plain):
        got = ents_of(doc)
        assert set(ents) <= set(got)
        assert all(doc[i].ent_iob_ == "O" for i in outside)
        assert all(t.ent_iob_ in ("B", "I", "O") for t in doc)
        if all(tag == "-" for tag in words_tags[1]):  # nothing preset: the plain parse
            assert got == alone
        if "-" not in words_tags[1]:  # everything preset: nothing else
            assert got == ents


@SETTINGS
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=20),
       reveal=st.lists(st.booleans(), min_size=20, max_size=20))
def test_ner_preset_agreeing_with_the_model_changes_nothing(ner, words, reveal):
    plain = ner(Doc(ner.vocab, words))
    tags = ["-"] * len(words)
    for ent in plain.ents:  # reveal some of the model's own entities and O tokens
        if reveal[ent.start]:
            tags[ent.start:ent.end] = ["B-" + ent.label_] + ["I-" + ent.label_] * (len(ent) - 1)
    for token in plain:
        if token.ent_iob_ == "O" and reveal[token.i]:
            tags[token.i] = "O"
    assert ents_of(ner(Doc(ner.vocab, words, ents=tags))) == ents_of(plain)


def test_ner_keeps_unknown_labels_and_kb_ids(ner):
    doc = Doc(ner.vocab, "Mary visited New York City".split())
    doc.set_ents([Span(doc, 2, 5, label="GPE", kb_id="Q60"), Span(doc, 0, 1, label="PER",
                                                                  kb_id="Q1")],
                 default="unmodified")
    ner(doc)
    assert ents_of(doc)[0] == (0, 1, "PER") and (2, 5, "GPE") in ents_of(doc)
    assert [t.ent_kb_id_ for t in doc] == ["Q1", "", "Q60", "Q60", "Q60"]
    one = ner(Doc(ner.vocab, ["Paris"], ents=["U-CITY"]))
    assert ents_of(one) == [(0, 1, "CITY")]


def test_ner_doc_from_another_vocab_same_output(ner):
    for words, _ in NER_DATA:
        other = ner(Doc(Vocab("en"), words))
        assert ents_of(other) == ents_of(ner(Doc(ner.vocab, words)))
    preset = ner(Doc(Vocab("en"), "Mary visited New York City".split(),
                     ents=["-", "-", "B-GPE", "I-GPE", "L-GPE"]))
    assert (2, 5, "GPE") in ents_of(preset)


def test_ner_long_doc_without_punctuation(ner):
    words = (["John", "Smith", "visited", "New", "York"] * 1000)
    doc = ner(Doc(ner.vocab, words))
    assert len(doc) == 5000 and all(t.ent_iob_ in ("B", "I", "O") for t in doc)
    tags = ["-"] * 5000
    tags[::10] = ["O"] * 500
    tags[4001:4003] = ["B-ORG", "L-ORG"]
    preset = ner(Doc(ner.vocab, words, ents=tags))
    assert (4001, 4003, "ORG") in ents_of(preset)
    assert all(preset[i].ent_iob_ == "O" for i in range(0, 5000, 10))


# ---- parser: heads --------------------------------------------------------------------
@SETTINGS
@given(trees=st.lists(partial_trees(), min_size=1, max_size=4), threads=st.sampled_from([1, 2]))
def test_parser_keeps_preset_arcs(parser, trees, threads):
    docs = [Doc(parser.vocab, words, heads=heads, deps=deps) for words, heads, deps in trees]
    parser.n_threads = threads
    try:
        parsed = parser.predict(docs)
        parser.set_annotations(docs, parsed)
    finally:
        parser.n_threads = 1
    moves = parser.moves.labels
    for i, (doc, (_, heads, deps)) in enumerate(zip(docs, trees)):
        decoded_heads, decoded_keys = parsed.heads_labels(i)
        for word, (head, dep) in enumerate(zip(heads, deps)):
            if head is None:
                continue
            # Decoding itself keeps the preset (projective) arcs and the labels it has.
            assert decoded_heads[word] == head
            if head != word and dep in moves["LEFT" if head > word else "RIGHT"]:
                assert parser.vocab.strings[int(decoded_keys[word])] == dep
            assert doc[word].head.i == head
            if dep is not None:
                assert doc[word].dep_ == dep
        assert all(t.dep_ for t in doc)


@SETTINGS
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=16),
       reveal=st.lists(st.booleans(), min_size=16, max_size=16))
def test_parser_preset_agreeing_with_the_model_changes_nothing(parser, words, reveal):
    plain = parser(Doc(parser.vocab, words))
    tree = tree_of(plain)
    if not is_projective([head for head, _ in tree]):
        return
    heads = [head if reveal[i] else None for i, (head, _) in enumerate(tree)]
    deps = [dep if reveal[i] else None for i, (_, dep) in enumerate(tree)]
    if not any(reveal[:len(words)]):  # heads=[None, ...] would set every word as a sentence start
        heads = deps = None
    assert tree_of(parser(Doc(parser.vocab, words, heads=heads, deps=deps))) == tree


def test_parser_keeps_non_projective_and_unknown_arcs(parser):
    words = "they eat ham . we sleep .".split()
    heads = [4, None, None, None, 1, None, None]  # crosses the root of "eat"
    doc = parser(Doc(parser.vocab, words, heads=heads, deps=["weird", None, None, None,
                                                             "odd", None, None]))
    assert (doc[0].head.i, doc[0].dep_) == (4, "weird")
    assert (doc[4].head.i, doc[4].dep_) == (1, "odd")
    one = parser(Doc(parser.vocab, ["Hello"], heads=[0], deps=["intj"]))
    assert tree_of(one) == [(0, "intj")]


# ---- parser: sentence starts ----------------------------------------------------------
@SETTINGS
@given(words=st.lists(st.sampled_from(WORDS + ["."]), min_size=1, max_size=20),
       starts=st.lists(st.sampled_from([True, False, None]), min_size=20, max_size=20))
def test_parser_keeps_preset_sentence_starts(parser, words, starts):
    starts = [True] + starts[1:len(words)]
    doc = parser(Doc(parser.vocab, words, sent_starts=starts))
    for token, start in zip(doc, starts):
        if start is not None:
            assert token.is_sent_start is start
    assert all(t.dep_ for t in doc)
    if all(start is None for start in starts[1:]):
        assert tree_of(doc) == tree_of(parser(Doc(parser.vocab, words)))


def test_parser_long_doc_without_punctuation(parser):
    words = ["they", "eat", "ham", "we", "sleep"] * 1000
    doc = parser(Doc(parser.vocab, words))
    assert len(doc) == 5000 and all(0 <= t.head.i < 5000 and t.dep_ for t in doc)
    starts = [i % 50 == 0 for i in range(5000)]
    split = parser(Doc(parser.vocab, words, sent_starts=starts))
    assert [s.start for s in split.sents] == list(range(0, 5000, 50))
    heads = [i + 1 if i % 7 == 0 and i + 1 < 5000 else None for i in range(5000)]
    kept = parser(Doc(parser.vocab, words, heads=heads, deps=[None] * 5000))
    assert all(kept[i].head.i == i + 1 for i in range(0, 4999, 7))


def test_parser_doc_from_another_vocab_same_output(parser):
    for words, _, _ in TREES:
        assert tree_of(parser(Doc(Vocab("en"), words))) == tree_of(
            parser(Doc(parser.vocab, words)))
    other = parser(Doc(Vocab("en"), ["Hello", "there"], heads=[0, 0], deps=["intj", "odd"]))
    assert tree_of(other) == [(0, "intj"), (0, "odd")]


# ---- the decoder's contract ---------------------------------------------------------
def test_constraints_are_checked(ner):
    states = StateBatch(ner.moves, [2, 2], [0, 2], 3)
    gold = ner.moves.make_gold(["O", "O"])
    with pytest.raises(ValueError, match="E370"):
        states.set_constraints([gold, gold])
    with pytest.raises(ValueError, match="E357"):
        states.set_constraints([gold])
    with pytest.raises(ValueError, match="E357"):
        states.set_constraints([ner.moves.make_gold(["O"]), None])
    batch = ner.model.predict([Doc(ner.vocab, ["a", "b"])])
    with pytest.raises(ValueError, match="E371"):
        ner._preset_states(batch, [Preset(cuts=[2])])
    with pytest.raises(ValueError, match="E371"):
        ner._preset_states(batch, [Preset(gold=gold, cuts=[1])])


def test_unconstrained_states_unaffected_by_constrained_neighbours(ner):
    words = [list(w) for w, _ in NER_DATA]
    docs = [Doc(ner.vocab, w) for w in words]
    batch = ner.model.predict(docs)
    plain = batch.states(ner.moves)
    batch.parse(plain)
    mixed = batch.states(ner.moves)
    mixed.set_constraints([None, ner.moves.make_gold(["O"] * len(words[1])), None])
    batch.parse(mixed)
    assert mixed.entities(1) == []
    assert [mixed.entities(i) for i in (0, 2)] == [plain.entities(i) for i in (0, 2)]
    assert numpy.array_equal(mixed.heads_labels(0)[0], plain.heads_labels(0)[0])
