"""Fixtures shared by unit and integration tests."""

from __future__ import annotations

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
