"""Stream Docs out of a CoNLL-U file (Universal Dependencies).

Each sentence is parsed and checked into a ``ConlluSentence`` (plain Python
lists), then one or more sentences are turned into a Doc in a single
constructor call, so no token attribute is ever set one by one.

What a Doc keeps, and where:
- words: the syntactic words (IDs ``1``, ``2``, ...). A multiword token line
  (``3-4 don't``) is not a word: its words (``do``, ``n't``) are joined with no
  space between them, and the last one takes the multiword token's SpaceAfter,
  so ``doc.text`` shows the surface form whenever the words spell it.
- LEMMA -> ``lemma_``, UPOS -> ``pos_``, XPOS -> ``tag_``, FEATS -> ``morph_``,
  HEAD/DEPREL -> ``head``/``dep_``, ``SpaceAfter=No`` in MISC -> no whitespace;
  ``_`` reads as missing. Empty nodes (``8.1``) and DEPS are skipped.
- sentence starts are set on the first word of each sentence.
- ``doc.user_data["conllu"]``: what the writer needs to restore the file:
  ``{"sents": [{"start": i, "comments": [raw comment lines]}, ...],
  "mwt": [[start, end, form], ...]}`` with token indices into the Doc (end
  exclusive); ``"mwt"`` is left out when the Doc has none.
- ``doc.user_data`` also gets ``sent_id`` and ``text`` (from ``# sent_id`` and
  ``# text``) when the Doc holds one sentence, and ``newdoc_id``, ``newpar_id``
  (or ``newdoc``/``newpar`` set to True for bare markers) from the Doc's first
  sentence.
"""

from typing import Iterator, List, Optional

from ...errors import Errors, InputError
from ...tokens import Doc
from ...vocab import Vocab
from ._lines import PathLike, iter_lines

# Comment keys copied into doc.user_data (spaces in a key become underscores).
META_KEYS = ("sent_id", "text", "newdoc id", "newpar id", "newdoc", "newpar")
# Keys that describe the Doc's first sentence even when the Doc holds several.
DOC_META_KEYS = ("newdoc id", "newpar id", "newdoc", "newpar")


class ConlluSentence:
    """One parsed, checked CoNLL-U sentence, as parallel lists over its words.

    heads are CoNLL-U style: 1-based word numbers, 0 for the root, None when
    missing. mwts holds [start, end, form] with 0-based word indices, end
    exclusive. line is the file line of the sentence's first non-comment line.
    """

    __slots__ = (
        "comments",
        "words",
        "spaces",
        "lemmas",
        "pos",
        "tags",
        "morphs",
        "heads",
        "deps",
        "mwts",
        "line",
        "newdoc",
    )

    def __init__(self, comments: List[str], line: int) -> None:
        # The word columns (words, spaces, lemmas, pos, tags, morphs, heads,
        # deps) and mwts are filled in by _build_sentence.
        self.comments = comments
        self.line = line
        self.newdoc = any(c.startswith("# newdoc") for c in comments)

    def __len__(self) -> int:
        return len(self.words)

    def meta(self) -> dict:
        """The sentence's ``# key = value`` comments as a dict (bare ``# key`` -> True)."""
        out = {}
        for comment in self.comments:
            body = comment[1:].strip()
            key, eq, value = body.partition("=")
            out[key.strip()] = value.strip() if eq else True
        return out


def _check_tree(sent: ConlluSentence, path: str, lines: List[int]) -> None:
    """Raise InputError unless the given heads are in range, acyclic, with one root.

    lines: the file line of each word, for the messages.
    """
    heads = sent.heads
    n = len(heads)
    given = [h for h in heads if h is not None]
    if not given:
        return
    if max(given) > n or min(given) < 0:
        i = next(i for i, h in enumerate(heads) if h is not None and not 0 <= h <= n)
        raise InputError(Errors.E154.format(head=heads[i], id=i + 1, n=n), path=path, line=lines[i])
    n_roots = given.count(0)
    if n_roots != 1 and (len(given) == n or n_roots > 1):
        ids = [i + 1 for i, h in enumerate(heads) if h == 0]
        line = lines[ids[1] - 1] if n_roots > 1 else sent.line
        raise InputError(Errors.E156.format(n=n_roots, ids=ids), path=path, line=line)
    # Walk up from each word; a word met twice on one walk closes a cycle.
    # Each word is walked through once overall, so this is O(n).
    state = [0] * (n + 1)  # 0 unseen, 1 on the current walk, 2 reaches the root
    state[0] = 2
    for start in range(1, n + 1):
        walk = []
        j = start
        while state[j] == 0:
            state[j] = 1
            walk.append(j)
            h = heads[j - 1]
            j = 0 if h is None else h
        if state[j] == 1:
            cycle = walk[walk.index(j) :]
            raise InputError(Errors.E155.format(cycle=cycle), path=path, line=lines[min(cycle) - 1])
        for k in walk:
            state[k] = 2


