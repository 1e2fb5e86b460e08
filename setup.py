"""Build script: compiles every .pyx under nlpcore/ as a C++ extension."""
import os
from pathlib import Path

import numpy
from Cython.Build import cythonize
from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).parent
DEBUG = os.environ.get("NLPCORE_DEBUG", "0") not in ("", "0")

# The one place compiler directives live (STYLE: no per-file headers).
COMPILER_DIRECTIVES = {
    "language_level": 3,
    "embedsignature": True,
    "binding": True,
    "cdivision": True,
    "boundscheck": DEBUG,
    "wraparound": DEBUG,
    "initializedcheck": DEBUG,
}
# The debug build also turns on libstdc++'s range checks for C++ containers.
COMPILE_ARGS = ["-O0", "-g", "-D_GLIBCXX_ASSERTIONS"] if DEBUG else ["-O3"]
COMPILE_ARGS += ["-std=c++17", "-Wno-unused-function", "-Wno-unreachable-code", "-pthread"]
# std::thread (the parser's threads) needs libpthread on older glibc.
LINK_ARGS = ["-pthread"]
INCLUDE_DIRS = [str(ROOT / "include"), numpy.get_include()]

# Cython does not regenerate C++ when only directives change, so a switch of
# NLPCORE_DEBUG since the last build forces a full rebuild.
BUILD_MODE_STAMP = ROOT / "build" / "nlpcore-build-mode"
BUILD_MODE = "debug" if DEBUG else "release"
MODE_CHANGED = (
    BUILD_MODE_STAMP.read_text() != BUILD_MODE if BUILD_MODE_STAMP.exists() else DEBUG
)


# Developers may rebuild a subset: NLPCORE_BUILD_ONLY=nlpcore.tokens,nlpcore.strings
BUILD_ONLY = tuple(p for p in os.environ.get("NLPCORE_BUILD_ONLY", "").split(",") if p)


def find_extensions() -> list:
    """One Extension per .pyx file found under nlpcore/ (or the BUILD_ONLY subset)."""
    extensions = []
    for pyx in sorted((ROOT / "nlpcore").rglob("*.pyx")):
        rel = pyx.relative_to(ROOT)
        name = ".".join(rel.with_suffix("").parts)
        if BUILD_ONLY and not name.startswith(BUILD_ONLY):
            continue
        extensions.append(
            Extension(
                name,
                [str(rel)],
                language="c++",
                include_dirs=INCLUDE_DIRS,
                extra_compile_args=COMPILE_ARGS,
                extra_link_args=LINK_ARGS,
                define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
            )
        )
    return extensions


class ParallelBuildExt(build_ext):
    """Compile the extension modules on every core unless told otherwise (-j)."""

    def finalize_options(self):
        super().finalize_options()
        if self.parallel is None:
            self.parallel = os.cpu_count() or 1
        self.force = self.force or MODE_CHANGED

    def run(self):
        super().run()
        BUILD_MODE_STAMP.parent.mkdir(exist_ok=True)
        BUILD_MODE_STAMP.write_text(BUILD_MODE)


setup(
    cmdclass={"build_ext": ParallelBuildExt},
    ext_modules=cythonize(
        find_extensions(),
        compiler_directives=COMPILER_DIRECTIVES,
        nthreads=os.cpu_count() or 1,
        force=MODE_CHANGED,
    ),
    packages=[
        str(p.parent.relative_to(ROOT)).replace(os.sep, ".")
        for p in sorted((ROOT / "nlpcore").rglob("__init__.py"))
    ],
    package_data={"": ["*.pxd", "*.pyx", "*.pyi", "*.hh", "*.h", "*.cu", "py.typed"]},
    include_package_data=True,
    zip_safe=False,
)
