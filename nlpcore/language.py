"""The pipeline object: a Vocab, a tokenizer and a sequence of components.

Components come from factories registered with ``@Language.factory`` (or
``@Language.component`` for plain functions). ``nlp.config`` records every
component's factory and settings, so the config alone rebuilds the pipeline;
``to_disk`` writes it with the weights and ``nlpcore.load`` reads it back
without executing code from the folder.
"""

import configparser
import contextlib
import difflib
import importlib
import inspect
import time
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union

import numpy
import srsly
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version
from thinc.api import Adam, Config, ConfigValidationError, Model, Optimizer

from .about import __version__
from .errors import Errors
from .ml.listener import Tok2VecListener
from .parallel import mark_worker, one_blas_thread, plan_shards
from .tokens import Doc
from .training import Example
from .training.scorer import score_tokenization
from .vocab import Vocab

# Language code -> module holding its data (a `make_tokenizer(vocab)` function).
LANGUAGES = {"en": "nlpcore.tokenizer.lang.en"}
# Modules whose import registers the built-in component factories.
BUILTIN_COMPONENT_MODULES = ("nlpcore.pipeline",)


@dataclass
class FactoryMeta:
    """What a factory declares besides its function."""

    name: str
    default_config: Dict[str, Any] = field(default_factory=dict)
    requires: Sequence[str] = ()
    assigns: Sequence[str] = ()
    default_score_weights: Dict[str, float] = field(default_factory=dict)


