"""Up-front checks of the paths a command reads and writes, as coded messages."""

from pathlib import Path
from typing import Optional

from ..errors import Errors


def input_file_problem(path: Path) -> Optional[str]:
    """Why an input path is no file: a directory (E235) or nothing there (E190); None if fine."""
    if path.is_file():
        return None
    return Errors.E235.format(path=path) if path.is_dir() else Errors.E190.format(path=path)


def output_file_problem(path: Optional[Path]) -> Optional[str]:
    """Why a file can't be written at path: a directory (E233) or no parent directory
    (E234); None if it can (or if no path is given)."""
    if path is None:
        return None
    if path.is_dir():
        return Errors.E233.format(path=path)
    if not path.parent.is_dir():
        return Errors.E234.format(path=path, parent=path.parent)
    return None
