import pytest

import nlpcore
from nlpcore import Doc


def test_blank_tokenizes_text():
    nlp = nlpcore.blank("en")
    doc = nlp("Hello, world!")
    assert [t.text for t in doc] == ["Hello", ",", "world", "!"]
    assert nlp.tokenizer("Hello").text == "Hello"
    assert doc.vocab is nlp.vocab


def test_unknown_language_gives_coded_error():
    with pytest.raises(ValueError, match="E200"):
        nlpcore.blank("zz")


def test_pipe_keeps_order_and_accepts_docs():
    nlp = nlpcore.blank("en")
    ready = Doc(nlp.vocab, ["pre", "made"])
    docs = list(nlp.pipe(["one two", ready, ""]))
    assert [d.text for d in docs] == ["one two", "pre made ", ""]
    assert docs[1] is ready


def test_saved_pipeline_keeps_its_tokenizer_rules(tmp_path):
    nlp = nlpcore.blank("en")
    nlp.tokenizer.add_special_case("gimme", [{"ORTH": "gim"}, {"ORTH": "me"}])
    nlp.to_disk(tmp_path / "pipeline")
    loaded = nlpcore.load(tmp_path / "pipeline")
    assert [t.text for t in loaded("gimme that")] == ["gim", "me", "that"]
    assert loaded.meta["lang"] == "en"


def test_load_of_a_missing_pipeline(tmp_path):
    with pytest.raises(FileNotFoundError, match="E043"):
        nlpcore.load(tmp_path / "nothing")
