"""Frozen dataclasses to JSON-able data and back, driven by their type hints.

The cache stores facts as JSON rather than pickle: a cache file is data found on disk, and
unpickling it would run whatever it says.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from collections.abc import Callable, Collection, Mapping
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

from coupling.cache.store import digest

T = TypeVar("T")

JSON = dict[str, Any] | list[Any] | str | int | float | bool | None


_PLAIN = (str, int, float, bool, type(None))  # exactly these types: no enum, no subclass


def to_data(value: object, *, compact: bool = False) -> JSON:
    """Dataclasses become dicts (lists of their fields in order when `compact`: what the
    cache stores, half the size and twice as fast to read), tuples lists, mappings sorted
    lists of [key, value], sets sorted lists, paths strings; scalars stay as they are."""
    if type(value) in _PLAIN:  # most values: checked first, and by type alone
        return value  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _field_names(type(value))
        if compact:
            return [to_data(getattr(value, name), compact=True) for name in names]
        return {name: to_data(getattr(value, name)) for name in names}
    if isinstance(value, tuple | list | Mapping | frozenset | set):
        return _collection_data(value, compact)
    if isinstance(value, Path):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot serialise {type(value).__name__}")


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def _collection_data(value: Collection[Any], compact: bool) -> JSON:
    if isinstance(value, tuple | list):
        return [to_data(item, compact=compact) for item in value]
    if isinstance(value, Mapping):
        pairs = [
            [to_data(k, compact=compact), to_data(v, compact=compact)] for k, v in value.items()
        ]
        return sorted(pairs, key=_order)
    return sorted((to_data(item, compact=compact) for item in value), key=_order)


def _order(item: JSON) -> str:
    """Sets and mappings are written sorted: the same value, the same text."""
    return json.dumps(item, sort_keys=True)


def from_data(cls: type[T], data: Any, *, compact: bool = False) -> T:
    """Rebuild `cls` from `to_data` output. Raises ValueError on data of the wrong shape."""
    decode: Decoder = _decoder(typing.cast(Any, cls), compact)
    return typing.cast(T, decode(data))


def sealed(value: object) -> str:
    """`value` as a cache result keeps it: the digest of its compact JSON, then the JSON."""
    text = json.dumps(to_data(value, compact=True), separators=(",", ":"))
    return f"{digest(text.encode())}:{text}"


def unsealed(cls: type[T], stored: str) -> T | None:
    """What `sealed` wrote, decoded without checking each value (its digest proves the text
    is what this version wrote); None for a text that is not (damaged, another version)."""
    said, _colon, text = stored.partition(":")
    if said != digest(text.encode()):
        return None
    try:
        return from_trusted(cls, json.loads(text))
    except (ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None


def from_trusted(cls: type[T], data: Any) -> T:
    """Rebuild `cls` from compact `to_data` output that is known to be exactly what
    `to_data` wrote (its digest matched), without checking every value: the warm path of
    `coupling check` decodes some 20,000 records."""
    decode: Decoder = _trusted(typing.cast(Any, cls))
    return typing.cast(T, decode(data))


Decoder = Callable[[Any], Any]


@functools.cache
def _trusted(tp: Any) -> Decoder:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        return _trusted_union(tp)
    if origin in (tuple, Mapping, dict, frozenset):
        return _trusted_collection(origin, typing.get_args(tp))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _trusted_dataclass(tp)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return tp._value2member_map_.__getitem__  # a dict lookup: Kind(value) costs 10 times more
    return Path if tp is Path else _same


def _trusted_collection(origin: Any, args: tuple[Any, ...]) -> Decoder:
    if origin is tuple:
        return _trusted_tuple(args)
    if origin is frozenset:
        item = _trusted(args[0])
        return lambda data: frozenset(map(item, data))
    return _mapping_decoder(args, _trusted)


def _trusted_union(tp: Any) -> Decoder:
    if _scalar_types(tp) is not None:
        return _same
    inner = [arg for arg in typing.get_args(tp) if arg is not type(None)]
    if len(inner) != 1:
        return _decoder(tp, True)  # which member it is must be tried
    decode = _trusted(inner[0])
    return lambda data: None if data is None else decode(data)


def _trusted_tuple(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        if args[0] in (str, int, bool):
            return tuple
        item = _trusted(args[0])
        return lambda data: tuple(map(item, data))
    items = [_trusted(arg) for arg in args]
    return lambda data: tuple(d(v) for d, v in zip(items, data, strict=True))


def _trusted_dataclass(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    fields = [
        None if _scalar_types(hints[name]) is not None else _trusted(hints[name]) for name in names
    ]
    new = object.__new__
    # Built as unpickling builds them (no __init__, the fields set at once): a frozen
    # dataclass's __init__ sets each field through object.__setattr__, a third of the time.

    if "__slots__" in cls.__dict__:
        return _trusted_slotted(cls, names, fields)

    def plain(data: Any) -> Any:
        record: Any = new(cls)
        record.__dict__.update(zip(names, data, strict=True))
        return record

    def nested(data: Any) -> Any:
        record: Any = new(cls)
        values = [
            value if field is None else field(value)
            for field, value in zip(fields, data, strict=True)
        ]
        record.__dict__.update(zip(names, values, strict=True))
        return record

    return plain if all(field is None for field in fields) else nested


def _trusted_slotted(cls: type, names: list[str], fields: list[Decoder | None]) -> Decoder:
    """The same for records with __slots__ (the many small facts of each file): each field
    set through its slot, which a frozen dataclass's __setattr__ does not guard."""
    setters = [
        (getattr(cls, name).__set__, field) for name, field in zip(names, fields, strict=True)
    ]
    new = object.__new__

    def slotted(data: Any) -> Any:
        record: Any = new(cls)
        for (put, field), value in zip(setters, data, strict=True):
            put(record, value if field is None else field(value))
        return record

    return slotted


