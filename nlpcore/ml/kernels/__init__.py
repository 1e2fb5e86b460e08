"""CUDA kernels: one templated .cu file per family here, compiled lazily by CuPy.

A backend runs a named template instantiation (``"parser_hidden<float>"``) on
a grid: `CupyBackend` compiles a family's .cu file with NVRTC
(`cupy.RawModule`) the first time one of its kernels is launched. The host
wrappers (hashembed.py, parser_step.py, device_loop.py, maxout_ln.py, window.py,
charembed.py) take the backend as an argument, check their arrays on the host,
and allocate with ``backend.xp``; the tests run the same wrappers and kernels on
the CPU through an emulation of the CUDA launch model. The NumPy twins of the hash and
parser kernels are in reference.py; the maxout, window and charembed kernels'
twins are the Cython functions of nlpcore/ml/maxout.pyx, window.pyx and
charembed.pyx; the greedy loop's (greedy_loop.cu) is StateBatch.greedy_parse.
"""

from pathlib import Path
from typing import Any, Dict, Optional, Sequence, Tuple

import numpy

from ...errors import Errors

KERNEL_DIR = Path(__file__).resolve().parent
# NVRTC options: no FMA contraction, so float sums equal the CPU kernels' bit for bit.
OPTIONS = ("-std=c++17", "--fmad=false")
# family (the .cu file's stem) -> its named template instantiations.
FAMILIES: Dict[str, Tuple[str, ...]] = {
    "hashembed": tuple(f"hashembed_{part}<{t}>" for part in ("forward", "backward")
                       for t in ("float", "double")),
    "parser_step": tuple(f"parser_{part}<{t}>"
                         for part in ("hidden", "scores", "best_move", "hidden_backward")
                         for t in ("float", "double")),
    "maxout_ln": tuple(f"maxout_ln_{part}<{t}>"
                       for part in ("pieces", "stats", "normalize", "backward_stats",
                                    "backward_pieces")
                       for t in ("float", "double")),
    "window": tuple(f"window_{part}<{t}>" for part in ("seq2col", "col2seq")
                    for t in ("float", "double")),
    "charembed": tuple(f"charembed_{part}<{t}>" for part in ("gather", "scatter")
                       for t in ("float", "double")),
    "greedy_loop": tuple(f"{system}_loop<{t}>" for system in ("arc_eager", "biluo")
                         for t in ("float", "double")),
}
# The kernels whose threads meet at __syncthreads (the rest never do).
BLOCK_SYNCED = frozenset(FAMILIES["greedy_loop"])
FAMILY_OF = {name: family for family, names in FAMILIES.items() for name in names}
# Blocks of a launch at most; the kernels' grid-stride loops cover any size.
MAX_BLOCKS = 65535
C_TYPES = {numpy.dtype("float32"): "float", numpy.dtype("float64"): "double"}


def source_path(family: str) -> Path:
    """The .cu file of a kernel family."""
    return KERNEL_DIR / f"{family}.cu"


class CupyBackend:
    """Runs the kernels on CuPy's current device; arrays are cupy arrays (``xp``)."""

    def __init__(self, cupy: Any):
        self.xp = cupy
        self._modules: Dict[str, Any] = {}
        self._functions: Dict[str, Any] = {}

    def launch(self, name: str, grid: Tuple[int, int, int], block: Tuple[int, int, int],
               args: Sequence[Any]) -> None:
        """Launch the instantiation `name` with `args` (cupy arrays, NumPy scalars)."""
        function = self._functions.get(name)
        if function is None:
            function = self._functions[name] = self._get_function(name)
        function(grid, block, tuple(args))

    def _get_function(self, name: str) -> Any:
        family = FAMILY_OF[name]
        path = source_path(family)
        if family not in self._modules:
            self._modules[family] = self.xp.RawModule(
                code=path.read_text(encoding="utf8"), options=OPTIONS,
                name_expressions=list(FAMILIES[family]))
        try:
            return self._modules[family].get_function(name)
        except self.xp.cuda.compiler.CompileException as error:
            raise RuntimeError(Errors.E403.format(path=path, error=error)) from None


_BACKEND: Optional[CupyBackend] = None


def get_backend() -> CupyBackend:
    """The process's CuPy backend; a coded error when CuPy can't be imported."""
    global _BACKEND
    if _BACKEND is None:
        try:
            import cupy
        except ImportError as error:
            raise ImportError(Errors.E400.format(error=error)) from None
        _BACKEND = CupyBackend(cupy)
    return _BACKEND


def backend_for(array: Any) -> Optional[CupyBackend]:
    """None for a NumPy array (the CPU code applies), else the CuPy backend."""
    return None if isinstance(array, numpy.ndarray) else get_backend()


def array_module(array: Any) -> Any:
    """The array module of `array`: NumPy for a NumPy array, else the backend's (CuPy)."""
    backend = backend_for(array)
    return numpy if backend is None else backend.xp


def to_host(array: Any) -> numpy.ndarray:
    """`array` as a NumPy array (copied from the device when it is a cupy array)."""
    return array if isinstance(array, numpy.ndarray) else array.get()


def c_type(kernel: str, name: str, array: Any) -> str:
    """The kernel template argument for a float32/float64 array (a coded error otherwise)."""
    dtype = getattr(array, "dtype", None)
    if dtype not in C_TYPES:
        raise ValueError(Errors.E401.format(kernel=kernel, name=name, expected="float32 or float64",
                                            got=type(array).__name__ if dtype is None else dtype))
    return C_TYPES[array.dtype]


def check_array(backend: Any, kernel: str, name: str, array: Any, dtype: Any,
                shape: Sequence[Optional[int]]) -> None:
    """A coded error unless `array` is a C-contiguous `dtype` array of the backend's
    array module with the given shape (None in `shape`: any size on that axis)."""
    dtype = numpy.dtype(dtype)
    if (not isinstance(array, backend.xp.ndarray) or array.dtype != dtype
            or not array.flags.c_contiguous):
        got = (f"{array.dtype} {type(array).__module__}.{type(array).__name__}"
               if hasattr(array, "dtype") else type(array).__name__)
        if hasattr(array, "flags") and not array.flags.c_contiguous:
            got += " (not C-contiguous)"
        raise ValueError(Errors.E401.format(kernel=kernel, name=name, got=got,
                                            expected=f"{dtype} {backend.xp.__name__}"))
    if len(array.shape) != len(shape) or any(
            want is not None and got != want for got, want in zip(array.shape, shape)):
        expected = tuple("*" if want is None else want for want in shape)
        raise ValueError(Errors.E402.format(kernel=kernel, name=name, shape=array.shape,
                                            expected=expected))


def grid_for(n_items: int, per_block: int) -> Tuple[int, int, int]:
    """A 1-D grid of enough blocks of `per_block` items for n_items (at most MAX_BLOCKS)."""
    return (max(1, min(-(-n_items // per_block), MAX_BLOCKS)), 1, 1)
