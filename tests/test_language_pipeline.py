"""Language: factories, add_pipe and friends, config round trips, loading checks."""

import pytest
import srsly

import nlpcore
from nlpcore import Doc, Language


@Language.component("mark_first")
def mark_first(doc: Doc) -> Doc:
    doc.user_data["marked"] = doc.user_data.get("marked", []) + ["first"]
    return doc


@Language.component("mark_second", requires=["doc.user_data"], assigns=["doc._.rel"])
def mark_second(doc: Doc) -> Doc:
    doc.user_data["marked"] = doc.user_data.get("marked", []) + ["second"]
    return doc


def test_components_run_in_order_and_can_be_placed():
    nlp = nlpcore.blank("en")
    nlp.add_pipe("mark_second")
    nlp.add_pipe("mark_first", before="mark_second")
    assert nlp.pipe_names == ["mark_first", "mark_second"]
    assert nlp("a b").user_data["marked"] == ["first", "second"]
    nlp.add_pipe("mark_first", name="again", first=True)
    assert nlp.pipe_names == ["again", "mark_first", "mark_second"]
    assert Language.get_factory_meta("mark_second").assigns == ("doc._.rel",)


def test_select_pipes_and_remove_pipe():
    nlp = nlpcore.blank("en")
    nlp.add_pipe("mark_first")
    nlp.add_pipe("mark_second")
    with nlp.select_pipes(disable="mark_first"):
        assert nlp.pipe_names == ["mark_second"]
        assert nlp("x").user_data["marked"] == ["second"]
    assert nlp.pipe_names == ["mark_first", "mark_second"]
    with nlp.select_pipes(enable=["mark_first"]):
        assert nlp.pipe_names == ["mark_first"]
    assert nlp.remove_pipe("mark_first")[0] == "mark_first"
    assert nlp.pipe_names == ["mark_second"]


def test_pipe_streams_in_order():
    nlp = nlpcore.blank("en")
    nlp.add_pipe("mark_first")
    docs = list(nlp.pipe((f"text {i}" for i in range(50)), batch_size=7))
    assert [d.text for d in docs] == [f"text {i}" for i in range(50)]


@pytest.mark.parametrize("call,code", [
    (lambda nlp: nlp.add_pipe("no_such_factory"), "E203"),
    (lambda nlp: nlp.add_pipe("mark_first", after="nowhere"), "E204"),
    (lambda nlp: nlp.add_pipe("mark_first", first=True, last=True), "E204"),
    (lambda nlp: nlp.remove_pipe("nothing"), "E205"),
    (lambda nlp: nlp(42), "E207"),
])
def test_bad_calls_give_coded_errors(call, code):
    nlp = nlpcore.blank("en")
    with pytest.raises((ValueError, KeyError, TypeError), match=code):
        call(nlp)


def test_duplicate_name():
    nlp = nlpcore.blank("en")
    nlp.add_pipe("mark_first")
    with pytest.raises(ValueError, match="E202"):
        nlp.add_pipe("mark_first")


def test_config_rebuilds_the_pipeline():
    nlp = nlpcore.blank("en")
    nlp.add_pipe("mark_first")
    nlp.add_pipe("mark_second", name="second")
    rebuilt = Language.from_config(nlp.config)
    assert rebuilt.pipe_names == ["mark_first", "second"]
    assert rebuilt.config == nlp.config
    with pytest.raises(ValueError, match="E208"):
        Language.from_config({"nlp": {"lang": "en", "pipeline": ["x"]}, "components": {}})


def test_pipeline_from_a_newer_nlpcore_is_refused(tmp_path):
    nlp = nlpcore.blank("en")
    nlp.to_disk(tmp_path / "p")
    meta = srsly.read_json(tmp_path / "p" / "meta.json")
    assert nlpcore.__version__ in meta["nlpcore_version"]
    meta["nlpcore_version"] = ">=99.0.0"
    srsly.write_json(tmp_path / "p" / "meta.json", meta)
    with pytest.raises(ValueError, match="E209"):
        nlpcore.load(tmp_path / "p")


def test_unknown_component_setting_names_component_and_key():
    with pytest.raises(ValueError, match=r"E226.*'tagger'.*'bogus'.*model") as info:
        nlpcore.blank("en").add_pipe("tagger", config={"bogus": 3})
    assert "attr" in str(info.value)


def _saved_with_config(tmp_path, edit):
    nlp = nlpcore.blank("en")
    nlp.add_pipe("tagger")
    nlp.to_disk(tmp_path / "p")
    path = tmp_path / "p" / "config.cfg"
    path.write_text(edit(path.read_text()), encoding="utf8")
    return tmp_path / "p"


def test_load_refuses_an_unknown_component_setting(tmp_path):
    path = _saved_with_config(
        tmp_path, lambda s: s.replace("[components.tagger]\n", "[components.tagger]\nbogus = 3\n")
    )
    with pytest.raises(ValueError, match=r"E226.*'tagger'.*'bogus'"):
        nlpcore.load(path)


@pytest.mark.parametrize("edit,original", [
    (lambda s: s.replace("[components.tagger]\n", "[components.tagger]\nfactory = \"x\"\n"),
     "option 'factory' in section 'components.tagger' already exists"),
    (lambda s: s.replace("[components.tagger]\n", "[components.tagger\n"),
     "Source contains parsing errors"),
], ids=["duplicate-option", "syntax"])
def test_load_of_a_malformed_config_names_the_file(tmp_path, edit, original):
    path = _saved_with_config(tmp_path, edit)
    with pytest.raises(ValueError, match=r"E228") as info:
        nlpcore.load(path)
    assert str(path / "config.cfg") in str(info.value)
    assert original in str(info.value)
