"""evaluate and parse on a tiny trained pipeline."""

import json

import pytest
from thinc.api import Adam

import nlpcore
from nlpcore import Doc
from nlpcore.cli import main
from nlpcore.training import Example

TOK2VEC = {"@architectures": "nlpcore.HashEmbedCNN.v1", "width": 32, "depth": 1,
           "embed_size": 300, "window_size": 1, "maxout_pieces": 2,
           "subword_features": True, "pretrained_vectors": None}
CONLLU = "".join(
    f"# text = {text}\n" + "".join(
        f"{i}\t{w}\t_\t_\t{t}\t_\t{0 if i == 1 else 1}\t{'root' if i == 1 else 'dep'}\t_\t"
        f"{'SpaceAfter=No' if i == len(text.split()) else '_'}\n"
        for i, (w, t) in enumerate(zip(text.split(), tags.split()), 1)) + "\n"
    for text, tags in [("ham is good", "NN VBZ JJ"), ("eggs are good", "NNS VBP JJ")])


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    nlp = nlpcore.blank("en")
    nlp.add_pipe("tagger", config={"model": {"@architectures": "nlpcore.Tagger.v1",
                                             "nO": None, "tok2vec": TOK2VEC}})
    examples = [Example(Doc(nlp.vocab, w.split()), Doc(nlp.vocab, w.split(), tags=t.split()))
                for w, t in [("ham is good", "NN VBZ JJ"), ("eggs are good", "NNS VBP JJ")]]
    optimizer = nlp.initialize(lambda: examples, sgd=Adam(0.02))
    for _ in range(40):
        nlp.update(examples, sgd=optimizer)
    path = tmp_path_factory.mktemp("model") / "tagger"
    nlp.to_disk(path)
    return path


def test_evaluate_prints_and_writes(model_dir, tmp_path, capsys):
    data = tmp_path / "dev.conllu"
    data.write_text(CONLLU, encoding="utf8")
    assert main(["evaluate", str(model_dir), str(data), "--output", str(tmp_path / "m.json"),
                 "--write-conllu", str(tmp_path / "pred.conllu")]) == 0
    printed = capsys.readouterr().out
    assert "XPOS" in printed and "UAS" not in printed
    scores = json.loads((tmp_path / "m.json").read_text())
    assert scores["tag_acc"] == 1.0 and scores["speed"] > 0
    predicted = (tmp_path / "pred.conllu").read_text().splitlines()
    assert predicted[2].split("\t")[4] == "NN"
    assert main(["evaluate", str(model_dir), str(tmp_path / "nope.conllu")]) == 1


@pytest.mark.parametrize("option,target,code", [
    ("--output", "missing/m.json", "E234"),
    ("--output", ".", "E233"),
    ("--write-conllu", "missing/x", "E234"),
    ("--write-conllu", "dev.conllu/x", "E234"),
], ids=["output-no-dir", "output-is-dir", "conllu-no-dir", "conllu-parent-is-file"])
def test_evaluate_checks_outputs_before_running(model_dir, tmp_path, capsys, monkeypatch,
                                                option, target, code):
    data = tmp_path / "dev.conllu"
    data.write_text(CONLLU, encoding="utf8")
    monkeypatch.setattr("nlpcore.cli.evaluate.load", lambda path: pytest.fail("ran"))
    assert main(["evaluate", str(model_dir), str(data), option, str(tmp_path / target)]) == 1
    assert capsys.readouterr().err.startswith(f"[{code}] ")


def test_parse_table_and_conllu(model_dir, capsys, monkeypatch):
    assert main(["parse", str(model_dir), "ham is good"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:2] == ["i", "text"] and lines[1].split()[1:5] == ["ham", "-", "-",
                                                                             "NN"]
    import io
    monkeypatch.setattr("sys.stdin", io.StringIO("eggs are good\n"))
    assert main(["parse", str(model_dir), "-", "--format", "conllu"]) == 0
    rows = [r for r in capsys.readouterr().out.splitlines() if r and not r.startswith("#")]
    assert [r.split("\t")[1] for r in rows] == ["eggs", "are", "good"]


def test_parse_missing_model(tmp_path, capsys):
    assert main(["parse", str(tmp_path / "none"), "x"]) == 1
    assert "E043" in capsys.readouterr().err
