"""Doc-level parallelism for Language.pipe: word-balanced shards, worker threads, BLAS threads.

A batch is cut into contiguous shards of about equal word counts, a few per
thread (`plan_shards`); each shard runs through the
pipeline on a worker thread of a ThreadPoolExecutor whose threads are marked
(`in_worker`), so that components don't start threads of their own there.
Meanwhile BLAS uses one thread (`one_blas_thread`): the shards already use the
cores.
"""

import threading
from bisect import bisect_left
from contextlib import contextmanager
from functools import lru_cache
from itertools import accumulate
from typing import Any, Dict, Iterator, List, Sequence, Sized, TypeVar

from threadpoolctl import ThreadpoolController

T = TypeVar("T")
# Shards a batch is cut into per worker thread: a thread that is done takes the
# next shard, so the threads' loads even out; but shards keep about
# MIN_SHARD_WORDS words (small batches get fewer shards, at least one a thread).
SHARDS_PER_THREAD = 8
MIN_SHARD_WORDS = 500
# Characters per word of running English text, spaces included: how the words
# of a text not yet tokenized are estimated.
CHARS_PER_WORD = 5

_thread_state = threading.local()


def mark_worker() -> None:
    """Mark the calling thread as a pipeline worker (a ThreadPoolExecutor initializer)."""
    _thread_state.worker = True


def in_worker() -> bool:
    """Whether the calling thread is a pipeline worker."""
    return getattr(_thread_state, "worker", False)


@lru_cache(maxsize=1)
def _blas_controller() -> ThreadpoolController:
    return ThreadpoolController()


_blas_lock = threading.Lock()
_blas_state: Dict[str, Any] = {"users": 0, "limiter": None}


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Limit the BLAS libraries loaded (OpenBLAS, MKL, ...) to one thread within the block.

    The limit is process-wide. Blocks may nest or overlap (pipes run at once
    on several threads): the first to enter sets it, the last to leave
    restores the settings found by the first.
    """
    with _blas_lock:
        if _blas_state["users"] == 0:
            _blas_state["limiter"] = _blas_controller().limit(limits=1, user_api="blas")
        _blas_state["users"] += 1
    try:
        yield
    finally:
        with _blas_lock:
            _blas_state["users"] -= 1
            if _blas_state["users"] == 0:
                _blas_state["limiter"].restore_original_limits()
                _blas_state["limiter"] = None


def words_in(item: Sized) -> int:
    """A doc's words; for a text (a str), an estimate from its length."""
    if isinstance(item, str):
        return len(item) // CHARS_PER_WORD
    return len(item)


def shard_count(docs: Sequence[Sized], n_threads: int) -> int:
    """How many shards to cut a batch of docs (or texts) into for n_threads worker threads."""
    words = sum(words_in(doc) for doc in docs)
    return max(n_threads, min(n_threads * SHARDS_PER_THREAD, words // MIN_SHARD_WORDS))


def shard_by_words(docs: Sequence[T], n_shards: int) -> List[List[T]]:
    """Cut docs into at most n_shards contiguous, non-empty shards of about equal words.

    A doc weighs its words plus one (empty docs count a little); a text, its
    estimated words (`words_in`) plus one. Returns no
    shard for no docs, and one shard per doc where there are fewer docs.
    """
    n_shards = min(n_shards, len(docs))
    if n_shards <= 1:
        return [list(docs)] if len(docs) else []
    ends = list(accumulate(words_in(doc) + 1 for doc in docs))
    total = ends[-1]
    cuts = [0]
    for k in range(1, n_shards):
        target = total * k / n_shards
        j = bisect_left(ends, target)  # docs[:j + 1] reach the target
        cut = j + 1
        if j > 0 and target - ends[j - 1] < ends[j] - target:
            cut = j  # stopping before doc j is closer
        # At least one doc per shard, and enough left for the shards after it.
        cuts.append(min(max(cut, cuts[-1] + 1), len(docs) - (n_shards - k)))
    cuts.append(len(docs))
    return [list(docs[a:b]) for a, b in zip(cuts, cuts[1:])]


def plan_shards(docs: Sequence[T], n_threads: int) -> List[List[T]]:
    """A batch's shards for n_threads threads: `shard_count` shards of about equal words."""
    return shard_by_words(docs, shard_count(docs, n_threads))
