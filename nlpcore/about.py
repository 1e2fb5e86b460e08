"""Package metadata, kept import-free so setup tools can read it."""

__title__ = "nlpcore"
__version__ = "0.1.0"
