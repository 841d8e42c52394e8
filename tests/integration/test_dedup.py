"""Dedup through the real broker: planted copies are held back, across a worker restart."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from streams import topics
from tests.integration.conftest import Worker, read_topic, wirefeed

pytestmark = pytest.mark.integration

T0 = datetime(2019, 3, 4, 8, 0, tzinfo=UTC)
_VOCABULARY = """minister talks border trade summit ministry spokesman agreement economy
council parliament election budget security army ceasefire region capital province energy
pipeline harbour grain export import tariff bank currency inflation reform court delegation
embassy treaty visit airport railway bridge flood drought harvest fishing university
hospital vaccine strike union factory market shares bond oil gas coal port"""
_WORDS = _VOCABULARY.split()


def _story(n: int, words: int = 150) -> str:
    rng = random.Random(n)
    return " ".join(rng.choice(_WORDS) for _ in range(words)) + "."


def _item(uri: str, text: str, minutes: int, headline: str) -> dict[str, Any]:
    when = (T0 + timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z")
    return {
        "uri": uri,
        "type": "text",
        "versioncreated": when,
        "language": "en",
        "headline": headline,
        "body_text": text,
    }


def _near(text: str, n: int) -> str:
    """Another outlet's copy: one word changed and a short credit line added."""
    words = text.split()
    words[10] = "correspondents"
    return " ".join(words) + f" Reporting by desk {n}; editing by staff."


def _feed() -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, str]]:
    """Originals, then planted copies; and which original each copy repeats."""
    originals = [_item(f"urn:t:orig:{n}", _story(n), n, f"Story {n}") for n in range(16)]
    copies: list[dict[str, Any]] = []
    of: dict[str, str] = {}
    for n in range(0, 16, 2):
        text = originals[n]["body_text"]
        exact = _item(f"urn:t:exact:{n}", "  " + text.upper(), 30 + n, f"Copy {n}")
        near = _item(f"urn:t:near:{n}", _near(text, n), 40 + n, f"Retold {n}")
        copies += [exact, near]
        of[exact["uri"]] = of[near["uri"]] = originals[n]["uri"]
    return originals, copies, of


def _write(path: Path, items: list[dict[str, Any]]) -> Path:
    path.write_bytes(b"\n".join(orjson.dumps(i) for i in items) + b"\n")
    return path


async def test_planted_copies_are_held_back_across_a_restart(
    worker: Worker, tmp_path: Path
) -> None:
    """Exactly the originals reach wire.unique; each copy is a duplicate naming its original.

    The originals go first (who is first among copies sent in the same instant depends on
    partition timing). The worker is stopped while the first half of the copies is in
    flight and started again; the rest of the copies and a replay of some originals then
    go through it.
    """
    settings = worker.settings
    originals, copies, of = _feed()
    sources = [
        _write(tmp_path / "originals.jsonl", originals),
        _write(tmp_path / "copies-1.jsonl", copies[: len(copies) // 2]),
        _write(tmp_path / "copies-2.jsonl", copies[len(copies) // 2 :] + originals[:4]),
    ]

    async def replay(path: Path) -> None:
        sent = await asyncio.to_thread(
            wirefeed, "replay", "--no-progress", str(path), settings=settings
        )
        assert sent.returncode == 0, sent.stderr

    await replay(sources[0])
    await read_topic(settings, topics.UNIQUE, until=lambda rs: len(rs) >= len(originals))
    await replay(sources[1])
    assert worker.stop() == 0, worker.tail()  # the copies are in flight
    await asyncio.to_thread(worker.start)
    await replay(sources[2])

    copy_ids = set(of)

    def all_copies_decided(records: list[dict[str, Any]]) -> bool:
        return copy_ids <= {r["item_id"] for r in records}

    duplicates = await read_topic(settings, topics.DUPLICATES, until=all_copies_decided, within=120)
    await asyncio.sleep(2)  # anything wrongly passed would be on wire.unique by now
    unique = await read_topic(
        settings, topics.UNIQUE, until=lambda rs: len(rs) >= len(originals) + 8, within=5
    )
    assert {u["item_id"] for u in unique} == {o["uri"] for o in originals}, worker.tail()
    named = {d["item_id"]: (d["duplicate_of"], d["kind"]) for d in duplicates}
    assert set(named) == copy_ids, worker.tail()
    for copy_id, (original, kind) in named.items():
        assert original == of[copy_id]
        assert kind == ("exact" if ":exact:" in copy_id else "near")
