"""Transition systems: parser state, arc-eager with a dynamic oracle, BILUO NER,
pseudo-projective trees."""

from .arc_eager import ArcEager, ArcEagerGold
from .biluo import BiluoGold, BiluoNER
from .nonproj import deprojectivize, projectivize
from .stateclass import FEATURE_NAMES, StateClass, set_context_tokens_batch

__all__ = [
    "ArcEager",
    "ArcEagerGold",
    "BiluoGold",
    "BiluoNER",
    "FEATURE_NAMES",
    "StateClass",
    "deprojectivize",
    "projectivize",
    "set_context_tokens_batch",
]
