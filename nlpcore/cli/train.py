"""`python -m nlpcore train CONFIG --output DIR [--paths.train P] [--paths.dev P] [--gpu-id N]`.

--gpu-id N trains on GPU N (-1, the default: the CPU), with CuPy's memory
routed as the config's [system] gpu_allocator says (null: CuPy's own pool).
Any other `--section.key value` overrides that config setting. Prints a table
row per evaluation with a progress bar in between, saves `model-best` whenever
the score improves and `model-last` at the end (also on Ctrl-C).
"""

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any, Dict, List, Tuple

from ..errors import Errors
from ..gpu import set_gpu_allocator, use_gpu_id
from ..language import read_config
from ..training.loop import Evaluation, Step, resolve_training, train_steps

USAGE = __doc__.splitlines()[0]
BAR_WIDTH = 30


def parse_args(argv: List[str]) -> Tuple[Path, Path, int, Dict[str, Any]]:
    """CONFIG, --output, --gpu-id and the dotted `--section.key value` overrides."""
    parser = argparse.ArgumentParser(prog="python -m nlpcore train", description=USAGE)
    parser.add_argument("config", type=Path)
    parser.add_argument("--output", "-o", type=Path, required=True)
    parser.add_argument("--gpu-id", type=int, default=-1)
    args, rest = parser.parse_known_args(argv)
    overrides: Dict[str, Any] = {}
    i = 0
    while i < len(rest):
        key, _, value = rest[i].partition("=")
        if not key.startswith("--") or "." not in key:
            parser.error(f"unrecognized argument {rest[i]!r}: overrides look like --section.key")
        if not value:
            if i + 1 >= len(rest):
                parser.error(f"{key} needs a value")
            value = rest[i + 1]
            i += 1
        overrides[key[2:].replace("-", "_")] = _parse_value(value)
        i += 1
    return args.config, args.output, args.gpu_id, overrides


def _parse_value(value: str) -> Any:
    try:
        return json.loads(value)
    except json.JSONDecodeError:
        return value


class Table:
    """Prints the header once and a row per evaluation; a progress bar in between."""

    def __init__(self, components: List[str], score_keys: List[str], eval_frequency: int):
        self.components = components
        self.score_keys = score_keys
        self.eval_frequency = eval_frequency
        self.columns = (["E", "#"] + [f"LOSS {c.upper()}"[:14] for c in components]
                        + [k.upper()[:10] for k in score_keys] + ["SCORE", "WORDS/S"])
        self.widths = [max(5, len(c)) for c in self.columns]
        self.interactive = sys.stderr.isatty()

    def header(self) -> None:
        print("  ".join(c.rjust(w) for c, w in zip(self.columns, self.widths)))
        print("  ".join("-" * w for w in self.widths), flush=True)

    def progress(self, step: Step) -> None:
        if not self.interactive:
            return
        done = (step.step % self.eval_frequency) or self.eval_frequency
        filled = BAR_WIDTH * done // self.eval_frequency
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] step {step.step}")
        sys.stderr.flush()

    def row(self, evaluation: Evaluation) -> None:
        if self.interactive:
            sys.stderr.write("\r" + " " * (BAR_WIDTH + 20) + "\r")
        cells = [str(evaluation.epoch), str(evaluation.step)]
        cells += [f"{evaluation.losses.get(c, 0.0):.2f}" for c in self.components]
        cells += [_percent(evaluation.scores.get(k)) for k in self.score_keys]
        cells += [f"{evaluation.score * 100:.2f}", f"{evaluation.scores.get('speed', 0):,.0f}"]
        line = "  ".join(c.rjust(w) for c, w in zip(cells, self.widths))
        print(line + ("  *" if evaluation.is_best else ""), flush=True)


def _percent(value: Any) -> str:
    return "-" if value is None else f"{float(value) * 100:.2f}"


def train(argv: List[str]) -> int:
    try:
        config_path, output, gpu_id, overrides = parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not config_path.exists():
        print(Errors.E043.format(path=config_path), file=sys.stderr)
        return 1
    try:
        on_gpu = use_gpu_id(gpu_id)
        config = read_config(config_path, interpolate=False, overrides=overrides)
        nlp, settings = resolve_training(config)
        if on_gpu:
            set_gpu_allocator(settings.gpu_allocator)
    except (ValueError, FileNotFoundError) as error:
        print(error, file=sys.stderr)
        return 1
    output.mkdir(parents=True, exist_ok=True)
    trainable = [n for n in nlp.pipe_names if hasattr(nlp.get_pipe(n), "update")]
    table = Table(trainable, list(settings.score_weights), settings.eval_frequency)
    print(f"training {', '.join(nlp.pipe_names)} from {config_path} into {output} "
          f"(seed {settings.seed}, {'GPU ' + str(gpu_id) if gpu_id >= 0 else 'CPU'})")
    table.header()
    start = time.perf_counter()
    last_params = None
    try:
        for event in train_steps(nlp, settings):
            if isinstance(event, Step):
                table.progress(event)
                continue
            table.row(event)
            if event.is_best:
                with nlp.use_params(event.params):
                    nlp.to_disk(output / "model-best")
            last_params = event.params
    except KeyboardInterrupt:
        print("\ninterrupted: saving model-last")
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        with nlp.use_params(last_params):
            nlp.to_disk(output / "model-last")
    print(f"saved {output / 'model-best'} and {output / 'model-last'} "
          f"after {time.perf_counter() - start:.0f}s")
    return 0
