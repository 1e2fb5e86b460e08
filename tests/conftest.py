"""Shared fixtures: a vocab, small docs, and the corpus directory."""

import os
from pathlib import Path

import pytest

from nlpcore import Doc, Vocab

REPO_ROOT = Path(__file__).resolve().parent.parent


def find_data_dir():
    """$NLPCORE_DATA, else ../shared/data beside the repo; None if neither exists."""
    candidates = [os.environ.get("NLPCORE_DATA"), REPO_ROOT.parent / "shared" / "data"]
    for candidate in candidates:
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    return None


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shared corpora; skips the test with the reason when they are absent."""
    path = find_data_dir()
    if path is None:
        pytest.skip("corpus data not found: set $NLPCORE_DATA or put it at ../shared/data")
    return path


@pytest.fixture
def vocab() -> Vocab:
    return Vocab("en")


@pytest.fixture
def parsed_doc(vocab) -> Doc:
    """Two sentences with tags, a parse and one entity."""
    return Doc(
        vocab,
        words=["Alice", "met", "Bob", ".", "They", "talked", "."],
        spaces=[True, True, False, True, True, False, False],
        tags=["NNP", "VBD", "NNP", ".", "PRP", "VBD", "."],
        pos=["PROPN", "VERB", "PROPN", "PUNCT", "PRON", "VERB", "PUNCT"],
        lemmas=["Alice", "meet", "Bob", ".", "they", "talk", "."],
        morphs=["Number=Sing", "Tense=Past", "Number=Sing", "", "Case=Nom", "Tense=Past", ""],
        heads=[1, 1, 1, 1, 5, 5, 5],
        deps=["nsubj", "ROOT", "obj", "punct", "nsubj", "ROOT", "punct"],
        ents=["U-PER", "O", "U-PER", "O", "O", "O", "O"],
    )
