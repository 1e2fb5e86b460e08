"""`python -m nlpcore evaluate MODEL DATA [--output M.json] [--write-conllu OUT] [--raw-text]`.

Scores a saved pipeline on a corpus file and prints a table: token accuracy
(when scoring from raw text), tag/UPOS/morph accuracy, UAS and LAS (every
word, and without punctuation), sentence and entity P/R/F (per type too),
words per second. --gpu-id N loads the pipeline onto GPU N (-1, the default: the CPU).
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Dict, List

from ..errors import Errors
from ..gpu import use_gpu_id
from ..language import load
from ..training.corpus import Corpus
from ..training.writers import write_conllu
from .paths import output_file_problem

# Score key -> row label, in print order.
ROWS = (
    ("token_acc", "Tokens (recall)"), ("token_p", "Tokens P"), ("token_f", "Tokens F"),
    ("tag_acc", "XPOS"), ("pos_acc", "UPOS"), ("morph_acc", "Morph"), ("lemma_acc", "Lemma"),
    ("dep_uas", "UAS"), ("dep_las", "LAS"), ("dep_uas_nopunct", "UAS (no punct)"),
    ("dep_las_nopunct", "LAS (no punct)"), ("sents_p", "Sentences P"),
    ("sents_r", "Sentences R"), ("sents_f", "Sentences F"), ("ents_p", "Entities P"),
    ("ents_r", "Entities R"), ("ents_f", "Entities F"), ("cats_macro_f", "Cats macro F"),
)


def format_scores(scores: Dict[str, Any]) -> List[str]:
    """The table of scores, as lines."""
    lines = [f"{label:<18} {scores[key] * 100:6.2f}" for key, label in ROWS
             if scores.get(key) is not None]
    lines.append(f"{'Words/s':<18} {scores.get('speed', 0):,.0f}")
    per_type = scores.get("ents_per_type") or {}
    if per_type:
        lines += ["", f"{'entity type':<18} {'P':>6} {'R':>6} {'F':>6}"]
        lines += [f"{label:<18} {v['p'] * 100:6.2f} {v['r'] * 100:6.2f} {v['f'] * 100:6.2f}"
                  for label, v in per_type.items()]
    return lines


def evaluate(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlpcore evaluate", description=__doc__)
    parser.add_argument("model", type=Path)
    parser.add_argument("data", type=Path)
    parser.add_argument("--output", type=Path, help="write the scores as JSON here")
    parser.add_argument("--write-conllu", type=Path, help="write the predictions as CoNLL-U")
    parser.add_argument("--raw-text", action="store_true",
                        help="tokenize the text instead of using the gold words")
    parser.add_argument("--gpu-id", type=int, default=-1, help="GPU to run on; -1: the CPU")
    args = parser.parse_args(argv)
    for output in (args.output, args.write_conllu):
        problem = output_file_problem(output)
        if problem:
            print(problem, file=sys.stderr)
            return 1
    try:
        use_gpu_id(args.gpu_id)
        nlp = load(args.model)
        examples = list(Corpus(args.data, raw_text=args.raw_text)(nlp))
    except (ValueError, FileNotFoundError) as error:
        print(error, file=sys.stderr)
        return 1
    if not examples:
        print(Errors.E219, file=sys.stderr)
        return 1
    scores = nlp.evaluate(examples)
    print(f"{args.model} on {args.data} ({len(examples)} docs, "
          f"{sum(len(eg.reference) for eg in examples)} words)")
    print("\n".join(format_scores(scores)))
    if args.output:
        args.output.write_text(json.dumps(scores, indent=2), encoding="utf8")
    if args.write_conllu:
        docs = nlp.pipe(eg.predicted for eg in examples)
        write_conllu(docs, args.write_conllu)
    return 0
