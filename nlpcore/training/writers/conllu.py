"""Write Docs as CoNLL-U (Universal Dependencies), one sentence per block.

Columns written: ID, FORM (token text), LEMMA, UPOS (``pos_``), XPOS (``tag_``),
FEATS (``morph_``), HEAD and DEPREL (``_`` for a token with no head and no label),
``SpaceAfter=No`` in MISC; DEPS is ``_``. Missing values are ``_``. A tab or
line break inside a value (a whitespace token, a label) is written as a space,
as CoNLL-U's fields and lines can't hold them. Docs read
by ``read_conllu`` carry their comments and multiword-token lines in
``doc.user_data["conllu"]``; the writer puts them back, so a file read and
written again keeps those columns, comments and ranges line for line. Other
Docs get generated ``# sent_id`` (a running number) and ``# text`` comments.
"""

import re
from pathlib import Path
from typing import IO, Iterable, Iterator, List, Union

from ...errors import Errors
from ...tokens import Doc

# What a CoNLL-U field can't hold: its column separator and the line breaks.
_NOT_IN_FIELDS = re.compile("[\t\n\r]")


def _field(value: str) -> str:
    """value with tabs and line breaks as spaces; "_" for the empty string."""
    return _NOT_IN_FIELDS.sub(" ", value) if value else "_"


def _sentence_starts(doc: Doc) -> List[int]:
    """Token indices that start a sentence; [0] when the Doc has no boundaries."""
    if len(doc) == 0:
        return []
    try:
        return [sent.start for sent in doc.sents]
    except ValueError:
        return [0]


def doc_to_conllu_lines(doc: Doc, first_sent_id: int = 1) -> Iterator[str]:
    """Yield the CoNLL-U lines (no line ends) of one Doc, a blank line after each sentence.

    doc: the Doc to write.
    first_sent_id: the number used for a generated ``# sent_id`` of the first
        sentence when the Doc carries no comments of its own.
    """
    info = doc.user_data.get("conllu") or {}
    comments = {s["start"]: s["comments"] for s in info.get("sents", ())}
    mwts = {m[0]: (m[1], m[2]) for m in info.get("mwt", ())}
    starts = _sentence_starts(doc)
    bounds = list(zip(starts, starts[1:] + [len(doc)]))
    texts = [t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    has_parse = doc.has_annotation("DEP") or doc.has_annotation("HEAD")
    for k, (start, end) in enumerate(bounds):
        if start in comments:
            yield from comments[start]
        else:
            yield f"# sent_id = {first_sent_id + k}"
            yield f"# text = {_NOT_IN_FIELDS.sub(' ', doc[start:end].text.rstrip())}"
        roots = [i for i in range(start, end)
                 if has_parse and doc[i].head.i == i and doc[i].dep_]
        if len(roots) > 1:
            raise ValueError(Errors.E181.format(start=start, end=end, n=len(roots),
                                                roots=roots[:5]))
        mwt_end = start
        for i in range(start, end):
            tok = doc[i]
            if i in mwts and mwts[i][0] <= end:
                mwt_end, form = mwts[i]
                misc = "_" if spaces[mwt_end - 1] else "SpaceAfter=No"
                yield (f"{i - start + 1}-{mwt_end - start}\t{_field(form)}"
                       f"\t_\t_\t_\t_\t_\t_\t_\t{misc}")
            head_i = tok.head.i if has_parse else i
            if head_i == i and not tok.dep_:
                head = dep = "_"  # no arc
            elif head_i == i:
                head = "0"
                dep = "root" if tok.dep_ == "ROOT" else _field(tok.dep_)
            elif start <= head_i < end:
                head = str(head_i - start + 1)
                dep = _field(tok.dep_)
            else:
                raise ValueError(Errors.E180.format(i=i, start=start, end=end))
            misc = "_" if spaces[i] or i < mwt_end else "SpaceAfter=No"
            yield "\t".join(
                (
                    str(i - start + 1),
                    _field(texts[i]),
                    _field(tok.lemma_),
                    _field(tok.pos_),
                    _field(tok.tag_),
                    _field(tok.morph_),
                    head,
                    dep,
                    "_",
                    misc,
                )
            )
        yield ""


def write_conllu(docs: Iterable[Doc], path: Union[str, Path, IO[str]]) -> int:
    """Write Docs to a CoNLL-U file.

    docs: the Docs, in order (any iterable; consumed once).
    path: the output file, or an open text file to write to.
    Returns the number of sentences written.
    """
    if hasattr(path, "write"):
        return _write(docs, path)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        return _write(docs, f)


def _write(docs: Iterable[Doc], f: IO[str]) -> int:
    n_sents = 0
    for doc in docs:
        lines = list(doc_to_conllu_lines(doc, first_sent_id=n_sents + 1))
        n_sents += lines.count("")
        if lines:
            f.write("\n".join(lines))
            f.write("\n")
    return n_sents