class Language:
    """Text in, annotated Doc out: tokenizes, then runs the components in order.

    lang: language code; vocab: a Vocab to share (default: a new one);
    tokenizer: a callable text -> Doc (default: the language's tokenizer).
    """

    factories: Dict[str, Callable] = {}
    factory_meta: Dict[str, FactoryMeta] = {}

    def __init__(self, lang: str, vocab: Optional[Vocab] = None,
                 tokenizer: Optional[Callable[[str], Doc]] = None):
        if lang not in LANGUAGES:
            raise ValueError(Errors.E200.format(lang=lang, available=", ".join(LANGUAGES)))
        self.lang = lang
        self.vocab = vocab if vocab is not None else Vocab(lang)
        if tokenizer is None:
            tokenizer = importlib.import_module(LANGUAGES[lang]).make_tokenizer(self.vocab)
        self.tokenizer = tokenizer
        self.meta: Dict[str, Any] = {"lang": lang, "name": "pipeline", "version": "0.0.0",
                                     "nlpcore_version": compatible_versions()}
        self._components: List[Tuple[str, Any]] = []
        self._component_configs: Dict[str, Dict[str, Any]] = {}
        self._disabled: set = set()
        # Component name -> upstream of a listener layer in it that no tok2vec feeds.
        self._unlinked: Dict[str, str] = {}

    # ---- registering factories ------------------------------------------------
    @classmethod
    def factory(cls, name: str, *, default_config: Optional[Dict[str, Any]] = None,
                requires: Sequence[str] = (), assigns: Sequence[str] = (),
                default_score_weights: Optional[Dict[str, float]] = None,
                func: Optional[Callable] = None):
        """Register `func(nlp, name, **config) -> component` as factory `name`.

        Usable as a decorator. default_config: settings used where add_pipe's
        config is silent (nested "@architectures" blocks allowed).
        """

        def register(factory_func: Callable) -> Callable:
            cls.factories[name] = factory_func
            cls.factory_meta[name] = FactoryMeta(name, dict(default_config or {}),
                                                 tuple(requires), tuple(assigns),
                                                 dict(default_score_weights or {}))
            return factory_func

        return register(func) if func is not None else register

    @classmethod
    def component(cls, name: str, *, requires: Sequence[str] = (),
                  assigns: Sequence[str] = (), func: Optional[Callable] = None):
        """Register a stateless function `doc -> doc` as component `name`."""

        def register(component_func: Callable[[Doc], Doc]) -> Callable[[Doc], Doc]:
            def make_component(nlp: "Language", name: str) -> Callable[[Doc], Doc]:
                return component_func

            cls.factory(name, requires=requires, assigns=assigns, func=make_component)
            return component_func

        return register(func) if func is not None else register

    @classmethod
    def get_factory_meta(cls, factory_name: str) -> FactoryMeta:
        """The meta of a registered factory (built-in ones are imported on demand)."""
        if factory_name not in cls.factories:
            for module in BUILTIN_COMPONENT_MODULES:
                importlib.import_module(module)
        if factory_name not in cls.factories:
            closest = difflib.get_close_matches(factory_name, list(cls.factories), n=5)
            raise ValueError(Errors.E203.format(
                name=factory_name, closest=", ".join(closest or sorted(cls.factories)[:8])))
        return cls.factory_meta[factory_name]

    # ---- the pipeline ---------------------------------------------------------
    @property
    def pipe_names(self) -> List[str]:
        """Names of the enabled components, in order."""
        return [name for name, _ in self._components if name not in self._disabled]

    @property
    def component_names(self) -> List[str]:
        """Names of every component, disabled ones included."""
        return [name for name, _ in self._components]

    @property
    def pipeline(self) -> List[Tuple[str, Any]]:
        """(name, component) pairs of the enabled components."""
        return [(n, c) for n, c in self._components if n not in self._disabled]

    def has_pipe(self, name: str) -> bool:
        return name in self.component_names

    def get_pipe(self, name: str) -> Any:
        for component_name, component in self._components:
            if component_name == name:
                return component
        raise KeyError(Errors.E205.format(name=name, names=self.component_names))

    def add_pipe(self, factory_name: str, name: Optional[str] = None, *,
                 before: Optional[str] = None, after: Optional[str] = None,
                 first: bool = False, last: bool = False,
                 config: Optional[Dict[str, Any]] = None) -> Any:
        """Create a component from a registered factory and insert it; returns it."""
        name = name or factory_name
        if name in self.component_names:
            raise ValueError(Errors.E202.format(name=name, names=self.component_names))
        meta = self.get_factory_meta(factory_name)
        merged = Config(meta.default_config).merge(Config(config or {}))
        component = self._build_component(factory_name, name, merged)
        index = self._insert_index(before, after, first, last)
        self._components.insert(index, (name, component))
        self._component_configs[name] = {"factory": factory_name, **merged}
        self._link_listeners()
        return component

    def _link_listeners(self) -> None:
        """Connect shared tok2vec components to the listener layers that name them, and
        note the components holding a listener that none of them feeds."""
        components = [component for _, component in self._components]
        linked = set()
        for component in components:
            if hasattr(component, "find_listeners"):
                component.find_listeners(components)
                linked.update(id(node) for node in component.listeners)
        self._unlinked = {name: node.upstream for name, component in self._components
                          for node in _listener_nodes(component) if id(node) not in linked}

    def _check_listeners(self) -> None:
        """Refuse to run an enabled component whose listener no tok2vec feeds."""
        for name, upstream in self._unlinked.items():
            if name not in self._disabled:
                tok2vecs = [n for n, c in self._components if hasattr(c, "find_listeners")]
                raise ValueError(Errors.E229.format(name=name, upstream=upstream,
                                                    tok2vecs=", ".join(tok2vecs) or "(none)"))

    def _build_component(self, factory_name: str, name: str, config: Config) -> Any:
        from .registry import registry

        _check_settings(self.factories[factory_name], factory_name, name, config)
        try:
            resolved = registry.resolve(Config({"component": config}))["component"]
        except Exception as error:
            if type(error).__name__ in ("ConfigValidationError", "RegistryError"):
                raise ValueError(Errors.E206.format(name=name, error=error)) from None
            raise
        return self.factories[factory_name](self, name, **resolved)

    def _insert_index(self, before: Optional[str], after: Optional[str], first: bool,
                      last: bool) -> int:
        names = self.component_names
        if sum([before is not None, after is not None, first, last]) > 1:
            raise ValueError(Errors.E204.format(where="only one of before, after, first, last"))
        for anchor in (before, after):
            if anchor is not None and anchor not in names:
                raise ValueError(Errors.E204.format(where=f"no component named {anchor!r}"))
        if first:
            return 0
        if before is not None:
            return names.index(before)
        if after is not None:
            return names.index(after) + 1
        return len(names)

    def remove_pipe(self, name: str) -> Tuple[str, Any]:
        """Remove a component; returns (name, component)."""
        component = self.get_pipe(name)
        self._components = [(n, c) for n, c in self._components if n != name]
        self._component_configs.pop(name)
        self._disabled.discard(name)
        self._link_listeners()
        return name, component

    @contextlib.contextmanager
    def select_pipes(self, *, disable: Union[str, Iterable[str], None] = None,
                     enable: Union[str, Iterable[str], None] = None):
        """Context manager running with some components disabled (or only some enabled)."""
        disable = [disable] if isinstance(disable, str) else list(disable or [])
        if enable is not None:
            enable = [enable] if isinstance(enable, str) else list(enable)
            disable += [n for n in self.component_names if n not in enable]
        for name in disable:
            self.get_pipe(name)
        before = set(self._disabled)
        self._disabled |= set(disable)
        try:
            yield self
        finally:
            self._disabled = before

    # ---- running --------------------------------------------------------------
    def make_doc(self, text: str) -> Doc:
        """Tokenize a text."""
        return self.tokenizer(text)

    def _ensure_doc(self, text_or_doc: Union[str, Doc]) -> Doc:
        if isinstance(_check_input(text_or_doc), Doc):
            return text_or_doc
        return self.make_doc(text_or_doc)

    def __call__(self, text: Union[str, Doc]) -> Doc:
        """Process one text (or an already tokenized Doc)."""
        self._check_listeners()
        doc = self._ensure_doc(text)
        for _, component in self.pipeline:
            doc = component(doc)
        return doc

    def pipe(self, texts: Iterable[Union[str, Doc]], batch_size: int = 1000,
             n_threads: int = 1) -> Iterator[Doc]:
        """Process a stream of texts (or Docs) in batches, yielding Docs in order.

        Each batch is cut into shards of about equal word counts (a few per
        thread), each run through every enabled component as one batch: a
        shard's arrays stay in cache. On a GPU (n_threads 1) the batch runs
        whole: launches per batch don't grow with its docs. n_threads: with
        more than 1, the shards run on n_threads worker threads; two batches
        are in flight, so the workers annotate the next batch while this one is
        yielded. The shards take the cores: until the iterator is exhausted or
        closed, BLAS runs on one thread, and a parser's or ner's own n_threads
        is not used. Texts are tokenized on the worker threads, so the
        tokenizer must be safe to call from several threads at once (the
        language's own tokenizer is). The annotations
        are those of one thread (token vectors may differ in the last bits:
        BLAS rounds a row by its place in a batch).
        """
        if isinstance(n_threads, bool) or not isinstance(n_threads, int) or n_threads < 1:
            raise ValueError(Errors.E225.format(value=n_threads))
        if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
            raise ValueError(Errors.E216.format(size=batch_size))
        self._check_listeners()
        if n_threads == 1:
            return self._pipe_serial(map(_check_input, texts), batch_size)
        return self._pipe_sharded(map(_check_input, texts), batch_size, n_threads)

    def _pipe_serial(self, inputs: Iterator[Union[str, Doc]],
                     batch_size: int) -> Iterator[Doc]:
        """Each batch cut into shards as for threads (`plan_shards`), run in turn: a
        shard's arrays stay in cache where a whole batch's would not. On a GPU the
        batch stays whole: there a shard only adds kernel launches, and the greedy
        loop decodes a block of states per launch."""
        pipeline = self.pipeline
        on_device = self._on_device()
        for batch in iter(lambda: list(islice(inputs, batch_size)), []):
            for shard in [batch] if on_device else plan_shards(batch, 1):
                yield from _annotate(pipeline, self._ensure_doc, shard)

    def _on_device(self) -> bool:
        """Whether a component's model keeps its arrays on a GPU (ops other than NumPy's)."""
        models = (_model_of(component) for _, component in self.pipeline)
        return any(model is not None and model.ops.xp is not numpy for model in models)

    def _pipe_sharded(self, inputs: Iterator[Union[str, Doc]], batch_size: int,
                      n_threads: int) -> Iterator[Doc]:
        """Batches in flight: the one being yielded and the next, so no thread waits.

        The calling thread only cuts batches into shards; the workers tokenize
        and annotate them (a tokenizer on the calling thread would hold the
        GIL while the workers wait for it)."""
        pipeline = self.pipeline
        batches = iter(lambda: list(islice(inputs, batch_size)), [])
        pool = ThreadPoolExecutor(n_threads, thread_name_prefix="nlpcore-pipe",
                                  initializer=mark_worker)
        in_flight: "deque[List[Future]]" = deque()
        with one_blas_thread():
            try:
                for batch in batches:
                    shards = plan_shards(batch, n_threads)
                    in_flight.append([pool.submit(_annotate, pipeline, self._ensure_doc, shard)
                                      for shard in shards])
                    if len(in_flight) == 2:
                        yield from _results(in_flight.popleft())
                while in_flight:
                    yield from _results(in_flight.popleft())
            finally:
                pool.shutdown(wait=True, cancel_futures=True)

    # ---- training -------------------------------------------------------------------
    def initialize(self, get_examples: Callable[[], Iterable[Example]], *,
                   sgd: Optional[Optimizer] = None) -> Optimizer:
        """Initialize every trainable component from the examples.

        Labels are collected from all the examples (read once, shared by the
        components), layer shapes inferred from a few; returns the optimizer
        to train with (`sgd`, or Adam with default settings).
        """
        self._check_listeners()
        examples = list(get_examples())
        if not examples:
            raise ValueError(Errors.E213.format(name="nlp"))
        for _, component in self._components:
            if hasattr(component, "initialize"):
                component.initialize(lambda: examples, nlp=self)
        return sgd if sgd is not None else Adam()

    def update(self, examples: Iterable[Example], *, drop: float = 0.0,
               sgd: Optional[Optimizer] = None, losses: Optional[Dict[str, float]] = None,
               exclude: Iterable[str] = ()) -> Dict[str, float]:
        """One learning step of every enabled trainable component on a batch.

        All components compute their gradients first (shared tok2vec layers sum
        them), then every component applies them.
        """
        self._check_listeners()
        losses = {} if losses is None else losses
        examples = list(examples)
        trainable = [(name, component) for name, component in self.pipeline
                     if name not in set(exclude) and hasattr(component, "update")]
        for _, component in trainable:
            component.update(examples, drop=drop, sgd=None, losses=losses)
        if sgd is not None:
            for _, component in trainable:
                component.finish_update(sgd)
        return losses

    @contextlib.contextmanager
    def use_params(self, params: Optional[Dict[Any, Any]]):
        """Context manager running every component's model with `params` (e.g. the
        optimizer's parameter averages) in place of its own; None changes nothing."""
        with contextlib.ExitStack() as stack:
            if params:
                for _, component in self._components:
                    model = getattr(component, "model", None)
                    if hasattr(model, "use_params"):
                        stack.enter_context(model.use_params(params))
            yield self

    def evaluate(self, examples: Iterable[Example], *, batch_size: int = 256) -> Dict[str, Any]:
        """Run the pipeline on fresh copies of the examples' texts and score them.

        Returns the tokenization scores, each component's own scores (what it
        predicts) and "speed" (words per second).
        """
        examples = list(examples)
        fresh = [Doc(self.vocab, [t.text for t in eg.predicted],
                     [bool(t.whitespace_) for t in eg.predicted]) for eg in examples]
        start = time.perf_counter()
        processed = list(self.pipe(fresh, batch_size=batch_size))
        elapsed = time.perf_counter() - start
        scored = [Example(doc, eg.reference) for doc, eg in zip(processed, examples)]
        scores = score_tokenization(scored)
        for _, component in self.pipeline:
            if hasattr(component, "score"):
                scores.update(component.score(scored))
        scores["speed"] = sum(len(doc) for doc in processed) / max(elapsed, 1e-9)
        return scores

    # ---- config and serialisation -------------------------------------------------
    @property
    def config(self) -> Config:
        """The config that rebuilds this pipeline: language, order and every setting."""
        return Config({
            "nlp": {"lang": self.lang, "pipeline": self.component_names},
            "components": {name: dict(cfg) for name, cfg in self._component_configs.items()},
        })

    @classmethod
    def from_config(cls, config: Union[Config, Dict[str, Any]]) -> "Language":
        """Build a pipeline (untrained components) from a config."""
        config = Config(config)
        try:
            lang = config["nlp"]["lang"]
            pipeline = config["nlp"].get("pipeline", [])
            components = config.get("components", {})
        except KeyError as error:
            raise ValueError(Errors.E208.format(section="nlp", key=error.args[0])) from None
        nlp = cls(lang)
        for name in pipeline:
            if name not in components or "factory" not in components[name]:
                raise ValueError(Errors.E208.format(section=f"components.{name}",
                                                    key="factory"))
            settings = dict(components[name])
            factory_name = settings.pop("factory")
            nlp.add_pipe(factory_name, name=name, config=settings)
        return nlp

    def to_disk(self, path: Union[str, Path]) -> None:
        """Write config.cfg, meta.json, the vocab, the tokenizer and each component."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.config.to_disk(path / "config.cfg")
        srsly.write_json(path / "meta.json", {**self.meta, "pipeline": self.component_names})
        self.vocab.to_disk(path / "vocab")
        self.tokenizer.to_disk(path / "tokenizer")
        for name, component in self._components:
            if hasattr(component, "to_disk"):
                component.to_disk(path / name)

    def from_disk(self, path: Union[str, Path]) -> "Language":
        """Read what to_disk wrote into this pipeline (same components); returns self."""
        path = Path(path)
        self.meta.update(srsly.read_json(path / "meta.json"))
        self.vocab.from_disk(path / "vocab")
        self.tokenizer.from_disk(path / "tokenizer")
        for name, component in self._components:
            if hasattr(component, "from_disk"):
                component.from_disk(path / name)
        return self


def _results(shards: List[Future]) -> Iterator[Doc]:
    """The docs of a batch's shards in order (a shard's error is raised once all are done)."""
    wait(shards)
    for shard in shards:
        yield from shard.result()


def _model_of(component: Any) -> Optional[Model]:
    """A component's Thinc model, or None (a plain function has none)."""
    model = getattr(component, "model", None)
    return model if isinstance(model, Model) else None


