"""Every .cu file compiles with nvcc, its named instantiations included (no GPU needed)."""

import shutil
import subprocess

import pytest

from nlpcore.ml.kernels import FAMILIES, KERNEL_DIR, OPTIONS, source_path

NVCC = shutil.which("nvcc")
# Hopper (H100/H200), the cards the GPU benchmarks run on.
ARCH = "sm_90"


def test_every_cu_file_is_a_family():
    assert sorted(p.stem for p in KERNEL_DIR.glob("*.cu")) == sorted(FAMILIES)


@pytest.mark.skipif(NVCC is None, reason="nvcc is not on PATH")
@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_kernels_compile_with_nvcc(family, tmp_path):
    names = FAMILIES[family]
    unit = tmp_path / f"{family}_instances.cu"
    # Taking each instantiation's address makes nvcc compile it, as NVRTC's name
    # expressions do for cupy.RawModule.
    unit.write_text(f'#include "{source_path(family)}"\n'
                    "void* nlpcore_instances[] = {\n"
                    + "".join(f"    (void*)&{name},\n" for name in names) + "};\n",
                    encoding="utf8")
    ptx = tmp_path / f"{family}.ptx"
    result = subprocess.run([NVCC, *OPTIONS, f"-arch={ARCH}", "--ptx", "-Werror",
                             "all-warnings", "-o", str(ptx), str(unit)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    entries = [line for line in ptx.read_text().splitlines() if ".entry" in line]
    assert len(entries) == len(names)
    for name in names:
        kernel = name.split("<")[0]
        # A template's mangled name has its arguments ("I...E") after the name.
        mangled = f"_Z{len(kernel)}{kernel}" + ("I" if "<" in name else "")
        assert any(mangled in entry for entry in entries), name
