"""read_textcat: TSV with header-named columns, JSONL with cats or labels, bad input."""

import json

import pytest

from nlpcore import Doc
from nlpcore.errors import InputError
from nlpcore.training import read_textcat


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf8"))
    return path


@pytest.mark.parametrize(
    "body",
    ["label\tsentence\n0\tgood  film \n1\tbad\n", "sentence\tlabel\ngood  film \t0\nbad\t1\n"],
)
def test_tsv_columns_found_by_name(tmp_path, vocab, body):
    docs = list(read_textcat(_write(tmp_path, "d.tsv", body), vocab))
    assert [d.text for d in docs] == ["good film", "bad"]
    assert docs[0].cats == {"0": 1.0, "1": 0.0}
    assert docs[1].cats == {"0": 0.0, "1": 1.0}


def test_tsv_given_labels_and_tokenizer(tmp_path, vocab):
    path = _write(tmp_path, "d.tsv", "text\tcategory\nA b\tpos\n")
    calls = []

    def tokenizer(text):
        calls.append(text)
        return Doc(vocab, words=list(text.replace(" ", "")))

    docs = list(read_textcat(path, vocab, tokenizer, labels=["pos", "neg"]))
    assert calls == ["A b"]
    assert [t.text for t in docs[0]] == ["A", "b"]
    assert docs[0].cats == {"pos": 1.0, "neg": 0.0}
    with pytest.raises(InputError, match=r"\[E178\].*line 2"):
        list(read_textcat(path, vocab, labels=["neg"]))


def test_jsonl(tmp_path, vocab):
    records = [
        {"text": "a b", "label": "x"},
        {"text": "c", "label": ["x", "y"]},
        {"text": "d", "cats": {"z": 0.5}},
    ]
    path = _write(tmp_path, "d.jsonl", "\n".join(json.dumps(r) for r in records) + "\n\n")
    docs = list(read_textcat(path, vocab))
    assert [d.cats for d in docs] == [
        {"x": 1.0, "y": 0.0},
        {"x": 1.0, "y": 1.0},
        {"z": 0.5},
    ]


@pytest.mark.parametrize(
    "name,body,code,line",
    [
        ("d.tsv", "words\tlabel\na\t1\n", "E165", 1),
        ("d.tsv", "text\tscore\na\t1\n", "E165", 1),
        ("d.tsv", "text\tlabel\na\t1\nb\n", "E166", 3),
        ("d.tsv", "", "E158", None),
        ("d.tsv", "text\tlabel\n", "E158", None),
        ("d.jsonl", '{"text": "a", "label": 1}\n{"text": \n', "E167", 2),
        ("d.jsonl", '{"txt": "a", "label": 1}\n', "E168", 1),
        ("d.jsonl", '["a"]\n', "E168", 1),
        ("d.csv", "text,label\n", "E169", None),
        ("d.tsv", b"text\tlabel\n\xe9t\xe9\t1\n", "E159", 2),
        ("d.jsonl", '{"text": "a", "label": "x"}\n{"text": "b", "cats": {"A": "x"}}\n', "E195", 2),
        ("d.jsonl", '{"text": "b", "cats": {"A": null}}\n', "E195", 1),
        ("d.jsonl", '{"text": "b", "cats": {"A": NaN}}\n', "E195", 1),
        ("d.jsonl", '{"text": "b", "cats": {"A": 1e999}}\n', "E195", 1),
        ("d.jsonl", '{"text": "b", "label": null}\n', "E196", 1),
        ("d.jsonl", '{"text": "b", "label": ["x", ""]}\n', "E196", 1),
        ("d.jsonl", '{"text": "b", "label": {"x": 1}}\n', "E196", 1),
        ("d.jsonl", '{"text": "a", "label": "x"}\n{"text": "\\ud800", "label": "x"}\n', "E197", 2),
        ("d.jsonl", '{"text": "b", "cats": {"\\udc00": 1}}\n', "E197", 1),
        ("d.jsonl", '{"text": "b", "label": "\\ud800"}\n', "E197", 1),
    ],
    ids=[
        "no-text-col",
        "no-label-col",
        "fields",
        "empty",
        "header-only",
        "json",
        "keys",
        "not-object",
        "suffix",
        "utf8",
        "cats-string",
        "cats-null",
        "cats-nan",
        "cats-overflow",
        "label-null",
        "label-empty",
        "label-object",
        "text-surrogate",
        "cats-surrogate",
        "label-surrogate",
    ],
)
def test_bad_input(tmp_path, vocab, name, body, code, line):
    path = _write(tmp_path, name, body)
    with pytest.raises(InputError) as info:
        list(read_textcat(path, vocab))
    assert str(info.value).startswith(f"[{code}]")
    assert str(path) in str(info.value)
    assert info.value.line == line