def _listener_nodes(component: Any) -> List[Tok2VecListener]:
    """The Tok2VecListener layers in a component's model."""
    model = _model_of(component)
    if model is None:
        return []
    return [node for node in model.walk() if isinstance(node, Tok2VecListener)]


def _check_settings(factory: Callable, factory_name: str, name: str,
                    config: Dict[str, Any]) -> None:
    """Refuse a config key that is no parameter of the factory (after nlp and name)."""
    from .registry import unknown_keyword

    params = list(inspect.signature(factory).parameters.values())[2:]
    key = unknown_keyword(params, config)
    if key is not None:
        raise ValueError(Errors.E226.format(name=name, factory=factory_name, key=key,
                                            allowed=", ".join(p.name for p in params) or "(none)"))


def _check_input(text_or_doc: Union[str, Doc]) -> Union[str, Doc]:
    """The input itself, if it is a str or a Doc (what a pipeline takes)."""
    if not isinstance(text_or_doc, (str, Doc)):
        raise TypeError(Errors.E207.format(type=type(text_or_doc).__name__))
    return text_or_doc


def _annotate(pipeline: List[Tuple[str, Any]], make_doc: Callable[[Union[str, Doc]], Doc],
              inputs: List[Union[str, Doc]]) -> List[Doc]:
    """Tokenize a shard's texts (Docs pass as they are), then run the shard through the
    components as one batch."""
    docs = [make_doc(item) for item in inputs]
    for _, component in pipeline:
        if hasattr(component, "pipe"):
            docs = list(component.pipe(docs, batch_size=len(docs)))
        else:
            docs = [component(doc) for doc in docs]
    return docs


