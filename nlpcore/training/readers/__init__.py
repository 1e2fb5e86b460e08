"""Streaming corpus readers: each yields Docs and keeps memory flat."""

from .conllu import read_conllu
from .iob import read_iob
from .textcat import read_textcat

__all__ = ["read_conllu", "read_iob", "read_textcat"]
