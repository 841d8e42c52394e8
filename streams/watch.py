"""``wirefeed watch``: print what the pipeline publishes, live, one line per record."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer
from rich.console import Console
from rich.markup import escape

from streams import topics
from streams.settings import Settings

__all__ = ["DEFAULT_TOPICS", "describe", "watch"]

DEFAULT_TOPICS = (topics.TAGGED, topics.DUPLICATES, topics.ALERTS, topics.DEADLETTER)


def describe(topic: str, value: dict[str, Any]) -> str:
    """A one-line, human summary of a record (rich markup)."""
    if topic == topics.ALERTS:
        people = " — ".join(
            f"{p.get('name')} ({p.get('country')})" for p in value.get("participants", [])
        )
        history = (
            "first contact seen"
            if value.get("first_contact")
            else f"previous contact {value.get('previous_contact') or 'undated'}"
        )
        fulfils = f", fulfils {str(value['fulfils'])[:8]}" if value.get("fulfils") else ""
        return (
            f"[bold red]ALERT {value.get('kind')}[/] {escape(people)}: "
            f"{value.get('type')}, {value.get('status')}, {value.get('date') or 'date unknown'}"
            f" [dim]({value.get('source_count')} source(s); {history}{fulfils}; "
            f"{str(value.get('alert_id', ''))[:8]})[/]"
        )
    if topic == topics.DUPLICATES:
        return (
            f"[yellow]duplicate[/] {escape(value.get('item_id', ''))} of "
            f"{escape(value.get('duplicate_of', ''))} ({value.get('kind')}, "
            f"{value.get('similarity', 0):.2f})"
        )
    if topic == topics.DEADLETTER:
        return (
            f"[magenta]dead letter[/] {escape(value.get('item_id', ''))} at "
            f"{value.get('stage')}: {escape(value.get('error', ''))}"
        )
    if topic == topics.EVENTS:
        people = " — ".join(p.get("name", "?") for p in value.get("participants", []))
        return f"[cyan]contact[/] {escape(people)}: {value.get('type')} ({value.get('status')})"
    entities = value.get("entities")
    tail = f" [dim]{len(entities)} entities[/]" if isinstance(entities, list) else ""
    return (
        f"[green]{topic.split('.')[-1]}[/] {escape(value.get('item_id', ''))}: "
        f"{escape((value.get('headline') or '')[:90])}{tail}"
    )


async def watch(
    settings: Settings,
    names: Sequence[str] = DEFAULT_TOPICS,
    *,
    from_beginning: bool = False,
    idle_exit: float | None = None,
    max_records: int | None = None,
    as_json: bool = False,
    on_record: Callable[[str, dict[str, Any]], None] | None = None,
    stop_when: Callable[[], bool] | None = None,
) -> int:
    """Print records from ``names`` until interrupted, idle, or ``max_records``; returns the count.

    Reads without a consumer group (assigning every partition), so watching never
    takes work from a worker or moves anybody's committed offsets.
    """
    await topics.ensure_topics(settings, names)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers,
        group_id=None,
        enable_auto_commit=False,
    )
    await consumer.start()
    console = Console(highlight=False)
    count = 0
    try:
        real = {settings.topic(n): n for n in names}
        partitions = await topics.topic_partitions(settings.bootstrap_servers, real)
        consumer.assign(partitions)
        if from_beginning:
            await consumer.seek_to_beginning(*partitions)
        else:
            await consumer.seek_to_end(*partitions)
        last = time.monotonic()
        while True:
            batch = await consumer.getmany(timeout_ms=200, max_records=500)
            for tp, messages in batch.items():
                for msg in messages:
                    count += 1
                    last = time.monotonic()
                    name = real[tp.topic]
                    try:
                        value = orjson.loads(msg.value) if msg.value else {}
                    except orjson.JSONDecodeError:
                        value = {"item_id": "?", "headline": "<not JSON>"}
                    if on_record:
                        on_record(name, value)
                    if as_json:
                        sys.stdout.write(orjson.dumps({"topic": name, "value": value}).decode())
                        sys.stdout.write("\n")
                        sys.stdout.flush()
                    else:
                        console.print(describe(name, value), soft_wrap=True)
                    if max_records is not None and count >= max_records:
                        return count
            if stop_when is not None and stop_when():
                return count
            if idle_exit is not None and time.monotonic() - last > idle_exit:
                return count
            await asyncio.sleep(0)
    finally:
        await consumer.stop()
