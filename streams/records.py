"""Every record that travels on a wirefeed topic, defined once.

Records are Faust records without Faust's ``__faust`` envelope, so that their JSON is the
plain shape described by ``schemas/``. Datetimes are timezone-aware UTC and travel as
RFC 3339 strings. Serialise with :mod:`streams.codec`, never ``json``.

``from __future__ import annotations`` is deliberately absent: Faust reads the field
annotations at class creation time.
"""

from datetime import datetime
from typing import Any, ClassVar

import faust

from streams import codec as _codec  # noqa: F401  (registers the orjson codec)

__all__ = [
    "INTERNAL_TOPIC_RECORDS",
    "TOPIC_RECORDS",
    "CleanItem",
    "ContactAlert",
    "ContactEvent",
    "Dateline",
    "DeadLetter",
    "DedupAnswer",
    "DedupEntry",
    "DedupMatch",
    "DedupProbe",
    "DuplicateRecord",
    "Entity",
    "Evidence",
    "Participant",
    "RawItem",
    "TaggedItem",
    "UniqueItem",
    "WireRecord",
]


class WireRecord(
    faust.Record,
    abstract=True,
    include_metadata=False,
    isodates=True,
    serializer="orjson",
):
    """Base of every record: plain JSON, ISO dates, one schema version per record."""

    schema_version: ClassVar[int] = 1


class RawItem(WireRecord):
    """What a source gave, untouched, with where and when it came from.

    ``payload`` is the item exactly as received: the ninjs object as JSON text, the text
    or HTML page, the Reuters-21578 ``<REUTERS>`` element, or the feed entry as JSON.
    ``metadata`` holds what the ingest parser read beside it (Reuters PLACES, PEOPLE,
    ORGS, DATE; an RSS entry's link and dates; the file name).
    """

    item_id: str
    source: str
    format: str
    received_at: datetime
    payload: str
    metadata: dict[str, Any] = {}


class Dateline(WireRecord):
    """A dateline as written: "MOSCOW, Jan. 28 (Xinhua) --"."""

    place: str | None = None
    date_text: str | None = None
    agency: str | None = None


class CleanItem(WireRecord):
    """An item reduced to its article: headline, body text and when and where it is from."""

    item_id: str
    source: str
    format: str
    received_at: datetime
    headline: str
    body: str
    uri: str | None = None
    version: int | None = None
    published_at: datetime | None = None
    dateline: Dateline | None = None
    language: str | None = None
    metadata: dict[str, Any] = {}


class UniqueItem(CleanItem):
    """A clean item that is not a duplicate (or is a newer, fuller version of one)."""

    fingerprint: str = ""
    version_of: str | None = None


class DuplicateRecord(WireRecord):
    """Why an item was held back: which item it repeats, how, and how closely."""

    item_id: str
    duplicate_of: str
    kind: str  # exact, near or version
    similarity: float
    detected_at: datetime


class DedupEntry(WireRecord):
    """What dedup remembers of an item in each bucket it falls in: enough to compare."""

    item_id: str
    order: str  # receipt time and id: "first seen" is the smallest
    published: float  # publication time, epoch seconds
    shingles: int
    sketch: str  # 2-bit MinHash sketch, hex
    #: Short hashes of the exact text and of the lead: which x:/l: keys two items share.
    tags: str = ""


class DedupProbe(WireRecord):
    """An item's bucket keys (internal; on ``wire.dedup-index``, every key of an item)."""

    entry: DedupEntry
    keys: list[str]
    probe: int
    expected: int
    register_only: bool = False
    #: The process that checked the item: its own replica has it already.
    origin: str = ""


class DedupMatch(WireRecord):
    """Another item found in one of the probed buckets (it got there first)."""

    key: str
    entry: DedupEntry


class DedupAnswer(WireRecord):
    """Internal (``wire.dedup-answers``): what one probe found, or the item itself (probe -1)."""

    item_id: str
    probe: int
    expected: int
    matches: list[DedupMatch] = []
    #: Probed keys whose bucket was full: the item was not remembered there.
    unregistered: list[str] = []
    #: The probing item's ``order``: two versions of one id in flight never mix answers.
    order: str = ""
    item: CleanItem | None = None
    entry: DedupEntry | None = None
    fingerprint: str = ""


class Entity(WireRecord):
    """One mention in the clean text resolved to a canonical entity."""

    entity_id: str
    kind: str  # person, country or organisation
    text: str
    start: int
    end: int
    name: str = ""
    qid: str | None = None
    country: str | None = None
    role: str | None = None


class TaggedItem(UniqueItem):
    """A unique item with the entities found in it."""

    entities: list[Entity] = []


class Participant(WireRecord):
    """A leader taking part in a contact, with the role held on the event's date."""

    name: str
    country: str
    role: str
    qid: str | None = None


class Evidence(WireRecord):
    """The sentence a contact was read from, and where it was read."""

    item_id: str
    source: str
    text: str


class ContactEvent(WireRecord):
    """One contact between leaders found in one item."""

    event_key: str
    item_id: str
    source: str
    type: str  # phone_call, meeting, visit, summit, letter, video_call, other
    status: str  # occurred, planned, past_reference
    participants: list[Participant]
    evidence: list[Evidence]
    received_at: datetime
    detected_at: datetime
    date: str | None = None
    #: The item's own day (dateline, else publication): where an undated contact is placed.
    reported_on: str | None = None


class ContactAlert(WireRecord):
    """What subscribers receive: one alert id per real-world event, new then updates."""

    alert_id: str
    kind: str  # new or update
    type: str
    status: str
    participants: list[Participant]
    evidence: list[Evidence]
    sources: list[str]
    source_count: int
    item_ids: list[str]
    first_received_at: datetime
    detected_at: datetime
    date: str | None = None
    fulfils: str | None = None
    first_contact: bool = True
    previous_contact: str | None = None


class DeadLetter(WireRecord):
    """A message a stage could not process, kept with the reason so nothing vanishes."""

    item_id: str
    stage: str
    reason: str
    error: str
    input: str
    failed_at: datetime
    topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    input_truncated: bool = False


#: The value record of each DESIGN.md topic.
TOPIC_RECORDS: dict[str, type[WireRecord]] = {
    "wire.raw": RawItem,
    "wire.clean": CleanItem,
    "wire.unique": UniqueItem,
    "wire.duplicates": DuplicateRecord,
    "wire.tagged": TaggedItem,
    "contacts.events": ContactEvent,
    "contacts.alerts": ContactAlert,
    "wire.deadletter": DeadLetter,
}

#: Internal topic: what every worker's replica of dedup's bucket index must register.
INTERNAL_TOPIC_RECORDS: dict[str, type[WireRecord]] = {
    "wire.dedup-index": DedupProbe,
}
