"""A restarted worker resumes with its table state and raises no second `new`."""

from __future__ import annotations

import asyncio
import shutil
from datetime import UTC, datetime
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer

from streams import codec, topics
from streams.contacts import event_key
from streams.records import ContactEvent, Evidence, Participant
from streams.settings import Settings
from tests.integration.conftest import Worker, read_topic

pytestmark = pytest.mark.integration

T0 = datetime(2017, 1, 28, 18, 0, tzinfo=UTC)


def _event(item_id: str, source: str) -> ContactEvent:
    return ContactEvent(
        event_key="",
        item_id=item_id,
        source=source,
        type="phone_call",
        status="occurred",
        participants=[
            Participant(name="Vladimir Putin", country="RUS", role="President", qid="Q7747"),
            Participant(name="Donald Trump", country="USA", role="President", qid="Q22686"),
        ],
        evidence=[Evidence(item_id=item_id, source=source, text="The two presidents spoke.")],
        received_at=T0,
        detected_at=T0,
        date="2017-01-28",
    )


async def _send_events(settings: Settings, *events: ContactEvent) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers)
    await producer.start()
    try:
        for event in events:
            await producer.send_and_wait(
                settings.topic(topics.EVENTS),
                codec.dumps(event),
                key=event_key(event.participants).encode(),
            )
    finally:
        await producer.stop()


def _kinds(alerts: list[dict[str, Any]]) -> list[tuple[str, int]]:
    return [(a["kind"], a["source_count"]) for a in alerts]


@pytest.mark.parametrize("keep_local_state", [True, False], ids=["rocksdb-kept", "from-changelog"])
async def test_restart_gives_no_second_new(worker: Worker, keep_local_state: bool) -> None:
    """After a restart (with or without local RocksDB files) a replayed report is silent."""
    settings = worker.settings
    await _send_events(settings, _event("urn:a", "Xinhua"))
    alerts = await read_topic(settings, topics.ALERTS, until=lambda rs: len(rs) >= 1)
    assert _kinds(alerts) == [("new", 1)], worker.tail()

    assert worker.stop() == 0, worker.tail()
    if not keep_local_state:
        shutil.rmtree(settings.data_dir / "worker")
    await asyncio.to_thread(worker.start)

    # The same report again (a replay), then a second source.
    await _send_events(settings, _event("urn:a", "Xinhua"), _event("urn:b", "Reuters"))
    alerts = await read_topic(settings, topics.ALERTS, until=lambda rs: len(rs) >= 2)
    await asyncio.sleep(2)  # anything wrongly raised for the replayed report would be here by now
    alerts = await read_topic(settings, topics.ALERTS, until=lambda rs: len(rs) >= 3, within=3)
    assert _kinds(alerts) == [("new", 1), ("update", 2)], worker.tail()
    assert alerts[1]["sources"] == ["Xinhua", "Reuters"]
    assert alerts[0]["alert_id"] == alerts[1]["alert_id"]
