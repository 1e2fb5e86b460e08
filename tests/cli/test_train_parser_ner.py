"""init config with parser and ner listening to the shared tok2vec; train, evaluate."""

import json

from thinc.api import Config

import nlpcore
from nlpcore.cli import main
from nlpcore.cli.init_config import make_config
from nlpcore.training.corpus import Corpus

CONLLU_SENTS = [
    ("I like ham .", [2, 0, 2, 2], ["nsubj", "root", "obj", "punct"]),
    ("They eat green eggs .", [2, 0, 4, 2, 2], ["nsubj", "root", "amod", "obj", "punct"]),
    ("We sleep .", [2, 0, 2], ["nsubj", "root", "punct"]),
]
IOB = """John B-PER
Smith I-PER
lives O
in O
Paris B-LOC
. O

Mary B-PER
visited O
London B-LOC

nothing O
here O
"""


def write_conllu(path):
    lines = []
    for text, heads, deps in CONLLU_SENTS:
        lines.append(f"# text = {text}")
        words = text.split()
        for i, (word, head, dep) in enumerate(zip(words, heads, deps), 1):
            space = "SpaceAfter=No" if i == len(words) - 1 else "_"
            lines.append(f"{i}\t{word}\t_\tX\tXX\t_\t{head}\t{dep}\t_\t{space}")
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf8")
    return path


def small(config, train, dev):
    config = config.merge(Config({
        "paths": {"train": str(train), "dev": str(dev)},
        "components": {"tok2vec": {"model": {"embed": {"rows": [300, 100, 100, 100]},
                                             "encode": {"width": 32, "depth": 1}}}},
        "training": {"max_steps": 60, "eval_frequency": 30, "batcher": {"size": 20}},
    }))
    config["training"]["optimizer"]["learn_rate"] = 0.01
    return config


def test_tagger_parser_config_trains_and_evaluates(tmp_path, capsys):
    assert main(["init", "config", str(tmp_path / "c.cfg"), "--pipeline",
                 "tagger,parser,ner"]) == 0
    full = Config().from_disk(tmp_path / "c.cfg", interpolate=False)
    assert full["nlp"]["pipeline"] == ["tok2vec", "tagger", "parser", "ner"]
    for name in ("parser", "ner"):
        model = full["components"][name]["model"]
        assert model["tok2vec"]["@architectures"] == "nlpcore.Tok2VecListener.v1"
    assert full["components"]["parser"]["model"]["hidden_width"] == 128
    assert full["components"]["ner"]["model"]["maxout_pieces"] == 2
    corpus = write_conllu(tmp_path / "train.conllu")
    config = small(make_config("en", ["tagger", "parser"], "efficiency"), corpus, corpus)
    config["components"]["parser"]["min_action_freq"] = 1
    config.to_disk(tmp_path / "tp.cfg", interpolate=False)
    out = tmp_path / "out"
    assert main(["train", str(tmp_path / "tp.cfg"), "--output", str(out)]) == 0
    capsys.readouterr()
    nlp = nlpcore.load(out / "model-last")
    assert nlp.pipe_names == ["tok2vec", "tagger", "parser"]
    assert main(["evaluate", str(out / "model-last"), str(corpus), "--output",
                 str(tmp_path / "m.json")]) == 0
    scores = json.loads((tmp_path / "m.json").read_text())
    assert scores["dep_uas"] > 0.8 and "sents_f" in scores


def test_ner_config_trains(tmp_path, capsys):
    corpus = tmp_path / "train.iob"
    corpus.write_text(IOB, encoding="utf8")
    config = small(make_config("en", ["ner"], "efficiency"), corpus, corpus)
    config.to_disk(tmp_path / "n.cfg", interpolate=False)
    out = tmp_path / "out"
    assert main(["train", str(tmp_path / "n.cfg"), "--output", str(out)]) == 0
    capsys.readouterr()
    nlp = nlpcore.load(out / "model-last")
    scores = nlp.evaluate(list(Corpus(str(corpus))(nlp)))
    assert scores["ents_f"] > 0.5
