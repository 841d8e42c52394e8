"""Prometheus metrics, declared once (prefix ``wirefeed_``, units in the names).

The Grafana dashboard and the alerting rules in ``deploy/`` use only these names.
"""

from __future__ import annotations

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram

__all__ = ["Metrics", "exported_names"]

# Stage work is sub-millisecond to tens of milliseconds per record.
_STAGE_BUCKETS = (0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)
# Receipt to alert: resolve 10 ms to 60 s (the goal is under 1 s).
_LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0)


class Metrics:
    """All of wirefeed's own metrics on one registry (one per app in tests)."""

    def __init__(self, registry: CollectorRegistry = REGISTRY) -> None:
        self.registry = registry
        self.items_in = Counter(
            "wirefeed_stage_items_in_total",
            "Records a stage read from its input topic.",
            ["stage"],
            registry=registry,
        )
        self.items_out = Counter(
            "wirefeed_stage_items_out_total",
            "Records a stage finished with, by outcome (published, deadletter, none).",
            ["stage", "outcome"],
            registry=registry,
        )
        self.stage_seconds = Histogram(
            "wirefeed_stage_processing_seconds",
            "Time a stage spent on one record.",
            ["stage"],
            buckets=_STAGE_BUCKETS,
            registry=registry,
        )
        self.e2e_latency = Histogram(
            "wirefeed_e2e_latency_seconds",
            "From receipt of the first item of an event to its alert.",
            buckets=_LATENCY_BUCKETS,
            registry=registry,
        )
        self.duplicates = Counter(
            "wirefeed_duplicates_total",
            "Duplicates found, by kind (exact, near, version).",
            ["kind"],
            registry=registry,
        )
        self.alerts = Counter(
            "wirefeed_alerts_total",
            "Alerts raised, by contact type and alert kind (new, update).",
            ["type", "kind"],
            registry=registry,
        )
        self.deadletters = Counter(
            "wirefeed_deadletter_total",
            "Messages dead-lettered, by stage and reason.",
            ["stage", "reason"],
            registry=registry,
        )
        self.consumer_lag = Gauge(
            "wirefeed_consumer_lag_messages",
            "Messages on a partition this worker reads that it has not read yet.",
            ["topic", "partition"],
            registry=registry,
        )
        self.ingested = Counter(
            "wirefeed_ingest_items_total",
            "Items offered to ingest, by channel (http) and outcome (accepted, rejected).",
            ["channel", "outcome"],
            registry=registry,
        )


_SUFFIXES = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count")}


def exported_names() -> set[str]:
    """Every series name wirefeed's own metrics export, as PromQL sees them.

    The dashboard and the alerting rules may use only these (tests hold them to it).
    """
    registry = CollectorRegistry()
    Metrics(registry)
    return {
        family.name + suffix
        for family in registry.collect()
        for suffix in _SUFFIXES.get(family.type, ("",))
    }
