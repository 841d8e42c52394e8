"""The Grafana dashboard, as code: ``wirefeed dashboard [--check]``.

Built with grafana-foundation-sdk (a development dependency) and checked in as JSON under
``deploy/grafana/dashboards/``, which Grafana provisions. Every panel's PromQL is listed in
:data:`PANELS` so that tests can run each query against a real Prometheus.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["DASHBOARD_PATH", "PANELS", "Panel", "build_dashboard", "render"]

DASHBOARD_PATH = (
    Path(__file__).resolve().parent.parent / "deploy" / "grafana" / "dashboards" / "wirefeed.json"
)
#: The provisioned Prometheus data source (deploy/grafana/provisioning/datasources).
DATASOURCE_UID = "wirefeed-prometheus"


@dataclass(frozen=True, slots=True)
class Panel:
    """One panel: a title, a unit, the queries (PromQL, legend) and how it is drawn."""

    title: str
    description: str
    unit: str
    queries: tuple[tuple[str, str], ...]
    kind: str = "timeseries"  # or "stat"


_LATENCY_RATE = "sum by (le) (rate(wirefeed_e2e_latency_seconds_bucket[5m]))"

PANELS: tuple[Panel, ...] = (
    Panel(
        "Items per stage",
        "Records each stage reads per second.",
        "reqps",
        (("sum by (stage) (rate(wirefeed_stage_items_in_total[1m]))", "{{stage}}"),),
    ),
    Panel(
        "Outcomes per stage",
        "What each stage did with its records: published, dead-lettered, nothing to publish.",
        "reqps",
        (
            (
                "sum by (stage, outcome) (rate(wirefeed_stage_items_out_total[1m]))",
                "{{stage}} {{outcome}}",
            ),
        ),
    ),
    Panel(
        "Duplicate ratio",
        "Duplicates held back (exact, near) and new versions, per item that reached dedup.",
        "percentunit",
        (
            (
                "sum by (kind) (rate(wirefeed_duplicates_total[5m]))"
                ' / scalar(sum(rate(wirefeed_stage_items_in_total{stage="dedup"}[5m])))',
                "{{kind}}",
            ),
        ),
    ),
    Panel(
        "Alerts by type and kind",
        "Alerts raised in the last 5 minutes: new events and updates of known ones.",
        "short",
        (("sum by (type, kind) (increase(wirefeed_alerts_total[5m]))", "{{type}} {{kind}}"),),
    ),
    Panel(
        "Receipt to alert latency",
        "From receipt of an event's first item to its alert (goal: p99 under 1 s).",
        "s",
        (
            (f"histogram_quantile(0.5, {_LATENCY_RATE})", "p50"),
            (f"histogram_quantile(0.99, {_LATENCY_RATE})", "p99"),
        ),
    ),
    Panel(
        "Stage processing time p99",
        "Time one record takes in each stage's own code.",
        "s",
        (
            (
                "histogram_quantile(0.99, sum by (le, stage)"
                " (rate(wirefeed_stage_processing_seconds_bucket[5m])))",
                "{{stage}}",
            ),
        ),
    ),
    Panel(
        "Consumer lag",
        "Messages not read yet, per topic, over all workers.",
        "short",
        (("sum by (topic) (wirefeed_consumer_lag_messages)", "{{topic}}"),),
    ),
    Panel(
        "Dead letters",
        "Messages dead-lettered in the last 10 minutes, by stage and reason.",
        "short",
        (
            (
                "sum by (stage, reason) (increase(wirefeed_deadletter_total[10m]))",
                "{{stage}} {{reason}}",
            ),
        ),
    ),
    Panel(
        "Workers up",
        "Workers Prometheus can scrape.",
        "short",
        (('sum(up{job="wirefeed"})', "workers"),),
        kind="stat",
    ),
)


def build_dashboard() -> Any:
    """The dashboard model (grafana-foundation-sdk)."""
    try:
        from grafana_foundation_sdk.builders import dashboard, prometheus, stat, timeseries
        from grafana_foundation_sdk.models.dashboard import DataSourceRef
    except ImportError as exc:  # a development dependency
        raise SystemExit(
            "wirefeed dashboard needs grafana-foundation-sdk: pip install -e '.[dev]'"
        ) from exc

    source = DataSourceRef(type_val="prometheus", uid=DATASOURCE_UID)
    board = (
        dashboard.Dashboard("wirefeed")
        .uid("wirefeed")
        .tags(["wirefeed"])
        .refresh("10s")
        .time("now-1h", "now")
        .timezone("utc")
    )
    for spec in PANELS:
        builder: Any = stat.Panel() if spec.kind == "stat" else timeseries.Panel()
        builder = (
            builder.title(spec.title)
            .description(spec.description)
            .unit(spec.unit)
            .datasource(source)
            .height(8)
            .span(6 if spec.kind == "stat" else 12)
        )
        for ref, (expr, legend) in zip("ABCDEFGH", spec.queries, strict=False):
            builder = builder.with_target(
                prometheus.Dataquery().expr(expr).legend_format(legend).ref_id(ref)
            )
        board = board.with_panel(builder)
    return board.build()


def render() -> str:
    """The dashboard as the JSON Grafana provisions (stable key order, one trailing newline)."""
    from grafana_foundation_sdk.cog.encoder import JSONEncoder

    return json.dumps(build_dashboard(), cls=JSONEncoder, indent=2, sort_keys=True) + "\n"


def write(path: Path = DASHBOARD_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    return path
