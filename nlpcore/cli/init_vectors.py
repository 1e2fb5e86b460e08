"""`python -m nlpcore init vectors LANG VECTORS_TXT OUTPUT_DIR [--prune N]`.

Reads word vectors in word2vec/GloVe text format (one word and its numbers per
line, with or without a "n_words width" header line; .gz accepted) into a blank
pipeline of language LANG, written to OUTPUT_DIR with the vectors in its vocab
(``nlpcore.load(OUTPUT_DIR).vocab.vectors``). --prune N keeps the first N
vectors (the files are ordered by frequency). Prints a summary.
"""

import argparse
import sys
from pathlib import Path
from typing import List, Optional, Tuple

import numpy

from ..errors import Errors, InputError
from ..training.readers._lines import iter_lines
from ..vectors import Vectors
from .paths import input_file_problem


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m nlpcore init vectors",
        description="Read word2vec/GloVe text vectors into a pipeline directory.",
    )
    parser.add_argument("lang", help="language code of the blank pipeline (e.g. en)")
    parser.add_argument("vectors", help="vectors text file (.txt or .txt.gz)")
    parser.add_argument("output_dir", help="pipeline directory to write")
    parser.add_argument("--prune", type=int, default=None, help="keep only the first N vectors")
    return parser


def read_vectors(path, prune: Optional[int] = None) -> Tuple[List[str], numpy.ndarray]:
    """(words, float32 table) from a word2vec/GloVe text file, header optional.

    Raises InputError naming the file (and line) for a bad line (E271), bytes
    that are not UTF-8 (E159), a corrupt .gz file (E199) or no vectors (E272).
    """
    path = Path(path)
    words: List[str] = []
    rows: List[numpy.ndarray] = []
    width = None
    for n, line in iter_lines(path):
        parts = line.rstrip(" ").split(" ")
        if not line.strip():
            continue
        if n == 1 and len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
            width = int(parts[1])
            continue
        if width is None:
            width = len(parts) - 1
        if len(parts) != width + 1 or width < 1:
            raise InputError(
                Errors.E271.format(line=n, path=path, width=width, n=len(parts)), str(path), n
            )
        try:
            rows.append(numpy.asarray(parts[1:], dtype=numpy.float32))
        except ValueError:
            raise InputError(
                Errors.E271.format(line=n, path=path, width=width, n=len(parts)), str(path), n
            ) from None
        words.append(parts[0])
        if prune is not None and len(words) >= prune:
            break
    if not words:
        raise InputError(Errors.E272.format(path=path), str(path))
    return words, numpy.vstack(rows)


def init_vectors(lang: str, vectors_path, output_dir, prune: Optional[int] = None):
    """Build a blank `lang` pipeline with the vectors and write it; returns it."""
    from ..language import blank

    if prune is not None and prune < 1:
        raise ValueError(Errors.E274.format(value=prune))
    nlp = blank(lang)
    words, table = read_vectors(vectors_path, prune)
    keys = [nlp.vocab[word].orth for word in words]
    # a word listed twice keeps its first vector
    unique = {}
    for row, key in enumerate(keys):
        unique.setdefault(key, row)
    rows = list(unique.values())
    nlp.vocab.vectors = Vectors(table[rows], [keys[r] for r in rows])
    nlp.to_disk(output_dir)
    return nlp


# `init` subcommands other than vectors: name -> (module, function taking the rest of argv).
SUBCOMMANDS = {"config": ("nlpcore.cli.init_config", "init_config")}


def init(argv: list) -> int:
    """`init vectors ...` (here) or another `init` subcommand. 0 ok, 1 bad input, 2 usage."""
    if argv and argv[0] in SUBCOMMANDS:
        import importlib

        module_name, func_name = SUBCOMMANDS[argv[0]]
        return getattr(importlib.import_module(module_name), func_name)(argv[1:])
    if not argv or argv[0] != "vectors":
        print(Errors.E275, file=sys.stderr)
        return 2
    try:
        args = _parser().parse_args(argv[1:])
    except SystemExit as e:
        return int(e.code or 0)
    if args.prune is not None and args.prune < 1:
        print(Errors.E274.format(value=args.prune), file=sys.stderr)
        return 2
    path = Path(args.vectors)
    problem = input_file_problem(path)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    try:
        nlp = init_vectors(args.lang, path, args.output_dir, args.prune)
    except (InputError, ValueError) as e:
        print(str(e), file=sys.stderr)
        return 1
    n, width = nlp.vocab.vectors.shape
    print(f"{n} vectors of width {width} ({args.lang}) -> {args.output_dir}")
    return 0
