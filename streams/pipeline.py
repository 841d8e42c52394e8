"""The stages in order, as plain Python: what each reads, what it writes, and how.

Both the Faust agents (:mod:`streams.agents`) and ``wirefeed process`` drive these same
``Stage`` objects, so a decision made in one process is the decision made on Kafka.
A stage returns the records to publish; it raises :class:`~streams.errors.Rejected` for
input it cannot process, which the caller dead-letters (worker) or reports (process).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiokafka.partitioner import murmur2

from streams import cleanup, codec, language, topics
from streams.alerting import Alerter
from streams.contacts import ContactDetector
from streams.dedup import Decision, Deduplicator, DedupParams, SplitPending
from streams.errors import Rejected
from streams.records import (
    CleanItem,
    ContactEvent,
    DeadLetter,
    RawItem,
    TaggedItem,
    UniqueItem,
    WireRecord,
)
from streams.settings import Settings
from streams.tagging import Tagger

__all__ = [
    "DedupState",
    "Output",
    "Pipeline",
    "Stage",
    "apply_stage",
    "build_stages",
    "dead_letter",
    "make_deduplicator",
    "utcnow",
]


log = logging.getLogger(__name__)


def kafka_partition(key: str, partitions: int) -> int:
    """The partition Kafka's default partitioner gives a key (murmur2, as Java and aiokafka)."""
    hashed: int = murmur2(key.encode("utf-8"))
    return (hashed & 0x7FFFFFFF) % partitions


def utcnow() -> datetime:
    """The current time, timezone-aware; stages take time from here so tests can fix it."""
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Output:
    """One record a stage publishes: to which topic, under which key."""

    topic: str
    key: str
    record: WireRecord


@dataclass(frozen=True, slots=True)
class Stage:
    """A pipeline stage: reads ``input_type`` records from ``source``, returns outputs."""

    name: str
    source: str
    input_type: type[WireRecord]
    run: Callable[[Any], list[Output]]
    #: Housekeeping after each record, given the input's partition (None in one process).
    after: Callable[[int | None], None] | None = None


@dataclass(frozen=True, slots=True)
class DedupState:
    """Where dedup keeps what it knows: versions and decisions by item id (Faust tables in
    the worker), and the bucket index (always in memory: a worker's replica)."""

    versions: MutableMapping[str, Any] = field(default_factory=dict)
    decisions: MutableMapping[str, Any] = field(default_factory=dict)


def make_deduplicator(settings: Settings, state: DedupState | None = None) -> Deduplicator:
    """The deduplicator for ``settings`` over ``state`` (dicts by default)."""
    state = state or DedupState()
    return Deduplicator(
        DedupParams(
            partitions=settings.partitions,
            threshold=settings.dedup_threshold,
            window_s=settings.dedup_window_days * 86400,
            match_s=settings.dedup_match_hours * 3600,
            bucket_cap=settings.dedup_bucket_cap,
        ),
        versions=state.versions,
        buckets={},
        pending=SplitPending(state.decisions),
    )


def build_stages(
    settings: Settings | None = None,
    *,
    deduplicator: Deduplicator | None = None,
    alert_state: MutableMapping[str, Any] | None = None,
    dedup: bool = True,
    clock: Callable[[], datetime] = utcnow,
) -> list[Stage]:
    """Every stage, wired to the given state (Faust tables, or dicts by default)."""
    settings = settings or Settings.from_env({})
    deduplicator = deduplicator or make_deduplicator(settings)
    language.warm()  # a second's load, here at start rather than on the first item
    tagger = Tagger()
    detector = ContactDetector()
    alerter = Alerter({} if alert_state is None else alert_state)

    def run_cleanup(raw: RawItem) -> list[Output]:
        item = cleanup.clean(raw)
        return [Output(topics.CLEAN, item.item_id, item)]

    def decided(decision: Decision | None) -> list[Output]:
        if decision is None:
            return []
        out = []
        if decision.unique is not None:
            out.append(Output(topics.UNIQUE, decision.unique.item_id, decision.unique))
        if decision.duplicate is not None:
            out.append(Output(topics.DUPLICATES, decision.duplicate.item_id, decision.duplicate))
        return out

    def run_dedup(item: CleanItem) -> list[Output]:
        if not dedup:
            unique = UniqueItem(**item.asdict(), fingerprint="")
            return [Output(topics.UNIQUE, item.item_id, unique)]
        decision, register = deduplicator.check(item, clock())
        out = decided(decision)
        if register is not None:
            out.append(Output(topics.DEDUP_INDEX, item.item_id, register))
        return out

    def owned_by_item(partition: int | None) -> Callable[[str], bool]:
        return lambda key: (
            partition is None or kafka_partition(key, settings.partitions) == partition
        )

    def after_dedup(partition: int | None) -> None:
        now = clock()
        deduplicator.maintain("versions", partition, owned_by_item(partition), now)
        # Decisions are kept as "done|<item id>", in the item's partition.
        deduplicator.maintain(
            "pending",
            partition,
            lambda slot: owned_by_item(partition)(slot.split("|", 1)[-1]),
            now,
        )
        # The bucket index is this process's whole replica: it sweeps all of it.
        deduplicator.maintain("buckets", None, lambda key: True, now)

    def run_tagging(item: UniqueItem) -> list[Output]:
        tagged = tagger.tag(item)
        return [Output(topics.TAGGED, tagged.item_id, tagged)]

    def run_contacts(item: TaggedItem) -> list[Output]:
        # Keyed by the pair of leaders: every report about one pair lands on one
        # partition, where the alerting agent's table entry for that pair lives.
        return [Output(topics.EVENTS, ev.event_key, ev) for ev in detector.detect(item, clock())]

    def run_alerting(event: ContactEvent) -> list[Output]:
        alert = alerter.on_event(event, clock())
        return [] if alert is None else [Output(topics.ALERTS, alert.alert_id, alert)]

    return [
        Stage("cleanup", topics.RAW, RawItem, run_cleanup),
        Stage("dedup", topics.CLEAN, CleanItem, run_dedup, after_dedup),
        Stage("tagging", topics.UNIQUE, UniqueItem, run_tagging),
        Stage("contacts", topics.TAGGED, TaggedItem, run_contacts),
        Stage("alerting", topics.EVENTS, ContactEvent, run_alerting),
    ]


