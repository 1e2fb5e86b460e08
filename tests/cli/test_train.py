"""init config and train, end to end on a tiny corpus."""

import numpy
import pytest
from thinc.api import Config

import nlpcore
from nlpcore.cli import main
from nlpcore.cli.init_config import make_config
from nlpcore.training.loop import resolve_training, train_steps

SENTENCES = [("I like ham .", "PRP VBP NN ."), ("Eat green eggs .", "VB JJ NNS ."),
             ("They eat ham .", "PRP VBP NN ."), ("Green ham .", "JJ NN .")]


def write_corpus(path):
    lines = []
    for text, tags in SENTENCES:
        words, tags = text.split(), tags.split()
        for i, (word, tag) in enumerate(zip(words, tags), 1):
            head = 0 if i == 2 else 2
            lines.append(f"{i}\t{word}\t_\t_\t{tag}\t_\t{head}\t{'root' if head == 0 else 'dep'}"
                         "\t_\t_")
        lines.append("")
    path.write_text("\n".join(lines) + "\n", encoding="utf8")
    return path


@pytest.fixture
def small_config(tmp_path):
    corpus = write_corpus(tmp_path / "train.conllu")
    config = make_config("en", ["tagger"], "efficiency")
    return config.merge(Config({
        "paths": {"train": str(corpus), "dev": str(corpus)},
        "components": {"tok2vec": {"model": {"embed": {"rows": [300, 100, 100, 100]},
                                             "encode": {"width": 32, "depth": 1}}}},
        "training": {"max_steps": 30, "eval_frequency": 10, "batcher": {"size": 8}},
    }))


def final_weights(config):
    nlp, settings = resolve_training(config)
    events = list(train_steps(nlp, settings))
    model = nlp.get_pipe("tagger").model
    return events, numpy.concatenate([node.get_param(name).ravel() for node in model.walk()
                                      for name in node.param_names if node.has_param(name)])


def test_training_learns_and_is_deterministic(small_config):
    events, weights = final_weights(small_config)
    evaluations = [e for e in events if hasattr(e, "scores")]
    assert [e.step for e in evaluations] == [10, 20, 30]
    assert evaluations[-1].scores["tag_acc"] > 0.9
    _, again = final_weights(small_config)
    assert numpy.array_equal(weights, again)


def test_train_command_saves_best_and_last(small_config, tmp_path, capsys):
    small_config.to_disk(tmp_path / "config.cfg", interpolate=False)
    out = tmp_path / "out"
    assert main(["train", str(tmp_path / "config.cfg"), "--output", str(out),
                 "--training.max_steps", "20"]) == 0
    printed = capsys.readouterr().out
    assert "TAG_ACC" in printed and printed.count("\n") >= 4
    for name in ("model-best", "model-last"):
        nlp = nlpcore.load(out / name)
        assert nlp.pipe_names == ["tok2vec", "tagger"]


def test_ctrl_c_saves_model_last(small_config, tmp_path, monkeypatch, capsys):
    import nlpcore.cli.train as train_cli

    def interrupted(nlp, settings):
        yield from []
        raise KeyboardInterrupt

    monkeypatch.setattr(train_cli, "train_steps", interrupted)
    small_config.to_disk(tmp_path / "config.cfg", interpolate=False)
    assert main(["train", str(tmp_path / "config.cfg"), "--output", str(tmp_path / "o")]) == 0
    assert (tmp_path / "o" / "model-last" / "config.cfg").exists()
    assert "interrupted" in capsys.readouterr().out


def test_bad_configs_give_coded_errors(small_config, tmp_path, capsys):
    broken = small_config.copy()
    broken["components"]["tok2vec"]["model"]["@architectures"] = "nlpcore.NoSuchNet.v1"
    broken.to_disk(tmp_path / "bad.cfg", interpolate=False)
    assert main(["train", str(tmp_path / "bad.cfg"), "--output", str(tmp_path / "o")]) == 1
    assert "E206" in capsys.readouterr().err
    wrong_type = small_config.copy()
    wrong_type["training"]["batcher"]["tolerance"] = "lots"
    wrong_type.to_disk(tmp_path / "type.cfg", interpolate=False)
    assert main(["train", str(tmp_path / "type.cfg"), "--output", str(tmp_path / "o")]) == 1
    assert "E217" in capsys.readouterr().err
    assert main(["train", str(tmp_path / "missing.cfg"), "--output", str(tmp_path)]) == 1
    capsys.readouterr()
    text = (tmp_path / "bad.cfg").read_text(encoding="utf8")
    duplicated = text.replace("[training]\n", "[training]\nseed = 1\nseed = 2\n")
    (tmp_path / "dup.cfg").write_text(duplicated, encoding="utf8")
    assert main(["train", str(tmp_path / "dup.cfg"), "--output", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("[E228]") and str(tmp_path / "dup.cfg") in err


def test_init_config(tmp_path, capsys):
    assert main(["init", "config", str(tmp_path / "c.cfg"), "--pipeline", "tagger,morphologizer"]
                ) == 0
    config = Config().from_disk(tmp_path / "c.cfg", interpolate=False)
    assert config["nlp"]["pipeline"] == ["tok2vec", "tagger", "morphologizer"]
    assert main(["init", "config", str(tmp_path / "d.cfg"), "--pipeline", "sentiment"]) == 1
    assert "E221" in capsys.readouterr().out


def test_use_params_swaps_weights_in_and_out(small_config):
    nlp, settings = resolve_training(small_config)
    nlp.initialize(lambda: settings.train_corpus(nlp))
    output = nlp.get_pipe("tagger").model.get_ref("output")
    original = output.get_param("W").copy()
    with nlp.use_params({(output.id, "W"): numpy.zeros_like(original)}):
        assert not output.get_param("W").any()
    assert numpy.array_equal(output.get_param("W"), original)


def test_training_with_parameter_averages(small_config):
    small_config["training"]["optimizer"]["use_averages"] = True
    nlp, settings = resolve_training(small_config)
    evaluations = [e for e in train_steps(nlp, settings) if hasattr(e, "scores")]
    assert evaluations[-1].params and evaluations[-1].scores["tag_acc"] > 0.9


@pytest.mark.parametrize("pipeline,dropout,rate,steps,id_dropout", [
    (["tagger"], 0.1, 0.001, 20000, 0.25),
    (["tagger", "parser"], 0.3, 0.002, 10000, 0.1),
    (["parser", "ner"], 0.1, 0.001, 20000, 0.25),
])
def test_init_config_tunes_training_for_parser_pipelines(pipeline, dropout, rate, steps,
                                                         id_dropout):
    config = make_config("en", pipeline, "efficiency")
    assert config["components"]["tok2vec"]["model"]["embed"]["id_dropout"] == id_dropout
    training = config["training"]
    assert training["dropout"] == dropout
    assert training["max_steps"] == steps
    assert training["optimizer"]["learn_rate"]["initial_rate"] == rate
    assert training["optimizer"]["learn_rate"]["total_steps"] == steps
