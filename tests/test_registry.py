import catalogue
import numpy
import pytest
from confection import Config, ConfigValidationError

import nlpcore
from nlpcore import Doc
from nlpcore.registry import REGISTERED, registry

CONFIG = """
[model]
@architectures = "nlpcore.HashEmbedCNN.v1"
width = 32
depth = 2
embed_size = 100
window_size = 1
maxout_pieces = 3
subword_features = true
pretrained_vectors = null
"""


def test_every_registered_name_resolves():
    for registry_name, entries in REGISTERED.items():
        for name in entries:
            assert callable(registry.get(registry_name, name))
    assert nlpcore.registry is registry
    assert "nlpcore.Tok2Vec.v1" in registry.architectures.get_all()


def test_thinc_registries_are_shared():
    import thinc.api

    assert registry.layers is thinc.api.registry.layers
    assert registry.optimizers is thinc.api.registry.optimizers
    assert registry.get("optimizers", "Adam.v1") is not None
    assert registry.get("layers", "nlpcore.HashEmbed.v1") is not None


def test_config_builds_the_architecture(vocab):
    model = registry.resolve(Config().from_str(CONFIG))["model"]
    docs = [Doc(vocab, words=["a", "b", "c"])]
    model.initialize(X=docs)
    assert model.predict(docs)[0].shape == (3, 32)
    direct = nlpcore.registry.architectures.get("nlpcore.HashEmbedCNN.v1")(
        width=32,
        depth=2,
        embed_size=100,
        window_size=1,
        maxout_pieces=3,
        subword_features=True,
        pretrained_vectors=None,
    )
    assert direct.name == model.name


def test_nested_config(vocab):
    config = """
[model]
@architectures = "nlpcore.Tok2Vec.v1"

[model.embed]
@architectures = "nlpcore.MultiHashEmbed.v1"
width = 16
attrs = ["NORM", "SHAPE"]
rows = [50, 20]
include_static_vectors = false

[model.encode]
@architectures = "nlpcore.MishWindowEncoder.v1"
width = 16
window_size = 1
depth = 1
"""
    model = registry.resolve(Config().from_str(config))["model"]
    docs = [Doc(vocab, words=["a", "b"])]
    model.initialize(X=docs)
    assert model.predict(docs)[0].shape == (2, 16)


def test_wrong_type_names_section_and_key():
    bad = CONFIG.replace("width = 32", 'width = "wide"')
    with pytest.raises(ConfigValidationError) as info:
        registry.resolve(Config().from_str(bad))
    assert "model" in str(info.value) and "width" in str(info.value)


def test_missing_argument_names_section_and_key():
    bad = CONFIG.replace("depth = 2\n", "")
    with pytest.raises(ConfigValidationError) as info:
        registry.resolve(Config().from_str(bad))
    assert "model" in str(info.value) and "depth" in str(info.value)


def test_direct_call_is_validated():
    build = registry.architectures.get("nlpcore.HashEmbedCNN.v1")
    with pytest.raises(TypeError, match=r"E267.*'width'"):
        build(
            width="wide",
            depth=2,
            embed_size=100,
            window_size=1,
            maxout_pieces=3,
            subword_features=True,
            pretrained_vectors=None,
        )
    with pytest.raises(TypeError, match=r"E268.*'depth'"):
        build(
            width=32,
            embed_size=100,
            window_size=1,
            maxout_pieces=3,
            subword_features=True,
            pretrained_vectors=None,
        )


def test_direct_call_with_an_unknown_argument_names_it():
    build = registry.architectures.get("nlpcore.MaxoutWindowEncoder.v1")
    with pytest.raises(TypeError, match=r"E227.*'bogus'.*window_size"):
        build(width=32, window_size=1, maxout_pieces=3, depth=1, bogus=1)


def test_unknown_name_lists_closest():
    with pytest.raises(catalogue.RegistryError, match=r"E266.*nlpcore.HashEmbedCNN.v1"):
        registry.architectures.get("nlpcore.HashEmbedCNN.v2")
    with pytest.raises(catalogue.RegistryError, match=r"E266.*nlpcore.HashEmbedCNN.v1"):
        registry.resolve(Config().from_str(CONFIG.replace("HashEmbedCNN.v1", "HashEmbedCN.v1")))


def test_pytorch_wrapper_after_hashembed(vocab):
    torch = pytest.importorskip("torch")
    from thinc.api import PyTorchWrapper, chain, with_array

    @registry.architectures("test.TorchAfterHashEmbed.v1")
    def torch_after_hashembed(width: int, n_out: int):
        embed = registry.layers.get("nlpcore.HashEmbed.v1")(width, 50, "NORM", seed=1)
        return chain(embed, with_array(PyTorchWrapper(torch.nn.Linear(width, n_out))))

    config = '[model]\n@architectures = "test.TorchAfterHashEmbed.v1"\nwidth = 8\nn_out = 3\n'
    model = registry.resolve(Config().from_str(config))["model"]
    docs = [Doc(vocab, words=["a", "b", "c"]), Doc(vocab, words=["d"])]
    model.initialize(X=docs)
    Y, backprop = model.begin_update(docs)
    assert [y.shape for y in Y] == [(3, 3), (1, 3)]
    backprop([numpy.ones_like(y) for y in Y])
    embed = model.layers[0]
    assert numpy.abs(embed.get_grad("E")).sum() > 0
