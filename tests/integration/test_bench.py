"""`wirefeed bench` through the real broker: both runs complete, every contact is one alert."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from streams.settings import Settings
from tests.conftest import write_filler
from tests.integration.conftest import wirefeed

pytestmark = pytest.mark.integration


async def test_bench_reports_throughput_and_latency(broker: Settings, tmp_path: Path) -> None:
    filler = write_filler(tmp_path / "filler.jsonl", 8)
    settings = Settings.from_env({}, broker=broker.broker, data_dir=tmp_path / "data")
    result = await asyncio.to_thread(
        wirefeed,
        "bench",
        "--items",
        "40",
        "--rate",
        "20",
        "--latency-seconds",
        "2",
        "--contacts-every",
        "4",
        str(filler),
        settings=settings,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    assert figures["items"] == 40
    assert figures["unique_items"] + figures["duplicates"] + figures["deadletters"] == 40
    assert figures["contacts_sent"] == figures["new_alerts"] == 10
    assert figures["baseline_items_per_s"] > 0
    assert figures["pipeline_items_per_s"] > 0
    expected = figures["pipeline_items_per_s"] / figures["baseline_items_per_s"]
    assert figures["ratio"] == pytest.approx(expected, abs=0.001)
    assert figures["latency_items"] == 40
    assert figures["latency_contacts"] == 10
    assert figures["e2e_latency_ms_p50"] > 0
    assert figures["e2e_latency_ms_p99"] >= figures["e2e_latency_ms_p50"]
    assert figures["peak_rss_mb"] > 0
    assert figures["peak_rss_mb_baseline"] > 0
    assert not (tmp_path / "data" / "kafka").exists(), "the bench must reuse a running broker"
