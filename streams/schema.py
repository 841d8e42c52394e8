"""JSON Schemas (draft 2020-12) for every topic's record, generated from the records.

Consumers read ``schemas/<record>.v<N>.json``, never the Python; ``wirefeed schemas``
rewrites them and a test fails when the checked-in files and the code disagree.
"""

from __future__ import annotations

import re
import types
import typing
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from streams.records import INTERNAL_TOPIC_RECORDS, TOPIC_RECORDS, WireRecord

__all__ = ["SCHEMA_DIR", "generate", "record_schema", "schema_filename", "stale_files", "write"]

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_ID_BASE = "https://wirefeed.invalid/schemas/"


def schema_filename(record: type[WireRecord]) -> str:
    """``ContactAlert`` -> ``contact_alert.v1.json``."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", record.__name__).lower()
    return f"{snake}.v{record.schema_version}.json"


def _fields(record: type[WireRecord]) -> dict[str, Any]:
    hints = typing.get_type_hints(record)
    return {name: hints[name] for name in record._options.fields}


def _type_schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        members = [_type_schema(a, defs) for a in args if a is not type(None)]
        schema = members[0] if len(members) == 1 else {"anyOf": members}
        if type(None) in args:
            return {"anyOf": [schema, {"type": "null"}]}
        return schema
    if origin is list:
        return {"type": "array", "items": _type_schema(args[0], defs) if args else {}}
    if origin is dict:
        value = _type_schema(args[1], defs) if len(args) == 2 else {}
        return {"type": "object", "additionalProperties": value}
    if tp is Any:
        return {}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is datetime:
        return {"type": "string", "format": "date-time"}
    if isinstance(tp, type) and issubclass(tp, WireRecord):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # placeholder against recursion
            defs[tp.__name__] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    raise TypeError(f"no JSON Schema mapping for {tp!r}")


def _object_schema(record: type[WireRecord], defs: dict[str, Any]) -> dict[str, Any]:
    defaults = record._options.defaults
    properties: dict[str, Any] = {}
    for name, tp in _fields(record).items():
        prop = _type_schema(tp, defs)
        if name in defaults:
            prop = {**prop, "default": orjson.loads(orjson.dumps(defaults[name]))}
        properties[name] = prop
    return {
        "type": "object",
        "description": " ".join((record.__doc__ or "").split()),
        "properties": properties,
        "required": [n for n in properties if n not in defaults],
        "additionalProperties": False,
    }


def record_schema(record: type[WireRecord], topic: str | None = None) -> dict[str, Any]:
    """The full schema document of one record."""
    defs: dict[str, Any] = {}
    body = _object_schema(record, defs)
    doc: dict[str, Any] = {
        "$schema": _DIALECT,
        "$id": _ID_BASE + schema_filename(record),
        "title": record.__name__,
    }
    if topic:
        doc["x-topic"] = topic
    doc.update(body)
    if defs:
        doc["$defs"] = dict(sorted(defs.items()))
    return doc


def generate() -> dict[str, bytes]:
    """File name -> file bytes for every topic's record."""
    files: dict[str, bytes] = {}
    for topic, record in {**TOPIC_RECORDS, **INTERNAL_TOPIC_RECORDS}.items():
        text = orjson.dumps(record_schema(record, topic), option=orjson.OPT_INDENT_2)
        files[schema_filename(record)] = text + b"\n"
    return files


def write(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write every schema; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate().items():
        path = directory / name
        path.write_bytes(text)
        written.append(path)
    return written


def stale_files(directory: Path = SCHEMA_DIR) -> list[str]:
    """Schema files that are missing or differ from what the code generates."""
    stale = []
    for name, text in generate().items():
        path = directory / name
        if not path.exists() or path.read_bytes() != text:
            stale.append(name)
    return stale
