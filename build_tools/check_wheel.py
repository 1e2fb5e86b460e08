"""Install a built wheel into a fresh venv and import every compiled module.

usage: python build_tools/check_wheel.py [WHEEL_OR_DIR]   (default: dist/)
Exits non-zero if the wheel holds no compiled modules, if installing fails, or
if any compiled module (or `python -m nlpcore info`) fails in the new venv.
"""

import argparse
import subprocess
import sys
import tempfile
import venv
import zipfile
from pathlib import Path
from typing import List


def find_wheel(path: Path) -> Path:
    if path.is_file():
        return path
    wheels = sorted(path.glob("nlpcore-*.whl"), key=lambda p: p.stat().st_mtime)
    if not wheels:
        sys.exit(f"no nlpcore wheel in {path}: run `python -m pip wheel . -w dist/ --no-deps`")
    return wheels[-1]


def compiled_modules(wheel: Path) -> List[str]:
    """Dotted names of the extension modules inside the wheel."""
    names = []
    with zipfile.ZipFile(wheel) as archive:
        for name in archive.namelist():
            if name.endswith((".so", ".pyd")):
                stem = name.rsplit("/", 1)
                module = stem[-1].split(".")[0]
                package = stem[0].replace("/", ".") if len(stem) > 1 else ""
                names.append(f"{package}.{module}" if package else module)
    return sorted(names)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", nargs="?", default="dist", type=Path)
    args = parser.parse_args()
    wheel = find_wheel(args.wheel)
    modules = compiled_modules(wheel)
    if not modules:
        print(f"{wheel.name}: no compiled modules inside")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        env_dir = Path(tmp) / "venv"
        venv.create(env_dir, with_pip=True)
        python = env_dir / "bin" / "python"
        subprocess.run([python, "-m", "pip", "install", "-q", str(wheel)], check=True)
        script = "import importlib\n" + "".join(
            f"importlib.import_module({m!r})\n" for m in modules
        )
        # Run from the temp dir so the source tree cannot shadow the installed wheel.
        subprocess.run([python, "-c", script], check=True, cwd=tmp)
        subprocess.run([python, "-m", "nlpcore", "info"], check=True, cwd=tmp)
    print(f"{wheel.name}: installed in a fresh venv; {len(modules)} compiled modules import")
    return 0


if __name__ == "__main__":
    sys.exit(main())
