"""read_conllu / write_conllu: reading, metadata, multiword tokens, round trips, bad input."""

import io
import types

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nlpcore import Doc
from nlpcore.errors import InputError
from nlpcore.training import read_conllu, write_conllu

TEXT = (
    "# newdoc id = doc1\n"
    "# sent_id = s1\n"
    "# newpar\n"
    "# text = I don't know.\n"
    "1\tI\tI\tPRON\tPRP\tCase=Nom|Number=Sing|Person=1\t4\tnsubj\t4:nsubj\t_\n"
    "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "2\tdo\tdo\tAUX\tVBP\tMood=Ind\t4\taux\t4:aux\t_\n"
    "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t4:advmod\t_\n"
    "4\tknow\tknow\tVERB\tVB\tVerbForm=Inf\t0\troot\t0:root\tSpaceAfter=No\n"
    "4.1\tknown\tknow\tVERB\tVBN\t_\t_\t_\t4:conj\t_\n"
    "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t4:punct\t_\n"
    "\n"
    "# sent_id = s2\n"
    "# text = Yes!\n"
    "1\tYes\tyes\tINTJ\tUH\t_\t0\troot\t0:root\tSpaceAfter=No\n"
    "2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t1:punct\tSpaceAfter=No\n"
    "\n"
    "# newdoc id = doc2\n"
    "# sent_id = s3\n"
    "# text = Go\n"
    "1\tGo\tgo\tVERB\tVB\t_\t0\troot\t0:root\tSpaceAfter=No\n"
    "\n"
)


@pytest.fixture
def conllu_path(tmp_path):
    path = tmp_path / "small.conllu"
    path.write_text(TEXT, encoding="utf8")
    return path


def _write_text(docs) -> str:
    buf = io.StringIO()
    write_conllu(docs, buf)
    return buf.getvalue()


def _kept(text: str) -> list:
    """Lines with DEPS blanked, MISC reduced to SpaceAfter=No and empty nodes dropped."""
    out = []
    for line in text.split("\n"):
        cols = line.split("\t")
        if len(cols) == 10:
            if "." in cols[0]:
                continue
            cols[8] = "_"
            cols[9] = "SpaceAfter=No" if "SpaceAfter=No" in cols[9].split("|") else "_"
        out.append("\t".join(cols))
    return out


def test_read_is_a_generator(conllu_path, vocab):
    docs = read_conllu(conllu_path, vocab)
    assert isinstance(docs, types.GeneratorType)
    assert len(list(docs)) == 3


def test_read_words_and_annotation(conllu_path, vocab):
    doc = next(read_conllu(conllu_path, vocab))
    assert [t.text for t in doc] == ["I", "do", "n't", "know", "."]
    assert doc.text == "I don't know. "
    assert [t.lemma_ for t in doc] == ["I", "do", "not", "know", "."]
    assert [t.pos_ for t in doc] == ["PRON", "AUX", "PART", "VERB", "PUNCT"]
    assert [t.tag_ for t in doc] == ["PRP", "VBP", "RB", "VB", "."]
    assert doc[0].morph_ == "Case=Nom|Number=Sing|Person=1"
    assert doc[2].morph_ == ""
    assert [t.head.i for t in doc] == [3, 3, 3, 3, 3]
    assert [t.dep_ for t in doc] == ["nsubj", "aux", "advmod", "root", "punct"]
    assert doc[0].is_sent_start


def test_read_metadata(conllu_path, vocab):
    docs = list(read_conllu(conllu_path, vocab))
    first = docs[0].user_data
    assert first["sent_id"] == "s1"
    assert first["text"] == "I don't know."
    assert first["newdoc_id"] == "doc1"
    assert first["newpar"] is True
    assert first["conllu"]["mwt"] == [[1, 3, "don't"]]
    assert docs[1].user_data["sent_id"] == "s2"
    assert "newdoc_id" not in docs[1].user_data


