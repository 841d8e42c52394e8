"""Faust agents: thin wiring that moves bytes between topics and calls the stage code.

Each agent decodes its input itself, so a message that does not decode, or that its
stage rejects, goes to ``wire.deadletter`` with the reason while the agent goes on.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

import orjson
from aiokafka import AIOKafkaConsumer

from streams import codec, topics
from streams.dedup import Deduplicator
from streams.pipeline import (
    DedupState,
    Stage,
    apply_stage,
    build_stages,
    make_deduplicator,
    utcnow,
)
from streams.records import ContactAlert, DeadLetter, DedupProbe, DuplicateRecord

if TYPE_CHECKING:
    from streams.app import Wiring

__all__ = ["DedupIndex", "JsonTable", "register"]

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
    _register_lag(wiring)
    if settings.pipeline == "passthrough":
        for source, target in PASSTHROUGH:
            _register_passthrough(wiring, source, target)
        return
    alert_table = _table(
        app, "alert-state", settings, "pair of leaders -> its alerts and known contacts"
    )
    dedup_state = DedupState(
        versions=JsonTable(
            _table(app, "dedup-versions", settings, "item id -> its text's hash and version")
        ),
        decisions=JsonTable(
            _table(app, "dedup-decisions", settings, "done|item id -> dedup's decision")
        ),
    )
    deduplicator = make_deduplicator(settings, dedup_state)
    index = DedupIndex(wiring, deduplicator)
    stages = build_stages(settings, deduplicator=deduplicator, alert_state=JsonTable(alert_table))
    for stage in stages:
        _register_stage(wiring, stage, gate=index.ready if stage.name == "dedup" else None)


class DedupIndex:
    """This worker's replica of dedup's bucket index, kept whole from ``wire.dedup-index``.

    Every worker reads every partition of the topic (no consumer group): at start from
    the beginning, so that a restarted worker knows what was seen before; the dedup agent
    waits for that catch-up before its first decision. Then it follows the topic, so that a
    copy checked on another worker meets its original here within a fetch (``FETCH_WAIT_MS``).
    """

    FETCH_WAIT_MS = 20

    def __init__(self, wiring: Wiring, deduplicator: Deduplicator) -> None:
        self.wiring = wiring
        self.deduplicator = deduplicator
        self.ready = asyncio.Event()
        self.registered = 0
        wiring.app.task(self.follow)

    async def follow(self) -> None:
        """Read the index for ever; after a failure, again from the start (idempotent)."""
        while True:
            try:
                await self._follow()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("dedup index: reading failed; starting over in 1 s")
                await asyncio.sleep(1.0)

    async def _follow(self) -> None:
        settings = self.wiring.settings
        name = settings.topic(topics.DEDUP_INDEX)
        consumer = AIOKafkaConsumer(
            bootstrap_servers=settings.bootstrap_servers,
            group_id=None,
            enable_auto_commit=False,
            fetch_max_wait_ms=self.FETCH_WAIT_MS,
        )
        await consumer.start()
        try:
            partitions = await topics.topic_partitions(settings.bootstrap_servers, [name])
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            ends = await consumer.end_offsets(partitions)
            behind = set(partitions)
            started = time.monotonic()
            while True:
                if behind:
                    behind = {tp for tp in behind if await consumer.position(tp) < ends[tp]}
                    if not behind and not self.ready.is_set():
                        self.ready.set()
                        log.info(
                            "dedup index: %d entries read in %.1f s",
                            self.registered,
                            time.monotonic() - started,
                        )
                batch = await consumer.getmany(timeout_ms=200, max_records=5000)
                for messages in batch.values():
                    for message in messages:
                        self._register(message.value)
        finally:
            await consumer.stop()

    def _register(self, value: bytes | None) -> None:
        try:
            self.deduplicator.register(codec.loads(DedupProbe, value or b""))
        except Exception:  # one bad entry must not stop the index
            log.exception("dedup index: skipped an entry it cannot read")
            return
        self.registered += 1


#: The topics every item crosses, for the pass-through baseline of ``wirefeed bench``.
PASSTHROUGH = (
    (topics.RAW, topics.CLEAN),
    (topics.CLEAN, topics.UNIQUE),
    (topics.UNIQUE, topics.TAGGED),
)


def _register_passthrough(wiring: Wiring, source: str, target: str) -> None:
    """An agent that forwards every message unchanged: Kafka and Faust's cost, no stage's."""
    metrics = wiring.metrics
    out = wiring.topics[target]
    name = f"passthrough-{source}"
    # Labelled once, as the stages' agents do, so that the baseline pays what they pay.
    items_in = metrics.items_in.labels(name)
    out_published = metrics.items_out.labels(name, "published")

    async def agent(stream: Any) -> None:
        async for event in stream.events():
            message = event.message
            items_in.inc()
            await out.send(key=message.key, value=message.value)
            out_published.inc()

    agent.__name__ = agent.__qualname__ = f"passthrough_{source.replace('.', '_')}_agent"
    wiring.app.agent(wiring.topics[source], name=f"streams.agents.{name}")(agent)


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


def _register_stage(wiring: Wiring, stage: Stage, gate: asyncio.Event | None = None) -> None:
    """One agent for ``stage``; with a ``gate``, it waits for the gate before its first event."""
    metrics = wiring.metrics
    source = wiring.topics[stage.source]
    deadletter_topic = wiring.topics[topics.DEADLETTER]
    # Labelled once: a label lookup per message is a few percent of a busy worker.
    items_in = metrics.items_in.labels(stage.name)
    seconds = metrics.stage_seconds.labels(stage.name)
    out_published = metrics.items_out.labels(stage.name, "published")
    out_none = metrics.items_out.labels(stage.name, "none")
    out_deadletter = metrics.items_out.labels(stage.name, "deadletter")

    async def agent(stream: Any) -> None:
        async for event in stream.events():
            if gate is not None and not gate.is_set():
                await gate.wait()
            message = event.message
            items_in.inc()
            key = message.key.decode("utf-8", "replace") if message.key else ""
            with seconds.time():
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
                out_deadletter.inc()
                await deadletter_topic.send(
                    key=result.item_id.encode("utf-8"), value=codec.dumps(result)
                )
                continue
            if not result:
                out_none.inc()
            for out in result:
                out_published.inc()
                _observe(wiring, out.record)
                await wiring.topics[out.topic].send(
                    key=out.key.encode("utf-8"),
                    value=codec.dumps(out.record),
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
