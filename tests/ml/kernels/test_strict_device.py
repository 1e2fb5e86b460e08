"""The GPU code paths on a device as strict about the host as CuPy (strict_device.py).

First, that the stand-in refuses what CuPy refuses and takes what it takes.
Then whole pipelines on it against the CPU (both greedy loops), and the train
and evaluate commands with --gpu-id.
"""

import json

import numpy
import pytest
from strict_device import FAKE_CUPY, DeviceArray
from test_pipeline_dispatch import SENTENCES, build, run
from thinc.api import get_current_ops

from nlpcore.cli import main
from nlpcore.cli.init_config import make_config
from nlpcore.ml.kernels import FAMILY_OF
from nlpcore.ml.kernels.device_loop import SETTINGS as LOOP_SETTINGS


def write_corpora(directory):
    """SENTENCES as CoNLL-U (tags, heads, labels) and as IOB (entities): the two paths."""
    conllu, iob = [], []
    for text, tags, heads, deps, ents in SENTENCES:
        rows = zip(text.split(), tags.split(), heads, deps.split(), ents.split())
        for i, (word, tag, head, dep, ent) in enumerate(rows):
            conllu.append(f"{i + 1}\t{word}\t_\t_\t{tag}\t_\t{0 if head == i else head + 1}\t"
                          f"{dep}\t_\t_")
            iob.append(f"{word} {ent.replace('U-', 'B-').replace('L-', 'I-')}")
        conllu.append("")
        iob.append("")
    paths = directory / "corpus.conllu", directory / "corpus.iob"
    for path, lines in zip(paths, (conllu, iob)):
        path.write_text("\n".join(lines) + "\n", encoding="utf8")
    return paths


