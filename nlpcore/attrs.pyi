from typing import Dict, Tuple, Union

IDS: Dict[str, int]
NAMES: Dict[int, str]
FLAG_IDS: Tuple[int, ...]

def intify_attr(name_or_id: Union[int, str]) -> int: ...
