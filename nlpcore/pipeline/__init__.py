"""Pipeline components. Importing this package registers the built-in factories."""

from .morphologizer import Morphologizer
from .ner import EntityRecognizer
from .parser import DependencyParser
from .supertagger import Supertagger
from .tagger import Tagger
from .tok2vec import Tok2Vec
from .token_classifier import TokenClassifier
from .trainable_pipe import TrainablePipe
from .transition_parser import TransitionParser

__all__ = [
    "DependencyParser",
    "EntityRecognizer",
    "Morphologizer",
    "Supertagger",
    "Tagger",
    "Tok2Vec",
    "TokenClassifier",
    "TrainablePipe",
    "TransitionParser",
]
