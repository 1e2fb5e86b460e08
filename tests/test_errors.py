"""Project-wide rules: every raise is coded, no stray print outside cli/."""

import ast
import re
from pathlib import Path

import pytest

from nlpcore.errors import Errors, Warnings

PACKAGE = Path(__file__).resolve().parent.parent / "nlpcore"
SOURCES = sorted(p for p in PACKAGE.rglob("*") if p.suffix in (".py", ".pyx"))
RAW_RAISE = re.compile(r"raise\s+\w+\(\s*[rbfu]?[\"']")
PRINT_CALL = re.compile(r"(?<![\w.])print\(")


def test_sources_are_found():
    assert any(p.name == "doc.pyx" for p in SOURCES)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_raw_string_raise(path):
    offending = [
        f"{path.name}:{n}: {line.strip()}"
        for n, line in enumerate(path.read_text(encoding="utf8").splitlines(), 1)
        if RAW_RAISE.search(line)
    ]
    assert not offending, "raise with a literal message; add a code to errors.py"


@pytest.mark.parametrize("path", [p for p in SOURCES if "cli" not in p.parts],
                         ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_print_outside_cli(path):
    text = path.read_text(encoding="utf8")
    if path.suffix == ".py":
        calls = [node for node in ast.walk(ast.parse(text))
                 if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print"]
        assert not calls, f"print() in {path.name}: use a return value or a warning"
    else:
        assert not PRINT_CALL.search(text), f"print() in {path.name}"


def test_codes_are_well_formed_and_prefixed():
    for catalogue, letter in ((Errors, "E"), (Warnings, "W")):
        codes = [name for name in vars(catalogue) if re.fullmatch(r"[EW]\d{3}", name)]
        assert codes, catalogue
        for code in codes:
            assert code[0] == letter
            assert getattr(catalogue, code).startswith(f"[{code}] ")
