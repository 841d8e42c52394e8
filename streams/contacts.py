"""Contact detection (``wire.tagged`` -> ``contacts.events``).

FOUNDATION ONLY: no contacts are detected yet; the detection issue builds this stage.
"""

from __future__ import annotations

from streams.records import ContactEvent, TaggedItem

__all__ = ["ContactDetector"]


class ContactDetector:
    """Finds contacts between national leaders in a tagged item; for now it finds none."""

    def detect(self, item: TaggedItem) -> list[ContactEvent]:
        """One event per contact the item reports."""
        return []
