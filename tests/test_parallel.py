"""Word-balanced shards and worker marks for Language.pipe's threads."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given
from hypothesis import strategies as st
from threadpoolctl import threadpool_info

from nlpcore.parallel import (
    CHARS_PER_WORD,
    MIN_SHARD_WORDS,
    SHARDS_PER_THREAD,
    in_worker,
    mark_worker,
    one_blas_thread,
    shard_by_words,
    shard_count,
    words_in,
)


def words(lengths):
    return [["w"] * n for n in lengths]


@given(st.lists(st.integers(0, 60), max_size=40), st.integers(1, 6))
def test_shards_are_contiguous_non_empty_and_in_order(lengths, n_shards):
    docs = words(lengths)
    shards = shard_by_words(docs, n_shards)
    assert [doc for shard in shards for doc in shard] == docs
    assert all(shard for shard in shards)
    assert len(shards) == min(n_shards, len(docs))
    assert all(a is b for a, b in zip((d for s in shards for d in s), docs))


@given(st.lists(st.integers(1, 30), min_size=20, max_size=200), st.integers(2, 4))
def test_shards_have_about_equal_words(lengths, n_shards):
    shards = shard_by_words(words(lengths), n_shards)
    weights = [sum(len(doc) + 1 for doc in shard) for shard in shards]
    # Each cut is off its target by at most half a doc: about one doc of slack per shard.
    target = sum(weights) / n_shards
    assert max(abs(w - target) for w in weights) <= 31 * 2


@pytest.mark.parametrize("lengths,n,expected", [
    ([5, 5, 5, 5], 2, [[5, 5], [5, 5]]),
    ([10, 1, 1, 1, 1, 1, 1, 1, 1, 1], 2, [[10, 1, 1], [1] * 7]),
    ([3], 4, [[3]]),
    ([], 3, []),
    ([0, 0, 0], 2, [[0, 0], [0]]),
])
def test_shard_examples(lengths, n, expected):
    shards = shard_by_words(words(lengths), n)
    assert [[len(doc) for doc in shard] for shard in shards] == expected


@pytest.mark.parametrize("total_words,n_threads,expected", [
    (0, 2, 2),
    (MIN_SHARD_WORDS * 3, 2, 3),
    (MIN_SHARD_WORDS * 100, 2, 2 * SHARDS_PER_THREAD),
    (MIN_SHARD_WORDS * 100, 3, 3 * SHARDS_PER_THREAD),
    (MIN_SHARD_WORDS, 4, 4),
])
def test_shard_count_is_a_few_per_thread_unless_the_batch_is_small(total_words, n_threads,
                                                                     expected):
    docs = words([total_words // 10] * 10)
    assert shard_count(docs, n_threads) == expected


def test_workers_are_marked_and_callers_are_not():
    assert not in_worker()
    with ThreadPoolExecutor(2, initializer=mark_worker) as pool:
        assert all(pool.map(lambda _: in_worker(), range(4)))
    other = []
    thread = threading.Thread(target=lambda: other.append(in_worker()))
    thread.start()
    thread.join()
    assert other == [False]


def blas_threads():
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_overlapping_blas_limits_restore_the_first_settings():
    before = blas_threads()
    first, second = one_blas_thread(), one_blas_thread()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the other block still runs: still one thread
    assert set(blas_threads()) <= {1}
    second.__exit__(None, None, None)
    assert blas_threads() == before
    with one_blas_thread():
        with one_blas_thread():
            assert set(blas_threads()) <= {1}
    assert blas_threads() == before


def test_texts_are_weighed_by_their_estimated_words():
    assert words_in("") == 0
    assert words_in("x" * CHARS_PER_WORD * 7) == 7
    assert words_in(["w"] * 4) == 4
    texts = ["a" * CHARS_PER_WORD * n for n in (30, 10, 10, 10)]
    assert [len(shard) for shard in shard_by_words(texts, 2)] == [1, 3]
    assert shard_count(["x" * CHARS_PER_WORD * MIN_SHARD_WORDS * 3], 2) == 3
