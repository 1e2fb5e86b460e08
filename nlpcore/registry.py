"""nlpcore.registry: catalogue registries for configs, sharing Thinc's.

`registry.architectures`, `readers`, `factories`, `misc` are nlpcore's own;
`layers`, `optimizers`, `schedules`, `losses`, `initializers` are Thinc's.
Everything nlpcore registers is listed in REGISTERED below and imported on the
first lookup, so `import nlpcore` stays light. Registered builders check their
arguments against their type hints before anything is built.
"""

import collections.abc
import difflib
import functools
import importlib
import inspect
import typing
from typing import Any, Callable, Dict, Iterable, Optional

import catalogue
import thinc.api

from .errors import Errors

# registry name -> {registered name: "module:function"}; the one place of registration.
REGISTERED: Dict[str, Dict[str, str]] = {
    "architectures": {
        "nlpcore.Tok2Vec.v1": "nlpcore.ml.models.tok2vec:Tok2Vec",
        "nlpcore.HashEmbedCNN.v1": "nlpcore.ml.models.tok2vec:HashEmbedCNN",
        "nlpcore.HashCharEmbedCNN.v1": "nlpcore.ml.models.tok2vec:HashCharEmbedCNN",
        "nlpcore.HashCharEmbedBiLSTM.v1": "nlpcore.ml.models.tok2vec:HashCharEmbedBiLSTM",
        "nlpcore.MultiHashEmbed.v1": "nlpcore.ml.models.embed:MultiHashEmbed",
        "nlpcore.CharacterEmbed.v1": "nlpcore.ml.models.embed:CharacterEmbed",
        "nlpcore.StaticVectors.v1": "nlpcore.ml.models.embed:StaticVectorsArchitecture",
        "nlpcore.MaxoutWindowEncoder.v1": "nlpcore.ml.models.encode:MaxoutWindowEncoder",
        "nlpcore.MishWindowEncoder.v1": "nlpcore.ml.models.encode:MishWindowEncoder",
        "nlpcore.BiLSTMEncoder.v1": "nlpcore.ml.models.encode:BiLSTMEncoder",
        "nlpcore.Tagger.v1": "nlpcore.ml.models.tagger:Tagger",
        "nlpcore.Tok2VecListener.v1": "nlpcore.ml.listener:Tok2VecListenerArchitecture",
        "nlpcore.TransitionBasedParser.v1": "nlpcore.ml.models.parser:TransitionBasedParser",
    },
    "readers": {
        "nlpcore.Corpus.v1": "nlpcore.training.corpus:make_corpus",
    },
    "misc": {
        "nlpcore.batch_by_words.v1": "nlpcore.training.batching:make_batch_by_words",
    },
    "layers": {
        "nlpcore.HashEmbed.v1": "nlpcore.ml.hashembed:HashEmbed",
        "nlpcore.FeatureExtractor.v1": "nlpcore.ml.featureextractor:FeatureExtractor",
        "nlpcore.CharEmbed.v1": "nlpcore.ml.charembed:CharEmbed",
        "nlpcore.MaxoutLN.v1": "nlpcore.ml.maxout:MaxoutLN",
        "nlpcore.ExpandWindow.v1": "nlpcore.ml.window:ExpandWindow",
    },
}

_populated = False


def populate() -> None:
    """Import and register everything in REGISTERED (once)."""
    global _populated
    if _populated:
        return
    _populated = True
    for registry_name, entries in REGISTERED.items():
        target = getattr(registry, registry_name)
        for name, path in entries.items():
            module_name, func_name = path.split(":")
            func = getattr(importlib.import_module(module_name), func_name)
            target.register(name, func=validated(name, func))


class LazyRegistry(catalogue.Registry):
    """A catalogue registry that populates nlpcore's entries on first lookup and
    answers an unknown name with a coded error listing the closest names."""

    def get(self, name: str) -> Any:
        populate()
        if not super().__contains__(name):
            names = list(self.get_all())
            closest = difflib.get_close_matches(name, names, n=5, cutoff=0.3) or sorted(names)[:5]
            raise catalogue.RegistryError(
                Errors.E266.format(
                    registry=self.namespace[-1], name=name, closest=", ".join(closest) or "(none)"
                )
            )
        return super().get(name)

    def get_all(self) -> Dict[str, Any]:
        populate()
        return super().get_all()

    def __contains__(self, name: str) -> bool:
        populate()
        return super().__contains__(name)

    def find(self, name: str) -> Dict[str, Optional[Any]]:
        populate()
        return super().find(name)


