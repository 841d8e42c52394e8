"""``wirefeed replay``: publish items from files or feeds to ``wire.raw``."""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from aiokafka import AIOKafkaProducer
from rich.console import Console
from rich.progress import (
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

from streams import codec, ingest, topics
from streams.ingest import Skipped
from streams.settings import Settings

__all__ = ["ReplayResult", "replay"]

#: Sends awaited together; bounds memory while keeping the producer's batches full.
_WINDOW = 2000


@dataclass(slots=True)
class ReplayResult:
    """What a replay did: items sent, records skipped (each with where and why), time."""

    sent: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def items_per_s(self) -> float:
        return self.sent / self.seconds if self.seconds > 0 else 0.0


class _Pacer:
    """Holds a steady offered rate (items/s) when one is asked for."""

    def __init__(self, rate: float | None) -> None:
        self.rate = rate
        self.started = time.perf_counter()
        self.count = 0

    async def tick(self) -> None:
        self.count += 1
        if not self.rate:
            return
        due = self.started + self.count / self.rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)


async def replay(
    settings: Settings,
    targets: Sequence[str],
    *,
    fmt: str = "auto",
    rate: float | None = None,
    source: str | None = None,
    progress: bool = True,
    on_skip: Callable[[Skipped], None] | None = None,
) -> ReplayResult:
    """Read every target and publish its items, keyed by item id, to ``wire.raw``.

    Bad records are skipped (reported through ``on_skip``) and the rest still sent.
    Raises :class:`~streams.errors.UnusableInput` before sending anything when a
    target cannot be read at all.
    """
    paths = ingest.expand_targets(targets)
    for path in paths:  # fail on an unusable target before publishing anything
        ingest.check_target(path, fmt)
    await topics.ensure_topics(settings)
    producer = AIOKafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        max_batch_size=256 * 1024,
        max_request_size=max(1_048_576, settings.max_item_bytes + 64 * 1024),
    )
    await producer.start()
    result = ReplayResult()
    topic = settings.topic(topics.RAW)
    pacer = _Pacer(rate)
    console = Console(stderr=True)
    started = time.perf_counter()
    try:
        with Progress(
            SpinnerColumn(),
            TextColumn("[bold]replay[/] {task.description}"),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]:>8.0f} items/s"),
            TimeElapsedColumn(),
            console=console,
            disable=not progress,
            transient=False,
        ) as bar:
            task = bar.add_task("", total=None, rate=0.0)
            pending: list[asyncio.Future[object]] = []
            for path in paths:
                bar.update(task, description=_short(path))
                for item in ingest.read_items(
                    path, fmt, max_item_bytes=settings.max_item_bytes, source=source
                ):
                    if isinstance(item, Skipped):
                        result.skipped.append(item)
                        if on_skip:
                            on_skip(item)
                        continue
                    pending.append(
                        await producer.send(
                            topic, codec.dumps(item), key=item.item_id.encode("utf-8")
                        )
                    )
                    result.sent += 1
                    await pacer.tick()
                    if len(pending) >= _WINDOW:
                        await asyncio.gather(*pending)
                        pending.clear()
                    if result.sent % 500 == 0:
                        elapsed = time.perf_counter() - started
                        bar.update(task, completed=result.sent, rate=result.sent / elapsed)
            await asyncio.gather(*pending)
            result.seconds = time.perf_counter() - started
            bar.update(task, completed=result.sent, rate=result.items_per_s, description="done")
    finally:
        await producer.stop()
    return result


def _short(path: str, width: int = 40) -> str:
    return path if len(path) <= width else "…" + path[-(width - 1) :]


def print_skip(skipped: Skipped) -> None:
    """One line on stderr per skipped record: where, and why."""
    print(f"wirefeed: skipped {skipped}", file=sys.stderr)
