"""Items replayed through a real Kafka broker and a real worker come out of the last topic."""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from aiokafka import AIOKafkaProducer

from streams import topics
from streams.settings import Settings
from tests.conftest import FIXTURES
from tests.integration.conftest import Worker, read_topic, wirefeed

pytestmark = pytest.mark.integration

FEED = FIXTURES / "pipeline" / "feed.jsonl"
GOOD = {f"urn:test:pipeline:{n}" for n in (1, 2, 3, 5)}


def _ids(records: list[dict[str, Any]]) -> set[str]:
    return {r["item_id"] for r in records}


def _post(worker: Worker, body: bytes) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{worker.settings.web_port}/items",
        data=body,
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read() or b"{}")


class TestReplayThroughTheWorker:
    async def test_good_items_reach_wire_tagged_and_bad_ones_are_accounted(
        self, worker: Worker
    ) -> None:
        """Replay skips the broken line (exit 1); the empty item is dead-lettered; the rest pass."""
        settings = worker.settings
        result = await asyncio.to_thread(
            wirefeed, "replay", "--no-progress", str(FEED), settings=settings
        )
        assert result.returncode == 1, result.stderr
        assert "feed.jsonl:5: bad_json" in result.stderr
        assert "replayed 5 items" in result.stderr

        tagged = await read_topic(
            settings, topics.TAGGED, until=lambda rs: _ids(rs) >= GOOD, within=90
        )
        assert _ids(tagged) == GOOD, worker.tail()
        first = next(r for r in tagged if r["item_id"] == "urn:test:pipeline:1")
        assert first["headline"] == "Port workers end strike after pay deal"
        assert first["source"] == "Reuters"
        assert first["entities"] == []

        dead = await read_topic(settings, topics.DEADLETTER, until=lambda rs: len(rs) >= 1)
        assert [(d["item_id"], d["stage"], d["reason"]) for d in dead] == [
            ("urn:test:pipeline:4", "cleanup", "no_text")
        ]

    async def test_garbage_on_wire_raw_is_dead_lettered_and_the_worker_goes_on(
        self, worker: Worker
    ) -> None:
        """Bytes that are not a RawItem go to wire.deadletter; later good items still pass."""
        settings = worker.settings
        producer = AIOKafkaProducer(bootstrap_servers=settings.bootstrap_servers)
        await producer.start()
        try:
            raw = settings.topic(topics.RAW)
            await producer.send_and_wait(raw, b"\xff\xfe not json", key=b"garbage-1")
            await producer.send_and_wait(raw, b'{"item_id": "half"}', key=b"garbage-2")
        finally:
            await producer.stop()
        result = await asyncio.to_thread(
            wirefeed, "replay", "--no-progress", str(FEED), settings=settings
        )
        assert result.returncode == 1
        dead = await read_topic(
            settings,
            topics.DEADLETTER,
            until=lambda rs: {"garbage-1", "garbage-2"} <= _ids(rs),
        )
        reasons = {d["item_id"]: d["reason"] for d in dead}
        assert reasons["garbage-1"] == "undecodable"
        assert reasons["garbage-2"] == "undecodable"
        garbage = next(d for d in dead if d["item_id"] == "garbage-1")
        assert garbage["topic"] == raw
        assert garbage["offset"] is not None
        tagged = await read_topic(settings, topics.TAGGED, until=lambda rs: _ids(rs) >= GOOD)
        assert _ids(tagged) == GOOD, worker.tail()


class TestHttpIngest:
    async def test_items_posted_over_http_come_out_tagged(self, worker: Worker) -> None:
        """One item and a batch are accepted with 202 and flow through the pipeline."""
        one = {
            "uri": "urn:test:http:1",
            "headline": "Bridge reopens",
            "body_text": "The bridge reopened.",
        }
        batch = [
            {
                "uri": "urn:test:http:2",
                "headline": "Rail strike called off",
                "body_text": "Unions agreed.",
            },
            {
                "uri": "urn:test:http:3",
                "headline": "Snow closes pass",
                "body_text": "The pass is shut.",
            },
        ]
        status, body = await asyncio.to_thread(_post, worker, json.dumps(one).encode())
        assert (status, body["accepted"]) == (202, 1)
        status, body = await asyncio.to_thread(_post, worker, json.dumps(batch).encode())
        assert (status, body["item_ids"]) == (202, ["urn:test:http:2", "urn:test:http:3"])
        wanted = {"urn:test:http:1", "urn:test:http:2", "urn:test:http:3"}
        tagged = await read_topic(
            worker.settings, topics.TAGGED, until=lambda rs: _ids(rs) >= wanted
        )
        assert _ids(tagged) == wanted, worker.tail()

    @pytest.mark.parametrize(
        ("body", "status", "error"),
        [
            (b"{broken", 400, "bad_json"),
            (b"[]", 400, "empty"),
            (b'{"headline": "no uri here", "body_text": "x"}', 400, "no_uri"),
            (b'[{"uri": "urn:ok", "body_text": "fine"}, 42]', 400, "not_an_object"),
        ],
    )
    async def test_unusable_requests_get_400_with_the_reason(
        self, worker: Worker, body: bytes, status: int, error: str
    ) -> None:
        """The reason comes back; nothing of a refused request is published."""
        got, answer = await asyncio.to_thread(_post, worker, body)
        assert (got, answer["error"]) == (status, error)

    async def test_too_large_items_get_413(
        self, worker: Worker, pipeline_settings: Settings
    ) -> None:
        """An item over WIREFEED_MAX_ITEM_BYTES is refused with 413."""
        big = {"uri": "urn:test:big", "body_text": "x" * (pipeline_settings.max_item_bytes + 10)}
        got, answer = await asyncio.to_thread(_post, worker, json.dumps(big).encode())
        assert (got, answer["error"]) == (413, "too_large")
