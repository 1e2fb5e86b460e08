import json
import subprocess
import sys

from nlpcore.cli import main
from nlpcore.cli.info import collect_info, compiled_modules


def test_compiled_modules_are_listed():
    modules = compiled_modules()
    for name in ("nlpcore.strings", "nlpcore.vocab", "nlpcore.tokens.doc"):
        assert name in modules


def test_info_reports_versions_and_gpu():
    data = collect_info()
    assert data["dependencies"]["thinc"].startswith("8.3")
    assert data["gpu"].startswith(("yes", "no"))


def test_python_m_nlpcore_info_json():
    out = subprocess.run([sys.executable, "-m", "nlpcore", "info", "--json"],
                         capture_output=True, text=True, check=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    assert data["nlpcore"] and "nlpcore.tokens.doc" in data["compiled_modules"]


def test_unknown_command_gives_coded_error(capsys):
    assert main(["frobnicate"]) == 2
    assert "E201" in capsys.readouterr().err


def test_help_lists_commands(capsys):
    assert main([]) == 0
    assert "info" in capsys.readouterr().out
