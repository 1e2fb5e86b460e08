from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from ..strings import StringStore
from .stateclass import StateClass
from .transition_system import GoldBase, TransitionSystem

MOVE_PREFIX: Dict[int, str]
MOVE_BEGIN: int
MOVE_IN: int
MOVE_LAST: int
MOVE_UNIT: int
MOVE_OUT: int

Span = Tuple[int, int, str]

class BiluoGold(GoldBase):
    tags: List[Optional[str]]
    negatives: List[Span]

def check_tags(tags: Sequence[Optional[str]]) -> None: ...
def entities_to_tags(length: int, entities: Iterable[Span], missing: bool = ...) -> List[str]: ...
def doc_tags(doc: Any) -> List[str]: ...

class BiluoNER(TransitionSystem):
    labels: List[str]
    def __init__(self, strings: StringStore, labels: Sequence[str] = ...) -> None: ...
    @staticmethod
    def get_labels(docs: Iterable[Any], *, min_freq: int = ...) -> List[str]: ...
    @classmethod
    def from_docs(cls, strings: StringStore, docs: Iterable[Any], *,
                  min_freq: int = ...) -> "BiluoNER": ...
    def make_gold(self, tags: Sequence[Optional[str]],
                  negatives: Iterable[Span] = ...) -> BiluoGold: ...
    def gold_from_entities(self, length: int, entities: Iterable[Span],
                           negatives: Iterable[Span] = ..., *,
                           missing: bool = ...) -> BiluoGold: ...
    def gold_from_doc(self, doc: Any, negatives: Iterable[Span] = ...) -> BiluoGold: ...
    def entities(self, state: StateClass) -> List[Tuple[int, int, str]]: ...
