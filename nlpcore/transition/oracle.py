"""Reference oracles in plain Python, for tests: brute-force search of the
least reachable loss, and the static-oracle trees they are checked against.

These mirror the compiled systems move for move but share no code with them;
they are slow (exhaustive, memoised) and meant for sentences of a few words.
"""

from functools import lru_cache
from typing import Dict, List, Optional, Sequence

ROOT = "ROOT"


class RefArcEager:
    """Arc-eager in Python: states are tuples (stack, b0, heads, labels, rebuffer, unshifted).

    heads: -1 unattached, self for a root. labels: None while unattached.
    rebuffer: words put back in front of the buffer (the last is B0);
    unshifted: the words that were ever put back.

    nonmonotonic (Honnibal & Johnson 2015): LEFT may replace S0's head, and
    UNSHIFT puts a headless S0 back on an exhausted buffer (stack of 2 or more)
    instead of REDUCE making it a root. An unshifted B0 can't be shifted again
    unless the stack is empty, and no sentence (BREAK) starts on it.
    """

    def __init__(self, labels: Sequence[str], nonmonotonic: bool = False,
                 unshift: bool = True):
        self.labels = list(labels)
        self.nonmonotonic = nonmonotonic
        self.unshift = nonmonotonic and unshift  # unshift=False: LEFT replacing only

    def initial(self, n: int):
        return ((), 0, (-1,) * n, (None,) * n, (), frozenset())

    @staticmethod
    def b0(state) -> int:
        """The word in front of the buffer, or -1."""
        _, b0, heads, _, rebuffer, _ = state
        if rebuffer:
            return rebuffer[-1]
        return b0 if b0 < len(heads) else -1

    def valid(self, state, name: str) -> bool:
        stack, _, heads, _, _, unshifted = state
        b = self.b0(state)
        has_buffer = b != -1
        if name == "SHIFT":
            return has_buffer and (not stack or b not in unshifted)
        if name == "REDUCE":
            return bool(stack) and (heads[stack[-1]] != -1 or not has_buffer)
        if name.startswith("LEFT-"):
            return bool(stack) and has_buffer and (self.nonmonotonic or heads[stack[-1]] == -1)
        if name.startswith("RIGHT-"):
            return bool(stack) and has_buffer
        if name == "BREAK":
            return (bool(stack) and has_buffer and b not in unshifted
                    and all(heads[w] != -1 for w in stack[1:]))
        if name == "UNSHIFT":
            return (self.unshift and not has_buffer and len(stack) >= 2
                    and heads[stack[-1]] == -1)
        return False

    def moves(self) -> List[str]:
        return (["SHIFT", "REDUCE"] + [f"LEFT-{lab}" for lab in self.labels]
                + [f"RIGHT-{lab}" for lab in self.labels] + ["BREAK"]
                + (["UNSHIFT"] if self.unshift else []))

    def apply(self, state, name: str):
        stack, b0, heads, labels, rebuffer, unshifted = state
        heads, labels = list(heads), list(labels)
        b = self.b0(state)

        def read():  # the buffer without B0
            return (b0, rebuffer[:-1]) if rebuffer else (b0 + 1, rebuffer)

        if name == "SHIFT":
            nb0, nre = read()
            return (stack + (b,), nb0, tuple(heads), tuple(labels), nre, unshifted)
        if name == "REDUCE":
            s = stack[-1]
            if heads[s] == -1:
                heads[s], labels[s] = s, ROOT
            return (stack[:-1], b0, tuple(heads), tuple(labels), rebuffer, unshifted)
        if name.startswith("LEFT-"):
            s = stack[-1]
            heads[s], labels[s] = b, name[5:]
            return (stack[:-1], b0, tuple(heads), tuple(labels), rebuffer, unshifted)
        if name.startswith("RIGHT-"):
            heads[b], labels[b] = stack[-1], name[6:]
            nb0, nre = read()
            return (stack + (b,), nb0, tuple(heads), tuple(labels), nre, unshifted)
        if name == "BREAK":
            for w in stack:
                if heads[w] == -1:
                    heads[w], labels[w] = w, ROOT
            return ((), b0, tuple(heads), tuple(labels), rebuffer, unshifted)
        if name == "UNSHIFT":
            s = stack[-1]
            return (stack[:-1], b0, tuple(heads), tuple(labels), rebuffer + (s,),
                    unshifted | {s})
        raise KeyError(name)

    def is_final(self, state) -> bool:
        return not state[0] and self.b0(state) == -1


def tree_loss(heads, labels, gold_heads, gold_labels) -> int:
    """Known gold arcs missed: a wrong head, or a right head with a wrong label (roots aside)."""
    loss = 0
    for i, gold in enumerate(gold_heads):
        if gold is None:
            continue
        if heads[i] != gold:
            loss += 1
        elif gold != i and gold_labels[i] is not None and labels[i] != gold_labels[i]:
            loss += 1
    return loss


