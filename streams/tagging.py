"""Entity tagging (``wire.unique`` -> ``wire.tagged``).

FOUNDATION ONLY: items pass through with no entities. The gazetteer and the matcher
come with the tagging issue.
"""

from __future__ import annotations

from streams.records import TaggedItem, UniqueItem

__all__ = ["Tagger"]


class Tagger:
    """Finds leaders, countries and organisations in an item; for now it finds none."""

    def tag(self, item: UniqueItem) -> TaggedItem:
        """The item with its entities."""
        return TaggedItem(**item.asdict(), entities=[])
