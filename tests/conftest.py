"""Fixtures shared by unit and integration tests."""

from __future__ import annotations

import random
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from streams.records import RawItem
from streams.settings import Settings

#: The project's shared material (corpora, eval sets); absent in a user's clone.
SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

#: A fixed instant, so that tests never depend on the clock.
FIXED_NOW = datetime(2017, 1, 29, 8, 0, tzinfo=UTC)


def free_port_pair(low: int = 29000, high: int = 29999) -> int:
    """A port in [low, high) free together with its successor (broker and controller)."""
    for _ in range(200):
        port = random.randrange(low, high - 1)
        if all(_bindable(p) for p in (port, port + 1)):
            return port
    raise RuntimeError(f"no free port pair in {low}-{high}")


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture
def shared() -> Path:
    """The shared/ folder, or a clean skip where it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present in this clone")
    return SHARED


@pytest.fixture
def settings_factory(tmp_path: Path) -> Callable[..., Settings]:
    """Settings from an empty environment plus overrides, with state under tmp_path."""

    def make(**overrides: Any) -> Settings:
        overrides.setdefault("data_dir", tmp_path / "state")
        return Settings.from_env({}, **overrides)

    return make


@pytest.fixture
def raw_factory() -> Callable[..., RawItem]:
    """RawItems with sensible defaults for stage tests."""

    def make(payload: str, *, fmt: str = "text", item_id: str = "file:t.txt", **kw: Any) -> RawItem:
        return RawItem(
            item_id=item_id,
            source=kw.pop("source", "test"),
            format=fmt,
            received_at=kw.pop("received_at", FIXED_NOW),
            payload=payload,
            **kw,
        )

    return make


def write_filler(path: Path, count: int) -> Path:
    """JSON Lines of ``count`` short ninjs items that name no leader (bench filler)."""
    path.write_text(
        "".join(
            f'{{"uri": "f:{n}", "headline": "Harbour report {n}", '
            f'"body_text": "Ship {n} docked at berth {n * 7} with {n * 13} tonnes of grain."}}\n'
            for n in range(count)
        )
    )
    return path
