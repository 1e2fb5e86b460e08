"""Vectors: a NumPy table of static word vectors keyed by lexeme hash."""

from pathlib import Path
from typing import Any, Iterable, Optional, Tuple, Union

import numpy
import srsly

from .errors import Errors
from .sorted_keys import find_sorted


class Vectors:
    """Rows of a float32 table, each keyed by a uint64 string hash.

    data: (n, width) array or None (an empty table); keys: one key per row.
    """

    def __init__(self, data: Optional[numpy.ndarray] = None, keys: Optional[Iterable[int]] = None):
        data = numpy.zeros((0, 0), dtype=numpy.float32) if data is None else data
        keys = [] if keys is None else keys
        self.data = numpy.ascontiguousarray(data, dtype=numpy.float32)
        self.keys = numpy.asarray(
            list(keys) if not isinstance(keys, numpy.ndarray) else keys, dtype=numpy.uint64
        )
        if self.data.ndim != 2 or len(self.keys) != self.data.shape[0]:
            raise ValueError(Errors.E277.format(shape=self.data.shape, n_keys=len(self.keys)))
        self._reindex()

    def _reindex(self) -> None:
        self._order = numpy.argsort(self.keys, kind="stable")
        self._sorted = self.keys[self._order]
        self._copy: Optional[Tuple[numpy.ndarray, Any, Any]] = None

    def data_on(self, xp: Any) -> Any:
        """The table as an array of module `xp`: `data` itself for NumPy, else a copy
        (a device copy for CuPy) made once and kept until the table changes."""
        if xp is numpy:
            return self.data
        if self._copy is None or self._copy[0] is not self.data or self._copy[1] is not xp:
            self._copy = (self.data, xp, xp.asarray(self.data))
        return self._copy[2]

    @property
    def shape(self):
        return self.data.shape

    def __len__(self) -> int:
        return self.data.shape[0]

    def __contains__(self, key: int) -> bool:
        return bool(self.find(numpy.asarray([key], dtype=numpy.uint64))[0] >= 0)

    def __getitem__(self, key: int) -> numpy.ndarray:
        row = int(self.find(numpy.asarray([key], dtype=numpy.uint64))[0])
        if row < 0:
            raise KeyError(Errors.E001.format(key=key))
        return self.data[row]

    def add(self, key: int, vector) -> int:
        """Set the vector of `key` (a new row if unseen); returns its row."""
        vector = numpy.asarray(vector, dtype=numpy.float32).ravel()
        if len(self) and vector.shape[0] != self.data.shape[1]:
            raise ValueError(Errors.E270.format(width=vector.shape[0], expected=self.data.shape[1]))
        row = int(self.find(numpy.asarray([key], dtype=numpy.uint64))[0])
        if row >= 0:
            self.data[row] = vector
            self._copy = None
            return row
        self.data = numpy.vstack([self.data.reshape((-1, vector.shape[0])), vector[None]])
        self.keys = numpy.append(self.keys, numpy.uint64(key))
        self._reindex()
        return len(self) - 1

    def find(self, keys) -> numpy.ndarray:
        """Row of each key (int64), -1 where a key has no vector."""
        keys = numpy.asarray(keys, dtype=numpy.uint64)
        if len(self) == 0:
            return numpy.full(keys.shape, -1, dtype=numpy.int64)
        pos, found = find_sorted(self._sorted, keys)
        return numpy.where(found, self._order[pos], -1).astype(numpy.int64)

    def to_bytes(self) -> bytes:
        return srsly.msgpack_dumps({"data": self.data, "keys": self.keys})

    def from_bytes(self, data: bytes) -> "Vectors":
        msg = srsly.msgpack_loads(data)
        self.__init__(msg["data"], msg["keys"])
        return self

    def to_disk(self, path: Union[str, Path]) -> None:
        """Write vectors.npy and vectors.keys.npy into the directory `path`."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        numpy.save(path / "vectors.npy", self.data)
        numpy.save(path / "vectors.keys.npy", self.keys)

    def from_disk(self, path: Union[str, Path]) -> "Vectors":
        path = Path(path)
        if (path / "vectors.npy").exists():
            self.__init__(numpy.load(path / "vectors.npy"), numpy.load(path / "vectors.keys.npy"))
        return self
