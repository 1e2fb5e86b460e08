"""DocBin: many Docs serialised compactly, with one shared string table."""

import zlib
from pathlib import Path
from typing import Any, Iterable, Iterator, List, Optional, Sequence, Union

import numpy
import srsly

from ..attrs import ORTH, SPACY, intify_attr
from ..errors import Errors
from ..vocab import Vocab
from .doc import SERIALIZED_ATTRS, SETTABLE_ATTRS, Doc


class DocBin:
    """A collection of Docs stored as one token-attribute array per doc.

    attrs: the token attributes to keep. ORTH and SPACY are always kept; lexical
        attributes (LOWER, SHAPE, ...) come back from ORTH, so they need no column.
    store_user_data: also keep each doc's user_data (extension values).
    docs: Docs to add now.
    """

    def __init__(self, attrs: Sequence[Union[int, str]] = SERIALIZED_ATTRS,
                 store_user_data: bool = False, docs: Iterable[Doc] = ()):
        ids = dict.fromkeys(intify_attr(a) for a in attrs)
        self.attrs: List[int] = [ORTH, SPACY] + [a for a in ids if a in SETTABLE_ATTRS - {SPACY}]
        self.store_user_data = store_user_data
        self.arrays: List[numpy.ndarray] = []
        self.strings: set = set()
        self.cats: List[dict] = []
        self.user_data: List[Optional[list]] = []
        for doc in docs:
            self.add(doc)

    def __len__(self) -> int:
        return len(self.arrays)

    def add(self, doc: Doc) -> None:
        """Store one doc's attributes, strings, cats and (optionally) user data."""
        self.arrays.append(doc.to_array(self.attrs))
        self.strings.update(doc._used_strings())
        self.cats.append(dict(doc.cats))
        if self.store_user_data:
            self.user_data.append([list(doc.user_data.keys()), list(doc.user_data.values())])
        else:
            self.user_data.append(None)

    def get_docs(self, vocab: Vocab) -> Iterator[Doc]:
        """Recreate the docs over `vocab`, adding the stored strings to it."""
        for string in sorted(self.strings):
            vocab.strings.add(string)
        for array, cats, user_data in zip(self.arrays, self.cats, self.user_data):
            doc = Doc(vocab)
            doc._fill_from_array(self.attrs, array)
            doc.cats = dict(cats)
            if user_data is not None:
                doc._restore_user_data(*user_data)
            yield doc

    def merge(self, other: "DocBin") -> None:
        """Append the docs of another DocBin with the same attributes."""
        if other.attrs != self.attrs:
            raise ValueError(Errors.E042.format(attrs=other.attrs, other=self.attrs))
        self.arrays.extend(other.arrays)
        self.strings.update(other.strings)
        self.cats.extend(other.cats)
        self.user_data.extend(other.user_data)

    def to_bytes(self) -> bytes:
        """Everything, serialised with msgpack and compressed with zlib."""
        lengths = numpy.array([len(a) for a in self.arrays], dtype=numpy.int64)
        if self.arrays:
            tokens = numpy.vstack(self.arrays).astype(numpy.uint64)
        else:
            tokens = numpy.zeros((0, len(self.attrs)), dtype=numpy.uint64)
        msg = {
            "attrs": self.attrs,
            "tokens": tokens.tobytes(),
            "lengths": lengths.tobytes(),
            "strings": sorted(self.strings),
            "cats": self.cats,
            "user_data": self.user_data if self.store_user_data else None,
        }
        return zlib.compress(srsly.msgpack_dumps(msg))

    def from_bytes(self, data: bytes) -> "DocBin":
        """Replace the contents with serialised data; returns self.

        Raises ValueError (E041) unless the data is a complete, consistent DocBin.
        """
        try:
            msg = srsly.msgpack_loads(zlib.decompress(data))
            attrs = list(msg["attrs"])
            lengths = numpy.frombuffer(msg["lengths"], dtype=numpy.int64)
            tokens = numpy.frombuffer(msg["tokens"], dtype=numpy.uint64)
            tokens = tokens.reshape((-1, len(attrs)))
            strings, cats, user_data = msg["strings"], msg["cats"], msg["user_data"]
        except KeyError as error:
            raise ValueError(Errors.E041.format(error=f"no {error.args[0]!r} entry")) from None
        except Exception as error:
            raise ValueError(Errors.E041.format(error=error)) from None
        problem = _problem(attrs, lengths, tokens, strings, cats, user_data)
        if problem:
            raise ValueError(Errors.E041.format(error=problem))
        self.attrs = attrs
        bounds = numpy.cumsum(lengths)[:-1] if len(lengths) else []
        self.arrays = list(numpy.split(tokens, bounds)) if len(lengths) else []
        self.strings = set(strings)
        self.cats = list(cats)
        self.store_user_data = user_data is not None
        self.user_data = user_data or [None] * len(self.arrays)
        return self

    def to_disk(self, path: Union[str, Path]) -> None:
        """Write to_bytes output to a file."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.to_bytes())

    def from_disk(self, path: Union[str, Path]) -> "DocBin":
        """Read a file written by to_disk; returns self."""
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(Errors.E043.format(path=path))
        return self.from_bytes(path.read_bytes())


def _problem(attrs: List[int], lengths: numpy.ndarray, tokens: numpy.ndarray, strings: Any,
             cats: Any, user_data: Any) -> Optional[str]:
    """What is inconsistent in the parts of a serialised DocBin, or None."""
    n_docs = len(lengths)
    if ORTH not in attrs or SPACY not in attrs or not set(attrs) <= SETTABLE_ATTRS | {ORTH}:
        return f"attrs {attrs} need ORTH and SPACY and only attributes a Doc can take"
    if (lengths < 0).any() or int(lengths.sum()) != len(tokens):
        return "token count does not match the lengths"
    if not isinstance(strings, list) or not all(isinstance(s, str) for s in strings):
        return "strings is not a list of strings"
    if not isinstance(cats, list) or not all(isinstance(c, dict) for c in cats):
        return "cats is not a list of dicts"
    if len(cats) != n_docs:
        return f"cats has {len(cats)} entries for {n_docs} docs"
    if user_data is not None and (
        not isinstance(user_data, list)
        or len(user_data) != n_docs
        or not all(u is None or (isinstance(u, list) and len(u) == 2) for u in user_data)
    ):
        return f"user_data is not a list of {n_docs} entries of None or [keys, values]"
    return None
