from typing import Union

from .vocab import Vocab

class Lexeme:
    vocab: Vocab
    def __init__(self, vocab: Vocab, orth: Union[str, int]) -> None: ...
    def check_flag(self, flag_id: int) -> bool: ...
    orth: int
    orth_: str
    text: str
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
    length: int
    flags: int
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
