"""Corpus writers."""

from .conllu import doc_to_conllu_lines, write_conllu

__all__ = ["doc_to_conllu_lines", "write_conllu"]
