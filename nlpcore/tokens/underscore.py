"""Extension attributes: ``doc._.name``, ``token._.name``, ``span._.name``.

Values that are not computed (no getter, no method) live in ``doc.user_data``
under a key naming the extension and the object's character offsets, so they
travel with the Doc (DocBin, to_bytes) and survive Token/Span views being
recreated.
"""

import functools
from typing import Any, Callable, Dict, NamedTuple, Optional, Tuple

from ..errors import Errors

_NO_DEFAULT = object()


class Extension(NamedTuple):
    default: Any
    getter: Optional[Callable]
    setter: Optional[Callable]
    method: Optional[Callable]


class Underscore:
    """The ``_`` namespace of one Doc, Token or Span."""

    doc_extensions: Dict[str, Extension] = {}
    token_extensions: Dict[str, Extension] = {}
    span_extensions: Dict[str, Extension] = {}

    __slots__ = ("_extensions", "_obj", "_start", "_end")

    def __init__(self, extensions: Dict[str, Extension], obj: Any,
                 start: Optional[int] = None, end: Optional[int] = None):
        object.__setattr__(self, "_extensions", extensions)
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_start", start)
        object.__setattr__(self, "_end", end)

    def _extension(self, name: str) -> Extension:
        try:
            return self._extensions[name]
        except KeyError:
            kind = type(self._obj).__name__
            raise AttributeError(Errors.E052.format(obj=kind, name=name)) from None

    def _key(self, name: str) -> tuple:
        return ("._.", name, self._start, self._end)

    def _user_data(self) -> dict:
        obj = self._obj
        return obj.user_data if hasattr(obj, "user_data") else obj.doc.user_data

    def __getattr__(self, name: str) -> Any:
        ext = self._extension(name)
        if ext.getter is not None:
            return ext.getter(self._obj)
        if ext.method is not None:
            return functools.partial(ext.method, self._obj)
        return self._user_data().get(self._key(name), ext.default)

    def __setattr__(self, name: str, value: Any) -> None:
        ext = self._extension(name)
        if ext.setter is not None:
            ext.setter(self._obj, value)
        elif ext.getter is not None or ext.method is not None:
            kind = type(self._obj).__name__
            raise AttributeError(Errors.E053.format(obj=kind, name=name))
        else:
            self._user_data()[self._key(name)] = value

    def has(self, name: str) -> bool:
        return name in self._extensions

    def get(self, name: str) -> Any:
        return getattr(self, name)

    def set(self, name: str, value: Any) -> None:
        setattr(self, name, value)


def set_extension_for(registry: Dict[str, Extension], kind: str, name: str, *,
                      default: Any = _NO_DEFAULT, getter: Optional[Callable] = None,
                      setter: Optional[Callable] = None, method: Optional[Callable] = None,
                      force: bool = False) -> None:
    """Register an extension attribute in `registry` after validating it."""
    if name in registry and not force:
        raise ValueError(Errors.E050.format(name=name, obj=kind))
    given = sum([default is not _NO_DEFAULT, getter is not None, method is not None])
    if given != 1 or (setter is not None and getter is None):
        raise ValueError(Errors.E051.format(name=name))
    registry[name] = Extension(None if default is _NO_DEFAULT else default,
                               getter, setter, method)


def extension_classmethods(registry: Dict[str, Extension], kind: str) -> Tuple[classmethod, ...]:
    """set_extension, get_extension, has_extension and remove_extension for a class."""

    def set_extension(cls, name: str, **kwargs: Any) -> None:
        """Register `obj._.name` (default=, getter=, setter=, method=, force=)."""
        set_extension_for(registry, kind, name, **kwargs)

    def get_extension(cls, name: str) -> Optional[Extension]:
        return registry.get(name)

    def has_extension(cls, name: str) -> bool:
        return name in registry

    def remove_extension(cls, name: str) -> Extension:
        return registry.pop(name)

    return tuple(map(classmethod, (set_extension, get_extension, has_extension,
                                   remove_extension)))
