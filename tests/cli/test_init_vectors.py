import gzip
import re

import numpy
import pytest

import nlpcore
from nlpcore.cli import main
from nlpcore.cli.init_vectors import read_vectors


@pytest.mark.parametrize("header", [True, False])
def test_init_vectors(tmp_path, header, capsys):
    lines = ["the 0.1 0.2 0.3", "cat 1 2 3", "sat -1 -2 -3.5"]
    text = ("3 3\n" if header else "") + "\n".join(lines) + "\n"
    (tmp_path / "vec.txt").write_text(text, encoding="utf8")
    out = tmp_path / "pipeline"
    assert main(["init", "vectors", "en", str(tmp_path / "vec.txt"), str(out)]) == 0
    assert "3 vectors of width 3" in capsys.readouterr().out
    nlp = nlpcore.load(out)
    vectors = nlp.vocab.vectors
    assert vectors.shape == (3, 3)
    numpy.testing.assert_allclose(vectors[nlp.vocab["sat"].orth], [-1, -2, -3.5])


def test_prune(tmp_path):
    (tmp_path / "vec.txt").write_text("a 1 2\nb 3 4\nc 5 6\n", encoding="utf8")
    out = tmp_path / "pipeline"
    assert main(["init", "vectors", "en", str(tmp_path / "vec.txt"), str(out), "--prune", "2"]) == 0
    assert nlpcore.load(out).vocab.vectors.shape == (2, 2)
    assert main(["init", "vectors", "en", str(tmp_path / "vec.txt"), str(out), "--prune", "0"]) == 2


def test_bad_files(tmp_path, capsys):
    (tmp_path / "bad.txt").write_text("a 1 2\nb 3\n", encoding="utf8")
    assert main(["init", "vectors", "en", str(tmp_path / "bad.txt"), str(tmp_path / "o")]) == 1
    assert "E271" in capsys.readouterr().err
    (tmp_path / "empty.txt").write_text("", encoding="utf8")
    assert main(["init", "vectors", "en", str(tmp_path / "empty.txt"), str(tmp_path / "o")]) == 1
    assert main(["init", "vectors", "en", str(tmp_path / "missing.txt"), str(tmp_path / "o")]) == 1
    assert main(["init"]) == 2
    assert "E275" in capsys.readouterr().err


def test_read_vectors_with_header(tmp_path):
    (tmp_path / "v.txt").write_text("2 2\nx 1 2\ny 3 4\n", encoding="utf8")
    words, table = read_vectors(tmp_path / "v.txt")
    assert words == ["x", "y"] and table.shape == (2, 2)


def test_gzipped_vectors(tmp_path):
    (tmp_path / "v.txt.gz").write_bytes(gzip.compress("x 1 2\ny 3 4\n".encode("utf8")))
    words, table = read_vectors(tmp_path / "v.txt.gz")
    assert words == ["x", "y"] and table.tolist() == [[1, 2], [3, 4]]


@pytest.mark.parametrize("name,data,pattern", [
    ("v.txt", b"a 1 2\nb\xe9 3 4\n", r"^\[E159\] .*v\.txt, line 2\)$"),
    ("v.txt.gz", b"not gzip at all", r"^\[E199\] .*v\.txt\.gz"),
    ("v.txt.gz", gzip.compress(b"a 1 2\n" * 100)[:-30], r"^\[E199\] .*v\.txt\.gz"),
    ("v.txt.gz", gzip.compress(b"a 1 2\nb\xe9 3 4\n"), r"^\[E159\] .*v\.txt\.gz, line 2\)$"),
], ids=["not-utf8", "not-gzip", "truncated-gzip", "gzip-not-utf8"])
def test_undecodable_files_name_file_and_line(tmp_path, capsys, name, data, pattern):
    (tmp_path / name).write_bytes(data)
    assert main(["init", "vectors", "en", str(tmp_path / name), str(tmp_path / "o")]) == 1
    assert re.search(pattern, capsys.readouterr().err.strip())
    assert not (tmp_path / "o").exists()


def test_directory_as_vectors_file(tmp_path, capsys):
    assert main(["init", "vectors", "en", str(tmp_path), str(tmp_path / "o")]) == 1
    assert capsys.readouterr().err.startswith(f"[E235] Input {tmp_path} is a directory")
