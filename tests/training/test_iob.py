"""read_iob: CoNLL-2003 style files, IOB1/IOB2, documents, repairs and bad input."""

import types
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlpcore import Vocab
from nlpcore.errors import InputError
from nlpcore.training import read_iob
from nlpcore.training.biluo import iob_to_spans

TEXT = """\
-DOCSTART- O

EU B-ORG
rejects O
German B-MISC
call O
. O

Peter B-PER
Blackburn I-PER

-DOCSTART- O

BRUSSELS B-LOC
"""


def _write(tmp_path, text, name="data.iob"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf8"))
    return path


def _ents(doc):
    return [(e.text, e.label_) for e in doc.ents]


def test_read_sentences(tmp_path, vocab):
    docs = read_iob(_write(tmp_path, TEXT), vocab)
    assert isinstance(docs, types.GeneratorType)
    docs = list(docs)
    assert [d.text for d in docs] == ["EU rejects German call .", "Peter Blackburn", "BRUSSELS"]
    assert _ents(docs[0]) == [("EU", "ORG"), ("German", "MISC")]
    assert _ents(docs[1]) == [("Peter Blackburn", "PER")]
    assert [t.ent_iob_ for t in docs[0]] == ["B", "O", "B", "O", "O"]


def test_read_documents(tmp_path, vocab):
    docs = list(read_iob(_write(tmp_path, TEXT), vocab, by_document=True))
    assert len(docs) == 2
    assert [s.text for s in docs[0].sents] == ["EU rejects German call .", "Peter Blackburn"]
    assert len(docs[0].ents) == 3
    assert _ents(docs[1]) == [("BRUSSELS", "LOC")]


def test_read_n_sents(tmp_path, vocab):
    assert [len(d) for d in read_iob(_write(tmp_path, TEXT), vocab, n_sents=2)] == [7, 1]


def test_columns_tabs_and_middle_columns(tmp_path, vocab):
    text = "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\nx\tNN\tB-LOC\n"
    docs = list(read_iob(_write(tmp_path, text), vocab))
    assert _ents(docs[0]) == [("EU", "ORG")]
    assert _ents(docs[1]) == [("x", "LOC")]


def test_iob1_is_silent(tmp_path, vocab):
    text = "a I-PER\nb I-PER\nc B-PER\nd O\ne I-LOC\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        doc = next(read_iob(_write(tmp_path, text), vocab, scheme="iob1"))
    assert _ents(doc) == [("a b", "PER"), ("c", "PER"), ("e", "LOC")]


def test_iob2_repair_warns_once_then_counts(tmp_path, vocab):
    path = _write(tmp_path, "a O\nb I-PER\nc I-LOC\n\nd I-ORG\n")
    with pytest.warns(UserWarning) as record:
        docs = list(read_iob(path, vocab))
    messages = [str(w.message) for w in record]
    assert messages[0].startswith("[W100]")
    assert f"{path}, line 2" in messages[0]
    assert messages[-1].startswith("[W101] 3 ")
    assert len(messages) == 2
    assert _ents(docs[0]) == [("b", "PER"), ("c", "LOC")]
    assert _ents(docs[1]) == [("d", "ORG")]


def test_biluo_and_bioes_tags(tmp_path, vocab):
    text = "a B-PER\nb L-PER\nc U-LOC\nd S-ORG\ne B-X\nf E-X\n"
    doc = next(read_iob(_write(tmp_path, text), vocab))
    assert _ents(doc) == [("a b", "PER"), ("c", "LOC"), ("d", "ORG"), ("e f", "X")]


@pytest.mark.parametrize(
    "text,code,line",
    [
        ("a O\nb Z-PER\n", "E160", 2),
        ("a O\nb B-\n", "E160", 2),
        ("a O\nb PER\n", "E160", 2),
        ("a O\nlonely\n", "E161", 2),
        ("", "E158", None),
        ("-DOCSTART- O\n\n", "E158", None),
        (b"a O\n\nb\xc3 O\n", "E159", 3),
        ("EU\tB-ORG\n\tB-PER\nx\tO\n\n", "E194", 2),
    ],
    ids=[
        "prefix",
        "no-label",
        "no-prefix",
        "columns",
        "empty",
        "docstart-only",
        "utf8",
        "empty-token",
    ],
)
def test_bad_input(tmp_path, vocab, text, code, line):
    path = _write(tmp_path, text)
    with pytest.raises(InputError) as info:
        list(read_iob(path, vocab))
    assert str(info.value).startswith(f"[{code}]")
    assert str(path) in str(info.value)
    assert info.value.line == line


def test_whitespace_only_lines_separate_sentences(tmp_path, vocab):
    docs = list(read_iob(_write(tmp_path, "a\tO\n \t\nb\tB-PER\n"), vocab))
    assert [d.text for d in docs] == ["a", "b"]


def test_bad_scheme(tmp_path, vocab):
    with pytest.raises(ValueError, match=r"\[E177\]"):
        list(read_iob(_write(tmp_path, TEXT), vocab, scheme="bilou"))


TAGS = st.sampled_from(["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "L-LOC", "U-PER"])


@settings(max_examples=50, deadline=None)
@given(sents=st.lists(st.lists(TAGS, min_size=1, max_size=8), min_size=1, max_size=4))
def test_random_files_read_their_entities(tmp_path_factory, sents):
    path = tmp_path_factory.mktemp("iob") / "r.iob"
    body = "\n\n".join("\n".join(f"w{i} {t}" for i, t in enumerate(tags)) for tags in sents)
    path.write_text(body + "\n", encoding="utf8")
    vocab = Vocab()
    docs = list(read_iob(path, vocab, scheme="iob1"))
    assert [[(e.label_, e.start, e.end) for e in d.ents] for d in docs] == [
        iob_to_spans(tags) for tags in sents
    ]
