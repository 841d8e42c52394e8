"""Alerting (``contacts.events`` -> ``contacts.alerts``): one alert per real-world event.

The alert id is a stable hash of the event's identity, so every report of one event,
from any item, source or worker, lands on the same key (and so on the same partition and
table entry). State is any mutable mapping: a Faust table in the worker (changelogged,
so it survives restarts), a dict in ``wirefeed process``.

This is the foundation's version: identity, new/update and replay safety. Linking
planned to held contacts and pair history come with the contact-detection issue.
"""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping
from datetime import datetime
from typing import Any

from streams.records import ContactAlert, ContactEvent, Evidence, Participant

__all__ = ["Alerter", "alert_id", "participant_key"]

#: Evidence kept per alert; enough to show the spread of sources without growing forever.
MAX_EVIDENCE = 10


def participant_key(p: Participant) -> str:
    """The Wikidata id where known; otherwise name and country, case-folded."""
    return p.qid or f"{p.name.casefold()}|{p.country}"


def alert_id(event: ContactEvent) -> str:
    """Stable id of the real-world event: sorted participants, type and date."""
    people = ",".join(sorted(participant_key(p) for p in event.participants))
    identity = f"{people}|{event.type}|{event.date or 'undated'}"
    return hashlib.blake2b(identity.encode("utf-8"), digest_size=12).hexdigest()


class Alerter:
    """Turns contact events into alerts, remembering what each alert has already said."""

    def __init__(self, state: MutableMapping[str, Any]) -> None:
        self.state = state

    def on_event(self, event: ContactEvent, now: datetime) -> ContactAlert | None:
        """The alert to raise, or None (a recalled contact, or a report already counted)."""
        if event.status == "past_reference":
            return None
        key = alert_id(event)
        seen: dict[str, Any] | None = self.state.get(key)
        if seen is not None and event.item_id in seen["item_ids"]:
            return None  # the same item again (replay, restart): nothing new to say
        if seen is None:
            seen = {
                "first_received_at": event.received_at.isoformat(),
                "item_ids": [],
                "sources": [],
                "evidence": [],
            }
            kind = "new"
        else:
            kind = "update"
        seen["item_ids"].append(event.item_id)
        if event.source not in seen["sources"]:
            seen["sources"].append(event.source)
        for ev in event.evidence:
            if len(seen["evidence"]) < MAX_EVIDENCE:
                seen["evidence"].append(ev.asdict())
        self.state[key] = seen  # reassign: tables persist on set, not on mutation
        return ContactAlert(
            alert_id=key,
            kind=kind,
            type=event.type,
            status=event.status,
            date=event.date,
            participants=event.participants,
            evidence=[Evidence(**e) for e in seen["evidence"]],
            sources=list(seen["sources"]),
            source_count=len(seen["sources"]),
            item_ids=list(seen["item_ids"]),
            first_received_at=datetime.fromisoformat(seen["first_received_at"]),
            detected_at=now,
        )
