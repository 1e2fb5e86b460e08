"""Pipeline components. Importing this package registers the built-in factories."""

from .morphologizer import Morphologizer
from .tagger import Tagger
from .tok2vec import Tok2Vec
from .token_classifier import TokenClassifier
from .trainable_pipe import TrainablePipe

__all__ = ["Morphologizer", "Tagger", "Tok2Vec", "TokenClassifier", "TrainablePipe"]
