"""Command-line entry point: one module per command, each `command(argv) -> int`."""

import importlib
import sys
from typing import List, Optional

COMMANDS = {
    "info": ("nlpcore.cli.info", "info", "versions, platform, compiled modules, GPU"),
    "convert": ("nlpcore.cli.convert", "convert", "corpus file -> DocBin file"),
    "train": ("nlpcore.cli.train", "train", "train a pipeline from a config"),
    "evaluate": ("nlpcore.cli.evaluate", "evaluate", "score a pipeline on a corpus"),
    "parse": ("nlpcore.cli.parse", "parse", "annotate a text, for a quick look"),
    "init": ("nlpcore.cli.init_vectors", "init", "init vectors: word vectors text -> pipeline"),
}


def usage() -> str:
    lines = ["usage: python -m nlpcore COMMAND [ARGS]", "", "commands:"]
    lines += [f"  {name:<10} {help_}" for name, (_, _, help_) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    """Run the command named by argv[0]; returns its exit status."""
    from ..errors import Errors

    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return 0
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(Errors.E201.format(command=name, commands=", ".join(COMMANDS)), file=sys.stderr)
        return 2
    module_name, func_name, _ = COMMANDS[name]
    command = getattr(importlib.import_module(module_name), func_name)
    return command(rest)
