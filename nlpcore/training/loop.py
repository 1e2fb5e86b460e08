"""The training loop: batches, updates, evaluation on dev, the best score kept.

`train_steps` is a generator of events (a `Step` after every update, an
`Evaluation` after every evaluation) so the caller decides what to print and
when to save; nothing here writes to the terminal.
"""

import random
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, Union

from thinc.api import Config, Optimizer, fix_random_seed

from ..errors import Errors
from ..gpu import check_gpu_allocator
from .example import Example

# [training] settings and their defaults.
TRAINING_DEFAULTS = {
    "seed": 0,
    "dropout": 0.1,
    "max_epochs": 0,
    "max_steps": 20000,
    "eval_frequency": 200,
    "patience": 1600,
    "frozen_components": [],
    "score_weights": {},
}


@dataclass
class TrainingSettings:
    """Everything the loop needs, resolved from a config."""

    seed: int
    dropout: float
    max_epochs: int
    max_steps: int
    eval_frequency: int
    patience: int
    frozen_components: List[str]
    score_weights: Dict[str, float]
    batcher: Callable
    optimizer: Optimizer
    train_corpus: Callable
    dev_corpus: Callable
    gpu_allocator: Optional[str] = None  # [system] gpu_allocator: null, pytorch, tensorflow


@dataclass
class Step:
    epoch: int
    step: int
    losses: Dict[str, float]
    words: int


@dataclass
class Evaluation:
    """Scores after `step`; `params` are the weights they were measured with
    (the optimizer's averages when it keeps them, else None: the live weights)."""

    epoch: int
    step: int
    losses: Dict[str, float]
    scores: Dict[str, Any]
    score: float
    is_best: bool
    words: int = 0
    params: Optional[Dict[Any, Any]] = None


def resolve_training(config: Config) -> Tuple[Any, TrainingSettings]:
    """Build the pipeline and the training settings from a complete config."""
    from ..language import Language
    from ..registry import registry

    config = Config(config).interpolate()
    for section in ("nlp", "components", "corpora", "training"):
        if section not in config:
            raise ValueError(Errors.E208.format(section=section, key="(the whole section)"))
    for key in ("train", "dev"):
        if key not in config["corpora"]:
            raise ValueError(Errors.E208.format(section="corpora", key=key))
    for key in ("batcher", "optimizer"):
        if key not in config["training"]:
            raise ValueError(Errors.E208.format(section="training", key=key))
    try:
        resolved = registry.resolve(Config({"corpora": config["corpora"],
                                            "training": config["training"]}))
    except Exception as error:
        if type(error).__name__ in ("ConfigValidationError", "RegistryError"):
            raise ValueError(Errors.E217.format(error=error)) from None
        raise
    training = {**TRAINING_DEFAULTS, **resolved["training"]}
    unknown = set(training) - set(TRAINING_DEFAULTS) - {"batcher", "optimizer"}
    if unknown:
        raise ValueError(Errors.E218.format(keys=", ".join(sorted(unknown)),
                                            known=", ".join(sorted(TRAINING_DEFAULTS))))
    nlp = Language.from_config(config)
    allocator = check_gpu_allocator(config.get("system", {}).get("gpu_allocator"))
    weights = training["score_weights"] or default_score_weights(nlp)
    settings = TrainingSettings(
        seed=int(training["seed"]), dropout=float(training["dropout"]),
        max_epochs=int(training["max_epochs"]), max_steps=int(training["max_steps"]),
        eval_frequency=int(training["eval_frequency"]), patience=int(training["patience"]),
        frozen_components=list(training["frozen_components"]), score_weights=dict(weights),
        batcher=training["batcher"], optimizer=training["optimizer"],
        train_corpus=resolved["corpora"]["train"], dev_corpus=resolved["corpora"]["dev"],
        gpu_allocator=allocator,
    )
    return nlp, settings


def default_score_weights(nlp: Any) -> Dict[str, float]:
    """The components' declared score weights, summing to 1."""
    weights: Dict[str, float] = {}
    for name in nlp.component_names:
        factory = nlp.config["components"][name]["factory"]
        for key, value in nlp.get_factory_meta(factory).default_score_weights.items():
            weights[key] = weights.get(key, 0.0) + value
    total = sum(weights.values())
    return {key: value / total for key, value in weights.items()} if total else {}


def weighted_score(scores: Dict[str, Any], weights: Dict[str, float]) -> float:
    """The weighted sum of the scores named in `weights` (missing scores count 0)."""
    return sum(float(scores.get(key) or 0.0) * weight for key, weight in weights.items())


def train_steps(nlp: Any, settings: TrainingSettings
                ) -> Iterator[Union[Step, Evaluation]]:
    """Train `nlp`; yields a Step after each update and an Evaluation after each evaluation."""
    fix_random_seed(settings.seed)
    random.seed(settings.seed)
    optimizer = nlp.initialize(lambda: settings.train_corpus(nlp), sgd=settings.optimizer)
    dev = list(settings.dev_corpus(nlp))
    if not dev:
        raise ValueError(Errors.E219)
    best: Optional[float] = None
    best_step = step = epoch = words = 0
    losses: Dict[str, float] = {}
    last_evaluated = -1
    while True:
        n_batches = 0
        for batch in settings.batcher(settings.train_corpus(nlp)):
            n_batches += 1
            nlp.update(batch, drop=settings.dropout, sgd=optimizer, losses=losses,
                       exclude=settings.frozen_components)
            optimizer.step_schedules()
            step += 1
            words += sum(len(eg) for eg in batch)
            yield Step(epoch, step, dict(losses), words)
            if step % settings.eval_frequency == 0:
                evaluation = _evaluate(nlp, dev, settings, epoch, step, losses, best, words,
                                       optimizer.averages)
                last_evaluated = step
                if evaluation.is_best:
                    best, best_step = evaluation.score, step
                yield evaluation
                losses = {}
                if settings.patience and step - best_step >= settings.patience:
                    return
            if settings.max_steps and step >= settings.max_steps:
                break
        else:
            if n_batches == 0:
                raise ValueError(Errors.E220)
            epoch += 1
            if not settings.max_epochs or epoch < settings.max_epochs:
                continue
        break
    if last_evaluated != step:
        yield _evaluate(nlp, dev, settings, epoch, step, losses, best, words,
                        optimizer.averages)


def _evaluate(nlp: Any, dev: List[Example], settings: TrainingSettings, epoch: int, step: int,
              losses: Dict[str, float], best: Optional[float], words: int,
              params: Optional[Dict[Any, Any]]) -> Evaluation:
    with nlp.use_params(params):
        scores = nlp.evaluate(dev)
    score = weighted_score(scores, settings.score_weights)
    return Evaluation(epoch, step, dict(losses), scores, score,
                      is_best=best is None or score > best, words=words, params=params)