def _no_space(misc: str) -> bool:
    return misc != "_" and "SpaceAfter=No" in misc.split("|")


def _build_sentence(
    comments: List[str], rows: List[List[str]], lines: List[int], mwts: List[list], path: str
) -> ConlluSentence:
    """Check a sentence's word rows and turn them into columns, a column at a time."""
    n = len(rows)
    sent = ConlluSentence(comments, lines[0])
    ids, forms, lemmas, upos, xpos, feats, heads, deprels, _, miscs = zip(*rows)
    if ids != _word_ids(n):
        k = next(k for k in range(n) if ids[k] != str(k + 1))
        raise InputError(Errors.E152.format(value=ids[k], expected=k + 1), path, lines[k])
    sent.words = list(forms)
    sent.lemmas = [None if v == "_" and f != "_" else v for v, f in zip(lemmas, forms)]
    sent.pos = [None if v == "_" else v for v in upos]
    sent.tags = [None if v == "_" else v for v in xpos]
    sent.morphs = [None if v == "_" else v for v in feats]
    sent.deps = [None if v == "_" else v for v in deprels]
    try:
        sent.heads = [int(h) for h in heads]  # negative or too large: _check_tree
    except ValueError:
        sent.heads = []
        for k, h in enumerate(heads):
            if h == "_":
                if deprels[k] != "_":
                    raise InputError(Errors.E182.format(dep=deprels[k]), path,
                                     lines[k]) from None
                sent.heads.append(None)
                continue
            try:
                sent.heads.append(int(h))
            except ValueError:
                raise InputError(Errors.E153.format(value=h, id=k + 1), path, lines[k]) from None
    spaces = [m == "_" or "SpaceAfter=No" not in m.split("|") for m in miscs]
    for start, end, _form, space, _line in mwts:
        spaces[start : end - 1] = [False] * (end - 1 - start)
        spaces[end - 1] = space
    sent.spaces = spaces
    sent.mwts = [m[:3] for m in mwts]
    sent.line = lines[0] if not mwts else min(lines[0], mwts[0][4])
    return sent


_WORD_IDS: tuple = tuple(str(i) for i in range(1, 257))


def _word_ids(n: int) -> tuple:
    """("1", ..., str(n)): a slice of a shared tuple, grown by doubling."""
    global _WORD_IDS
    if n > len(_WORD_IDS):
        _WORD_IDS = tuple(str(i) for i in range(1, 2 * n + 1))
    return _WORD_IDS[:n]


def iter_conllu_sentences(path: PathLike) -> Iterator[ConlluSentence]:
    """Parse and check a CoNLL-U file sentence by sentence.

    path: the .conllu file. Yields ConlluSentence objects; raises InputError
    with the file and line for malformed input, E158 when there is no sentence.
    """
    name = str(path)
    comments: List[str] = []
    rows: List[List[str]] = []  # the word lines of the current sentence, split
    lines: List[int] = []  # their line numbers
    mwts: List[list] = []  # [start, end, form, space after, line]
    in_sentence = False
    first_line = 0
    n_sents = 0
    for n, line in iter_lines(path):
        if not line or line.isspace():
            if in_sentence:
                yield _finish(comments, rows, lines, mwts, name, first_line)
                n_sents += 1
                comments, rows, lines, mwts = [], [], [], []
                in_sentence = False
            continue
        if line[0] == "#" and not in_sentence:
            comments.append(line)
            continue
        if not in_sentence:
            in_sentence = True
            first_line = n
        cols = line.split("\t")
        if len(cols) != 10:
            raise InputError(Errors.E150.format(n=len(cols)), path=name, line=n)
        wid = cols[0]
        if wid.isdecimal():
            rows.append(cols)
            lines.append(n)
        elif "-" in wid:
            first, _, last = wid.partition("-")
            if not (first.isdecimal() and last.isdecimal()) or int(last) <= int(first):
                raise InputError(Errors.E151.format(value=wid), path=name, line=n)
            if int(first) != len(rows) + 1 or (mwts and mwts[-1][1] > len(rows)):
                raise InputError(Errors.E157.format(value=wid), path=name, line=n)
            mwts.append([int(first) - 1, int(last), cols[1], not _no_space(cols[9]), n])
        else:
            whole, dot, part = wid.partition(".")
            if not (dot and whole.isdecimal() and part.isdecimal()):
                raise InputError(Errors.E151.format(value=wid), path=name, line=n)
    if in_sentence:
        yield _finish(comments, rows, lines, mwts, name, first_line)
        n_sents += 1
    if n_sents == 0:
        raise InputError(Errors.E158.format(path=name), path=name)


