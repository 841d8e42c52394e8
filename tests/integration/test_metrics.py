"""A worker's /metrics after a replay through the real broker."""

from __future__ import annotations

import asyncio
import time
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from streams import topics
from streams.demo import SAMPLES
from tests.integration.conftest import Worker, read_topic, wirefeed

pytestmark = pytest.mark.integration


def _samples(worker: Worker) -> dict[str, list[tuple[dict[str, str], float]]]:
    url = f"http://127.0.0.1:{worker.settings.web_port}/metrics"
    with urllib.request.urlopen(url, timeout=10) as resp:
        text = resp.read().decode()
    found: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found.setdefault(sample.name, []).append((sample.labels, sample.value))
    return found


async def test_metrics_show_the_flow_alerts_latency_and_lag(worker: Worker) -> None:
    settings = worker.settings
    result = await asyncio.to_thread(
        wirefeed, "replay", "--no-progress", str(SAMPLES), settings=settings
    )
    assert result.returncode == 0, result.stderr
    await read_topic(settings, topics.ALERTS, until=lambda rs: len(rs) >= 11, within=120)
    deadline = time.monotonic() + 30
    metrics = _samples(worker)
    while "wirefeed_consumer_lag_messages" not in metrics and time.monotonic() < deadline:
        await asyncio.sleep(1)  # the lag gauge is refreshed every few seconds
        metrics = _samples(worker)

    items_in = {
        labels["stage"]: value for labels, value in metrics["wirefeed_stage_items_in_total"]
    }
    assert items_in["cleanup"] == 17
    assert items_in["tagging"] == 15
    alerts = {
        (labels["type"], labels["kind"]): value
        for labels, value in metrics["wirefeed_alerts_total"]
    }
    assert sum(v for (_, kind), v in alerts.items() if kind == "new") == 10
    assert alerts[("phone_call", "update")] == 1
    (latency_count,) = [v for _, v in metrics["wirefeed_e2e_latency_seconds_count"]]
    assert latency_count == 10
    lag_topics = {labels["topic"] for labels, _ in metrics["wirefeed_consumer_lag_messages"]}
    assert settings.topic(topics.RAW) in lag_topics, worker.tail()
    assert all(value >= 0 for _, value in metrics["wirefeed_consumer_lag_messages"])
    duplicates = {labels["kind"]: v for labels, v in metrics["wirefeed_duplicates_total"]}
    assert duplicates == {"exact": 1, "near": 1, "version": 1}
