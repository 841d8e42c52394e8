"""The Faust application: settings in, topics, tables, agents and web views wired up.

Built by :func:`create_app` rather than at import time, so that tests and the demo can
run apps with their own ids and topic prefixes side by side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import faust
from faust.sensors.prometheus import setup_prometheus_sensors
from prometheus_client import CollectorRegistry

from streams import agents, topics, web
from streams.metrics import Metrics
from streams.settings import Settings

__all__ = ["QuietWorker", "Wiring", "build", "create_app"]


class QuietWorker(faust.Worker):
    """Faust's worker without its terminal spinner.

    At the default log level (warn) the spinner sets the root logger to DEBUG so that it
    turns on every record: every Kafka send then builds a debug log record nobody reads,
    about a tenth of a busy worker's time.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spinner = None


@dataclass(frozen=True, slots=True)
class Wiring:
    """What the agents and views need: the app, its settings, topics and metrics."""

    app: faust.App
    settings: Settings
    topics: dict[str, faust.TopicT]
    metrics: Metrics


def create_app(settings: Settings | None = None) -> faust.App:
    """A ready-to-run Faust app for ``settings`` (default: from the environment)."""
    return build(settings or Settings.from_env()).app


def build(settings: Settings) -> Wiring:
    """The app with everything wired, and the parts tests need to reach (topics, metrics)."""
    datadir = settings.data_dir / "worker" / settings.app_id
    datadir.mkdir(parents=True, exist_ok=True)  # Faust creates only the last level
    app = faust.App(
        settings.app_id,
        broker=settings.broker,
        store=settings.store,
        datadir=str(datadir),
        autodiscover=False,
        processing_guarantee=settings.processing_guarantee,
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication,
        topic_allow_declare=True,
        # Every topic carries bytes that wirefeed decodes itself, so that a message that
        # does not decode is dead-lettered by the agent instead of crashing the stream.
        key_serializer="raw",
        value_serializer="raw",
        consumer_auto_offset_reset="earliest",
        web_enabled=True,
        web_bind=settings.web_host,
        web_port=settings.web_port,
        web_host=settings.web_host,
        web_application_options={"client_max_size": settings.max_request_bytes},
        # Small single-machine defaults: notice a dead worker within seconds, not a minute.
        broker_session_timeout=30,
        broker_heartbeat_interval=3,
        broker_commit_interval=1.0,
        producer_linger=0.005,
        stream_buffer_maxsize=4096,
        table_standby_replicas=0,
        Worker=QuietWorker,
    )
    declared: dict[str, Any] = {
        name: app.topic(
            settings.topic(name),
            key_type=bytes,
            value_type=bytes,
            partitions=settings.partitions,
            replicas=settings.replication,
        )
        for name in topics.ALL_TOPICS
    }
    registry = CollectorRegistry()
    metrics = Metrics(registry)
    setup_prometheus_sensors(app, registry=registry, name_prefix="wirefeed_faust")
    wiring = Wiring(app=app, settings=settings, topics=declared, metrics=metrics)
    agents.register(wiring)
    web.register(wiring)
    return wiring
