"""The README's first command: the demo runs the sample feed through a real worker."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from streams import ingest, topics
from streams.demo import SAMPLES
from streams.pipeline import Output, Pipeline, build_stages
from streams.records import RawItem
from streams.settings import Settings
from tests.integration.conftest import wirefeed

pytestmark = pytest.mark.integration

_MAX_ITEM_BYTES = Settings.from_env({}).max_item_bytes


async def test_demo_brings_every_sample_item_through(broker: Settings, tmp_path: Path) -> None:
    """`wirefeed demo` on a running broker prints every sample item and exits 0."""
    raws = [
        item
        for path in ingest.expand_targets([str(SAMPLES)])
        for item in ingest.read_items(path, max_item_bytes=_MAX_ITEM_BYTES)
        if isinstance(item, RawItem)
    ]
    # What the same stage code decides in one process is what the worker must print.
    outputs = [o for o in Pipeline(build_stages()).run(raws) if isinstance(o, Output)]
    tagged = sum(o.topic == topics.TAGGED for o in outputs)
    alerts = sum(o.topic == topics.ALERTS for o in outputs)
    held_back = sum(
        o.topic == topics.DUPLICATES and getattr(o.record, "kind", "") != "version" for o in outputs
    )
    settings = Settings.from_env({}, broker=broker.broker, data_dir=tmp_path)
    result = await asyncio.to_thread(wirefeed, "demo", settings=settings, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"all {len(raws)} items came through the pipeline" in result.stderr
    lines = result.stdout.splitlines()
    printed = [line for line in lines if line.startswith("tagged ")]
    assert len(printed) == tagged
    assert sum(line.startswith("duplicate ") for line in lines) == held_back + 1  # + version
    assert any("file:scraped-page.txt" in line for line in printed)
    assert sum(line.startswith("ALERT ") for line in lines) == alerts == 11
    assert not (tmp_path / "kafka").exists(), "the demo must reuse a running broker"
