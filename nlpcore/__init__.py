"""nlpcore: a Cython-accelerated NLP core with Python bindings."""

from . import training
from .about import __version__
from .gpu import prefer_gpu, require_gpu
from .language import Language, blank, load
from .registry import registry
from .strings import StringStore
from .tokens import Doc, DocBin, Span, Token
from .vocab import Vocab

__all__ = [
    "Doc",
    "DocBin",
    "Language",
    "Span",
    "StringStore",
    "Token",
    "Vocab",
    "__version__",
    "blank",
    "registry",
    "load",
    "prefer_gpu",
    "require_gpu",
    "training",
]