#: Dead-letter inputs are cut here; the reason and the position still say where it came from.
MAX_DEADLETTER_INPUT = 64_000


def dead_letter(
    *,
    stage: str,
    item_id: str,
    reason: str,
    error: str,
    data: bytes | str,
    now: datetime,
    topic: str | None = None,
    partition: int | None = None,
    offset: int | None = None,
) -> DeadLetter:
    """The dead-letter record for input a stage could not process."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    return DeadLetter(
        item_id=item_id,
        stage=stage,
        reason=reason,
        error=error,
        input=text[:MAX_DEADLETTER_INPUT],
        input_truncated=len(text) > MAX_DEADLETTER_INPUT,
        failed_at=now,
        topic=topic,
        partition=partition,
        offset=offset,
    )


@dataclass(slots=True)
class StageTimings:
    """Seconds spent and records handled per stage, for ``wirefeed process --stats``."""

    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds
        self.counts[stage] = self.counts.get(stage, 0) + 1


class Pipeline:
    """All stages in one process, without Kafka: what ``wirefeed process`` runs.

    Records flow depth-first, each output going to every stage that reads its topic,
    exactly as the topics would carry them.
    """

    def __init__(self, stages: Sequence[Stage]) -> None:
        self.stages = list(stages)
        self._readers: dict[str, list[Stage]] = {}
        for stage in self.stages:
            self._readers.setdefault(stage.source, []).append(stage)
        self.timings = StageTimings()

    def feed(self, raw: RawItem) -> Iterator[Output | DeadLetter]:
        """Every record published anywhere in the pipeline for one raw item, in order."""
        yield from self._push(Output(topics.RAW, raw.item_id, raw))

    def _push(self, out: Output) -> Iterator[Output | DeadLetter]:
        yield out
        for stage in self._readers.get(out.topic, ()):
            started = time.perf_counter()
            result = apply_stage(stage, out.record, key=out.key, now=utcnow())
            if stage.after is not None:
                stage.after(None)
            self.timings.add(stage.name, time.perf_counter() - started)
            if isinstance(result, DeadLetter):
                yield result
                continue
            for produced in result:
                yield from self._push(produced)

    def run(self, items: Iterable[RawItem]) -> Iterator[Output | DeadLetter]:
        """Feed many raw items."""
        for raw in items:
            yield from self.feed(raw)


def apply_stage(
    stage: Stage,
    value: bytes | WireRecord,
    *,
    key: str,
    now: datetime,
    topic: str | None = None,
    partition: int | None = None,
    offset: int | None = None,
) -> list[Output] | DeadLetter:
    """Run one stage on one input (bytes off a topic, or a record in process).

    Whatever goes wrong becomes a dead-letter record, so the caller always goes on:
    undecodable input, a :class:`Rejected` record, or a bug in the stage (reason
    ``internal_error``, logged with its traceback).
    """
    data: bytes | None = value if isinstance(value, bytes) else None
    try:
        record = codec.loads(stage.input_type, value) if isinstance(value, bytes) else value
        return stage.run(record)
    except codec.DecodeError as exc:
        reason, error = "undecodable", str(exc)
    except Rejected as exc:
        reason, error = exc.reason, str(exc)
    except Exception as exc:
        log.exception("%s failed on %s", stage.name, key)
        reason, error = "internal_error", f"{type(exc).__name__}: {exc}"
    if data is None:
        data = codec.dumps(value)
    return dead_letter(
        stage=stage.name,
        item_id=key,
        reason=reason,
        error=error,
        data=data,
        now=now,
        topic=topic,
        partition=partition,
        offset=offset,
    )
