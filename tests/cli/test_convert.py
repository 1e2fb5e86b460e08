"""`python -m nlpcore convert`: output file, summary, formats and coded errors."""

import subprocess
import sys

import pytest

from nlpcore import DocBin, Vocab
from nlpcore.cli.convert import convert
from nlpcore.training import write_conllu

CONLLU = (
    "# sent_id = a\n# text = Hi there\n"
    "1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n"
    "2\tthere\tthere\tADV\tRB\t_\t1\tadvmod\t_\tSpaceAfter=No\n\n"
    "# sent_id = b\n# text = Go\n"
    "1\tGo\tgo\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No\n\n"
)


@pytest.fixture
def conllu_path(tmp_path):
    path = tmp_path / "corpus.conllu"
    path.write_text(CONLLU, encoding="utf8")
    return path


def _read(path):
    return list(DocBin().from_disk(path).get_docs(Vocab()))


def test_convert_conllu(tmp_path, conllu_path, capsys):
    out_dir = tmp_path / "out"
    assert convert([str(conllu_path), str(out_dir)]) == 0
    docs = _read(out_dir / "corpus.nlpcore")
    assert [d.text for d in docs] == ["Hi there", "Go"]
    assert docs[0].user_data["sent_id"] == "a"
    out = capsys.readouterr().out
    assert "docs                2" in out
    assert "sentences           2" in out
    assert "tokens              3" in out
    assert "DEP" in out and "advmod root" in out
    # The DocBin keeps enough to write the same CoNLL-U back.
    write_conllu(docs, tmp_path / "back.conllu")
    assert (tmp_path / "back.conllu").read_text(encoding="utf8") == CONLLU


def test_convert_n_sents(tmp_path, conllu_path):
    assert convert([str(conllu_path), str(tmp_path), "--n-sents", "2"]) == 0
    docs = _read(tmp_path / "corpus.nlpcore")
    assert [d.text for d in docs] == ["Hi thereGo"]


def test_convert_iob_and_format_flag(tmp_path, capsys):
    path = tmp_path / "ner.txt"
    path.write_text("-DOCSTART- O\n\nEU B-ORG\nsays O\n\nBob B-PER\n", encoding="utf8")
    assert convert([str(path), str(tmp_path / "o"), "--format", "iob", "--by-document"]) == 0
    docs = _read(tmp_path / "o" / "ner.nlpcore")
    assert len(docs) == 1
    assert [e.label_ for e in docs[0].ents] == ["ORG", "PER"]
    assert "entities            2 (ORG 1, PER 1)" in capsys.readouterr().out


def test_convert_textcat(tmp_path, capsys):
    path = tmp_path / "sst.tsv"
    path.write_text("label\tsentence\n1\tgreat\n0\tbad\n1\tfine\n", encoding="utf8")
    assert convert([str(path), str(tmp_path)]) == 0
    docs = _read(tmp_path / "sst.nlpcore")
    assert [d.cats for d in docs][0] == {"0": 0.0, "1": 1.0}
    assert "cats                3 (0 1, 1 2)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args,code,rc",
    [
        (["missing.conllu", "out"], "E190", 1),
        (["corpus.conllu", "out", "--format", "xml"], "E191", 2),
        (["corpus.xyz", "out"], "E192", 2),
        (["corpus.conllu", "corpus.conllu"], "E193", 1),
        (["corpus.conllu", "out", "--n-sents", "0"], "E176", 2),
        (["bad.conllu", "out"], "E150", 1),
        (["empty-token.iob", "out"], "E194", 1),
    ],
    ids=["missing", "format", "extension", "output-file", "n-sents", "bad-data", "iob-token"],
)
def test_convert_errors(tmp_path, conllu_path, capsys, args, code, rc):
    (tmp_path / "corpus.xyz").write_text("x", encoding="utf8")
    (tmp_path / "bad.conllu").write_text("1\tx\n", encoding="utf8")
    (tmp_path / "empty-token.iob").write_text("EU\tB-ORG\n\tB-PER\nx\tO\n\n", encoding="utf8")
    args = [str(tmp_path / a) if i < 2 else a for i, a in enumerate(args)]
    assert convert(args) == rc
    err = capsys.readouterr().err
    assert err.startswith(f"[{code}]")
    assert not (tmp_path / "out").exists()


def test_usage_error_returns_2(capsys):
    assert convert([]) == 2
    assert "usage" in capsys.readouterr().err


def test_python_dash_m(tmp_path, conllu_path):
    result = subprocess.run(
        [sys.executable, "-m", "nlpcore", "convert", str(conllu_path), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "corpus.nlpcore").is_file()


def test_convert_a_directory_says_so(tmp_path, capsys):
    assert convert([str(tmp_path), str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err.startswith(f"[E235] Input {tmp_path} is a directory")
