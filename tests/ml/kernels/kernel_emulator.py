"""The CUDA kernels built as plain C++ and run on the CPU: a kernel backend for the tests.

`build_emulator(tmp_dir)` compiles every .cu of nlpcore/ml/kernels, after
cuda_emulation.hh, into a shared library with one launcher per named
instantiation of nlpcore.ml.kernels.FAMILIES (block by block, each block's
threads at once, for the kernels in BLOCK_SYNCED; else thread by thread);
`EmulatedBackend` launches them with NumPy arrays (their host pointers) and
NumPy scalars, as CuPy would with device arrays, and fails on an argument whose
size isn't the parameter's or on an array that isn't C-contiguous (a kernel sees
no strides).
"""

import ctypes
import shutil
import subprocess
from pathlib import Path
from typing import Any, Optional, Sequence, Tuple

import numpy

from nlpcore.ml.kernels import BLOCK_SYNCED, FAMILIES, source_path

SHIM = Path(__file__).resolve().parent / "cuda_emulation.hh"
FLAGS = ["-std=c++17", "-O1", "-ffp-contract=off", "-Wall", "-Werror", "-shared", "-fPIC",
         "-pthread"]


def find_compiler() -> Optional[str]:
    return shutil.which("g++") or shutil.which("c++") or shutil.which("clang++")


def driver_source() -> str:
    """C++ that includes every kernel family and maps each instantiation's name to a launcher."""
    lines = [f'#include "{SHIM}"', "#include <cstring>"]
    lines += [f'#include "{source_path(family)}"' for family in FAMILIES]
    lines += ["typedef int (*runner)(const unsigned*, const unsigned*, void**, const std::size_t*,"
              " int);", "struct Entry { const char* name; runner run; };",
              "static const Entry ENTRIES[] = {"]
    params = "const unsigned* g, const unsigned* b, void** a, const std::size_t* s, int n"
    for names in FAMILIES.values():
        lines += [f'    {{"{name}", []({params}) {{\n'
                  f"        return emu::{'launch_synced' if name in BLOCK_SYNCED else 'launch'}"
                  f"(&{name}, g, b, a, s, n); }}}},"
                  for name in names]
    lines += ["};", 'extern "C" int emu_launch(const char* name, const unsigned* grid, '
              "const unsigned* block, void** args, const std::size_t* sizes, int n_args) {",
              "    for (const Entry& e : ENTRIES)",
              "        if (std::strcmp(e.name, name) == 0) return e.run(grid, block, args, sizes, "
              "n_args);", "    return -1000;", "}"]
    return "\n".join(lines) + "\n"


def build_emulator(tmp_dir: Path, compiler: str) -> "EmulatedBackend":
    source = tmp_dir / "kernels_emulated.cc"
    source.write_text(driver_source(), encoding="utf8")
    library = tmp_dir / "kernels_emulated.so"
    subprocess.run([compiler, *FLAGS, str(source), "-o", str(library)], check=True,
                   capture_output=True, text=True)
    return EmulatedBackend(ctypes.CDLL(str(library)))


class EmulatedBackend:
    """A kernel backend whose device is the CPU: xp is NumPy."""

    xp = numpy

    def __init__(self, library: ctypes.CDLL):
        self._launch = library.emu_launch
        self._launch.restype = ctypes.c_int
        self.launched: list = []

    def launch(self, name: str, grid: Tuple[int, int, int], block: Tuple[int, int, int],
               args: Sequence[Any]) -> None:
        holders = []
        for arg in args:
            if isinstance(arg, numpy.ndarray):
                if not arg.flags.c_contiguous:
                    raise TypeError("a kernel takes whole C-contiguous arrays, not views")
                holders.append(ctypes.c_void_p(arg.ctypes.data))
            elif isinstance(arg, numpy.generic):
                holders.append(ctypes.create_string_buffer(arg.tobytes(), arg.itemsize))
            else:
                raise TypeError(f"kernel argument of type {type(arg).__name__}: pass a NumPy "
                                "array or a NumPy scalar of the parameter's type")
        sizes = (ctypes.c_size_t * len(args))(*(ctypes.sizeof(h) for h in holders))
        pointers = (ctypes.c_void_p * len(args))(*(ctypes.addressof(h) for h in holders))
        status = self._launch(name.encode(), (ctypes.c_uint * 3)(*grid),
                              (ctypes.c_uint * 3)(*block), pointers, sizes, len(args))
        if status == -1000:
            raise KeyError(f"no kernel named {name}")
        if status != 0:
            raise TypeError(f"{name}: argument count or size mismatch (code {status})")
        self.launched.append(name)
