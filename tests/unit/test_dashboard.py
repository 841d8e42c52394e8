"""The Grafana dashboard: code and checked-in JSON agree; queries use real metric names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from streams.dashboard import DASHBOARD_PATH, DATASOURCE_UID, PANELS, render
from streams.metrics import exported_names

ROOT = Path(__file__).resolve().parents[2]


def test_checked_in_json_is_what_the_code_builds() -> None:
    """`wirefeed dashboard` was run after the last change to streams/dashboard.py."""
    assert DASHBOARD_PATH.read_text(encoding="utf-8") == render()


def test_every_panel_queries_the_provisioned_prometheus() -> None:
    board = json.loads(DASHBOARD_PATH.read_text(encoding="utf-8"))
    assert [p["title"] for p in board["panels"]] == [p.title for p in PANELS]
    for panel in board["panels"]:
        assert panel["datasource"]["uid"] == DATASOURCE_UID
        assert panel["targets"], panel["title"]
    provisioned = yaml.safe_load(
        (ROOT / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text()
    )
    assert [d["uid"] for d in provisioned["datasources"]] == [DATASOURCE_UID]


def test_queries_use_only_metrics_the_workers_export() -> None:
    exported = exported_names()
    used = {
        name
        for p in PANELS
        for expr, _ in p.queries
        for name in re.findall(r"\bwirefeed_\w+", expr)
    }
    assert used <= exported, sorted(used - exported)
    # Every metric DESIGN.md asks the operators to watch has a panel.
    for name in (
        "wirefeed_stage_items_in_total",
        "wirefeed_e2e_latency_seconds_bucket",
        "wirefeed_duplicates_total",
        "wirefeed_alerts_total",
        "wirefeed_deadletter_total",
        "wirefeed_consumer_lag_messages",
    ):
        assert name in used, name