def blank(lang: str) -> Language:
    """A pipeline with the language's tokenizer and no components."""
    return Language(lang)


def load(path: Union[str, Path]) -> Language:
    """Load a pipeline saved with Language.to_disk (no code is executed)."""
    path = Path(path)
    meta_path = path / "meta.json"
    if not meta_path.exists():
        raise FileNotFoundError(Errors.E043.format(path=meta_path))
    meta = srsly.read_json(meta_path)
    _check_version(meta, meta_path)
    config_path = path / "config.cfg"
    if config_path.exists():
        nlp = Language.from_config(read_config(config_path))
    else:
        nlp = Language(meta.get("lang"))
    return nlp.from_disk(path)


def read_config(path: Union[str, Path], *, interpolate: bool = True,
                overrides: Optional[Dict[str, Any]] = None) -> Config:
    """The config in the file (Config.from_disk), or a coded error naming the file
    when it does not parse (bad syntax, a duplicate option, a bad override)."""
    try:
        return Config().from_disk(path, interpolate=interpolate, overrides=overrides or {})
    except (ConfigValidationError, configparser.Error) as error:
        raise ValueError(Errors.E228.format(path=path, error=str(error).strip())) from None


def compatible_versions() -> str:
    """The nlpcore versions that can load what this one saves (same minor version)."""
    release = Version(__version__).release
    return f">={__version__},<{release[0]}.{release[1] + 1}.0"


def _check_version(meta: Dict[str, Any], meta_path: Path) -> None:
    """Refuse a pipeline whose declared nlpcore versions exclude this one."""
    required = meta.get("nlpcore_version")
    if not required:
        return
    try:
        accepted = SpecifierSet(str(required)).contains(__version__, prereleases=True)
    except InvalidSpecifier:
        accepted = False
    if not accepted:
        raise ValueError(Errors.E209.format(path=meta_path, required=required,
                                            version=__version__))
