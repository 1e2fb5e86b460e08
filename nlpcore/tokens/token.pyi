from typing import Any, Iterator, Optional

from ..lexeme import Lexeme
from ..vocab import Vocab
from .doc import Doc
from .span import Span
from .underscore import Underscore

class Token:
    doc: Doc
    i: int
    def __init__(self, doc: Doc, i: int) -> None: ...
    def __len__(self) -> int: ...
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
    lex: Lexeme
    idx: int
    text: str
    orth: int
    orth_: str
    whitespace_: str
    text_with_ws: str
    def nbor(self, offset: int = ...) -> "Token": ...
    def check_flag(self, flag_id: int) -> bool: ...
    lower: int
    lower_: str
    norm: int
    norm_: str
    shape: int
    shape_: str
    prefix: int
    prefix_: str
    suffix: int
    suffix_: str
    is_alpha: bool
    is_ascii: bool
    is_digit: bool
    is_lower: bool
    is_upper: bool
    is_title: bool
    is_punct: bool
    is_space: bool
    is_stop: bool
    is_bracket: bool
    is_quote: bool
    is_left_punct: bool
    is_right_punct: bool
    is_currency: bool
    like_num: bool
    like_url: bool
    like_email: bool
    lemma: int
    lemma_: str
    pos: int
    pos_: str
    tag: int
    tag_: str
    morph: int
    morph_: str
    dep: int
    dep_: str
    head: "Token"
    n_lefts: int
    n_rights: int
    @property
    def lefts(self) -> Iterator["Token"]: ...
    @property
    def rights(self) -> Iterator["Token"]: ...
    @property
    def children(self) -> Iterator["Token"]: ...
    @property
    def ancestors(self) -> Iterator["Token"]: ...
    @property
    def subtree(self) -> Iterator["Token"]: ...
    left_edge: "Token"
    right_edge: "Token"
    def is_ancestor(self, descendant: "Token") -> bool: ...
    is_sent_start: Optional[bool]
    is_sent_end: Optional[bool]
    sent: Span
    ent_iob: int
    ent_iob_: str
    ent_type: int
    ent_type_: str
    ent_kb_id: int
    ent_kb_id_: str
