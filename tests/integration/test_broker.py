"""A real Kafka broker from the Maven Central jars: start, produce, consume, stop, restart.

The Kafka version comes from the environment (WIREFEED_KAFKA_VERSION, default 3.9.1), so
the same test runs against 3.9 and 4.x. Jars come from the real shared cache
(WIREFEED_CACHE_DIR, default ~/.cache/wirefeed), resolved once. Ports are taken from
29000-29999 only; other suites use 9092 and 19092.
"""

from __future__ import annotations

import asyncio
import io
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiokafka import (
    AIOKafkaConsumer,
    AIOKafkaProducer,
    TopicPartition,
)
from rich.console import Console

from streams.broker import LocalBroker, wait_until_ready
from streams.settings import Settings
from tests.conftest import free_port_pair

pytestmark = pytest.mark.integration

TOPIC = "wirefeed-broker-test"
GROUP = "wirefeed-broker-test-group"


@pytest.fixture
def local_broker(tmp_path: Path) -> Iterator[LocalBroker]:
    env = Settings.from_env()
    port = free_port_pair()
    settings = Settings.from_env(
        {},
        kafka_version=env.kafka_version,
        cache_dir=env.cache_dir,
        broker=f"kafka://127.0.0.1:{port}",
        broker_port=port,
        controller_port=port + 1,
        data_dir=tmp_path,
        broker_start_timeout=env.broker_start_timeout,
    )
    local = LocalBroker(settings, console=Console(file=io.StringIO()))
    try:
        yield local
    finally:
        local.stop()


async def produce(bootstrap: str, value: bytes) -> int:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        meta = await producer.send_and_wait(TOPIC, value, key=b"k1")
    finally:
        await producer.stop()
    return int(meta.offset)


async def consume_first(bootstrap: str) -> tuple[bytes, bytes, int]:
    """The first record, read without a consumer group."""
    consumer = AIOKafkaConsumer(
        TOPIC,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
    )
    await consumer.start()
    try:
        msg = await asyncio.wait_for(consumer.getone(), 30)
    finally:
        await consumer.stop()
    return msg.key, msg.value, msg.offset


async def consume_in_group(bootstrap: str) -> tuple[bytes, int | None]:
    """The first record read in a consumer group (as Faust reads), then its commit."""
    consumer = AIOKafkaConsumer(
        TOPIC,
        bootstrap_servers=bootstrap,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=GROUP,
    )
    await consumer.start()
    try:
        msg = await asyncio.wait_for(consumer.getone(), 30)
        await consumer.commit()
    finally:
        await consumer.stop()
    return msg.value, await committed(bootstrap)


async def committed(bootstrap: str, within: float = 20.0) -> int | None:
    """The group's committed offset; a restarted broker may answer none while it loads."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=GROUP)
    await consumer.start()
    deadline = time.monotonic() + within
    try:
        while True:
            offset: int | None = await consumer.committed(TopicPartition(TOPIC, 0))
            if offset is not None or time.monotonic() > deadline:
                return offset
            await asyncio.sleep(0.5)
    finally:
        await consumer.stop()


def test_start_produce_consume_stop_restart(local_broker: LocalBroker) -> None:
    version = local_broker.version
    status = local_broker.start()
    assert status.running
    assert status.pid is not None
    assert status.bootstrap == local_broker.bootstrap
    assert status.kafka_version == version
    assert local_broker.status() == status
    assert local_broker.start().pid == status.pid  # already running: found, not started twice

    wait_until_ready(status.bootstrap, 5)
    assert asyncio.run(produce(status.bootstrap, b"hello from wirefeed")) == 0
    assert asyncio.run(consume_first(status.bootstrap)) == (b"k1", b"hello from wirefeed", 0)
    assert asyncio.run(consume_in_group(status.bootstrap)) == (b"hello from wirefeed", 1)

    log = status.log_file.read_text()
    assert f"Kafka version: {version}" in log  # the logging binding and config work
    assert "Kafka Server started" in log

    assert local_broker.stop() is True
    stopped = local_broker.status()
    assert not stopped.running
    assert stopped.pid is None
    assert local_broker.stop() is False
    cluster_id = (local_broker.log_dir / "meta.properties").read_text()

    again = local_broker.start()
    assert again.running
    assert again.pid != status.pid
    assert (local_broker.log_dir / "meta.properties").read_text() == cluster_id
    assert asyncio.run(consume_first(again.bootstrap)) == (b"k1", b"hello from wirefeed", 0)
    assert asyncio.run(committed(again.bootstrap)) == 1  # the group's offset survived too