def test_read_by_document(conllu_path, vocab):
    docs = list(read_conllu(conllu_path, vocab, by_document=True))
    assert [len(d) for d in docs] == [7, 1]
    assert [s.text for s in docs[0].sents] == ["I don't know.", "Yes!"]
    assert docs[0][6].head.i == 5
    assert docs[0].user_data["newdoc_id"] == "doc1"
    assert "sent_id" not in docs[0].user_data
    assert docs[1].user_data["newdoc_id"] == "doc2"


def test_read_n_sents(conllu_path, vocab):
    assert [len(d) for d in read_conllu(conllu_path, vocab, n_sents=2)] == [7, 1]
    assert [len(d) for d in read_conllu(conllu_path, vocab, n_sents=5)] == [8]
    with pytest.raises(ValueError, match=r"\[E176\]"):
        list(read_conllu(conllu_path, vocab, n_sents=0))


@pytest.mark.parametrize("kwargs", [{}, {"by_document": True}, {"n_sents": 2}])
def test_round_trip(conllu_path, vocab, kwargs):
    docs = list(read_conllu(conllu_path, vocab, **kwargs))
    assert _kept(_write_text(docs)) == _kept(TEXT)


def test_write_without_metadata(parsed_doc):
    lines = _write_text([parsed_doc]).split("\n")
    assert lines[0] == "# sent_id = 1"
    assert lines[1] == "# text = Alice met Bob."
    assert lines[2].split("\t") == [
        "1",
        "Alice",
        "Alice",
        "PROPN",
        "NNP",
        "Number=Sing",
        "2",
        "nsubj",
        "_",
        "_",
    ]
    assert lines[3].split("\t")[6:8] == ["0", "root"]
    assert lines[4].split("\t")[9] == "SpaceAfter=No"
    assert lines[7] == "# sent_id = 2"
    assert lines[9].split("\t")[6] == "2"
    assert lines[10].split("\t")[6:8] == ["0", "root"]


def test_write_to_path(tmp_path, conllu_path, vocab):
    out = tmp_path / "out.conllu"
    assert write_conllu(read_conllu(conllu_path, vocab), out) == 3
    assert _kept(out.read_text(encoding="utf8")) == _kept(TEXT)


def test_non_concatenating_multiword_token(tmp_path, vocab):
    text = (
        "# text = vámonos\n"
        "1-2\tvámonos\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n"
        "1\tvamos\tir\tVERB\t_\t_\t0\troot\t_\t_\n"
        "2\tnos\tnosotros\tPRON\t_\t_\t1\tobj\t_\t_\n\n"
    )
    path = tmp_path / "es.conllu"
    path.write_text(text, encoding="utf8")
    doc = next(read_conllu(path, vocab))
    assert [t.text for t in doc] == ["vamos", "nos"]
    assert _kept(_write_text([doc])) == _kept(text)


# ---- bad input: each one reports a code, the file and the line ------------------
ROW = "{id}\tw\tw\tX\tX\t_\t{head}\tdep\t_\t_"


def _bad(tmp_path, body: str, name: str = "bad.conllu"):
    path = tmp_path / name
    path.write_bytes(body if isinstance(body, bytes) else body.encode("utf8"))
    return path


