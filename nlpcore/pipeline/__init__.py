"""Pipeline components. Importing this package registers the built-in factories."""

from .trainable_pipe import TrainablePipe

__all__ = ["TrainablePipe"]
