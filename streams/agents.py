"""Faust agents: thin wiring that moves bytes between topics and calls the stage code.

Each agent decodes its input itself, so a message that does not decode, or that its
stage rejects, goes to ``wire.deadletter`` with the reason while the agent goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

import orjson

from streams import codec, topics
from streams.pipeline import DedupState, Stage, apply_stage, build_stages, utcnow
from streams.records import ContactAlert, DeadLetter, DuplicateRecord

if TYPE_CHECKING:
    from streams.app import Wiring

__all__ = ["JsonTable", "register"]

log = logging.getLogger(__name__)


class JsonTable(MutableMapping[str, Any]):
    """A Faust table seen as a mapping of JSON values (the table itself holds bytes)."""

    def __init__(self, table: Any) -> None:
        self._table = table

    def __getitem__(self, key: str) -> Any:
        raw = self._table[key]
        if raw is None:
            raise KeyError(key)
        return orjson.loads(raw)

    def __setitem__(self, key: str, value: Any) -> None:
        self._table[key] = orjson.dumps(value)

    def __delitem__(self, key: str) -> None:
        del self._table[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


def register(wiring: Wiring) -> None:
    """Declare the tables and one agent per stage on ``wiring.app``."""
    app, settings = wiring.app, wiring.settings
    alert_table = _table(
        app, "alert-state", settings, "pair of leaders -> its alerts and known contacts"
    )
    dedup_state = DedupState(
        versions=JsonTable(
            _table(app, "dedup-versions", settings, "item id -> its text's hash and version")
        ),
        buckets=JsonTable(
            _table(app, "dedup-buckets", settings, "bucket key -> earliest items in it")
        ),
        pending=JsonTable(_table(app, "dedup-pending", settings, "item id -> answers so far")),
    )
    stages = build_stages(settings, dedup_state=dedup_state, alert_state=JsonTable(alert_table))
    for stage in stages:
        _register_stage(wiring, stage)
    _register_lag(wiring)


#: How often the consumer lag gauge is refreshed (seconds).
LAG_EVERY_S = 5.0


def _register_lag(wiring: Wiring) -> None:
    """Consumer lag per assigned partition: the partition's end minus the next read."""
    lag = wiring.metrics.consumer_lag

    async def track_lag() -> None:
        consumer = wiring.app.consumer
        for tp in consumer.assignment():
            try:
                end = consumer.highwater(tp)
                position = await consumer.position(tp)
            except Exception:  # not fetched yet, or being reassigned: next time
                continue
            if end is not None and position is not None:
                lag.labels(tp.topic, str(tp.partition)).set(max(end - position, 0))

    wiring.app.timer(interval=LAG_EVERY_S, name="streams.agents.track_lag")(track_lag)


def _table(app: Any, name: str, settings: Any, help_text: str) -> Any:
    """A changelogged table of JSON bytes; writes go to the current event's partition."""
    return app.Table(
        name,
        default=None,
        key_type=str,
        value_type=bytes,
        partitions=settings.partitions,
        help=help_text,
    )


def _register_stage(wiring: Wiring, stage: Stage) -> None:
    metrics = wiring.metrics
    source = wiring.topics[stage.source]
    deadletter_topic = wiring.topics[topics.DEADLETTER]

    async def agent(stream: Any) -> None:
        async for event in stream.events():
            message = event.message
            metrics.items_in.labels(stage.name).inc()
            key = message.key.decode("utf-8", "replace") if message.key else ""
            with metrics.stage_seconds.labels(stage.name).time():
                result = apply_stage(
                    stage,
                    message.value,
                    key=key,
                    now=utcnow(),
                    topic=message.topic,
                    partition=message.partition,
                    offset=message.offset,
                )
            if isinstance(result, DeadLetter):
                log.warning("%s: dead-lettered %s (%s)", stage.name, result.item_id, result.error)
                metrics.deadletters.labels(stage.name, result.reason).inc()
                metrics.items_out.labels(stage.name, "deadletter").inc()
                await deadletter_topic.send(
                    key=result.item_id.encode("utf-8"), value=codec.dumps(result)
                )
                continue
            if not result:
                metrics.items_out.labels(stage.name, "none").inc()
            for out in result:
                metrics.items_out.labels(stage.name, "published").inc()
                _observe(wiring, out.record)
                await wiring.topics[out.topic].send(
                    key=out.key.encode("utf-8"),
                    value=codec.dumps(out.record),
                    partition=out.partition,
                )
            if stage.after is not None:
                try:
                    stage.after(message.partition)
                except Exception:  # housekeeping must never stop the stream
                    log.exception("%s: housekeeping failed; will retry later", stage.name)

    agent.__name__ = f"{stage.name}_agent"
    agent.__qualname__ = agent.__name__
    wiring.app.agent(source, name=f"streams.agents.{stage.name}")(agent)


def _observe(wiring: Wiring, record: Any) -> None:
    metrics = wiring.metrics
    if isinstance(record, DuplicateRecord):
        metrics.duplicates.labels(record.kind).inc()
    elif isinstance(record, ContactAlert):
        metrics.alerts.labels(record.type, record.kind).inc()
        if record.kind == "new":
            latency = (record.detected_at - record.first_received_at).total_seconds()
            metrics.e2e_latency.observe(max(latency, 0.0))
