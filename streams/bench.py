"""``wirefeed bench``: end-to-end latency through the real broker at a steady offered rate.

Starts (or reuses) the local broker and one worker on fresh topics, replays a feed at a
fixed rate and reads what comes out: for every item, receipt (``received_at``, set when
replay reads it) to its append on ``wire.tagged``; for every contact, receipt to the
alert's ``detected_at``. The feed is the given corpus with ids made unique, every Nth item
a short report of a contact between two leaders in office on that day, a pair of its own,
so that each gives one new alert. Latency percentiles leave out the first ``warmup`` seconds of
the replay (a fresh worker loads its gazetteer and opens its stores on the first items);
``e2e_latency_ms_p99_with_warmup`` keeps them. Prints one JSON object as its last line.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer

from streams import cleanup, ingest, topics
from streams.demo import SAMPLES, fresh_run, start_worker, stop_worker
from streams.errors import Rejected
from streams.gazetteer import Gazetteer
from streams.records import RawItem
from streams.replay import replay
from streams.settings import Settings

__all__ = ["run_bench"]

#: The publication day of the whole feed (a Monday); contacts are between pairs of leaders
#: in office on it, each pair once.
_DAY = date(2015, 1, 5)


def _feed(paths: list[str], items: int, contacts_every: int, out: Path, seed: int) -> int:
    """Write ``items`` ninjs lines to ``out``; returns how many report a contact."""
    settings = Settings.from_env({})
    texts: list[tuple[str, str]] = []
    for path in ingest.expand_targets(paths):
        for raw in ingest.read_items(path, max_item_bytes=settings.max_item_bytes):
            if isinstance(raw, RawItem):
                try:
                    clean = cleanup.clean(raw)
                except Rejected:
                    continue
                texts.append((clean.headline, clean.body))
    if not texts:
        raise SystemExit("wirefeed bench: no usable items in the given paths")
    rng = random.Random(seed)
    # One publication day for the whole feed, as on a live wire: contacts differ by pair.
    leaders = [t for t in Gazetteer.load().leaders_on(_DAY) if t.status == ""]
    pairs = [(a, b) for a in leaders for b in leaders if a.country < b.country]
    rng.shuffle(pairs)
    published = datetime(_DAY.year, _DAY.month, _DAY.day, 18, tzinfo=UTC).isoformat()
    contacts = 0
    with out.open("wb") as f:
        for n in range(items):
            if contacts_every and n % contacts_every == contacts_every - 1:
                a, b = pairs[contacts % len(pairs)]
                headline = f"{a.name} and {b.name} hold talks"
                body = (
                    f"{a.title} {a.name} held talks with {b.title} {b.name} on "
                    f"{_DAY.strftime('%A')}, officials of both governments said."
                )
                contacts += 1
            else:
                headline, body = texts[n % len(texts)]
            record = {
                "uri": f"bench:{n}",
                "versioncreated": published,
                "copyrightholder": "bench",
                "headline": headline,
                "body_text": body,
            }
            f.write(orjson.dumps(record) + b"\n")
    return contacts


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def _peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


Latency = tuple[float, float]  # (received at, as a POSIX time; latency in ms)


async def _collect(
    settings: Settings, items: int, contacts: int, within: float
) -> tuple[list[Latency], list[Latency], int]:
    """Latencies of items to wire.tagged and of new alerts, until all are in."""
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=None)
    await consumer.start()
    tagged_ms: list[Latency] = []
    alert_ms: list[Latency] = []
    seen = 0
    try:
        names = [
            settings.topic(topics.TAGGED),
            settings.topic(topics.ALERTS),
            settings.topic(topics.DUPLICATES),
            settings.topic(topics.DEADLETTER),
        ]
        partitions = await topics.topic_partitions(settings.bootstrap_servers, names)
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        deadline = time.monotonic() + within
        while (seen < items or len(alert_ms) < contacts) and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500)
            for tp, messages in batch.items():
                for m in messages:
                    value = orjson.loads(m.value)
                    if tp.topic == names[1]:
                        if value.get("kind") == "new":
                            first = datetime.fromisoformat(value["first_received_at"])
                            done = datetime.fromisoformat(value["detected_at"])
                            alert_ms.append(
                                (first.timestamp(), (done - first).total_seconds() * 1000)
                            )
                        continue
                    if tp.topic == names[2] and value.get("kind") == "version":
                        continue
                    seen += 1
                    if tp.topic == names[0]:
                        received = datetime.fromisoformat(value["received_at"])
                        at = received.timestamp()
                        tagged_ms.append((at, m.timestamp - at * 1000))
    finally:
        await consumer.stop()
    return tagged_ms, alert_ms, seen


def run_bench(
    settings: Settings,
    paths: list[str],
    *,
    rate: float,
    items: int,
    contacts_every: int = 10,
    warmup: float = 5.0,
    seed: int = 1987,
) -> dict[str, Any]:
    """Run one bench (see the module docstring) and return its figures."""
    with fresh_run(settings, "bench", lambda text: print(f"bench: {text}", file=sys.stderr)) as run:
        return _bench(run, paths, rate, items, contacts_every, warmup, seed)


def _bench(
    settings: Settings,
    paths: list[str],
    rate: float,
    items: int,
    contacts_every: int,
    warmup: float,
    seed: int,
) -> dict[str, Any]:
    worker = None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            feed = Path(tmp) / "feed.jsonl"
            contacts = _feed(paths or [str(SAMPLES)], items, contacts_every, feed, seed)
            log = settings.data_dir / "bench" / f"{settings.app_id}.log"
            worker = start_worker(settings, log)
            _wait_ready(settings, worker, log)
            print(f"bench: replaying {items} items at {rate:g} items/s", file=sys.stderr)
            result = asyncio.run(replay(settings, [str(feed)], rate=rate, progress=False))
        tagged, alerts, seen = asyncio.run(
            _collect(settings, result.sent, contacts, within=max(60.0, items / rate))
        )
        start = min((at for at, _ in tagged), default=0.0)

        def steady(found: list[Latency]) -> list[float]:
            return [ms for at, ms in found if at >= start + warmup]

        alert_ms, tagged_ms = steady(alerts), steady(tagged)
        last_out = max((at + ms / 1000 for at, ms in tagged), default=start)
        drained = len(tagged) / (last_out - start) if last_out > start else None
        return {
            "offered_items_per_s": rate,
            "sent_items_per_s": round(result.items_per_s, 1),
            "items": result.sent,
            "items_out": seen,
            # Items that reached wire.tagged per second, first receipt to last append: what
            # the worker kept up with (below the offered rate, a backlog grows).
            "tagged_items_per_s": round(drained, 1) if drained else None,
            "contacts_sent": contacts,
            "new_alerts": len(alerts),
            "warmup_s": warmup,
            "e2e_latency_ms_p50": _percentile(alert_ms, 0.50),
            "e2e_latency_ms_p99": _percentile(alert_ms, 0.99),
            "e2e_latency_ms_max": _percentile(alert_ms, 1.0),
            "e2e_latency_ms_p99_with_warmup": _percentile([ms for _, ms in alerts], 0.99),
            "tagged_latency_ms_p50": _percentile(tagged_ms, 0.50),
            "tagged_latency_ms_p99": _percentile(tagged_ms, 0.99),
            "tagged_latency_ms_mean": round(statistics.fmean(tagged_ms), 1) if tagged_ms else None,
            "peak_rss_mb": _peak_rss_mb(worker.pid) if worker else None,
        }
    finally:
        if worker is not None:
            stop_worker(worker)


def _wait_ready(settings: Settings, worker: Any, log: Path, timeout: float = 90.0) -> None:
    """Until the worker's web server answers (its agents are then subscribed)."""
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise SystemExit(f"wirefeed bench: the worker exited; see {log}")
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{settings.web_port}/health", timeout=1
            ) as resp:
                # Partitions are assigned a little after the web server answers.
                if resp.status == 200 and "Worker ready" in log.read_text(errors="replace"):
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"wirefeed bench: the worker did not start; see {log}")
