"""Kernel backends for the parity tests: the CPU emulation always, CuPy where a GPU is."""

import pytest
from kernel_emulator import build_emulator, find_compiler

BACKENDS = ["emulated", "cupy"]


@pytest.fixture(scope="session")
def emulated(tmp_path_factory):
    """The kernels compiled as C++ and run thread by thread on the CPU."""
    compiler = find_compiler()
    if compiler is None:
        pytest.skip("no C++ compiler (g++, c++ or clang++) to build the kernel emulation")
    return build_emulator(tmp_path_factory.mktemp("kernels"), compiler)


def cupy_backend():
    """The CuPy backend, or a skip with the reason there is none."""
    try:
        import cupy
    except ImportError:
        pytest.skip("the GPU parity tests need CuPy and a CUDA GPU: cupy is not installed")
    try:
        if cupy.cuda.runtime.getDeviceCount() < 1:
            pytest.skip("the GPU parity tests need a CUDA GPU: none found")
    except cupy.cuda.runtime.CUDARuntimeError as error:
        pytest.skip(f"the GPU parity tests need a CUDA GPU: {error}")
    from nlpcore.ml.kernels import get_backend

    return get_backend()


@pytest.fixture(params=BACKENDS)
def backend(request):
    """Each kernel backend in turn (a test using it runs once per backend)."""
    if request.param == "emulated":
        return request.getfixturevalue("emulated")
    return cupy_backend()
