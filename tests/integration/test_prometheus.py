"""A real Prometheus scrapes a worker during a replay: every dashboard panel has data and
every alerting rule evaluates."""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from streams import topics
from streams.dashboard import PANELS
from streams.demo import SAMPLES, free_port
from tests.conftest import FIXTURES
from tests.integration.conftest import Worker, read_topic, wirefeed

pytestmark = pytest.mark.integration

RULES = Path(__file__).resolve().parents[2] / "deploy" / "prometheus" / "rules.yml"


class Prometheus:
    def __init__(self, url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
        self.url = url
        self.proc = proc
        self.log = log

    def get(self, path: str, **params: str) -> Any:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(f"{self.url}{path}{query}", timeout=10) as resp:
            return json.loads(resp.read())

    def tail(self) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])


@pytest.fixture
def prometheus(worker: Worker, tmp_path: Path) -> Iterator[Prometheus]:
    binary = shutil.which("prometheus")
    if binary is None:
        pytest.skip("prometheus is not installed (Debian: apt install prometheus)")
    config = {
        "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
        "rule_files": [str(RULES)],
        "scrape_configs": [
            {
                "job_name": "wirefeed",
                "metrics_path": "/metrics",
                "static_configs": [{"targets": [f"127.0.0.1:{worker.settings.web_port}"]}],
            }
        ],
    }
    path = tmp_path / "prometheus.yml"
    path.write_text(yaml.safe_dump(config))
    port = free_port()
    log = tmp_path / "prometheus.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [
                binary,
                f"--config.file={path}",
                f"--storage.tsdb.path={tmp_path / 'tsdb'}",
                f"--web.listen-address=127.0.0.1:{port}",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    server = Prometheus(f"http://127.0.0.1:{port}", proc, log)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{server.url}/-/ready", timeout=1) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise AssertionError(f"prometheus did not start:\n{server.tail()}") from None
                time.sleep(0.3)
        yield server
    finally:
        proc.terminate()
        proc.wait(10)


async def test_every_panel_has_data_and_every_rule_evaluates(
    worker: Worker, prometheus: Prometheus
) -> None:
    settings = worker.settings
    # The sample feed (contacts, duplicates) and a feed with an item that has no text, slow
    # enough that the one-second scrapes see the counters grow (rates are not all zero).
    await asyncio.sleep(2)  # a first scrape before anything happened
    for feed in (SAMPLES, FIXTURES / "pipeline" / "feed.jsonl"):
        await asyncio.to_thread(
            wirefeed, "replay", "--no-progress", "--rate", "3", str(feed), settings=settings
        )
    await read_topic(settings, topics.ALERTS, until=lambda rs: len(rs) >= 11, within=120)
    await read_topic(settings, topics.DEADLETTER, until=lambda rs: len(rs) >= 1, within=60)

    queries = [(p.title, expr) for p in PANELS for expr, _ in p.queries]
    empty: dict[str, str] = {}
    deadline = time.monotonic() + 60
    pending = list(queries)
    while pending and time.monotonic() < deadline:
        await asyncio.sleep(2)  # scrapes every second; rates need two samples in the window
        still = []
        for title, expr in pending:
            answer = await asyncio.to_thread(prometheus.get, "/api/v1/query", query=expr)
            assert answer["status"] == "success", (title, expr, answer)
            values = [float(r["value"][1]) for r in answer["data"]["result"]]
            if not values or all(v != v for v in values):  # nothing, or only NaN
                still.append((title, expr))
                empty[title] = expr
            else:
                empty.pop(title, None)
        pending = still
    assert not pending, f"panels without data: {empty}\n{prometheus.tail()}\n{worker.tail()}"

    groups = (await asyncio.to_thread(prometheus.get, "/api/v1/rules"))["data"]["groups"]
    rules = [rule for group in groups for rule in group["rules"]]
    assert len(rules) == len(yaml.safe_load(RULES.read_text())["groups"][0]["rules"])
    deadline = time.monotonic() + 20
    while any(r.get("health") != "ok" for r in rules) and time.monotonic() < deadline:
        await asyncio.sleep(1)
        groups = (await asyncio.to_thread(prometheus.get, "/api/v1/rules"))["data"]["groups"]
        rules = [rule for group in groups for rule in group["rules"]]
    assert [(r["name"], r.get("health"), r.get("lastError", "")) for r in rules] == [
        (r["name"], "ok", "") for r in rules
    ]
    # A healthy, fast worker: nothing fires.
    firing = [r["name"] for r in rules if r.get("state") == "firing"]
    assert firing == []
