"""Score a tokenizer against the gold words of a CoNLL-U treebank.

A gold token is the character span of a surface token in the sentence's
`# text`; a multiword token ("don't" = "do" + "n't") counts as its syntactic
words when they spell the surface form (case aside), else as one span.
A prediction is the span of every non-whitespace token.
"""

from collections import Counter
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Set, Tuple, Union

Span = Tuple[int, int]


def _sentences(path: Union[str, Path]) -> Iterator[Tuple[Optional[str], List[List[str]]]]:
    """(text, rows) for each sentence block of a CoNLL-U file."""
    text: Optional[str] = None
    rows: List[List[str]] = []
    with open(path, encoding="utf8") as file:
        for line in file:
            line = line.rstrip("\n")
            if not line:
                if rows:
                    yield text, rows
                text, rows = None, []
            elif line.startswith("# text = "):
                text = line[len("# text = ") :]
            elif not line.startswith("#"):
                rows.append(line.split("\t"))
    if rows:
        yield text, rows


def gold_spans(text: str, rows: List[List[str]]) -> Optional[List[Span]]:
    """Gold character spans of a sentence's words; None if a form isn't in `text`."""
    words = {int(r[0]): r[1] for r in rows if r[0].isdigit()}
    spans: List[Span] = []
    cursor = 0
    covered = 0  # last word ID inside a multiword token already placed
    for row in rows:
        ident, form = row[0], row[1]
        if "." in ident:  # empty node
            continue
        if "-" in ident:
            first, last = (int(x) for x in ident.split("-"))
            pieces = [words.get(i, "") for i in range(first, last + 1)]
        elif int(ident) <= covered:
            continue
        else:
            first = last = int(ident)
            pieces = [form]
        found = text.find(form, cursor)
        if found < 0:
            return None
        if len(pieces) > 1 and "".join(pieces).lower() == form.lower():
            start = found
            for piece in pieces:
                spans.append((start, start + len(piece)))
                start += len(piece)
        else:
            spans.append((found, found + len(form)))
        cursor = found + len(form)
        covered = max(covered, last)
    return spans


def read_gold(path: Union[str, Path]) -> List[Tuple[str, List[Span]]]:
    """(text, gold spans) for every sentence of a CoNLL-U file with a usable `# text`."""
    data = []
    for text, rows in _sentences(path):
        if text is None:
            continue
        spans = gold_spans(text, rows)
        if spans is not None:
            data.append((text, spans))
    return data


def predicted_spans(doc: Iterable) -> Set[Span]:
    """Spans of a Doc's non-whitespace tokens."""
    return {(t.idx, t.idx + len(t.text)) for t in doc if not t.text.isspace()}


def score(
    tokenize: Callable[[str], Iterable], data: List[Tuple[str, List[Span]]], n_errors: int = 15
) -> Dict[str, object]:
    """Precision, recall, F1 and the most frequent disagreements.

    tokenize: text -> Doc. data: from `read_gold`. n_errors: how many
    disagreements to report. Returns a dict with precision, recall, f1,
    n_gold, n_pred, and errors: [((missed gold text, predicted text), count)],
    where the texts are the gold and predicted tokens of one overlap, joined
    by spaces.
    """
    tp = n_pred = n_gold = 0
    errors: Counter = Counter()
    for text, gold in data:
        pred = predicted_spans(tokenize(text))
        gold_set = set(gold)
        tp += len(pred & gold_set)
        n_pred += len(pred)
        n_gold += len(gold_set)
        for group_gold, group_pred in _disagreements(
            sorted(gold_set - pred), sorted(pred - gold_set)
        ):
            errors[
                (
                    " ".join(text[a:b] for a, b in group_gold),
                    " ".join(text[a:b] for a, b in group_pred),
                )
            ] += 1
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "n_gold": n_gold,
        "n_pred": n_pred,
        "errors": errors.most_common(n_errors),
    }


def _disagreements(
    missed: List[Span], extra: List[Span]
) -> Iterator[Tuple[List[Span], List[Span]]]:
    """Group missed gold spans and wrong predicted spans into overlapping clusters."""
    events = [(a, b, 0) for a, b in missed] + [(a, b, 1) for a, b in extra]
    events.sort()
    group: Tuple[List[Span], List[Span]] = ([], [])
    end = -1
    for a, b, side in events:
        if group[0] or group[1]:
            if a >= end:
                yield group
                group = ([], [])
        group[side].append((a, b))
        end = max(end, b)
    if group[0] or group[1]:
        yield group
