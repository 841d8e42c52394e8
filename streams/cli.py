"""The ``wirefeed`` command line (DESIGN.md, "Command line").

Exit status: 0 success; 1 when some records were skipped (one stderr line each) while
the rest were processed; 2 when the invocation cannot work at all (one-line reason).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import orjson
from aiokafka.errors import KafkaError

from streams import __version__
from streams.errors import BrokerError, UnusableInput
from streams.ingest import FORMATS
from streams.settings import Settings, SettingsError

__all__ = ["main"]

EMITS = ("clean", "duplicates", "tagged", "events", "alerts")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wirefeed",
        description="Streaming wire-feed processor: alerts on contacts between national leaders.",
    )
    parser.add_argument("--version", action="version", version=f"wirefeed {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser(
        "worker",
        help="run a long-lived Faust worker for every agent (Faust's worker options apply)",
        add_help=False,
    )

    replay = sub.add_parser("replay", help="publish items from files or feeds to wire.raw")
    replay.add_argument("--format", choices=FORMATS, default="auto")
    replay.add_argument("--rate", type=_positive_float, default=None, help="items per second")
    replay.add_argument("--source", default=None, help="source name where the input has none")
    replay.add_argument("--no-progress", action="store_true", help="no progress bar")
    replay.add_argument("paths", nargs="+", metavar="PATH", help="file, directory or feed URL")

    process = sub.add_parser("process", help="run every stage in this process, without Kafka")
    process.add_argument("--format", choices=FORMATS, default="auto")
    process.add_argument("--emit", choices=EMITS, default="alerts")
    process.add_argument("--no-dedup", action="store_true", help="pass every item as unique")
    process.add_argument("--source", default=None, help="source name where the input has none")
    process.add_argument("--stats", action="store_true", help="per-stage timings on stderr")
    process.add_argument("paths", nargs="+", metavar="PATH")

    broker = sub.add_parser("broker", help="a local Apache Kafka broker (no Docker needed)")
    broker.add_argument("action", choices=("start", "stop", "status"))

    watch = sub.add_parser("watch", help="print what the pipeline publishes, live")
    watch.add_argument(
        "--topic",
        action="append",
        dest="topics",
        metavar="TOPIC",
        help="topic to watch (repeatable; default: tagged, duplicates, alerts, dead letters)",
    )
    watch.add_argument("--from-beginning", action="store_true")
    watch.add_argument("--idle-exit", type=_positive_float, default=None, metavar="SECONDS")
    watch.add_argument("--max", type=int, default=None, dest="max_records", metavar="N")
    watch.add_argument("--json", action="store_true", help="JSON Lines instead of summaries")

    sub.add_parser("demo", help="broker, worker, sample feed: see the pipeline work end to end")

    schemas = sub.add_parser("schemas", help="write the JSON Schemas into schemas/")
    schemas.add_argument("--check", action="store_true", help="fail if schemas/ is out of date")

    sub.add_parser("settings", help="list every WIREFEED_* setting with its default")

    gazetteer = sub.add_parser("gazetteer", help="check or refresh the leader and country data")
    gazetteer_sub = gazetteer.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = gazetteer_sub.add_parser("check", help="validate the gazetteer; exit 1 on errors")
    check.add_argument("--dir", type=Path, default=None, help="gazetteer directory to check")
    gaz_import = gazetteer_sub.add_parser(
        "import", help="turn a Wikidata query export into leaders/wikidata-import.csv"
    )
    gaz_import.add_argument("json_path", type=Path, metavar="WIKIDATA_JSON")
    gaz_import.add_argument(
        "--out", type=Path, default=None, metavar="DIR", help="default: the shipped gazetteer"
    )
    dash = sub.add_parser(
        "dashboard", help="write deploy/grafana/dashboards/wirefeed.json from its code"
    )
    dash.add_argument("--check", action="store_true", help="exit 1 if the checked-in JSON differs")
    bench = sub.add_parser(
        "bench",
        help="throughput (full pipeline vs pass-through) and latency at a steady rate, "
        "through a real broker and worker; JSON on the last line",
    )
    bench.add_argument("paths", nargs="*", metavar="PATH", help="default: the sample feed")
    bench.add_argument(
        "--items", type=int, default=5000, help="items for the throughput runs (corpus repeated)"
    )
    bench.add_argument(
        "--rate", type=_positive_float, default=500.0, help="offered items/s of the latency run"
    )
    bench.add_argument(
        "--latency-seconds",
        type=float,
        default=20.0,
        metavar="S",
        help="length of the latency run (0: none)",
    )
    bench.add_argument(
        "--contacts-every", type=int, default=10, metavar="N", help="every Nth item a contact"
    )
    bench.add_argument(
        "--no-baseline", action="store_true", help="skip the pass-through baseline run"
    )
    measure = sub.add_parser("measure", help="print measured figures of a stage as JSON")
    measure.add_argument(
        "stage",
        choices=["dedup", "tagging", "contacts"],
        help="dedup: cleanup and dedup figures; tagging: speed, gazetteer, leader agreement; "
        "contacts: precision and recall against --labels",
    )
    measure.add_argument("paths", nargs="+", metavar="PATH")
    measure.add_argument(
        "--sample", type=int, default=0, metavar="N", help="add N near pairs to read and label"
    )
    measure.add_argument(
        "--labels",
        type=Path,
        action="append",
        default=None,
        help="dedup: JSON Lines of labelled near pairs; contacts: JSON Lines of labelled "
        "items (repeat for several sets, e.g. one per language)",
    )
    return parser


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be positive")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``wirefeed`` console script."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list[:1] == ["worker"]:
        return _worker(args_list[1:])
    parser = _parser()
    args = parser.parse_args(args_list)
    logging.basicConfig(level=logging.WARNING, format="wirefeed: %(name)s: %(message)s")
    # aiokafka logs retried sends (a partition still electing its leader) and failed
    # connections itself; both end in an exception that is reported here, in one line.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    try:
        return _dispatch(args)
    except (UnusableInput, SettingsError, BrokerError) as exc:
        print(f"wirefeed: error: {exc}", file=sys.stderr)
        return 2
    except KafkaError as exc:
        broker = os.environ.get("WIREFEED_BROKER", "the configured broker")
        print(f"wirefeed: error: Kafka at {broker}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`); stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def _dispatch(args: argparse.Namespace) -> int:
    command: str = args.command
    if command == "settings":
        for name, default, doc in Settings.describe():
            print(f"{name:34} {default:28} {doc}")
        return 0
    if command == "schemas":
        from streams import schema

        if args.check:
            stale = schema.stale_files()
            for name in stale:
                print(f"wirefeed: schemas/{name} is out of date", file=sys.stderr)
            return 1 if stale else 0
        for path in schema.write():
            print(path)
        return 0
    if command == "gazetteer":
        from streams import gazetteer

        if args.action == "check":
            return gazetteer.check_command(args.dir)
        return gazetteer.import_command(args.json_path, args.out)
    settings = Settings.from_env()
    if command == "process":
        from streams.process import process

        return process(
            args.paths,
            fmt=args.format,
            emit=args.emit,
            dedup=not args.no_dedup,
            source=args.source,
            stats=args.stats,
            settings=settings,
        )
    if command == "replay":
        from streams.replay import print_skip, replay

        result = asyncio.run(
            replay(
                settings,
                args.paths,
                fmt=args.format,
                rate=args.rate,
                source=args.source,
                progress=not args.no_progress,
                on_skip=print_skip,
            )
        )
        print(
            f"wirefeed: replayed {result.sent} items to {settings.topic('wire.raw')} in "
            f"{result.seconds:.1f}s ({result.items_per_s:.0f} items/s), "
            f"{len(result.skipped)} skipped",
            file=sys.stderr,
        )
        return 1 if result.skipped else 0
    if command == "broker":
        from streams.broker import LocalBroker

        local = LocalBroker(settings)
        if args.action == "start":
            print(local.start())
        elif args.action == "stop":
            print("stopped" if local.stop() else "not running")
        else:
            status = local.status()
            print(status)
            return 0 if status.running else 3
        return 0
    if command == "watch":
        from streams.watch import DEFAULT_TOPICS, watch

        asyncio.run(
            watch(
                settings,
                args.topics or DEFAULT_TOPICS,
                from_beginning=args.from_beginning,
                idle_exit=args.idle_exit,
                max_records=args.max_records,
                as_json=args.json,
            )
        )
        return 0
    if command == "measure":
        from streams.measure import measure_contacts, measure_dedup, measure_tagging

        if args.stage == "contacts":
            if args.labels is None:
                print("wirefeed: error: measure contacts needs --labels FILE", file=sys.stderr)
                return 2
            figures = measure_contacts(args.paths, args.labels, settings=settings)
        elif args.stage == "tagging":
            figures = measure_tagging(args.paths, settings=settings)
        else:
            if args.labels and len(args.labels) > 1:
                print("wirefeed: error: measure dedup takes one --labels FILE", file=sys.stderr)
                return 2
            figures = measure_dedup(
                args.paths,
                sample=args.sample,
                labels=args.labels[0] if args.labels else None,
                settings=settings,
            )
        print(orjson.dumps(figures, option=orjson.OPT_INDENT_2).decode())
        return 0
    if command == "dashboard":
        from streams.dashboard import DASHBOARD_PATH, render, write

        if args.check:
            current = DASHBOARD_PATH.read_text() if DASHBOARD_PATH.exists() else ""
            if current != render():
                print(
                    f"wirefeed: {DASHBOARD_PATH} is out of date: run wirefeed dashboard",
                    file=sys.stderr,
                )
                return 1
            print(f"{DASHBOARD_PATH} is up to date", file=sys.stderr)
            return 0
        print(f"wrote {write()}", file=sys.stderr)
        return 0
    if command == "bench":
        from streams.bench import run_bench

        figures = run_bench(
            settings,
            args.paths,
            items=args.items,
            rate=args.rate,
            latency_seconds=args.latency_seconds,
            contacts_every=args.contacts_every,
            baseline=not args.no_baseline,
        )
        print(orjson.dumps(figures).decode())
        return 0
    if command == "demo":
        from streams.demo import run_demo

        return run_demo(settings)
    raise AssertionError(f"unhandled command {command}")


def _worker(faust_args: list[str]) -> NoReturn:
    """Hand over to Faust's own worker command line, for our app."""
    try:
        settings = Settings.from_env()
    except SettingsError as exc:
        print(f"wirefeed: error: {exc}", file=sys.stderr)
        sys.exit(2)
    from streams import topics
    from streams.app import create_app

    # Create every topic first: a Faust consumer that starts before its topics exist
    # ignores them ("Ignoring missing topic") and never reads them.
    try:
        asyncio.run(topics.ensure_topics(settings))
    except Exception as exc:
        print(f"wirefeed: error: cannot reach Kafka at {settings.broker}: {exc}", file=sys.stderr)
        sys.exit(2)
    app = create_app(settings)
    sys.argv = ["wirefeed", "worker", *faust_args]
    app.main()  # never returns: Faust's command line exits the process
