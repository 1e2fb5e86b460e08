"""`python -m nlpcore info`: versions, platform, compiled modules and GPU status."""

import argparse
import importlib.machinery
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Dict, List

from ..about import __version__

DEPENDENCIES = ("numpy", "cymem", "preshed", "murmurhash", "thinc", "srsly", "cupy")


def compiled_modules() -> List[str]:
    """Dotted names of the package's compiled extension modules."""
    root = Path(__file__).resolve().parent.parent
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    names = []
    for path in sorted(root.rglob("*")):
        for suffix in suffixes:
            if path.name.endswith(suffix):
                rel = path.relative_to(root.parent)
                names.append(".".join(rel.parts)[: -len(suffix)])
                break
    return names


def gpu_status() -> str:
    """Whether CuPy can see a GPU, in words."""
    try:
        import cupy
    except ImportError:
        return "no (cupy not installed)"
    try:
        count = cupy.cuda.runtime.getDeviceCount()
    except Exception as error:  # any CUDA runtime failure means "not usable"
        return f"no ({type(error).__name__}: {error})"
    return f"yes ({count} device{'s' if count != 1 else ''})" if count else "no (0 devices)"


def collect_info() -> Dict[str, object]:
    versions = {}
    for name in DEPENDENCIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {
        "nlpcore": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "location": str(Path(__file__).resolve().parent.parent),
        "dependencies": versions,
        "compiled_modules": compiled_modules(),
        "gpu": gpu_status(),
    }


def info(argv: List[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m nlpcore info", description=__doc__)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    data = collect_info()
    if args.json:
        import json

        print(json.dumps(data))
        return 0
    print(f"nlpcore {data['nlpcore']}")
    print(f"  python       {data['python']}")
    print(f"  platform     {data['platform']}")
    print(f"  location     {data['location']}")
    print(f"  GPU usable   {data['gpu']}")
    print("dependencies")
    for name, version in data["dependencies"].items():
        print(f"  {name:<12} {version or 'not installed'}")
    print(f"compiled modules ({len(data['compiled_modules'])})")
    for name in data["compiled_modules"]:
        print(f"  {name}")
    return 0
