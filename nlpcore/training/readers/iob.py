"""Stream Docs with entities out of CoNLL-2003 style IOB files.

One token per line, the entity tag in the last column (``token TAG``, tab- or
space-separated; middle columns such as POS and chunk tags are ignored), a
blank line between sentences and a ``-DOCSTART-`` line between documents.
Tags may be IOB2 (every entity opens with ``B-``), IOB1 (``I-`` opens an
entity, ``B-`` only separates two adjacent ones of the same type) or BILUO
(``E-``/``S-`` read as ``L-``/``U-``). Both IOB flavours decode the same way;
the scheme only decides whether an ``I-`` that opens an entity is a repair
worth a warning (IOB2) or normal (IOB1).
"""

from typing import Iterator, List, Optional

from ...errors import Errors, InputError, Warnings, warn
from ...tokens import Doc
from ...vocab import Vocab
from ..biluo import PREFIXES
from ._lines import PathLike, iter_lines

SCHEMES = ("iob2", "iob1")
DOCSTART = "-DOCSTART-"


class _Sentence:
    __slots__ = ("words", "tags", "line")

    def __init__(self, line: int) -> None:
        self.words: List[str] = []
        self.tags: List[str] = []
        self.line = line


def iter_iob_sentences(path: PathLike, scheme: str = "iob2") -> Iterator[Optional[_Sentence]]:
    """Parse an IOB file into sentences with IOB2 tags; None marks a -DOCSTART- line.

    path: the file. scheme: "iob2" warns (W100) when an I- tag opens an
    entity, then counts further repairs (W101); "iob1" accepts it silently.
    Raises InputError for a bad column count (E161), an unknown tag (E160),
    an empty token (E194) or a file without tokens (E158).
    """
    if scheme not in SCHEMES:
        raise ValueError(Errors.E177.format(scheme=scheme, schemes=", ".join(SCHEMES)))
    name = str(path)
    sent: Optional[_Sentence] = None
    label = ""  # label of the open entity, "" when none is open
    n_repairs = 0
    n_tokens = 0
    for n, line in iter_lines(path):
        if not line.strip():
            if sent is not None:
                yield sent
                sent = None
            continue
        cols = line.split("\t") if "\t" in line else line.split()
        if not cols[0].strip():
            raise InputError(Errors.E194.format(text=line), path=name, line=n)
        if cols[0] == DOCSTART:
            if sent is not None:
                yield sent
                sent = None
            yield None
            continue
        if len(cols) < 2:
            raise InputError(Errors.E161.format(text=line, n=len(cols)), path=name, line=n)
        if sent is None:
            sent = _Sentence(n)
            label = ""
        tag = cols[-1]
        if tag == "O":
            label = ""
        else:
            prefix, dash, tag_label = tag.partition("-")
            prefix = PREFIXES.get(prefix, "") if dash and tag_label else ""
            if not prefix:
                raise InputError(Errors.E160.format(tag=tag), path=name, line=n)
            opens = prefix in "BU"
            if not opens and tag_label != label:
                if scheme == "iob2":
                    n_repairs += 1
                    if n_repairs == 1:
                        prev = sent.tags[-1] if sent.tags else "O"
                        warn(Warnings.W100.format(tag=tag, prev=prev) + f" ({name}, line {n})")
                opens = True
            tag = ("B-" if opens else "I-") + tag_label
            label = "" if prefix in "LU" else tag_label
        sent.words.append(cols[0])
        sent.tags.append(tag)
        n_tokens += 1
    if sent is not None:
        yield sent
    if n_repairs > 1:
        warn(Warnings.W101.format(n=n_repairs, path=name))
    if n_tokens == 0:
        raise InputError(Errors.E158.format(path=name), path=name)


def sentences_to_doc(vocab: Vocab, sents: List[_Sentence], path: str = "") -> Doc:
    """One Doc from consecutive sentences: words space-separated, entities set."""
    words: List[str] = []
    tags: List[str] = []
    sent_starts: List[bool] = []
    for sent in sents:
        words += sent.words
        tags += sent.tags
        sent_starts.append(True)
        sent_starts += [False] * (len(sent.words) - 1)
    spaces = [True] * len(words)
    if spaces:
        spaces[-1] = False
    try:
        return Doc(vocab, words=words, spaces=spaces, sent_starts=sent_starts, ents=tags)
    except ValueError as e:
        raise InputError(Errors.E175.format(error=e), path=path, line=sents[0].line) from None


def read_iob(
    path: PathLike,
    vocab: Vocab,
    *,
    n_sents: Optional[int] = None,
    by_document: bool = False,
    scheme: str = "iob2",
) -> Iterator[Doc]:
    """Stream Docs with entities from an IOB (CoNLL-2003 style) file.

    path: the file. vocab: the Vocab the Docs are built on.
    n_sents: put up to this many sentences in one Doc (default 1, or no limit
        when by_document is set).
    by_document: start a new Doc at each -DOCSTART- line.
    scheme: "iob2" (default: an I- tag that opens an entity is repaired as B-
        with a warning) or "iob1" (that is legal and silent).
    Yields Docs with sentence starts and doc.ents set; tokens are separated by
    single spaces. Raises InputError naming the file and line for bad input.
    """
    if n_sents is not None and (not isinstance(n_sents, int) or n_sents < 1):
        raise ValueError(Errors.E176.format(value=n_sents))
    limit = n_sents if n_sents is not None else (0 if by_document else 1)
    name = str(path)
    group: List[_Sentence] = []
    for sent in iter_iob_sentences(path, scheme=scheme):
        if sent is None:
            if by_document and group:
                yield sentences_to_doc(vocab, group, name)
                group = []
            continue
        group.append(sent)
        if limit and len(group) >= limit:
            yield sentences_to_doc(vocab, group, name)
            group = []
    if group:
        yield sentences_to_doc(vocab, group, name)
