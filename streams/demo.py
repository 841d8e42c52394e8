"""``wirefeed demo``: the whole job on its embedded default, end to end, printed live.

Starts the local broker if none answers, a worker on fresh topics (a per-run prefix, so
every demo tells the whole story), replays the shipped sample feed and prints what comes
out of the pipeline until every item is accounted for; then stops what it started.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.console import Console

from streams import topics
from streams.broker import LocalBroker, wait_until_ready
from streams.errors import BrokerError
from streams.replay import print_skip, replay
from streams.settings import Settings
from streams.watch import DEFAULT_TOPICS, watch

__all__ = ["SAMPLES", "free_port", "fresh_run", "run_demo", "start_worker", "stop_worker"]

SAMPLES = Path(__file__).resolve().parent / "samples"
#: Quiet time after the last item before the demo ends, so that its alerts are printed.
_SETTLE_S = 4.0


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_worker(settings: Settings, log_path: Path, *extra: str) -> subprocess.Popen[bytes]:
    """A ``wirefeed worker`` child process for ``settings`` (passed as WIREFEED_* variables)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREFEED_")}
    for name, _default, _doc in Settings.describe():
        env[name] = str(getattr(settings, name.removeprefix("WIREFEED_").lower()))
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "streams", "worker", "-l", "info", *extra],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop_worker(proc: subprocess.Popen[bytes], timeout: float = 30.0) -> int:
    """Stop a worker the way an operator would (SIGTERM), killing it only if it hangs."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


@contextmanager
def fresh_run(settings: Settings, name: str, say: Callable[[str], None]) -> Iterator[Settings]:
    """Settings for one run with its own app id, topics and web port, on the broker that
    answers or on one started for the run (and stopped after it)."""
    run = time.strftime("%Y%m%d-%H%M%S")
    settings = replace(
        settings,
        app_id=f"wirefeed-{name}-{run}",
        topic_prefix=f"{name}-{run}.",
        web_port=free_port(),
    )
    broker = LocalBroker(settings)
    started_broker = False
    try:
        wait_until_ready(settings.bootstrap_servers, timeout=3)
        say(f"using the broker at {settings.bootstrap_servers}")
    except BrokerError:
        say("starting a local Kafka broker (first run resolves its jars)")
        say(str(broker.start()))
        started_broker = True
    try:
        yield settings
    finally:
        if started_broker:
            broker.stop()


def run_demo(settings: Settings, timeout: float = 180.0) -> int:
    """Run the demo; 0 when every sample item came out of the pipeline."""
    console = Console(stderr=True, highlight=False)
    with fresh_run(settings, "demo", lambda text: console.print(f"[bold]demo[/] {text}")) as run:
        return _demo(run, console, timeout)


def _demo(settings: Settings, console: Console, timeout: float) -> int:
    log_path = settings.data_dir / "demo" / f"{settings.app_id}.log"
    console.print(f"[bold]demo[/] starting a worker (log: {log_path})")
    worker = start_worker(settings, log_path)
    try:
        result = asyncio.run(replay(settings, [str(SAMPLES)], on_skip=print_skip))
        console.print(f"[bold]demo[/] replayed {result.sent} sample items; what comes out, live:")
        # Every replayed item ends as exactly one of: tagged, duplicate, dead letter.
        # Alerts come a stage after tagging: once every item is in, wait until the
        # alerts have been quiet for a moment.
        done: list[str] = []
        last_record = [time.monotonic()]

        def account(topic: str, value: dict[str, Any]) -> None:
            last_record[0] = time.monotonic()
            if topic == topics.ALERTS:
                return
            if topic == topics.DUPLICATES and value.get("kind") == "version":
                return  # a new version also passes on as unique: wait for that
            done.append(str(value.get("item_id")))

        deadline = time.monotonic() + timeout
        asyncio.run(
            watch(
                settings,
                DEFAULT_TOPICS,
                from_beginning=True,
                on_record=account,
                stop_when=lambda: (
                    (len(done) >= result.sent and time.monotonic() - last_record[0] > _SETTLE_S)
                    or time.monotonic() > deadline
                    or worker.poll() is not None
                ),
                idle_exit=None,
            )
        )
        if worker.poll() is not None:
            console.print(f"[red]the worker exited ({worker.returncode}); see {log_path}[/]")
            return 1
        if len(done) < result.sent:
            console.print(f"[red]only {len(done)} of {result.sent} items came through[/]")
            return 1
        console.print(f"[bold green]demo[/] all {result.sent} items came through the pipeline")
        return 0
    finally:
        stop_worker(worker)
