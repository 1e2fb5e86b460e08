"""Batching by word count, with batch sizes that may follow a schedule."""

from itertools import repeat
from typing import Callable, Iterable, Iterator, List, Union

from ..errors import Errors
from .example import Example

Sizes = Union[int, float, Iterable[float]]


def minibatch_by_words(examples: Iterable[Example], size: Sizes, *, tolerance: float = 0.2,
                       discard_oversize: bool = False) -> Iterator[List[Example]]:
    """Batches of about `size` words each (a number, or an iterator of sizes).

    A batch may exceed its size by `tolerance` (a fraction of it). An example
    longer than a whole batch goes alone in a batch, or is dropped with
    `discard_oversize`.
    """
    sizes = repeat(size) if isinstance(size, (int, float)) else iter(size)
    target = _next_size(sizes)
    batch: List[Example] = []
    words = 0
    for example in examples:
        n_words = len(example)
        if n_words > target * (1 + tolerance):
            if not discard_oversize:
                yield [example]
            continue
        if batch and words + n_words > target * (1 + tolerance):
            yield batch
            batch, words = [], 0
            target = _next_size(sizes)
        batch.append(example)
        words += n_words
    if batch:
        yield batch


def _next_size(sizes: Iterator[float]) -> float:
    size = float(next(sizes))
    if size <= 0:
        raise ValueError(Errors.E216.format(size=size))
    return size


def make_batch_by_words(size: Sizes, tolerance: float = 0.2,
                        discard_oversize: bool = False
                        ) -> Callable[[Iterable[Example]], Iterator[List[Example]]]:
    """Registered batcher nlpcore.batch_by_words.v1: examples -> batches."""

    def batcher(examples: Iterable[Example]) -> Iterator[List[Example]]:
        return minibatch_by_words(examples, size, tolerance=tolerance,
                                  discard_oversize=discard_oversize)

    return batcher