@pytest.mark.parametrize(
    "body,code,line",
    [
        ("# text = x\n1\tw\tw\n", "E150", 2),
        ("1\tw\tw\tX\tX\t_\t0\troot\t_\t_\nx\tw\tw\tX\tX\t_\t1\tdep\t_\t_\n", "E151", 2),
        ("1\tw\tw\tX\tX\t_\t0\troot\t_\t_\n3\tw\tw\tX\tX\t_\t1\tdep\t_\t_\n", "E152", 2),
        (ROW.format(id=1, head=0) + "\n" + ROW.format(id=2, head="one") + "\n", "E153", 2),
        (ROW.format(id=1, head=0) + "\n" + ROW.format(id=2, head=7) + "\n", "E154", 2),
        (ROW.format(id=1, head=0) + "\n" + ROW.format(id=2, head=-1) + "\n", "E154", 2),
        (
            "\n".join(ROW.format(id=i, head=h) for i, h in [(1, 0), (2, 3), (3, 2)]) + "\n",
            "E155",
            2,
        ),
        (ROW.format(id=1, head=0) + "\n" + ROW.format(id=2, head=0) + "\n", "E156", 2),
        (ROW.format(id=1, head=2) + "\n" + ROW.format(id=2, head=1) + "\n", "E156", 1),
        ("1-2\tab\t_\t_\t_\t_\t_\t_\t_\t_\n" + ROW.format(id=1, head=0) + "\n\n", "E157", 1),
        ("", "E158", None),
        ("# only a comment\n\n\n", "E158", None),
        (b"1\tw\tw\tX\tX\t_\t0\troot\t_\t_\n\n2\t\xff\n", "E159", 3),
        ("1.1\tw\t_\t_\t_\t_\t_\t_\t_\t_\n\n", "E179", 1),
        ("1\t\tw\tX\tX\t_\t0\troot\t_\t_\n", "E175", 1),
        (ROW.format(id=1, head=0) + "\n" + ROW.format(id=2, head="_") + "\n", "E182", 2),
    ],
    ids=[
        "columns",
        "id",
        "id-order",
        "head-int",
        "head-range",
        "head-negative",
        "cycle",
        "two-roots",
        "no-root",
        "mwt-short",
        "empty",
        "comments-only",
        "utf8",
        "no-words",
        "empty-form",
        "deprel-without-head",
    ],
)
def test_bad_input(tmp_path, vocab, body, code, line):
    path = _bad(tmp_path, body)
    with pytest.raises(InputError) as info:
        list(read_conllu(path, vocab))
    message = str(info.value)
    assert message.startswith(f"[{code}]")
    assert str(path) in message
    assert info.value.path == str(path)
    assert info.value.line == line
    if line is not None:
        assert f"line {line}" in message


def test_write_head_outside_sentence(vocab):
    doc = Doc(
        vocab,
        words=["a", "b", "c", "d"],
        heads=[1, 1, 1, 1],
        deps=["x", "ROOT", "x", "x"],
        sent_starts=[True, False, True, False],
    )
    with pytest.raises(ValueError, match=r"\[E180\]"):
        _write_text([doc])


def test_write_labels_without_heads(vocab):
    doc = Doc(vocab, words=["a", "b"], deps=["x", "y"])
    with pytest.raises(ValueError, match=r"\[E181\]"):
        _write_text([doc])


def test_tabs_and_line_breaks_are_written_as_spaces(tmp_path, vocab):
    doc = Doc(vocab, words=["a\tb", "\n\r\n", "c"], spaces=[False, False, False],
              tags=["X\tY", "SP", "Z"], heads=[0, 0, 0], deps=["ROOT", "dep", "l\nm"])
    path = tmp_path / "ws.conllu"
    write_conllu([doc], path)
    lines = path.read_text(encoding="utf8").split("\n")
    assert lines[1] == "# text = a\tb\n\r\nc".replace("\t", " ").replace("\n", " ").replace(
        "\r", " ")
    assert [line.count("\t") for line in lines[2:5]] == [9, 9, 9]
    back = next(read_conllu(path, vocab))
    assert [t.text for t in back] == ["a b", "   ", "c"]
    assert [t.tag_ for t in back] == ["X Y", "SP", "Z"]
    assert [t.dep_ for t in back] == ["root", "dep", "l m"]
    assert [t.head.i for t in back] == [0, 0, 0]


def test_missing_file(tmp_path, vocab):
    with pytest.raises(FileNotFoundError):
        list(read_conllu(tmp_path / "nope.conllu", vocab))


