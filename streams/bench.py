"""``wirefeed bench``: throughput and latency of the pipeline through the real broker.

Three runs in one go, each on fresh topics of the same broker:

1. **baseline**: ``items`` items preloaded on ``wire.raw``, then a worker whose agents only
   forward each message (raw -> clean -> unique -> tagged, ``WIREFEED_PIPELINE=passthrough``):
   what Kafka and Faust cost on their own.
2. **pipeline**: the same items through a worker running every stage.
3. **latency**: that warm worker then takes a steady ``rate`` of new items for
   ``latency_seconds``; receipt (``received_at``, set when replay reads the item) to the
   alert's ``detected_at`` for every contact, and to the append on ``wire.tagged`` for items.

Throughput is items over the time from the first append on ``wire.clean`` to the last
output of any item (tagged, duplicate, dead letter or alert), so worker start-up is not
counted. The feed is the given corpus, repeated and with ids made unique, every Nth item
a short report of a contact between two leaders in office on the day, a pair of its own,
so that each gives one new alert. Prints one JSON object as its last line.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
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
#: Once every item is out: how long the bench waits for one more alert before it calls
#: the rest missing (alerts trail the items by one hop, more under a backlog).
_ALERTS_AFTER_ITEMS_S = 30.0


def _texts(paths: list[str]) -> list[tuple[str, str]]:
    """Headline and body of every usable item of the corpus."""
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
    return texts


class _Feed:
    """Bench items: the corpus in order, repeated, every Nth a contact of a new pair."""

    def __init__(self, paths: list[str], contacts_every: int, seed: int) -> None:
        self.texts = _texts(paths)
        self.contacts_every = contacts_every
        rng = random.Random(seed)
        self.rng = rng
        # Lower-case words of the corpus (no names): each contact report's own topics, so
        # that reports built on one pattern are not near duplicates of each other.
        self.words = sorted(
            {
                w
                for _, body in self.texts[:2000]
                for w in body.split()
                if w.isalpha() and w.islower()
            }
        ) or ["trade", "security", "energy", "climate", "investment", "health", "transport"]
        # One publication day for the whole feed, as on a live wire: contacts differ by pair.
        # One term per person: a king who is also prime minister (Brunei, Saudi Arabia)
        # has two, and a pair of people must come once, or its second report is an update.
        leaders = list(
            {t.id: t for t in Gazetteer.load().leaders_on(_DAY) if t.status == ""}.values()
        )
        self.pairs = [(a, b) for a in leaders for b in leaders if a.country < b.country]
        rng.shuffle(self.pairs)
        self.published = datetime(_DAY.year, _DAY.month, _DAY.day, 18, tzinfo=UTC).isoformat()
        self.n = 0
        self.contacts = 0

    def write(self, out: Path, items: int) -> int:
        """Write the next ``items`` ninjs lines to ``out``; returns how many are contacts."""
        before = self.contacts
        every = self.contacts_every
        with out.open("wb") as f:
            for _ in range(items):
                n = self.n
                if every and n % every == every - 1:
                    a, b = self.pairs[self.contacts % len(self.pairs)]
                    headline = f"{a.name} and {b.name} hold talks"
                    topics_ = ", ".join(self.rng.choices(self.words, k=12))
                    body = (
                        f"{a.title} {a.name} held talks with {b.title} {b.name} on "
                        f"{_DAY.strftime('%A')}, officials of both governments said. "
                        f"The agenda listed {topics_}."
                    )
                    self.contacts += 1
                else:
                    headline, body = self.texts[n % len(self.texts)]
                record = {
                    "uri": f"bench:{n}",
                    "versioncreated": self.published,
                    "copyrightholder": "bench",
                    "headline": headline,
                    "body_text": body,
                }
                f.write(orjson.dumps(record) + b"\n")
                self.n += 1
        return self.contacts - before


def _feed(paths: list[str], items: int, contacts_every: int, out: Path, seed: int) -> int:
    """Write ``items`` bench items to ``out``; returns how many report a contact."""
    return _Feed(paths, contacts_every, seed).write(out, items)


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


@dataclass(slots=True)
class _Outputs:
    """What came out for the bench items of one run (selected by their numbers)."""

    items: int = 0
    duplicates: int = 0
    deadletters: int = 0
    first_clean_ms: float | None = None
    last_out_ms: float = 0.0
    #: (received at, milliseconds to the append on wire.tagged)
    tagged: list[tuple[float, float]] = field(default_factory=list)
    #: milliseconds from first receipt to detection, of every new alert
    alerts: list[float] = field(default_factory=list)


async def _collect(settings: Settings, *, ids: range) -> _Outputs:
    """Read the outputs of the items numbered ``ids``: every message up to the end offsets
    seen at the start (``_wait_for_outputs`` has waited for them to be there)."""
    names = {
        name: settings.topic(name)
        for name in (topics.CLEAN, topics.TAGGED, topics.DUPLICATES, topics.DEADLETTER)
    }
    names[topics.ALERTS] = settings.topic(topics.ALERTS)
    real = {v: k for k, v in names.items()}
    consumer = AIOKafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers,
        group_id=None,
        max_partition_fetch_bytes=8 << 20,
    )
    await consumer.start()
    out = _Outputs()
    try:
        partitions = await topics.topic_partitions(settings.bootstrap_servers, names.values())
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        left = {tp for tp in partitions if ends[tp] > 0}
        while left:
            batch = await consumer.getmany(*left, timeout_ms=500, max_records=5000)
            for tp, messages in batch.items():
                name = real[tp.topic]
                for m in messages:
                    if m.offset < ends[tp]:
                        _take(out, name, m, ids)
            left = {tp for tp in left if await consumer.position(tp) < ends[tp]}
    finally:
        await consumer.stop()
    return out


def _take(out: _Outputs, name: str, m: Any, ids: range) -> None:
    """Count one output message of the item numbers ``ids`` into ``out``."""
    value = orjson.loads(m.value)
    if name == topics.ALERTS:
        first_item = value["evidence"][0]["item_id"] if value["evidence"] else ""
        if value.get("kind") == "new" and _number(first_item) in ids:
            first = datetime.fromisoformat(value["first_received_at"])
            done = datetime.fromisoformat(value["detected_at"])
            out.alerts.append((done - first).total_seconds() * 1000)
            out.last_out_ms = max(out.last_out_ms, m.timestamp)
        return
    if _number(str(value.get("item_id"))) not in ids:
        return
    if name == topics.CLEAN:
        if out.first_clean_ms is None or m.timestamp < out.first_clean_ms:
            out.first_clean_ms = m.timestamp
        return
    if name == topics.DUPLICATES:
        if value.get("kind") == "version":
            return  # a new version also passes on as unique
        out.duplicates += 1
    elif name == topics.DEADLETTER:
        out.deadletters += 1
    else:
        at = datetime.fromisoformat(value["received_at"]).timestamp()
        out.tagged.append((at, m.timestamp - at * 1000))
    out.items += 1
    out.last_out_ms = max(out.last_out_ms, m.timestamp)


async def _output_counts(settings: Settings) -> tuple[int, int]:
    """Messages on the topics where items end (tagged, duplicates, dead letters), and alerts."""
    ends = [topics.TAGGED, topics.DUPLICATES, topics.DEADLETTER]
    names = [settings.topic(n) for n in [*ends, topics.ALERTS]]
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=None)
    await consumer.start()
    try:
        partitions = await topics.topic_partitions(settings.bootstrap_servers, names)
        offsets = await consumer.end_offsets(partitions)
    finally:
        await consumer.stop()
    alerts_topic = settings.topic(topics.ALERTS)
    items = sum(n for tp, n in offsets.items() if tp.topic != alerts_topic)
    return items, sum(n for tp, n in offsets.items() if tp.topic == alerts_topic)


async def _wait_for_outputs(
    settings: Settings, before: tuple[int, int], items: int, alerts: int, within: float
) -> None:
    """Until at least ``items`` more item outputs and ``alerts`` more alerts are on the topics."""
    deadline = time.monotonic() + within
    said = time.monotonic()
    last_alerts = -1
    while time.monotonic() < deadline:
        now_items, now_alerts = await _output_counts(settings)
        done, alerted = now_items - before[0], now_alerts - before[1]
        if done >= items and alerted >= alerts:
            return
        if done >= items and alerted != last_alerts:
            # Alerts trail the items (one more hop); they have stopped when none came
            # for a while.
            deadline = time.monotonic() + _ALERTS_AFTER_ITEMS_S
        last_alerts = alerted
        if time.monotonic() - said >= 10:
            said = time.monotonic()
            _say(f"{settings.pipeline}: {done}/{items} items out, {alerted}/{alerts} alerts")
        await asyncio.sleep(1.0)


def _number(item_id: str) -> int:
    """N of a bench item id ``bench:N`` (-1 for anything else)."""
    prefix, _, n = item_id.partition(":")
    return int(n) if prefix == "bench" and n.isdigit() else -1


def run_bench(
    settings: Settings,
    paths: list[str],
    *,
    items: int,
    rate: float,
    latency_seconds: float = 20.0,
    contacts_every: int = 10,
    baseline: bool = True,
    seed: int = 1987,
) -> dict[str, Any]:
    """Run the bench (see the module docstring) and return its figures."""
    feed = _Feed(paths or [str(SAMPLES)], contacts_every, seed)
    with (
        tempfile.TemporaryDirectory(prefix="wirefeed-bench-") as tmp,
        fresh_run(settings, "bench", _say) as run,
    ):
        return _Bench(run, feed, Path(tmp)).run(items, rate, latency_seconds, baseline)


def _say(text: str) -> None:
    print(f"bench: {text}", file=sys.stderr, flush=True)


class _Bench:
    def __init__(self, settings: Settings, feed: _Feed, tmp: Path) -> None:
        self.settings = settings
        self.feed = feed
        self.tmp = tmp

    def run(
        self, items: int, rate: float, latency_seconds: float, baseline: bool
    ) -> dict[str, Any]:
        figures: dict[str, Any] = {"items": items}
        path = self.tmp / "throughput.jsonl"
        ids = range(self.feed.n, self.feed.n + items)
        contacts = self.feed.write(path, items)
        if baseline:
            base = self._settings("baseline", pipeline="passthrough")
            worker = self._start(base, path)
            try:
                found, seconds = self._drain(base, ids, 0)
                figures["baseline_items_per_s"] = round(found.items / seconds, 1)
                figures["peak_rss_mb_baseline"] = _peak_rss_mb(worker.pid)
            finally:
                stop_worker(worker)
        full = self._settings("pipeline", pipeline="full")
        worker = self._start(full, path)
        try:
            found, seconds = self._drain(full, ids, contacts)
            figures["pipeline_items_per_s"] = round(found.items / seconds, 1)
            if baseline:
                figures["ratio"] = round(
                    figures["pipeline_items_per_s"] / figures["baseline_items_per_s"], 3
                )
            figures["unique_items"] = len(found.tagged)
            figures["duplicates"] = found.duplicates
            figures["deadletters"] = found.deadletters
            figures["contacts_sent"] = contacts
            figures["new_alerts"] = len(found.alerts)
            if latency_seconds > 0:
                figures.update(self._latency(full, rate, latency_seconds))
            figures["peak_rss_mb"] = _peak_rss_mb(worker.pid)
        finally:
            stop_worker(worker)
        return figures

    def _settings(self, name: str, pipeline: str) -> Settings:
        s = self.settings
        return replace(
            s,
            app_id=f"{s.app_id}-{name}",
            topic_prefix=f"{s.topic_prefix}{name}.",
            pipeline=pipeline,
        )

    def _start(self, settings: Settings, path: Path) -> Any:
        """Preload ``path`` on wire.raw, then start a worker on it."""
        result = asyncio.run(replay(settings, [str(path)], progress=False))
        _say(f"{settings.pipeline}: {result.sent} items on {settings.topic(topics.RAW)}")
        log = settings.data_dir / "bench" / f"{settings.app_id}.log"
        worker = start_worker(settings, log)
        _wait_ready(settings, worker, log)
        return worker

    def _drain(
        self, settings: Settings, ids: range, alerts: int, before: tuple[int, int] = (0, 0)
    ) -> tuple[_Outputs, float]:
        """Wait for the items ``ids`` to come out; returns them and the seconds they took.

        Waiting watches end offsets only (``before``: the counts before the items were
        sent), so that the bench takes no CPU from the worker while it runs; the outputs
        are read once at the end, their append times giving the figures.
        """
        asyncio.run(
            _wait_for_outputs(settings, before, len(ids), alerts, within=max(120.0, len(ids) / 20))
        )
        found = asyncio.run(_collect(settings, ids=ids))
        if found.items < len(ids) or len(found.alerts) < alerts or found.first_clean_ms is None:
            raise SystemExit(
                f"wirefeed bench: {settings.pipeline}: only {found.items}/{len(ids)} items and "
                f"{len(found.alerts)}/{alerts} alerts came out"
            )
        seconds = max((found.last_out_ms - found.first_clean_ms) / 1000, 1e-3)
        _say(f"{settings.pipeline}: {found.items} items in {seconds:.1f} s")
        return found, seconds

    def _latency(self, settings: Settings, rate: float, seconds: float) -> dict[str, Any]:
        items = max(1, round(rate * seconds))
        path = self.tmp / "latency.jsonl"
        ids = range(self.feed.n, self.feed.n + items)
        contacts = self.feed.write(path, items)
        _say(f"latency: {items} items at {rate:g} items/s")
        before = asyncio.run(_output_counts(settings))
        result = asyncio.run(replay(settings, [str(path)], rate=rate, progress=False))
        found, _ = self._drain(settings, ids, contacts, before)
        tagged_ms = [ms for _, ms in found.tagged]
        first_in = min((at for at, _ in found.tagged), default=0.0)
        span = found.last_out_ms / 1000 - first_in
        return {
            "offered_items_per_s": rate,
            "sent_items_per_s": round(result.items_per_s, 1),
            "latency_items": result.sent,
            "latency_contacts": contacts,
            # Items out per second during the steady run: below the offered rate, a
            # backlog grows and latency with it.
            "latency_run_items_per_s": round(found.items / span, 1) if span > 0 else None,
            "e2e_latency_ms_p50": _percentile(found.alerts, 0.50),
            "e2e_latency_ms_p99": _percentile(found.alerts, 0.99),
            "e2e_latency_ms_max": _percentile(found.alerts, 1.0),
            "tagged_latency_ms_p50": _percentile(tagged_ms, 0.50),
            "tagged_latency_ms_p99": _percentile(tagged_ms, 0.99),
            "tagged_latency_ms_mean": round(statistics.fmean(tagged_ms), 1) if tagged_ms else None,
        }


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
