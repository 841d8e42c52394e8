"""The agents are thin wiring: bytes in, the stage's records or a dead letter out.

Run with Faust's test context and an in-memory store; every outbound send is an
AsyncMock, so no broker is needed.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from unittest.mock import AsyncMock

import orjson
import pytest

from streams import codec, topics
from streams.app import Wiring, build
from streams.records import RawItem
from streams.settings import Settings
from tests.conftest import FIXED_NOW


@pytest.fixture
async def wiring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Wiring]:
    """An app on the test's event loop (else Faust makes, and leaks, one of its own)."""
    wired = build(Settings.from_env({}, store="memory://", data_dir=tmp_path))
    wired.app.loop = asyncio.get_running_loop()
    wired.app.finalize()
    wired.app.flow_control.resume()
    for topic in wired.topics.values():
        monkeypatch.setattr(topic, "send", AsyncMock(name=f"send to {topic.get_topic_name()}"))
    yield wired
    # The stream makes a consumer whose (never started) thread owns an event loop of its
    # own; Faust closes it only when the worker stops, which a test context never does.
    consumer = wired.app._consumer
    thread = getattr(consumer, "_thread", None) if consumer is not None else None
    if thread is not None:
        thread.thread_loop.close()


def _sent(wiring: Wiring, name: str) -> list[dict[str, object]]:
    mock = wiring.topics[name].send
    assert isinstance(mock, AsyncMock)
    return [orjson.loads(call.kwargs["value"]) for call in mock.await_args_list]


class TestCleanupAgent:
    async def test_a_raw_item_is_published_clean_under_its_id(self, wiring: Wiring) -> None:
        """A good RawItem leaves as a CleanItem keyed by the item id."""
        raw = RawItem(
            item_id="urn:t:1",
            source="test",
            format="ninjs",
            received_at=FIXED_NOW,
            payload='{"uri": "urn:t:1", "headline": "Dam opens", "body_text": "It opened."}',
        )
        agent = wiring.app.agents["streams.agents.cleanup"]
        async with agent.test_context() as ctx:
            await ctx.put(codec.dumps(raw), key=b"urn:t:1")
        clean = _sent(wiring, topics.CLEAN)
        assert [c["headline"] for c in clean] == ["Dam opens"]
        call = wiring.topics[topics.CLEAN].send.await_args_list[0]  # type: ignore[attr-defined]
        assert call.kwargs["key"] == b"urn:t:1"
        assert _sent(wiring, topics.DEADLETTER) == []

    async def test_garbage_goes_to_dead_letter_and_the_agent_goes_on(self, wiring: Wiring) -> None:
        """Undecodable bytes are dead-lettered with the reason; the next message is processed."""
        agent = wiring.app.agents["streams.agents.cleanup"]
        raw = RawItem(
            item_id="file:a.txt",
            source="t",
            format="text",
            received_at=FIXED_NOW,
            payload="Headline\n\nBody text.",
        )
        async with agent.test_context() as ctx:
            await ctx.put(b"\x00garbage", key=b"bad-1")
            await ctx.put(codec.dumps(raw), key=b"file:a.txt")
        dead = _sent(wiring, topics.DEADLETTER)
        assert [(d["item_id"], d["stage"], d["reason"]) for d in dead] == [
            ("bad-1", "cleanup", "undecodable")
        ]
        assert [c["item_id"] for c in _sent(wiring, topics.CLEAN)] == ["file:a.txt"]
        samples = wiring.metrics.registry.get_sample_value(
            "wirefeed_deadletter_total", {"stage": "cleanup", "reason": "undecodable"}
        )
        assert samples == 1.0
