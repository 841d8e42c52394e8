"""``wirefeed process``: the whole pipeline in one process, JSON Lines on stdout."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from typing import BinaryIO

from rich.console import Console
from rich.progress import MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from streams import codec, ingest, topics
from streams.ingest import Skipped
from streams.pipeline import Output, Pipeline, build_stages
from streams.records import DeadLetter, RawItem
from streams.settings import Settings

__all__ = ["EMIT_TOPICS", "process"]

EMIT_TOPICS = {
    "clean": topics.CLEAN,
    "duplicates": topics.DUPLICATES,
    "tagged": topics.TAGGED,
    "events": topics.EVENTS,
    "alerts": topics.ALERTS,
}


def process(
    targets: Sequence[str],
    *,
    fmt: str = "auto",
    emit: str = "alerts",
    dedup: bool = True,
    source: str | None = None,
    stats: bool = False,
    settings: Settings | None = None,
) -> int:
    """Run every stage over the targets, print the ``emit`` topic; the exit status."""
    settings = settings or Settings.from_env()
    paths = ingest.expand_targets(targets)
    for path in paths:
        ingest.check_target(path, fmt)
    pipeline = Pipeline(build_stages(dedup=dedup))
    wanted = EMIT_TOPICS[emit]
    problems = 0

    def raw_items() -> Iterator[RawItem]:
        nonlocal problems
        for path in paths:
            for item in ingest.read_items(
                path, fmt, max_item_bytes=settings.max_item_bytes, source=source
            ):
                if isinstance(item, Skipped):
                    problems += 1
                    print(f"wirefeed: skipped {item}", file=sys.stderr)
                else:
                    yield item

    out = sys.stdout.buffer
    # A progress bar on stderr when a person is watching; stdout stays pure JSON Lines.
    bar = Progress(
        SpinnerColumn(),
        TextColumn("[bold]process[/]"),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        disable=not sys.stderr.isatty(),
        transient=True,
        redirect_stdout=False,
    )
    task = bar.add_task("", total=None)
    with bar:
        for record in pipeline.run(raw_items()):
            if isinstance(record, Output) and record.topic == topics.RAW:
                bar.advance(task)
            _emit(record, wanted, out)
            if isinstance(record, DeadLetter):
                problems += 1
    out.flush()
    if stats:
        for stage, seconds in pipeline.timings.seconds.items():
            count = pipeline.timings.counts[stage]
            print(
                f"wirefeed: {stage}: {count} records, {seconds:.3f}s, "
                f"{count / seconds if seconds else 0:.0f} records/s",
                file=sys.stderr,
            )
    return 1 if problems else 0


def _emit(record: Output | DeadLetter, wanted: str, out: BinaryIO) -> None:
    if isinstance(record, DeadLetter):
        print(
            f"wirefeed: skipped {record.item_id} at {record.stage}: {record.error}",
            file=sys.stderr,
        )
    elif record.topic == wanted:
        out.write(codec.dumps(record.record) + b"\n")