# ---- the stand-in itself ----------------------------------------------------------------
HOST_DATA = "CuPy takes device arrays"
# name: (what is tried with a device array d and a kernel launcher, the error it gives)
REFUSED = {
    "numpy.asarray": (lambda d, launch: numpy.asarray(d), "Implicit conversion"),
    "buffer (Cython memoryviews)": (lambda d, launch: memoryview(d), "bytes-like"),
    "device + host": (lambda d, launch: d + numpy.ones(3, dtype="f"), HOST_DATA),
    "host + device": (lambda d, launch: numpy.ones(3, dtype="f") + d, HOST_DATA),
    "0-d array as a Python index": (lambda d, launch: [1, 2, 3][d.sum()], "indices must be"),
    "ascontiguousarray(host)": (lambda d, launch: FAKE_CUPY.ascontiguousarray(numpy.ones(3)),
                                HOST_DATA),
    "concatenate(host)": (lambda d, launch: FAKE_CUPY.concatenate([numpy.ones(3), d]),
                          HOST_DATA),
    "ufunc on host": (lambda d, launch: FAKE_CUPY.add(d, numpy.ones(3, dtype="f")), HOST_DATA),
    "NumPy-only attribute": (lambda d, launch: d.ctypes, "no attribute 'ctypes'"),
    "host array as kernel argument": (lambda d, launch: launch(d.get()),
                                      "argument 0 is a NumPy array"),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_the_strict_device_refuses_what_cupy_refuses(name, on_strict_device):
    backend = on_strict_device()
    d = FAKE_CUPY.asarray(numpy.arange(3, dtype="f"))

    def launch(rows):  # window_seq2col over one doc of 3 one-column rows
        backend.launch("window_seq2col<float>", (1, 1, 1), (1, 1, 1), (
            rows, FAKE_CUPY.asarray(numpy.array([0, 3], dtype="i")), numpy.int32(1),
            numpy.int32(3), numpy.int32(1), numpy.int32(1), FAKE_CUPY.zeros(9, dtype="f")))

    launch(d)  # the same launch with a device array runs
    attempt, message = REFUSED[name]
    with pytest.raises((TypeError, AttributeError), match=message):
        attempt(d, launch)


def test_the_strict_device_takes_what_cupy_takes(on_strict_device):
    on_strict_device()
    d = FAKE_CUPY.asarray(numpy.arange(4, dtype="f"))
    assert isinstance(d, DeviceArray) and isinstance(d.get(), numpy.ndarray)
    picked = d[numpy.array([3, 0])]  # NumPy index arrays and assigned values are fine
    assert isinstance(picked, DeviceArray) and picked.get().tolist() == [3.0, 0.0]
    d[1:3] = numpy.array([7.0, 8.0])
    total = d.sum()
    assert isinstance(total, DeviceArray) and total.shape == () and float(total) == 18.0
    assert int(d[3]) == 3 and bool(d[0]) is False
    d += 1
    assert (d * 2).get().tolist() == [2.0, 16.0, 18.0, 8.0]
    assert numpy.sum(d).get() == 22.0  # NumPy functions dispatch to the device, as to CuPy's
    assert get_current_ops().to_numpy(d).tolist() == [1.0, 8.0, 9.0, 4.0]


# ---- pipelines and commands ----------------------------------------------------------
@pytest.mark.parametrize("device_loop", [True, False], ids=["device-loop", "host-loop"])
@pytest.mark.parametrize("kind", ["ud", "ner"])
def test_a_pipeline_predicts_and_learns_on_the_strict_device(kind, device_loop, monkeypatch,
                                                               on_strict_device):
    nlp, egs = build(kind)
    predicted, losses, grads, weights = run(nlp, egs)
    backend = on_strict_device()
    monkeypatch.setitem(LOOP_SETTINGS, "device_loop", device_loop)
    device_nlp, _ = build(kind)
    for name, pipe in nlp.pipeline:
        device_nlp.get_pipe(name).model.from_bytes(pipe.model.to_bytes())
        device_nlp.get_pipe(name).cfg.update(pipe.cfg)
    assert all(isinstance(node.get_param(param), DeviceArray)
               for _, pipe in device_nlp.pipeline for node in pipe.model.walk()
               for param in node.param_names if node.has_param(param))
    backend.launched.clear()
    d_predicted, d_losses, d_grads, d_weights = run(device_nlp, egs)
    launched = {FAMILY_OF[name] for name in backend.launched}
    assert {"maxout_ln" if kind == "ud" else "charembed", "parser_step"} <= launched
    assert ("greedy_loop" in launched) == device_loop
    assert d_predicted == predicted
    for name, loss in losses.items():
        assert d_losses[name] == pytest.approx(loss, rel=1e-5, abs=1e-6), name
    for key, grad in grads.items():
        numpy.testing.assert_allclose(d_grads[key], grad, rtol=1e-4, atol=1e-6, err_msg=str(key))
    for key, value in weights.items():
        numpy.testing.assert_allclose(d_weights[key], value, rtol=1e-4, atol=1e-6,
                                      err_msg=str(key))


def test_a_batch_runs_whole_on_the_device(monkeypatch, on_strict_device):
    """On the CPU a batch is cut into shards and the parser's docs into chunks; on the
    device neither: one set of launches per batch, and the listeners take the tok2vec's
    vectors from doc.tensor as they are (no copy, which would be a launch per doc)."""
    import nlpcore.language
    import nlpcore.parallel
    from nlpcore.pipeline import transition_parser

    monkeypatch.setattr(nlpcore.parallel, "MIN_SHARD_WORDS", 2)
    monkeypatch.setattr(transition_parser, "PREDICT_CHUNK_TOKENS", 4)
    annotated = []
    annotate = nlpcore.language._annotate
    monkeypatch.setattr(nlpcore.language, "_annotate",
                        lambda *args: annotated.append(len(args[2])) or annotate(*args))
    nlp, egs = build("ud")
    texts = [eg.predicted.text for eg in egs]
    on_cpu = [[t.head.i for t in doc] for doc in nlp.pipe(texts)]
    assert len(annotated) > 1  # the CPU shards this batch
    backend = on_strict_device()
    device_nlp, _ = build("ud")
    for name, pipe in nlp.pipeline:
        device_nlp.get_pipe(name).model.from_bytes(pipe.model.to_bytes())
    backend.launched.clear()
    list(device_nlp.pipe(texts[:1]))
    one_doc = list(backend.launched)
    annotated.clear()
    backend.launched.clear()
    docs = list(device_nlp.pipe(texts))
    assert [[t.head.i for t in doc] for doc in docs] == on_cpu
    assert annotated == [len(texts)]
    assert backend.launched == one_doc  # the same launches as for one doc
    assert one_doc.count("arc_eager_loop<float>") == 1
    outputs = device_nlp.get_pipe("parser").model.get_ref("tok2vec").predict(docs)
    assert all(out is doc.tensor and isinstance(out, DeviceArray)
               for out, doc in zip(outputs, docs))


@pytest.mark.parametrize("pipeline", [["tagger", "parser"], ["ner"]])
def test_train_and_evaluate_with_gpu_id_on_the_strict_device(pipeline, tmp_path,
                                                             on_strict_device, capsys):
    conllu, iob = write_corpora(tmp_path)
    corpus = iob if pipeline == ["ner"] else conllu
    config = make_config("en", pipeline, "efficiency")
    config["paths"].update(train=str(corpus), dev=str(corpus))
    config["training"].update(max_steps=6, eval_frequency=3)
    config.to_disk(tmp_path / "config.cfg", interpolate=False)

    def train_and_evaluate(name, gpu):
        args = ["--gpu-id", "0"] if gpu else []
        assert main(["train", str(tmp_path / "config.cfg"), "--output",
                     str(tmp_path / name), *args]) == 0
        assert main(["evaluate", str(tmp_path / name / "model-best"), str(corpus), "--output",
                     str(tmp_path / f"{name}.json"), *args]) == 0
        return json.loads((tmp_path / f"{name}.json").read_text(encoding="utf8"))

    on_cpu = train_and_evaluate("cpu", gpu=False)
    backend = on_strict_device()
    backend.launched.clear()
    on_device = train_and_evaluate("device", gpu=True)
    assert "GPU 0" in capsys.readouterr().out
    assert {"hashembed", "parser_step", "greedy_loop"} <= {FAMILY_OF[name]
                                                          for name in backend.launched}
    scores = [key for key, value in on_cpu.items() if isinstance(value, float) and
              key != "speed"]
    assert scores
    for key in scores:
        assert on_device[key] == pytest.approx(on_cpu[key], abs=1e-6), key
