"""The topics of DESIGN.md, declared once, and how to make sure they exist."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

from streams.records import INTERNAL_TOPIC_RECORDS, TOPIC_RECORDS
from streams.settings import Settings

__all__ = [
    "ALERTS",
    "ALL_TOPICS",
    "CLEAN",
    "DEADLETTER",
    "DEDUP_INDEX",
    "DUPLICATES",
    "EVENTS",
    "INTERNAL_TOPICS",
    "PUBLIC_TOPICS",
    "RAW",
    "TAGGED",
    "UNIQUE",
    "ensure_topics",
    "topic_partitions",
]

RAW = "wire.raw"
CLEAN = "wire.clean"
UNIQUE = "wire.unique"
DUPLICATES = "wire.duplicates"
TAGGED = "wire.tagged"
EVENTS = "contacts.events"
ALERTS = "contacts.alerts"
DEADLETTER = "wire.deadletter"
#: Internal: every checked item's bucket keys, read whole by every worker's dedup index.
DEDUP_INDEX = "wire.dedup-index"

PUBLIC_TOPICS: tuple[str, ...] = (
    RAW,
    CLEAN,
    UNIQUE,
    DUPLICATES,
    TAGGED,
    EVENTS,
    ALERTS,
    DEADLETTER,
)
INTERNAL_TOPICS: tuple[str, ...] = (DEDUP_INDEX,)
ALL_TOPICS: tuple[str, ...] = PUBLIC_TOPICS + INTERNAL_TOPICS
assert set(PUBLIC_TOPICS) == set(TOPIC_RECORDS), "every topic has exactly one record"
assert set(INTERNAL_TOPICS) == set(INTERNAL_TOPIC_RECORDS)


async def ensure_topics(settings: Settings, names: Iterable[str] = ALL_TOPICS) -> list[str]:
    """Create missing topics with the configured partitions; returns those created.

    Producers would otherwise auto-create them with the broker's default of one
    partition, which caps how many workers can share the work.
    """
    admin = AIOKafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = [settings.topic(n) for n in names if settings.topic(n) not in existing]
        if not wanted:
            return []
        # Another process may win the race; the topic is there either way.
        with contextlib.suppress(TopicAlreadyExistsError):
            await admin.create_topics(
                [
                    NewTopic(
                        n,
                        settings.partitions,
                        settings.replication,
                        topic_configs=_configs(settings, n),
                    )
                    for n in wanted
                ]
            )
        await _wait_for_leaders(admin, wanted)
        return wanted
    finally:
        await admin.close()


def _configs(settings: Settings, name: str) -> dict[str, str]:
    """Topic settings: the dedup index keeps a dedup window of entries, and a day more."""
    if name == settings.topic(DEDUP_INDEX):
        days = settings.dedup_window_days + 1
        return {"retention.ms": str(int(days * 86400 * 1000))}
    return {}


async def _wait_for_leaders(
    admin: AIOKafkaAdminClient, names: list[str], within: float = 10
) -> None:
    """Wait until every partition of new topics has a leader, so first sends do not bounce."""
    deadline = asyncio.get_running_loop().time() + within
    while asyncio.get_running_loop().time() < deadline:
        described = await admin.describe_topics(names)
        if all(
            t.get("error_code", 0) == 0
            and t["partitions"]
            and all(p["leader"] >= 0 for p in t["partitions"])
            for t in described
        ):
            return
        await asyncio.sleep(0.1)


async def topic_partitions(bootstrap_servers: str, names: Iterable[str]) -> list[TopicPartition]:
    """Every partition of the named (real) topics; missing topics give none."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        described = await admin.describe_topics(list(names))
    finally:
        await admin.close()
    return sorted(
        TopicPartition(t["topic"], p["partition"])
        for t in described
        if t.get("error_code", 0) == 0
        for p in t["partitions"]
    )
