from typing import Any, Iterator, Tuple, Union, overload

from ..vocab import Vocab
from .doc import Doc
from .token import Token
from .underscore import Underscore

class Span:
    doc: Doc
    start: int
    end: int
    label: int
    kb_id: int
    def __init__(self, doc: Doc, start: int, end: int, label: Union[str, int] = ...,
                 kb_id: Union[str, int] = ...) -> None: ...
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, key: int) -> Token: ...
    @overload
    def __getitem__(self, key: slice) -> "Span": ...
    def __iter__(self) -> Iterator[Token]: ...
    @property
    def _(self) -> Underscore: ...
    @classmethod
    def set_extension(cls, name: str, **kwargs: Any) -> None: ...
    @classmethod
    def get_extension(cls, name: str) -> Any: ...
    @classmethod
    def has_extension(cls, name: str) -> bool: ...
    @classmethod
    def remove_extension(cls, name: str) -> Any: ...
    vocab: Vocab
    start_char: int
    end_char: int
    text: str
    text_with_ws: str
    label_: str
    kb_id_: str
    root: Token
    sent: "Span"
    @property
    def sents(self) -> Iterator["Span"]: ...
    ents: Tuple["Span", ...]