def brute_force_costs(system: RefArcEager, state, gold_heads, gold_labels) -> Dict[str, int]:
    """Exact dynamic-oracle cost of every valid move: best loss after it minus best now."""
    gold_heads, gold_labels = tuple(gold_heads), tuple(gold_labels)

    def unlabeled_moves(st):
        # Future labels are best chosen as the gold one (or any, when wrong).
        stack = st[0]
        b0 = system.b0(st)
        out = []
        for name in ("SHIFT", "REDUCE", "BREAK", "UNSHIFT"):
            if system.valid(st, name):
                out.append(name)
        if stack and b0 != -1:
            s = stack[-1]
            for kind, child, head in (("LEFT", s, b0), ("RIGHT", b0, s)):
                label = gold_labels[child] if gold_heads[child] == head else None
                label = label if label in system.labels else system.labels[0]
                name = f"{kind}-{label}"
                if system.valid(st, name):
                    out.append(name)
        return out

    @lru_cache(maxsize=None)
    def best(st) -> int:
        if system.is_final(st):
            return tree_loss(st[2], st[3], gold_heads, gold_labels)
        return min(best(system.apply(st, m)) for m in unlabeled_moves(st))

    now = best(state)
    return {m: best(system.apply(state, m)) - now
            for m in system.moves() if system.valid(state, m)}


class RefBiluo:
    """BILUO in Python: states are (b0, open_label or None, open entity start or None)."""

    def __init__(self, labels: Sequence[str]):
        self.labels = list(labels)

    def initial(self):
        return (0, None, None)

    def moves(self) -> List[str]:
        return [f"{m}-{lab}" for m in "BILU" for lab in self.labels] + ["O"]

    def valid(self, state, name: str, n: int) -> bool:
        b0, open_label, _ = state
        if b0 >= n:
            return False
        if name == "O":
            return open_label is None
        move, label = name[0], name[2:]
        if move == "B":
            return open_label is None and b0 + 1 < n
        if move == "U":
            return open_label is None
        if move == "I":
            return open_label == label and b0 + 1 < n
        return open_label == label  # L

    def apply(self, state, name: str):
        b0, open_label, start = state
        if name == "O" or name[0] in "LU":
            return (b0 + 1, None, None)
        return (b0 + 1, name[2:], b0 if name[0] == "B" else start)

    def closed_entity(self, state, name: str):
        """The (start, end, label) a move closes, or None."""
        b0, _, start = state
        if name[0] == "L" and name != "O":
            return (start, b0 + 1, name[2:])
        if name[0] == "U":
            return (b0, b0 + 1, name[2:])
        return None


def brute_force_biluo_costs(system: RefBiluo, state, gold: Sequence[Optional[str]],
                            negatives=()) -> Dict[str, int]:
    """Exact cost of every valid move from state, by exhaustive search.

    gold: per-token tags ("B-PER", "O", ...), None where missing. The loss is
    the known tags missed plus predicted entities that are known-negative.
    """
    n = len(gold)
    negatives = frozenset(tuple(x) for x in negatives)

    def step_loss(st, move) -> int:
        loss = int(gold[st[0]] is not None and gold[st[0]] != move)
        return loss + int(system.closed_entity(st, move) in negatives)

    @lru_cache(maxsize=None)
    def best(st) -> int:
        if st[0] >= n:
            return 0
        return min(step_loss(st, m) + best(system.apply(st, m))
                   for m in system.moves() if system.valid(st, m, n))

    now = best(state)
    return {m: step_loss(state, m) + best(system.apply(state, m)) - now
            for m in system.moves() if system.valid(state, m, n)}


def projectivity_stats(trees) -> Dict[str, float]:
    """Non-projective shares and the round-trip restore rate over (heads, labels) trees.

    Returns sentences, arcs, nonprojective_sentences and nonprojective_arcs
    (fractions), and arcs_restored: the fraction of arcs (head and label)
    equal after deprojectivize(projectivize(tree)).
    """
    from .nonproj import deprojectivize, nonproj_arcs, projectivize

    n_sents = n_arcs = np_sents = np_arcs = restored = 0
    for heads, labels in trees:
        crossing = nonproj_arcs(heads)
        n_sents += 1
        n_arcs += len(heads)
        np_sents += bool(crossing)
        np_arcs += len(crossing)
        back_heads, back_labels = deprojectivize(*projectivize(heads, labels))
        restored += sum(1 for a, b, c, d in zip(heads, labels, back_heads, back_labels)
                        if a == c and b == d)
    return {
        "sentences": n_sents,
        "arcs": n_arcs,
        "nonprojective_sentences": np_sents / max(n_sents, 1),
        "nonprojective_arcs": np_arcs / max(n_arcs, 1),
        "arcs_restored": restored / max(n_arcs, 1),
    }