def _finish(
    comments: List[str],
    rows: List[List[str]],
    lines: List[int],
    mwts: List[list],
    path: str,
    first_line: int,
) -> ConlluSentence:
    if mwts and mwts[-1][1] > len(rows):
        raise InputError(Errors.E157.format(value=mwts[-1][2]), path=path, line=mwts[-1][4])
    if not rows:
        raise InputError(Errors.E179, path=path, line=first_line)
    sent = _build_sentence(comments, rows, lines, mwts, path)
    _check_tree(sent, path, lines)
    return sent


def _column(values: list) -> Optional[list]:
    """The list itself, or None when every value is missing."""
    return None if values.count(None) == len(values) else values


def sentences_to_doc(vocab: Vocab, sents: List[ConlluSentence], path: str = "") -> Doc:
    """Build one Doc from consecutive sentences, in one constructor call."""
    words: List[str] = []
    spaces: List[bool] = []
    lemmas: list = []
    pos: list = []
    tags: list = []
    morphs: list = []
    heads: list = []
    deps: list = []
    sent_starts: list = []
    sent_info = []
    mwts = []
    for sent in sents:
        offset = len(words)
        words += sent.words
        spaces += sent.spaces
        lemmas += sent.lemmas
        pos += sent.pos
        tags += sent.tags
        morphs += sent.morphs
        deps += sent.deps
        heads += [
            None if h is None else (offset + i if h == 0 else offset + h - 1)
            for i, h in enumerate(sent.heads)
        ]
        sent_starts.append(True)
        sent_starts += [False] * (len(sent.words) - 1)
        sent_info.append({"start": offset, "comments": sent.comments})
        for start, end, form in sent.mwts:
            mwts.append([offset + start, offset + end, form])
    try:
        doc = Doc(
            vocab,
            words=words,
            spaces=spaces,
            tags=_column(tags),
            pos=_column(pos),
            morphs=_column(morphs),
            lemmas=_column(lemmas),
            heads=_column(heads),
            deps=_column(deps),
            sent_starts=sent_starts,
        )
    except ValueError as e:
        raise InputError(Errors.E175.format(error=e), path=path, line=sents[0].line) from None
    info: dict = {"sents": sent_info}
    if mwts:
        info["mwt"] = mwts
    user_data = doc.user_data
    user_data["conllu"] = info
    keys = META_KEYS if len(sents) == 1 else DOC_META_KEYS
    meta = sents[0].meta()
    for key in keys:
        if key in meta:
            user_data[key.replace(" ", "_")] = meta[key]
    return doc


def read_conllu(
    path: PathLike,
    vocab: Vocab,
    *,
    n_sents: Optional[int] = None,
    by_document: bool = False,
) -> Iterator[Doc]:
    """Stream Docs from a CoNLL-U file, one sentence per Doc by default.

    path: the .conllu file.
    vocab: the Vocab the Docs are built on.
    n_sents: put up to this many sentences in one Doc (default 1, or no limit
        when by_document is set).
    by_document: start a new Doc at each ``# newdoc`` comment.
    Yields Docs; memory stays flat however long the file is. Raises InputError
    (E150-E159, E175) naming the file and line for malformed input.
    """
    if n_sents is not None and (not isinstance(n_sents, int) or n_sents < 1):
        raise ValueError(Errors.E176.format(value=n_sents))
    limit = n_sents if n_sents is not None else (0 if by_document else 1)
    name = str(path)
    group: List[ConlluSentence] = []
    for sent in iter_conllu_sentences(path):
        if group and by_document and sent.newdoc:
            yield sentences_to_doc(vocab, group, name)
            group = []
        group.append(sent)
        if limit and len(group) >= limit:
            yield sentences_to_doc(vocab, group, name)
            group = []
    if group:
        yield sentences_to_doc(vocab, group, name)
