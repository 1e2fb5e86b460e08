from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

from ..strings import StringStore
from .stateclass import StateClass
from .transition_system import GoldBase, TransitionSystem

MOVE_NAMES: Dict[int, str]
MOVE_SHIFT: int
MOVE_REDUCE: int
MOVE_LEFT: int
MOVE_RIGHT: int
MOVE_BREAK: int
MOVE_UNSHIFT: int

class ArcEagerGold(GoldBase):
    heads: List[Optional[int]]
    labels: List[Optional[str]]

def check_tree(
    heads: Sequence[Optional[int]], sent_starts: Optional[Sequence[Any]] = ...
) -> None: ...
def doc_gold(doc: Any) -> Tuple[List[Optional[int]], List[Optional[str]]]: ...

class ArcEager(TransitionSystem):
    nonmonotonic: bool
    root_label: int
    labels: Dict[str, List[str]]
    def __init__(self, strings: StringStore,
                 labels: Union[Sequence[str], Dict[str, Sequence[str]]] = ..., *,
                 root_label: str = ..., nonmonotonic: bool = ...) -> None: ...
    @staticmethod
    def get_labels(docs: Iterable[Any], *, min_freq: int = ...,
                   projective: bool = ...) -> Tuple[Dict[str, List[str]], str]: ...
    @classmethod
    def from_docs(cls, strings: StringStore, docs: Sequence[Any], *, min_freq: int = ...,
                  nonmonotonic: bool = ...) -> "ArcEager": ...
    def make_gold(self, heads: Sequence[Optional[int]],
                  labels: Optional[Sequence[Optional[str]]] = ...,
                  sent_starts: Optional[Sequence[Any]] = ...) -> ArcEagerGold: ...
    def gold_from_doc(self, doc: Any, *, projective: bool = ...) -> ArcEagerGold: ...
    def tree(self, state: StateClass) -> Tuple[List[int], List[Optional[str]]]: ...
