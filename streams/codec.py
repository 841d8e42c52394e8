"""orjson for every record: the one way bytes on a topic become records and back.

Faust knows the codec as ``orjson`` (records name it as their serializer); the agents,
the replay command and the tests call :func:`dumps` and :func:`loads` directly.
"""

from __future__ import annotations

from typing import Any, TypeVar

import orjson
from faust.serializers import codecs

__all__ = ["DecodeError", "OrjsonCodec", "dumps", "loads", "to_json_dict"]

T = TypeVar("T")

_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NAIVE_UTC


class DecodeError(ValueError):
    """Bytes that are not a valid record of the expected type."""


def _default(obj: Any) -> Any:
    to_repr = getattr(obj, "to_representation", None)
    if to_repr is not None:
        return to_repr()
    if isinstance(obj, set | frozenset):
        return sorted(obj)
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def dumps(obj: Any) -> bytes:
    """Serialise a record (or plain data holding records) to compact JSON bytes."""
    return orjson.dumps(obj, default=_default, option=_OPTIONS)


def to_json_dict(obj: Any) -> Any:
    """The plain JSON value of a record, as a consumer reading the topic would see it."""
    return orjson.loads(dumps(obj))


def loads(record_type: type[T], data: bytes | str) -> T:
    """Parse bytes into ``record_type``; any failure is a :class:`DecodeError` with the cause."""
    try:
        value = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        raise DecodeError(f"invalid JSON: {exc}") from None
    if not isinstance(value, dict):
        raise DecodeError(f"expected a JSON object, got {type(value).__name__}")
    try:
        return record_type.from_data(value)  # type: ignore[attr-defined,no-any-return]
    except (TypeError, ValueError, KeyError) as exc:
        raise DecodeError(f"not a {record_type.__name__}: {exc}") from None


class OrjsonCodec(codecs.Codec):
    """Faust codec so that tables and Faust-serialised values use orjson too."""

    def _dumps(self, obj: Any) -> bytes:
        return dumps(obj)

    def _loads(self, s: bytes) -> Any:
        return orjson.loads(s)


codecs.register("orjson", OrjsonCodec())
