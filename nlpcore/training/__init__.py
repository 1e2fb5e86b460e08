"""Training data: Example and alignment, corpus readers and writers, entity tag
schemes, and the Scorer."""

from .alignment import Alignment, AlignmentArray
from .biluo import (
    biluo_tags_to_offsets,
    biluo_tags_to_spans,
    biluo_to_iob,
    iob_to_biluo,
    offsets_to_biluo_tags,
    tags_to_entities,
)
from .example import Example
from .readers import read_conllu, read_iob, read_textcat
from .scorer import Scorer
from .writers import write_conllu

__all__ = [
    "Alignment",
    "AlignmentArray",
    "Example",
    "Scorer",
    "biluo_tags_to_offsets",
    "biluo_tags_to_spans",
    "biluo_to_iob",
    "iob_to_biluo",
    "offsets_to_biluo_tags",
    "read_conllu",
    "read_iob",
    "read_textcat",
    "tags_to_entities",
    "write_conllu",
]