def test_missing_heads_are_allowed(tmp_path, vocab):
    path = _bad(tmp_path, "1\ta\t_\t_\t_\t_\t_\t_\t_\t_\n2\tb\t_\t_\t_\t_\t_\t_\t_\t_\n")
    doc = next(read_conllu(path, vocab))
    assert doc.text == "a b "
    assert not doc.has_annotation("DEP")
    assert _write_text([doc]).split("\n")[0].split("\t")[6:8] == ["_", "_"]


# ---- property: random sentences survive read -> write ----------------------------
FORMS = st.text(alphabet="abcXYZ'.-é", min_size=1, max_size=5)
LABELS = st.sampled_from(["_", "nsubj", "obj", "punct", "det"])


@st.composite
def conllu_sentence(draw, k: int) -> str:
    n = draw(st.integers(1, 7))
    forms = draw(st.lists(FORMS, min_size=n, max_size=n))
    # A random tree: attach words in a random order to a word already placed.
    order = draw(st.permutations(range(1, n + 1)))
    heads = {order[0]: 0}
    for pos, word in enumerate(order[1:], 1):
        heads[word] = order[draw(st.integers(0, pos - 1))]
    parsed = draw(st.booleans())
    # Multiword tokens over non-overlapping ranges of at least two words.
    mwts = {}
    i = 1
    while i < n:
        if draw(st.booleans()):
            end = draw(st.integers(i + 1, min(n, i + 2)))
            mwts[i] = end
            i = end + 1
        else:
            i += 1
    lines = [f"# sent_id = r{k}", f"# text = {' '.join(forms)}"]
    inside = 0
    for i in range(1, n + 1):
        if i in mwts:
            end = mwts[i]
            form = "".join(forms[i - 1 : end]) if draw(st.booleans()) else draw(FORMS)
            misc = draw(st.sampled_from(["_", "SpaceAfter=No"]))
            lines.append(f"{i}-{end}\t{form}\t_\t_\t_\t_\t_\t_\t_\t{misc}")
            inside = end
        lemma = draw(st.sampled_from(["_", forms[i - 1].lower()]))
        upos = draw(st.sampled_from(["_", "NOUN", "VERB", "PUNCT"]))
        xpos = draw(st.sampled_from(["_", "NN", "VBZ", "."]))
        feats = draw(st.sampled_from(["_", "Number=Sing", "Mood=Ind|Tense=Pres"]))
        head = str(heads[i]) if parsed else "_"
        dep = "root" if heads[i] == 0 else draw(LABELS.filter(lambda x: x != "_"))
        dep = dep if parsed else "_"
        misc = "_" if i <= inside else draw(st.sampled_from(["_", "SpaceAfter=No"]))
        lines.append(
            f"{i}\t{forms[i - 1]}\t{lemma}\t{upos}\t{xpos}\t{feats}\t{head}\t{dep}\t_\t{misc}"
        )
    return "\n".join(lines) + "\n\n"


@st.composite
def conllu_file(draw) -> str:
    n = draw(st.integers(1, 4))
    return "".join(draw(conllu_sentence(k)) for k in range(n))


@settings(max_examples=60, deadline=None)
@given(text=conllu_file(), n_sents=st.sampled_from([1, 2, 10]))
def test_random_round_trip(tmp_path_factory, text, n_sents):
    from nlpcore import Vocab

    path = tmp_path_factory.mktemp("rt") / "r.conllu"
    path.write_text(text, encoding="utf8")
    docs = list(read_conllu(path, Vocab(), n_sents=n_sents))
    assert _write_text(docs) == text


def test_long_sentence(tmp_path, vocab):
    n = 600
    rows = [
        f"{i}\tw{i}\t_\t_\t_\t_\t{0 if i == 1 else 1}\t{'root' if i == 1 else 'dep'}\t_\t_"
        for i in range(1, n + 1)
    ]
    text = "# sent_id = long\n" + "\n".join(rows) + "\n\n"
    path = tmp_path / "long.conllu"
    path.write_text(text, encoding="utf8")
    docs = list(read_conllu(path, vocab))
    assert len(docs[0]) == n
    assert _write_text(docs) == text
