"""Duplicate removal (``wire.clean`` -> ``wire.unique`` / ``wire.duplicates``).

FOUNDATION ONLY: every item passes as unique with an exact-text fingerprint. Exact and
near-duplicate detection with state in Faust tables is the cleanup/dedup issue's work.
"""

from __future__ import annotations

import hashlib
import re

from streams.records import CleanItem, DuplicateRecord, UniqueItem

__all__ = ["Deduplicator", "fingerprint"]

_SPACE = re.compile(r"\s+")


def fingerprint(item: CleanItem) -> str:
    """A hash of the normalised headline and body: blind to spacing and case."""
    text = _SPACE.sub(" ", f"{item.headline}\n{item.body}").strip().casefold()
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class Deduplicator:
    """Decides whether a clean item is new; for now it always is."""

    def check(self, item: CleanItem) -> tuple[UniqueItem | None, DuplicateRecord | None]:
        """The unique item to pass on and/or the duplicate record to publish."""
        unique = UniqueItem(**item.asdict(), fingerprint=fingerprint(item))
        return unique, None