def _same(data: Any) -> Any:
    return data


@functools.cache
def _decoder(tp: Any, compact: bool) -> Decoder:
    """A decoder built once per type: the warm cache decodes thousands of files per scan."""
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        return _union_decoder(typing.get_args(tp), compact)
    if origin is tuple:
        return _tuple_decoder(typing.get_args(tp), compact)
    if origin in (Mapping, dict):
        return _mapping_decoder(typing.get_args(tp), lambda arg: _decoder(arg, compact))
    if origin is frozenset:
        return _set_decoder(_decoder(typing.get_args(tp)[0], compact))
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return _compact_decoder(tp) if compact else _dataclass_decoder(tp)
    return _scalar_decoder(tp)


def _compact_decoder(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    fields = [
        (_scalar_types(hints[f.name]), _decoder(hints[f.name], True))
        for f in dataclasses.fields(cls)
    ]
    count = len(fields)

    def decode(data: Any) -> Any:
        if type(data) is not list or len(data) != count:
            raise ValueError(f"expected {count} fields for {cls.__name__}")
        return cls(
            *[
                value if scalar is not None and type(value) in scalar else field(value)
                for (scalar, field), value in zip(fields, data, strict=True)
            ]
        )

    return decode


def _dataclass_decoder(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    # Scalar fields are checked inline (a type test, no call): this loop runs for every
    # import of every cached file.
    fields = [
        (f.name, _scalar_types(hints[f.name]), _decoder(hints[f.name], False))
        for f in dataclasses.fields(cls)
    ]

    def decode(data: Any) -> Any:
        if type(data) is not dict:
            raise ValueError(f"expected an object for {cls.__name__}")
        values = {}
        for name, scalar, field in fields:
            if name not in data:
                continue
            value = data[name]
            if scalar is not None and type(value) in scalar:
                values[name] = value
            else:
                values[name] = field(value)
        return cls(**values)

    return decode


def _scalar_types(tp: Any) -> frozenset[type] | None:
    """The exact JSON types that need no conversion for a field of type `tp`, if any."""
    allowed = (
        set(typing.get_args(tp))
        if typing.get_origin(tp) in (types.UnionType, typing.Union)
        else {tp}
    )
    plain = {t for t in allowed if t in (str, int, bool, type(None))}
    return frozenset(plain) if plain == allowed else None


def _tuple_decoder(args: tuple[Any, ...], compact: bool) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        if args[0] in (str, int):
            kind = args[0]

            def decode_scalars(data: Any) -> Any:
                # map/set run in C: these lists (a file's statement lines) can be long.
                if type(data) is not list or not set(map(type, data)) <= {kind}:
                    raise ValueError(f"expected a list of {kind.__name__}")
                return tuple(data)

            return decode_scalars
        item = _decoder(args[0], compact)

        def decode_many(data: Any) -> Any:
            if type(data) is not list:
                raise ValueError(f"expected a list, got {type(data).__name__}")
            return tuple(map(item, data))

        return decode_many
    items = [_decoder(arg, compact) for arg in args]

    def decode_fixed(data: Any) -> Any:
        if not isinstance(data, list) or len(data) != len(items):
            raise ValueError(f"expected a list of {len(items)}")
        return tuple(decode(value) for decode, value in zip(items, data, strict=True))

    return decode_fixed


def _mapping_decoder(args: tuple[Any, ...], decoder: Callable[[Any], Decoder]) -> Decoder:
    key, value = decoder(args[0]), decoder(args[1])

    def decode(data: Any) -> Any:
        if type(data) is not list:
            raise ValueError(f"expected a list of [key, value], got {type(data).__name__}")
        return {key(k): value(v) for k, v in data}

    return decode


def _set_decoder(item: Decoder) -> Decoder:
    def decode(data: Any) -> Any:
        if type(data) is not list:
            raise ValueError(f"expected a list, got {type(data).__name__}")
        return frozenset(map(item, data))

    return decode


def _union_decoder(args: tuple[Any, ...], compact: bool) -> Decoder:
    optional = type(None) in args
    choices = [_decoder(arg, compact) for arg in args if arg is not type(None)]

    def decode(data: Any) -> Any:
        if data is None and optional:
            return None
        for choice in choices:
            try:
                return choice(data)
            except ValueError:
                continue
        raise ValueError(f"{data!r} fits none of {args}")

    return decode


def _scalar_decoder(tp: Any) -> Decoder:
    if tp is Path:
        return _checked(str, Path)
    if isinstance(tp, type) and issubclass(tp, Enum):
        return _member_decoder(tp)
    if tp is float:
        return lambda data: float(data) if type(data) in (int, float) else _wrong(tp, data)
    if tp in (str, int, bool):
        return _checked(tp, lambda data: data)
    raise TypeError(f"cannot decode {tp!r}")


def _member_decoder(kind: type[Enum]) -> Decoder:
    members = kind._value2member_map_

    def decode(data: Any) -> Any:
        if type(data) is not str or data not in members:
            raise ValueError(f"expected one of {', '.join(map(str, members))}, got {data!r}")
        return members[data]

    return decode


def _checked(expected: type, build: Callable[[Any], Any]) -> Decoder:
    # type(), not isinstance(): a bool must not pass for an int.
    return lambda data: build(data) if type(data) is expected else _wrong(expected, data)


def _wrong(expected: Any, data: Any) -> Any:
    raise ValueError(f"expected {getattr(expected, '__name__', expected)}, got {data!r}")
