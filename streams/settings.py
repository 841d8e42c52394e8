"""Every setting of wirefeed, read once from ``WIREFEED_*`` environment variables.

Each field documents its variable and default where it is declared, so that this file is
the one reference for operators (the README table is generated from it by
``wirefeed settings``).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_type_hints

__all__ = ["ENV_PREFIX", "Settings", "SettingsError"]

ENV_PREFIX = "WIREFEED_"


class SettingsError(ValueError):
    """A ``WIREFEED_*`` variable holds a value that cannot be used."""


def _doc(text: str) -> dict[str, str]:
    return {"doc": text}


@dataclass(frozen=True, slots=True)
class Settings:
    """Typed, immutable settings; build with :meth:`from_env`."""

    broker: str = field(
        default="kafka://127.0.0.1:9092",
        metadata=_doc("Kafka bootstrap servers, comma separated, as kafka://host:port."),
    )
    app_id: str = field(
        default="wirefeed",
        metadata=_doc("Faust application id: consumer group and prefix of internal topics."),
    )
    topic_prefix: str = field(
        default="",
        metadata=_doc("Prefix for every topic name (isolates test runs on a shared broker)."),
    )
    partitions: int = field(
        default=4,
        metadata=_doc(
            "Partitions of each topic wirefeed creates; the most workers that share work."
        ),
    )
    replication: int = field(
        default=1,
        metadata=_doc("Replication factor of the topics wirefeed creates."),
    )
    data_dir: Path = field(
        default=Path(".wirefeed"),
        metadata=_doc("Where the worker keeps table state and the local broker its data and logs."),
    )
    store: str = field(
        default="rocksdb://",
        metadata=_doc("Faust table store: rocksdb:// (durable, default) or memory://."),
    )
    processing_guarantee: str = field(
        default="at_least_once",
        metadata=_doc("Faust processing guarantee: at_least_once or exactly_once."),
    )
    pipeline: str = field(
        default="full",
        metadata=_doc(
            "full: every stage; passthrough: agents forward raw -> clean -> unique -> tagged "
            "unchanged (the baseline of `wirefeed bench`)."
        ),
    )
    web_host: str = field(
        default="127.0.0.1",
        metadata=_doc("Address of the worker's web server (HTTP ingest, /metrics)."),
    )
    web_port: int = field(
        default=6066,
        metadata=_doc("Port of the worker's web server."),
    )
    max_item_bytes: int = field(
        default=900_000,
        metadata=_doc(
            "Largest raw item accepted; larger ones are refused (HTTP 413) or dead-lettered."
        ),
    )
    max_request_bytes: int = field(
        default=8_000_000,
        metadata=_doc("Largest HTTP ingest request (one item or a batch); larger ones get 413."),
    )
    dedup_threshold: float = field(
        default=0.8,
        metadata=_doc(
            "Estimated Jaccard similarity of word shingles from which an item is a near duplicate."
        ),
    )
    dedup_window_days: float = field(
        default=7.0,
        metadata=_doc(
            "Days of publication time that dedup remembers an item (state expires after)."
        ),
    )
    dedup_match_hours: float = field(
        default=72.0,
        metadata=_doc("Largest gap in publication time between an item and the one it repeats."),
    )
    dedup_bucket_cap: int = field(
        default=32,
        metadata=_doc("Items kept per dedup bucket, so boilerplate cannot make hot keys."),
    )
    kafka_version: str = field(
        default="3.9.1",
        metadata=_doc("Apache Kafka version that `wirefeed broker` resolves from Maven Central."),
    )
    broker_port: int = field(
        default=9092,
        metadata=_doc("Client port of the local broker started by `wirefeed broker start`."),
    )
    controller_port: int = field(
        default=9093,
        metadata=_doc("KRaft controller port of the local broker."),
    )
    broker_heap: str = field(
        default="512m",
        metadata=_doc("Java heap (-Xmx and -Xms) of the local broker."),
    )
    broker_start_timeout: float = field(
        default=90.0,
        metadata=_doc("Seconds `wirefeed broker start` waits for the broker to answer."),
    )
    cache_dir: Path = field(
        default=Path.home() / ".cache" / "wirefeed",
        metadata=_doc("Where resolved Kafka jars are cached between runs."),
    )

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Read ``WIREFEED_<FIELD>`` variables; unknown ``WIREFEED_*`` names are errors."""
        env = os.environ if environ is None else environ
        hints = get_type_hints(cls)
        known = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(
            name
            for name in env
            if name.startswith(ENV_PREFIX) and name[len(ENV_PREFIX) :].lower() not in known
        )
        if unknown:
            raise SettingsError(f"unknown setting {unknown[0]} (see `wirefeed settings`)")
        values: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            name = ENV_PREFIX + f.name.upper()
            if name in env:
                values[f.name] = _parse(name, env[name], hints[f.name])
        values.update(overrides)
        settings = cls(**values)
        settings.validate()
        return settings

    def validate(self) -> None:
        """Reject values that would only fail later, far from their cause."""
        if not self.broker.strip():
            raise SettingsError("WIREFEED_BROKER is empty")
        for name in ("partitions", "replication", "max_item_bytes", "max_request_bytes"):
            if getattr(self, name) < 1:
                raise SettingsError(f"{ENV_PREFIX}{name.upper()} must be at least 1")
        for name in ("web_port", "broker_port", "controller_port"):
            if not 0 < getattr(self, name) < 65536:
                raise SettingsError(f"{ENV_PREFIX}{name.upper()} must be a TCP port (1-65535)")
        if self.broker_port == self.controller_port:
            raise SettingsError("WIREFEED_BROKER_PORT and WIREFEED_CONTROLLER_PORT must differ")
        if self.store.split("://")[0] not in ("rocksdb", "memory"):
            raise SettingsError("WIREFEED_STORE must be rocksdb:// or memory://")
        if self.processing_guarantee not in ("at_least_once", "exactly_once"):
            raise SettingsError(
                "WIREFEED_PROCESSING_GUARANTEE must be at_least_once or exactly_once"
            )
        if self.pipeline not in ("full", "passthrough"):
            raise SettingsError("WIREFEED_PIPELINE must be full or passthrough")
        if not 0 < self.dedup_threshold <= 1:
            raise SettingsError("WIREFEED_DEDUP_THRESHOLD must be in (0, 1]")
        if self.dedup_window_days <= 0 or self.dedup_match_hours <= 0:
            raise SettingsError("WIREFEED_DEDUP_WINDOW_DAYS and _MATCH_HOURS must be positive")
        if self.dedup_match_hours > self.dedup_window_days * 24:
            raise SettingsError("WIREFEED_DEDUP_MATCH_HOURS cannot exceed the dedup window")
        if self.dedup_bucket_cap < 1:
            raise SettingsError("WIREFEED_DEDUP_BUCKET_CAP must be at least 1")
        if self.broker_start_timeout <= 0:
            raise SettingsError("WIREFEED_BROKER_START_TIMEOUT must be positive")

    @property
    def bootstrap_servers(self) -> str:
        """The broker list as aiokafka wants it (host:port,host:port)."""
        return ",".join(
            part.strip().removeprefix("kafka://") for part in self.broker.split(",") if part.strip()
        )

    def topic(self, name: str) -> str:
        """The real topic name for a DESIGN.md topic name."""
        return f"{self.topic_prefix}{name}"

    @classmethod
    def describe(cls) -> list[tuple[str, str, str]]:
        """(variable, default, meaning) for every setting, for docs and ``wirefeed settings``."""
        rows = []
        for f in dataclasses.fields(cls):
            default = f.default
            shown = "~/.cache/wirefeed" if f.name == "cache_dir" else str(default)
            rows.append((ENV_PREFIX + f.name.upper(), shown, f.metadata["doc"]))
        return rows


def _parse(name: str, raw: str, kind: Any) -> Any:
    value = raw.strip()
    try:
        if kind is int:
            return int(value.replace("_", ""))
        if kind is float:
            return float(value)
        if kind is Path:
            if not value:
                raise ValueError("empty path")
            return Path(value).expanduser()
        return value
    except ValueError as exc:
        raise SettingsError(f"{name}={raw!r}: {exc}") from None
