"""Alerting (``contacts.events`` -> ``contacts.alerts``): one alert per real-world event.

Events are keyed by their pair of leaders (``event_key``), so every report about one pair,
from any item, source or worker, reaches one partition and one state entry: the pair's
alerts so far and the contacts it is known to have had. State is any mutable mapping: a
Faust table in the worker (changelogged, so it survives restarts), a dict in
``wirefeed process``.

A report belongs to an alert of its pair when it is the same kind of contact (in person,
by phone or video, by letter) with the same status and date; an undated report belongs
to one reported within three days. Its alert id is a hash of the pair, the kind of
contact, the status and the date (or the first report's day), fixed by the first report.
The same item again (a restart, a replay) adds nothing. A held contact that an earlier
announcement planned says so (``fulfils``); every alert says whether the pair had been
seen in contact before, and when (``first_contact``, ``previous_contact``). Recalled
contacts never alert but enter the pair's history.
"""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping
from datetime import date, datetime, timedelta
from typing import Any

from streams.records import ContactAlert, ContactEvent, Evidence, Participant

__all__ = ["Alerter", "pair_key", "participant_key"]

#: Evidence kept per alert; enough to show the spread of sources without growing forever.
MAX_EVIDENCE = 10
#: Alerts and history entries kept per pair (the oldest go first).
MAX_ALERTS = 16
MAX_HISTORY = 32
#: An undated report joins an alert of its pair reported this close.
UNDATED_WINDOW = timedelta(days=3)
#: A held contact fulfils an announcement made at most this long before.
FULFIL_WINDOW = timedelta(days=90)

_FAMILY = {
    "meeting": "in_person",
    "visit": "in_person",
    "summit": "in_person",
    "phone_call": "remote",
    "video_call": "remote",
    "letter": "letter",
}


def participant_key(p: Participant) -> str:
    """The Wikidata id where known; otherwise name and country, case-folded."""
    return p.qid or f"{p.name.casefold()}|{p.country}"


def pair_key(event: ContactEvent) -> str:
    """The participants, sorted: a contact is undirected."""
    return ",".join(sorted(participant_key(p) for p in event.participants))


def _day(event: ContactEvent) -> date:
    """The day the event is placed on: its date, else the day it was reported."""
    text = event.date or event.reported_on
    return date.fromisoformat(text) if text else event.received_at.date()


class Alerter:
    """Turns contact events into alerts, remembering what each pair's alerts have said."""

    def __init__(self, state: MutableMapping[str, Any]) -> None:
        self.state = state

    def on_event(self, event: ContactEvent, now: datetime) -> ContactAlert | None:
        """The alert to raise, or None (a recalled contact, or a report already counted)."""
        key = pair_key(event)
        pair: dict[str, Any] = self.state.get(key) or {"alerts": [], "history": []}
        day = _day(event)
        if event.status == "past_reference":
            self._remember(pair, event.date, event.type, event.item_id)
            self.state[key] = pair
            return None
        alert = self._match(pair, event, day)
        if alert is not None and event.item_id in alert["item_ids"]:
            return None  # the same item again (replay, restart): nothing new to say
        if alert is None:
            alert = self._open(pair, key, event, day)
            kind = "new"
        else:
            kind = "update"
        alert["item_ids"].append(event.item_id)
        if event.source not in alert["sources"]:
            alert["sources"].append(event.source)
        for ev in event.evidence:
            if len(alert["evidence"]) < MAX_EVIDENCE:
                alert["evidence"].append(ev.asdict())
        if alert["date"] is None and event.date is not None:
            alert["date"] = event.date  # a later report may name the day
        self.state[key] = pair  # reassign: tables persist on set, not on mutation
        return ContactAlert(
            alert_id=alert["id"],
            kind=kind,
            type=alert["type"],
            status=alert["status"],
            date=alert["date"],
            participants=event.participants,
            evidence=[Evidence(**e) for e in alert["evidence"]],
            sources=list(alert["sources"]),
            source_count=len(alert["sources"]),
            item_ids=list(alert["item_ids"]),
            first_received_at=datetime.fromisoformat(alert["first_received_at"]),
            detected_at=now,
            fulfils=alert["fulfils"],
            first_contact=alert["first_contact"],
            previous_contact=alert["previous_contact"],
        )

    @staticmethod
    def _match(pair: dict[str, Any], event: ContactEvent, day: date) -> dict[str, Any] | None:
        family = _FAMILY.get(event.type, event.type)
        alerts: list[dict[str, Any]] = pair["alerts"]
        for candidate in reversed(alerts):
            if candidate["family"] != family or candidate["status"] != event.status:
                continue
            same_item = bool(event.item_id in candidate["item_ids"])
            if candidate["date"] is not None and event.date is not None:
                same_day = bool(candidate["date"] == event.date)
            else:
                same_day = abs(date.fromisoformat(candidate["day"]) - day) <= UNDATED_WINDOW
            if same_item or same_day:
                found: dict[str, Any] = candidate
                return found
        return None

    def _open(
        self, pair: dict[str, Any], key: str, event: ContactEvent, day: date
    ) -> dict[str, Any]:
        family = _FAMILY.get(event.type, event.type)
        identity = f"{key}|{family}|{event.status}|{event.date or 'reported ' + day.isoformat()}"
        earlier = [h for h in pair["history"] if h[0] is None or h[0] < day.isoformat()]
        dated = sorted(h[0] for h in earlier if h[0] is not None)
        alert: dict[str, Any] = {
            "id": hashlib.blake2b(identity.encode("utf-8"), digest_size=12).hexdigest(),
            "family": family,
            "type": event.type,
            "status": event.status,
            "date": event.date,
            "day": day.isoformat(),
            "first_received_at": event.received_at.isoformat(),
            "item_ids": [],
            "sources": [],
            "evidence": [],
            "fulfils": None,
            "first_contact": not earlier,
            "previous_contact": dated[-1] if dated else None,
        }
        if event.status == "occurred":
            alert["fulfils"] = self._fulfilled(pair, family, day)
            self._remember(pair, day.isoformat(), event.type, event.item_id)
        pair["alerts"] = [*pair["alerts"], alert][-MAX_ALERTS:]
        return alert

    @staticmethod
    def _fulfilled(pair: dict[str, Any], family: str, day: date) -> str | None:
        """The announcement this held contact makes good, if one is open."""
        for planned in reversed(pair["alerts"]):
            if planned["status"] != "planned" or planned.get("fulfilled_by"):
                continue
            if planned["date"] is not None:
                fits = planned["date"] == day.isoformat()
            else:
                announced = date.fromisoformat(planned["day"])
                fits = announced <= day <= announced + FULFIL_WINDOW
            if fits and planned["family"] == family:
                planned["fulfilled_by"] = day.isoformat()
                return str(planned["id"])
        return None

    @staticmethod
    def _remember(pair: dict[str, Any], day: str | None, kind: str, item_id: str) -> None:
        entry = [day, kind, item_id]
        if entry not in pair["history"]:
            pair["history"] = [*pair["history"], entry][-MAX_HISTORY:]