class registry(thinc.api.registry):
    """Thinc's registries plus nlpcore's architectures, readers, factories and misc."""

    architectures = LazyRegistry(("nlpcore", "architectures"), entry_points=True)
    readers = LazyRegistry(("nlpcore", "readers"), entry_points=True)
    factories = LazyRegistry(("nlpcore", "factories"), entry_points=True)
    misc = LazyRegistry(("nlpcore", "misc"), entry_points=True)

    @classmethod
    def resolve(cls, config, **kwargs):
        populate()
        return super().resolve(config, **kwargs)

    @classmethod
    def fill(cls, config, **kwargs):
        populate()
        return super().fill(config, **kwargs)

    @classmethod
    def get(cls, registry_name: str, func_name: str) -> Callable:
        populate()
        if registry_name in REGISTERED and registry_name not in _OWN:
            if func_name not in getattr(cls, registry_name).get_all():
                names = list(getattr(cls, registry_name).get_all())
                closest = difflib.get_close_matches(func_name, names, n=5, cutoff=0.3)
                raise catalogue.RegistryError(
                    Errors.E266.format(
                        registry=registry_name,
                        name=func_name,
                        closest=", ".join(closest) or "(none)",
                    )
                )
        return super().get(registry_name, func_name)


_OWN = ("architectures", "readers", "factories", "misc")


def matches(value: Any, hint: Any) -> bool:
    """Whether `value` fits the type hint (int, float, bool, str, Optional, Union,
    List/Sequence, Model and other classes; anything else is accepted)."""
    if hint is Any or hint is inspect.Parameter.empty:
        return True
    if hint is type(None):
        return value is None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Union:
        return any(matches(value, arg) for arg in args)
    if origin in (list, tuple, collections.abc.Sequence):
        if not isinstance(value, (list, tuple)):
            return False
        return not args or all(matches(item, args[0]) for item in value)
    if hint is bool:
        return isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if origin is not None and isinstance(origin, type):
        return isinstance(value, origin)
    if isinstance(hint, type):
        return isinstance(value, hint)
    return True


def validated(name: str, func: Callable) -> Callable:
    """`func` with its arguments checked against its type hints (coded errors)."""
    signature = inspect.signature(func)
    hints = typing.get_type_hints(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError:
            _check_known(name, signature, kwargs)
            missing = [
                p
                for p in signature.parameters.values()
                if p.default is inspect.Parameter.empty and p.name not in kwargs
            ]
            key = missing[len(args)].name if len(missing) > len(args) else "?"
            raise TypeError(Errors.E268.format(key=key, name=name)) from None
        for key, value in bound.arguments.items():
            hint = hints.get(key, Any)
            if not matches(value, hint):
                raise TypeError(
                    Errors.E267.format(key=key, name=name, expected=_hint_name(hint), value=value)
                )
        return func(*args, **kwargs)

    return wrapper


def unknown_keyword(params: Iterable[inspect.Parameter], keys: Iterable[str]) -> Optional[str]:
    """The first of keys that none of params takes; None if all are taken (or **kwargs is)."""
    params = list(params)
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return None
    names = {p.name for p in params}
    return next((key for key in keys if key not in names), None)


def _check_known(name: str, signature: inspect.Signature, kwargs: Dict[str, Any]) -> None:
    """Refuse a keyword argument that the signature doesn't take."""
    key = unknown_keyword(signature.parameters.values(), kwargs)
    if key is not None:
        raise TypeError(Errors.E227.format(name=name, key=key,
                                           allowed=", ".join(signature.parameters)))


def _hint_name(hint: Any) -> str:
    return getattr(hint, "__name__", None) or str(hint).replace("typing.", "")


__all__ = ["REGISTERED", "matches", "populate", "registry", "validated"]
