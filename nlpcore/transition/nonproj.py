"""Pseudo-projective trees (Nivre & Nilsson 2005, the "head" scheme).

projectivize lifts non-projective arcs (the shortest first) to the head's
head until the tree is projective, and records the original head's label in
the lifted word's label as "label||head_label" (once, on the first lift).
deprojectivize undoes it after parsing: a word with a "||" label is moved,
breadth-first below its current head (left to right, its own subtree
excluded), to the first word whose label is head_label; the suffix is then
dropped. Heads are absolute indices, a root heads itself, None is unknown.
"""

from typing import List, Optional, Sequence, Tuple

DELIMITER = "||"

Heads = List[Optional[int]]
Labels = List[Optional[str]]


def _dominates(heads: Sequence[Optional[int]], head: int, word: int) -> bool:
    """Whether head is an ancestor of word (unknown heads count as dominated)."""
    node, steps = word, 0
    while node != head:
        parent = heads[node]
        if parent is None:
            return True
        if parent == node or steps > len(heads):
            return False
        node, steps = parent, steps + 1
    return True


def is_nonproj_arc(heads: Sequence[Optional[int]], child: int) -> bool:
    """Whether the arc into child crosses a word its head does not dominate."""
    head = heads[child]
    if head is None or head == child:
        return False
    lo, hi = (head, child) if head < child else (child, head)
    return any(not _dominates(heads, head, k) for k in range(lo + 1, hi))


def nonproj_arcs(heads: Sequence[Optional[int]]) -> List[int]:
    """Children of the non-projective arcs."""
    return [i for i in range(len(heads)) if is_nonproj_arc(heads, i)]


def is_projective(heads: Sequence[Optional[int]]) -> bool:
    return not nonproj_arcs(heads)


def projectivize(heads: Sequence[Optional[int]],
                 labels: Sequence[Optional[str]]) -> Tuple[Heads, Labels]:
    """Projective heads and labels with lifted arcs encoded in the labels.

    An arc headed by a root can't be lifted and is left as it is.
    """
    heads, labels = list(heads), list(labels)
    blocked = set()
    while True:
        arcs = [i for i in nonproj_arcs(heads) if i not in blocked]
        if not arcs:
            return heads, labels
        child = min(arcs, key=lambda i: (abs(heads[i] - i), i))
        head = heads[child]
        grand = heads[head]
        if grand is None or grand == head:
            blocked.add(child)
            continue
        if labels[child] is not None and DELIMITER not in labels[child]:
            head_label = (labels[head] or "").split(DELIMITER, 1)[0]
            labels[child] = f"{labels[child]}{DELIMITER}{head_label}"
        heads[child] = grand


def _children(heads: Sequence[Optional[int]]) -> List[List[int]]:
    kids: List[List[int]] = [[] for _ in heads]
    for i, head in enumerate(heads):
        if head is not None and head != i:
            kids[head].append(i)
    return kids


def _find_new_head(heads, labels, child: int, head_label: str) -> Optional[int]:
    """Breadth-first below the child's head (its own subtree aside), left to right."""
    kids = _children(heads)
    queue = [heads[child]]
    while queue:
        next_queue = []
        for node in queue:
            for kid in kids[node]:
                if kid == child:
                    continue
                if labels[kid] is not None and labels[kid].split(DELIMITER, 1)[0] == head_label:
                    return kid
                next_queue.append(kid)
        queue = next_queue
    return None


def deprojectivize(heads: Sequence[Optional[int]],
                   labels: Sequence[Optional[str]]) -> Tuple[Heads, Labels]:
    """Undo projectivize: reattach words with "||" labels and strip the suffix.

    Words are reattached left to right in passes, so a word whose original
    head was itself lifted is found once that head is back in place.
    """
    heads, labels = list(heads), list(labels)
    pending = [i for i, label in enumerate(labels)
               if label is not None and DELIMITER in label
               and heads[i] is not None and heads[i] != i]
    progress = True
    while pending and progress:
        progress = False
        for child in list(pending):
            head_label = labels[child].split(DELIMITER, 1)[1]
            found = _find_new_head(heads, labels, child, head_label)
            if found is not None:
                heads[child] = found
                pending.remove(child)
                progress = True
    labels = [label.split(DELIMITER, 1)[0] if label is not None and DELIMITER in label
              else label for label in labels]
    return heads, labels
