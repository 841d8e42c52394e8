"""Contacts through a real broker and worker: one alert per event, none doubled on a replay."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from streams import ingest, topics
from streams.demo import SAMPLES
from streams.pipeline import Output, Pipeline, build_stages
from streams.records import RawItem
from streams.settings import Settings
from tests.integration.conftest import Worker, read_topic, wirefeed

pytestmark = pytest.mark.integration

#: The sample feed's answer key (streams/samples/README.md): ten events, one reported twice.
EXPECTED = {
    (("CAN", "JPN"), "meeting", "occurred", "2019-04-28"),
    (("FRA", "RUS"), "phone_call", "occurred", "2017-05-18"),
    (("DEU", "FRA"), "phone_call", "occurred", "2018-05-03"),
    (("CHN", "USA"), "summit", "occurred", "2019-06-29"),
    (("CHN", "FRA"), "visit", "occurred", "2019-03-25"),
    (("KOR", "RUS"), "letter", "occurred", "2020-09-30"),
    (("CHN", "DEU"), "video_call", "occurred", "2021-10-13"),
    (("CAN", "FRA"), "meeting", "planned", "2018-06-06"),
    (("CAN", "FRA"), "meeting", "occurred", "2018-06-06"),
    (("RUS", "TUR"), "meeting", "occurred", "2018-09-17"),
}


def _event(alert: dict[str, Any]) -> tuple[tuple[str, ...], str, str, str | None]:
    countries = tuple(sorted(p["country"] for p in alert["participants"]))
    return countries, alert["type"], alert["status"], alert["date"]


def _tagged() -> int:
    """How many sample items one replay brings to wire.tagged (the same code, one process)."""
    raws = [
        item
        for path in ingest.expand_targets([str(SAMPLES)])
        for item in ingest.read_items(path, max_item_bytes=Settings.from_env({}).max_item_bytes)
        if isinstance(item, RawItem)
    ]
    return sum(
        o.topic == topics.TAGGED
        for o in Pipeline(build_stages()).run(raws)
        if isinstance(o, Output)
    )


async def _replay(settings: Settings, path: Path) -> None:
    result = await asyncio.to_thread(
        wirefeed, "replay", "--no-progress", str(path), settings=settings
    )
    assert result.returncode == 0, result.stderr


async def test_the_sample_feed_gives_one_alert_per_event_even_replayed(worker: Worker) -> None:
    """Ten `new` alerts and one `update`, with the worker stopped and restarted mid-replay;
    a full replay after that adds none."""
    settings = worker.settings
    slow = asyncio.create_task(
        asyncio.to_thread(
            wirefeed, "replay", "--no-progress", "--rate", "4", str(SAMPLES), settings=settings
        )
    )
    await asyncio.sleep(2.5)  # a few items in: stop the worker while the rest arrive
    assert worker.stop() == 0
    worker.start()
    result = await slow
    assert result.returncode == 0, result.stderr
    alerts = await read_topic(settings, topics.ALERTS, until=lambda rs: len(rs) >= 11, within=120)
    await asyncio.sleep(3)  # anything more would be a second `new`
    alerts = await read_topic(settings, topics.ALERTS, until=lambda rs: False, within=3)
    news = [a for a in alerts if a["kind"] == "new"]
    assert {_event(a) for a in news} == EXPECTED, worker.tail()
    assert len(news) == len(EXPECTED)
    updates = [a for a in alerts if a["kind"] == "update"]
    assert [(_event(a), a["source_count"]) for a in updates] == [
        ((("FRA", "RUS"), "phone_call", "occurred", "2017-05-18"), 2)
    ]
    planned = next(a for a in news if a["status"] == "planned")
    held = next(
        a for a in news if _event(a) == (("CAN", "FRA"), "meeting", "occurred", "2018-06-06")
    )
    assert held["fulfils"] == planned["alert_id"]

    # Restart again with the tables kept, then replay every item: each report is known.
    assert worker.stop() == 0
    worker.start()
    tagged_before = len(await read_topic(settings, topics.TAGGED, until=lambda rs: False, within=3))
    await _replay(settings, SAMPLES)
    await read_topic(
        settings, topics.TAGGED, until=lambda rs: len(rs) >= tagged_before + _tagged(), within=120
    )
    await asyncio.sleep(5)  # the alerting agent runs after tagging and contacts
    again = await read_topic(settings, topics.ALERTS, until=lambda rs: False, within=3)

    def said(records: list[dict[str, Any]]) -> list[tuple[str, str, int]]:
        return sorted((a["alert_id"], a["kind"], a["source_count"]) for a in records)

    assert said(again) == said(alerts), worker.tail()


async def test_the_seed_page_gives_exactly_one_alert(worker: Worker, shared: Path) -> None:
    """DESIGN.md's reference page: Putin and Trump, phone call, occurred, 2017-01-28."""
    settings = worker.settings
    await _replay(settings, shared / "corpora" / "seed")
    tagged = await read_topic(settings, topics.TAGGED, until=lambda rs: len(rs) >= 1, within=90)
    assert len(tagged) == 1
    await asyncio.sleep(5)
    alerts = await read_topic(settings, topics.ALERTS, until=lambda rs: len(rs) >= 2, within=5)
    assert [(a["kind"], _event(a)) for a in alerts] == [
        ("new", (("RUS", "USA"), "phone_call", "occurred", "2017-01-28"))
    ], worker.tail()
    names = sorted(p["name"] for p in alerts[0]["participants"])
    assert names == ["Donald Trump", "Vladimir Putin"]
    assert alerts[0]["first_contact"] is True
