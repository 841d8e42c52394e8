"""A real Apache Kafka broker for the integration tests, and workers on their own topics.

The broker is started once per session by :class:`streams.broker.LocalBroker` on free
ports in a temporary data directory (``WIREFEED_TEST_BROKER=host:port`` uses a running
one instead). Each test gets its own topic prefix and app id, so tests never see each
other's records.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import orjson
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from streams.broker import LocalBroker, wait_until_ready
from streams.demo import free_port, start_worker, stop_worker
from streams.settings import Settings
from streams.topics import topic_partitions


@pytest.fixture(scope="session")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Settings]:
    """Settings that reach a running, real Kafka broker."""
    external = os.environ.get("WIREFEED_TEST_BROKER")
    if external:
        wait_until_ready(external, timeout=30)
        yield Settings.from_env({}, broker=f"kafka://{external}")
        return
    port, cport = free_port(), free_port()
    while cport == port:
        cport = free_port()
    settings = Settings.from_env(
        None,
        broker=f"kafka://127.0.0.1:{port}",
        broker_port=port,
        controller_port=cport,
        data_dir=tmp_path_factory.mktemp("broker"),
    )
    local = LocalBroker(settings)
    local.start()
    try:
        yield settings
    finally:
        local.stop()


@pytest.fixture
def pipeline_settings(broker: Settings, tmp_path: Path) -> Settings:
    """Settings for one test: own topics, app id, state directory and web port."""
    run = uuid.uuid4().hex[:8]
    return replace(
        broker,
        app_id=f"wirefeed-test-{run}",
        topic_prefix=f"t{run}.",
        data_dir=tmp_path / "state",
        partitions=2,
        web_port=free_port(),
    )


class Worker:
    """A `wirefeed worker` child process, stopped when the test ends."""

    def __init__(self, settings: Settings, log: Path) -> None:
        self.settings = settings
        self.log = log
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = start_worker(self.settings, self.log)
        self.wait_http()

    def stop(self) -> int:
        assert self.proc is not None
        return stop_worker(self.proc)

    def wait_http(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        url = f"http://127.0.0.1:{self.settings.web_port}/health"
        while time.monotonic() < deadline:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise AssertionError(f"worker exited:\n{self.tail()}")
            try:
                with urllib.request.urlopen(url, timeout=1) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise AssertionError(f"worker web server did not answer:\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        if not self.log.exists():
            return "(no log)"
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture
def worker(pipeline_settings: Settings, tmp_path: Path) -> Iterator[Worker]:
    """A running worker for this test's settings."""
    w = Worker(pipeline_settings, tmp_path / "worker.log")
    w.start()
    try:
        yield w
    finally:
        if w.proc is not None and w.proc.poll() is None:
            w.stop()


def wirefeed(
    *args: str, settings: Settings, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the real command line with ``settings`` in its environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREFEED_")}
    env.update(
        WIREFEED_BROKER=settings.broker,
        WIREFEED_TOPIC_PREFIX=settings.topic_prefix,
        WIREFEED_APP_ID=settings.app_id,
        WIREFEED_PARTITIONS=str(settings.partitions),
        WIREFEED_DATA_DIR=str(settings.data_dir),
    )
    return subprocess.run(
        [sys.executable, "-m", "streams", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


async def read_topic(
    settings: Settings,
    name: str,
    *,
    until: Callable[[list[dict[str, Any]]], bool],
    within: float = 60.0,
) -> list[dict[str, Any]]:
    """Every record on a topic from the beginning, until ``until(records)`` or the timeout."""
    consumer = AIOKafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=None)
    await consumer.start()
    records: list[dict[str, Any]] = []
    try:
        topic = settings.topic(name)
        deadline = time.monotonic() + within
        tps: list[TopicPartition] = []
        while not tps and time.monotonic() < deadline:
            tps = await topic_partitions(settings.bootstrap_servers, [topic])
            if not tps:
                await asyncio.sleep(0.5)
        assert tps, f"topic {topic} never appeared"
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        while not until(records) and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=300)
            for messages in batch.values():
                records.extend(orjson.loads(m.value) for m in messages)
        return records
    finally:
        await consumer.stop()
