"""Random gold trees and entity sequences for the transition-system tests."""

import random
from typing import List, Optional, Tuple

LABELS = ["a", "b"]


def random_projective_tree(rng: random.Random, lo: int, hi: int, heads: List[int]) -> int:
    """Fill heads[lo:hi] with a random projective tree; returns its root."""
    root = rng.randrange(lo, hi)
    heads[root] = root
    for side_lo, side_hi in ((lo, root), (root + 1, hi)):
        start = side_lo
        while start < side_hi:
            end = rng.randint(start + 1, side_hi)
            sub = random_projective_tree(rng, start, end, heads)
            heads[sub] = root
            start = end
    return root


def random_gold(rng: random.Random, n: int, *, n_sents: int = 1, p_missing: float = 0.0,
                labels=LABELS) -> Tuple[List[Optional[int]], List[Optional[str]]]:
    """A random projective forest of n words over up to n_sents sentences."""
    heads = [0] * n
    cuts = sorted(rng.sample(range(1, n), min(n_sents - 1, n - 1))) if n > 1 else []
    bounds = [0] + cuts + [n]
    for lo, hi in zip(bounds, bounds[1:]):
        random_projective_tree(rng, lo, hi, heads)
    out_heads: List[Optional[int]] = list(heads)
    out_labels: List[Optional[str]] = [
        "ROOT" if h == i else rng.choice(labels) for i, h in enumerate(heads)]
    for i in range(n):
        if rng.random() < p_missing:
            out_heads[i] = None
        if rng.random() < p_missing:
            out_labels[i] = None
    return out_heads, out_labels


def random_tree(rng: random.Random, n: int) -> List[int]:
    """A random (often non-projective) tree: one root, heads in random order."""
    order = list(range(n))
    rng.shuffle(order)
    heads = [0] * n
    heads[order[0]] = order[0]
    for k in range(1, n):
        heads[order[k]] = order[rng.randrange(k)]
    return heads


ENT_LABELS = ["PER", "LOC"]


def random_entities(rng: random.Random, n: int, labels=ENT_LABELS, p_missing: float = 0.0):
    """Random non-overlapping entities over n words, as BILUO tags (None missing)."""
    tags: List[Optional[str]] = []
    i = 0
    while i < n:
        r = rng.random()
        if r < 0.5:
            tags.append("O")
            i += 1
            continue
        length = min(rng.randint(1, 3), n - i)
        label = rng.choice(labels)
        if length == 1:
            tags.append(f"U-{label}")
        else:
            tags += [f"B-{label}"] + [f"I-{label}"] * (length - 2) + [f"L-{label}"]
        i += length
    return [None if rng.random() < p_missing else t for t in tags]
