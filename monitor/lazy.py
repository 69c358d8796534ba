"""Values made on first use: package attributes whose modules are costly to import, and
attributes of objects that only some callers read."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, Generic, Self, TypeVar, overload

T = TypeVar("T")


def lazy_exports(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` that imports `package.<module>` when `name` is first used.

    `exports` maps each public name to the submodule that defines it.
    """

    def __getattr__(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{exports[name]}"), name)
        setattr(importlib.import_module(package), name, value)
        return value

    return __getattr__


class once(Generic[T]):  # noqa: N801 (a decorator, named like functools.cached_property)
    """functools.cached_property without its lock, for objects that one thread reads.

    Python 3.11's cached_property takes a lock shared by every instance on each first read;
    the readers make a few such objects for every posting they read, where that lock cost
    more than most of the values it guarded. Like it, the value lands in the instance's
    __dict__, so later reads do not come here at all.
    """

    def __init__(self, make: Callable[[Any], T]) -> None:
        self.make = make
        self.name = make.__name__
        self.__doc__ = make.__doc__

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> Self: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> Self | T:
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.make(instance)
        return value
