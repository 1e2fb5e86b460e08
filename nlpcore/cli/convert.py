"""`python -m nlpcore convert INPUT OUTPUT_DIR`: a corpus file -> a DocBin file.

The output is ``OUTPUT_DIR/<input stem>.nlpcore``, a DocBin (``DocBin().from_disk``
reads it back) with every token attribute and the Docs' user_data (CoNLL-U
comments and multiword tokens) and cats. Formats: conllu (``.conllu``),
iob (``.iob``, ``.conll``, ``.bio``), tsv and jsonl (text classification),
taken from the extension unless ``--format`` is given. Prints a summary: docs,
sentences, tokens and the labels seen.
"""

import argparse
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Dict, Iterator, List

from ..errors import Errors, InputError
from ..tokens import Doc, DocBin
from ..training import read_conllu, read_iob, read_textcat
from ..vocab import Vocab
from .paths import input_file_problem

FORMATS = ("conllu", "iob", "tsv", "jsonl")
EXTENSIONS = {
    ".conllu": "conllu",
    ".iob": "iob",
    ".conll": "iob",
    ".bio": "iob",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
}
OUTPUT_SUFFIX = ".nlpcore"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m nlpcore convert",
        description="Convert a corpus file to a DocBin file OUTPUT_DIR/<stem>.nlpcore.",
    )
    parser.add_argument("input", help="corpus file (.conllu, .iob, .tsv, .jsonl)")
    parser.add_argument("output_dir", help="directory for <stem>.nlpcore (created if needed)")
    parser.add_argument("--format", "-f", default=None, help="one of " + ", ".join(FORMATS))
    parser.add_argument(
        "--n-sents", "-n", type=int, default=None, help="sentences per Doc (conllu, iob)"
    )
    parser.add_argument(
        "--by-document", action="store_true", help="one Doc per # newdoc / -DOCSTART-"
    )
    parser.add_argument(
        "--scheme", default="iob2", help="iob: iob2 (warn on I- opening an entity) or iob1"
    )
    return parser


def read_docs(path: Path, fmt: str, vocab: Vocab, args: argparse.Namespace) -> Iterator[Doc]:
    """The Docs of a corpus file in one of FORMATS."""
    if fmt == "conllu":
        return read_conllu(path, vocab, n_sents=args.n_sents, by_document=args.by_document)
    if fmt == "iob":
        return read_iob(
            path, vocab, n_sents=args.n_sents, by_document=args.by_document, scheme=args.scheme
        )
    return read_textcat(path, vocab, format=fmt)


class Summary:
    """Counts of docs, sentences, tokens and labels, gathered doc by doc."""

    def __init__(self) -> None:
        self.n_docs = 0
        self.n_sents = 0
        self.n_tokens = 0
        self.keys: Dict[str, Counter] = {"DEP": Counter(), "POS": Counter(), "TAG": Counter()}
        self.ents: Counter = Counter()
        self.cats: Counter = Counter()

    def add(self, doc: Doc) -> None:
        self.n_docs += 1
        self.n_tokens += len(doc)
        if len(doc):
            array = doc.to_array(["SENT_START", "DEP", "POS", "TAG"])
            self.n_sents += max(1, int((array[1:, 0] == 1).sum()) + 1)
            for k, name in enumerate(("DEP", "POS", "TAG"), 1):
                self.keys[name].update(array[:, k].tolist())
        for ent in doc.ents:
            self.ents[ent.label_] += 1
        for label, value in doc.cats.items():
            self.cats[label] += value >= 0.5

    def lines(self, vocab: Vocab) -> List[str]:
        out = [
            f"docs       {self.n_docs:>10,}",
            f"sentences  {self.n_sents:>10,}",
            f"tokens     {self.n_tokens:>10,}",
        ]
        for name, counts in self.keys.items():
            labels = sorted(vocab.strings[k] for k in counts if k)
            if labels:
                shown = " ".join(labels[:30]) + (" ..." if len(labels) > 30 else "")
                out.append(f"{name:<10} {len(labels):>10,} labels: {shown}")
        for name, counts in (("entities", self.ents), ("cats", self.cats)):
            if counts:
                shown = ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items()))
                out.append(f"{name:<10} {sum(counts.values()):>10,} ({shown})")
        return out


def convert(argv: list) -> int:
    """Run the convert command; returns 0 on success, 1 on bad input, 2 on bad usage."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # argparse has printed the usage problem
        return int(e.code or 0)
    path = Path(args.input)
    output_dir = Path(args.output_dir)
    problem = input_file_problem(path)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    fmt = args.format.lower() if args.format else EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        print(Errors.E192.format(path=path, formats=", ".join(FORMATS)), file=sys.stderr)
        return 2
    if fmt not in FORMATS:
        print(Errors.E191.format(fmt=fmt, formats=", ".join(FORMATS)), file=sys.stderr)
        return 2
    if output_dir.exists() and not output_dir.is_dir():
        print(Errors.E193.format(path=output_dir), file=sys.stderr)
        return 1
    if args.n_sents is not None and args.n_sents < 1:
        print(Errors.E176.format(value=args.n_sents), file=sys.stderr)
        return 2
    start = time.perf_counter()
    vocab = Vocab()
    docbin = DocBin(store_user_data=True)
    summary = Summary()
    try:
        for doc in read_docs(path, fmt, vocab, args):
            docbin.add(doc)
            summary.add(doc)
    except (InputError, ValueError) as e:
        print(str(e), file=sys.stderr)
        return 1
    output_dir.mkdir(parents=True, exist_ok=True)
    output = output_dir / (path.stem + OUTPUT_SUFFIX)
    docbin.to_disk(output)
    seconds = time.perf_counter() - start
    print(f"converted {path} ({fmt}) -> {output} in {seconds:.1f}s")
    for line in summary.lines(vocab):
        print("  " + line)
    return 0
