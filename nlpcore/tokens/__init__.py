"""Doc containers: Doc, Token and Span views, DocBin."""

from .doc import Doc
from .docbin import DocBin
from .span import Span
from .token import Token

__all__ = ["Doc", "DocBin", "Span", "Token"]
