"""`python -m nlpcore parse MODEL [TEXT | -] [--format table|conllu]`: annotate text for a look."""

import argparse
import sys
import tempfile
from pathlib import Path
from typing import List

from ..language import load
from ..tokens import Doc
from ..training.writers import write_conllu

COLUMNS = ("i", "text", "lemma", "pos", "tag", "morph", "head", "dep", "ent")


def table(doc: Doc) -> List[str]:
    """One aligned row per token."""
    rows = [COLUMNS]
    for token in doc:
        ent = f"{token.ent_iob_}-{token.ent_type_}" if token.ent_type_ else token.ent_iob_ or "-"
        rows.append((str(token.i), token.text, token.lemma_ or "-", token.pos_ or "-",
                     token.tag_ or "-", token.morph_ or "-", str(token.head.i),
                     token.dep_ or "-", ent))
    widths = [max(len(row[k]) for row in rows) for k in range(len(COLUMNS))]
    return ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]


def parse(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlpcore parse",
                                     description="Annotate a text with a saved pipeline.")
    parser.add_argument("model", type=Path)
    parser.add_argument("text", nargs="?", default="-", help="the text, or - for stdin")
    parser.add_argument("--format", choices=("table", "conllu"), default="table")
    args = parser.parse_args(argv)
    try:
        nlp = load(args.model)
    except (ValueError, FileNotFoundError) as error:
        print(error, file=sys.stderr)
        return 1
    text = sys.stdin.read().rstrip("\n") if args.text == "-" else args.text
    doc = nlp(text)
    if args.format == "conllu":
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "parse.conllu"
            write_conllu([doc], out)
            print(out.read_text(encoding="utf8"), end="")
    else:
        print("\n".join(table(doc)))
    return 0
