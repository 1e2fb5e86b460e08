"""A small new trainable component defined on TrainablePipe: trained, saved, loaded."""

import numpy
import pytest
from thinc.api import Adam, Model, Relu, Softmax, chain, with_array

import nlpcore
from nlpcore import Doc, Language, Token
from nlpcore.pipeline import TrainablePipe
from nlpcore.training import Example

FEATURES = ("is_upper", "is_title", "is_digit", "is_punct", "is_lower")


def token_features() -> Model:
    """Docs -> one (n_tokens, 5) float array per doc of lexical flags."""

    def forward(model, docs, is_train):
        arrays = [numpy.array([[getattr(t, f) for f in FEATURES] for t in doc], dtype="f")
                  .reshape((len(doc), len(FEATURES))) for doc in docs]
        return arrays, lambda d_arrays: []

    return Model("token_features", forward)


class ShapeClassifier(TrainablePipe):
    """Labels each token's casing; results go to token._.casing."""

    def _labels_from(self, example):
        return [label for label in example.reference.user_data.get("casing", [])]

    def _initialize_model(self, examples):
        self.model.get_ref("output").set_dim("nO", len(self.labels))
        self.model.initialize(X=[eg.predicted for eg in examples])

    def _prepare_model_for_weights(self):
        self.model.get_ref("output").set_dim("nO", len(self.labels), force=True)

    def predict(self, docs):
        return self.model.predict(docs)

    def set_annotations(self, docs, scores):
        for doc, doc_scores in zip(docs, scores):
            for token, row in zip(doc, doc_scores):
                token._.casing = self.labels[int(row.argmax())]

    def get_loss(self, examples, scores):
        d_scores, loss = [], 0.0
        for eg, doc_scores in zip(examples, scores):
            gold = numpy.zeros_like(doc_scores)
            for i, label in enumerate(eg.reference.user_data["casing"]):
                gold[i, self.labels.index(label)] = 1.0
            d_scores.append(doc_scores - gold)
            loss += float(((doc_scores - gold) ** 2).sum())
        return loss, d_scores

    def score(self, examples):
        right = total = 0
        for eg in examples:
            for token, label in zip(eg.predicted, eg.reference.user_data["casing"]):
                right += token._.casing == label
                total += 1
        return {"casing_acc": right / max(total, 1)}


@Language.factory("casing", default_config={"hidden": 8})
def make_casing(nlp, name, hidden: int):
    output = Softmax()
    model = chain(token_features(), with_array(chain(Relu(nO=hidden), output)))
    model.set_ref("output", output)
    return ShapeClassifier(nlp.vocab, model, name, hidden=hidden)


def casing_of(word: str) -> str:
    return "upper" if word.isupper() else "title" if word.istitle() else "other"


def make_examples(nlp, texts):
    examples = []
    for text in texts:
        predicted = nlp.make_doc(text)
        reference = nlp.make_doc(text)
        reference.user_data["casing"] = [casing_of(t.text) for t in reference]
        examples.append(Example(predicted, reference))
    return examples


@pytest.fixture(scope="module", autouse=True)
def casing_extension():
    Token.set_extension("casing", default=None, force=True)
    yield
    Token.remove_extension("casing")


def test_custom_component_trains_saves_and_loads(tmp_path):
    nlp = nlpcore.blank("en")
    component = nlp.add_pipe("casing")
    texts = ["NASA sent Alice to Mars", "the cat SAT on the MAT", "Bob likes tea 42 times",
             "IBM and Apple met in Paris", "quiet words here only"] * 4
    examples = make_examples(nlp, texts)
    component.initialize(lambda: examples)
    assert set(component.labels) == {"upper", "title", "other"}
    optimizer = Adam(0.05)
    first = component.update(examples)[component.name]
    for _ in range(60):
        losses = component.update(examples, sgd=optimizer)
    assert losses[component.name] < first / 4
    doc = nlp("USA Ohio river")
    assert [t._.casing for t in doc] == ["upper", "title", "other"]
    for eg in examples:
        component(eg.predicted)
    assert component.score(examples)["casing_acc"] > 0.95

    nlp.to_disk(tmp_path / "pipeline")
    loaded = nlpcore.load(tmp_path / "pipeline")
    assert loaded.pipe_names == ["casing"]
    assert loaded.get_pipe("casing").labels == component.labels
    assert [t._.casing for t in loaded("USA Ohio river")] == ["upper", "title", "other"]
    assert loaded.config["components"]["casing"] == {"factory": "casing", "hidden": 8}


def test_corrupted_weights_give_a_coded_error(tmp_path):
    nlp = nlpcore.blank("en")
    component = nlp.add_pipe("casing")
    component.initialize(lambda: make_examples(nlp, ["A b C"]))
    nlp.to_disk(tmp_path / "p")
    (tmp_path / "p" / "casing" / "model").write_bytes(b"\x93 not weights")
    with pytest.raises(ValueError, match="E210"):
        nlpcore.load(tmp_path / "p")


def test_initialize_needs_examples():
    nlp = nlpcore.blank("en")
    with pytest.raises(ValueError, match="E213"):
        nlp.add_pipe("casing").initialize(lambda: [])


def test_bad_label():
    nlp = nlpcore.blank("en")
    with pytest.raises(ValueError, match="E211"):
        nlp.add_pipe("casing").add_label("")


def test_pipe_batches_keep_order():
    nlp = nlpcore.blank("en")
    component = nlp.add_pipe("casing")
    component.initialize(lambda: make_examples(nlp, ["A b C"]))
    docs = list(nlp.pipe([f"w{i} X" for i in range(300)], batch_size=64))
    assert [d[0].text for d in docs] == [f"w{i}" for i in range(300)]
    assert all(t._.casing is not None for d in docs for t in d)


def test_unimplemented_methods_say_so(vocab):
    pipe = TrainablePipe(vocab, Model("m", lambda m, X, t: (X, lambda d: d)), "bare")
    with pytest.raises(NotImplementedError, match="E212"):
        pipe.predict([Doc(vocab, ["a"])])
