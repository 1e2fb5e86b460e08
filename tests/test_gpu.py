"""nlpcore.prefer_gpu/require_gpu, --gpu-id, and the [system] gpu_allocator setting."""

import pytest
from thinc.api import Config, NumpyOps, get_current_ops, set_current_ops
from thinc.util import has_gpu

import nlpcore
from nlpcore.cli import main
from nlpcore.cli.init_config import make_config
from nlpcore.cli.train import parse_args
from nlpcore.gpu import check_gpu_allocator, set_gpu_allocator, use_gpu_id
from nlpcore.training.loop import resolve_training

no_gpu = pytest.mark.skipif(has_gpu, reason="a GPU is usable here: these test its absence")


@pytest.fixture(autouse=True)
def restore_ops():
    ops = get_current_ops()
    yield
    set_current_ops(ops)


@no_gpu
def test_require_gpu_without_a_gpu_is_a_coded_error():
    with pytest.raises(ValueError, match=r"E223.*GPU 0.*nlpcore\[cuda\]"):
        nlpcore.require_gpu()
    assert isinstance(get_current_ops(), NumpyOps)


@no_gpu
def test_prefer_gpu_without_a_gpu_keeps_the_cpu():
    assert nlpcore.prefer_gpu() is False
    assert isinstance(get_current_ops(), NumpyOps)


def test_gpu_id_minus_one_keeps_the_cpu():
    assert use_gpu_id(-1) is False
    assert isinstance(get_current_ops(), NumpyOps)
    assert parse_args(["c.cfg", "--output", "o", "--gpu-id", "-1"])[2] == -1
    assert parse_args(["c.cfg", "--output", "o"])[2] == -1


@no_gpu
def test_commands_with_gpu_id_fail_clearly_without_a_gpu(tmp_path, capsys):
    config = tmp_path / "config.cfg"
    make_config("en", ["tagger"], "efficiency").to_disk(config, interpolate=False)
    assert main(["train", str(config), "--output", str(tmp_path / "out"), "--gpu-id", "0"]) == 1
    assert "E223" in capsys.readouterr().err
    assert main(["evaluate", str(tmp_path), str(config), "--gpu-id", "0"]) == 1
    assert "E223" in capsys.readouterr().err


def test_gpu_allocator_values():
    assert check_gpu_allocator(None) is None
    assert check_gpu_allocator("pytorch") == "pytorch"
    with pytest.raises(ValueError, match="E404"):
        check_gpu_allocator("cuda")
    set_gpu_allocator(None)  # CuPy's own pool: nothing to do, CuPy or not


@pytest.mark.parametrize("allocator", [None, "pytorch", "bogus"])
def test_training_settings_read_the_gpu_allocator(tmp_path, allocator):
    corpus = tmp_path / "train.conllu"
    corpus.write_text("1\tHi\t_\t_\tUH\t_\t0\troot\t_\t_\n\n", encoding="utf8")
    config = make_config("en", ["tagger"], "efficiency").merge(Config({
        "paths": {"train": str(corpus), "dev": str(corpus)},
        "system": {"gpu_allocator": allocator}}))
    if allocator == "bogus":
        with pytest.raises(ValueError, match="E404"):
            resolve_training(config)
    else:
        assert resolve_training(config)[1].gpu_allocator == allocator
