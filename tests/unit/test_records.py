"""Records: defined once, plain JSON on the wire, and schemas that match the code."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from jsonschema import Draft202012Validator, ValidationError

from streams import codec, schema
from streams.records import (
    INTERNAL_TOPIC_RECORDS,
    TOPIC_RECORDS,
    ContactAlert,
    Dateline,
    DeadLetter,
    Entity,
    Evidence,
    Participant,
    RawItem,
    TaggedItem,
    WireRecord,
)
from streams.topics import ALL_TOPICS

NOW = datetime(2017, 1, 28, 12, 30, tzinfo=UTC)


def _tagged() -> TaggedItem:
    return TaggedItem(
        item_id="urn:test:1",
        source="Xinhua",
        format="ninjs",
        received_at=NOW,
        headline="Putin, Trump hold phone talks",
        body="MOSCOW, Jan. 28 (Xinhua) -- ...",
        dateline=Dateline(place="MOSCOW", date_text="Jan. 28", agency="Xinhua"),
        entities=[Entity(entity_id="Q7747", kind="person", text="Putin", start=0, end=5)],
        fingerprint="abc",
    )


def _alert() -> ContactAlert:
    return ContactAlert(
        alert_id="x",
        kind="new",
        type="phone_call",
        status="occurred",
        participants=[Participant(name="Vladimir Putin", country="RUS", role="President")],
        evidence=[Evidence(item_id="a", source="s", text="They spoke.")],
        sources=["s"],
        source_count=1,
        item_ids=["a"],
        first_received_at=NOW,
        detected_at=NOW,
        date="2017-01-28",
    )


def _dead_letter() -> DeadLetter:
    return DeadLetter(
        item_id="a",
        stage="cleanup",
        reason="no_text",
        error="no_text: nothing left",
        input="{}",
        failed_at=NOW,
        topic="wire.raw",
        partition=0,
        offset=7,
    )


class TestCodec:
    def test_round_trip_keeps_nested_records(self) -> None:
        """A tagged item survives dumps/loads with its dateline and entities as records."""
        item = _tagged()
        back = codec.loads(TaggedItem, codec.dumps(item))
        assert back == item
        assert isinstance(back.entities[0], Entity)
        assert isinstance(back.dateline, Dateline)

    def test_json_is_plain(self) -> None:
        """No Faust envelope: consumers see just the fields."""
        value = json.loads(codec.dumps(_tagged()))
        assert "__faust" not in value
        assert value["dateline"]["place"] == "MOSCOW"
        assert value["received_at"] == "2017-01-28T12:30:00Z"

    def test_datetimes_come_back_aware_in_utc(self) -> None:
        """Offsets in the input are kept as the same instant."""
        raw = RawItem(
            item_id="a",
            source="s",
            format="text",
            received_at=datetime(2017, 1, 28, 15, 30, tzinfo=timezone(timedelta(hours=3))),
            payload="x",
        )
        back = codec.loads(RawItem, codec.dumps(raw))
        assert back.received_at == NOW + timedelta(hours=0)
        assert back.received_at.tzinfo is not None

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"{not json", "invalid JSON"),
            (b"[1, 2]", "JSON object"),
            (b'{"item_id": "a"}', "not a RawItem"),
            (
                b'{"item_id":"a","source":"s","format":"t","received_at":"soon","payload":""}',
                "not a RawItem",
            ),
            (b"\xff\xfe", "invalid JSON"),
        ],
    )
    def test_bad_bytes_raise_decode_error(self, data: bytes, message: str) -> None:
        """Anything that is not a valid record is a DecodeError that says why."""
        with pytest.raises(codec.DecodeError, match=message):
            codec.loads(RawItem, data)

    def test_alert_serialises_participants_and_evidence(self) -> None:
        """Lists of nested records become lists of objects."""
        value = codec.to_json_dict(_alert())
        assert value["participants"][0]["country"] == "RUS"
        assert value["evidence"][0]["text"] == "They spoke."


class TestSchemas:
    def test_every_topic_has_a_record_and_a_schema(self) -> None:
        """The DESIGN.md topics and the internal ones map to records, each with a schema file."""
        assert set(TOPIC_RECORDS) | set(INTERNAL_TOPIC_RECORDS) == set(ALL_TOPICS)
        records = [*TOPIC_RECORDS.values(), *INTERNAL_TOPIC_RECORDS.values()]
        names = {schema.schema_filename(r) for r in records}
        assert len(names) == len(ALL_TOPICS)

    def test_checked_in_schemas_match_the_code(self) -> None:
        """schemas/ is regenerated whenever a record changes (`wirefeed schemas`)."""
        assert schema.stale_files() == []

    def test_schema_requires_fields_without_defaults(self) -> None:
        """Required means: the record cannot be built without it."""
        doc = schema.record_schema(DeadLetter)
        assert set(doc["required"]) == {"item_id", "stage", "reason", "error", "input", "failed_at"}
        assert doc["properties"]["failed_at"] == {"type": "string", "format": "date-time"}
        assert doc["properties"]["partition"]["anyOf"][1] == {"type": "null"}

    def test_nested_records_are_defs(self) -> None:
        """Nested records are referenced once under $defs."""
        doc = schema.record_schema(TaggedItem)
        assert doc["properties"]["entities"]["items"] == {"$ref": "#/$defs/Entity"}
        assert "Dateline" in doc["$defs"]

    @pytest.mark.parametrize("record", [_tagged(), _alert(), _dead_letter()], ids=type)
    def test_serialised_records_validate_against_the_checked_in_schema(
        self, record: WireRecord
    ) -> None:
        """What a producer writes is what schemas/ promises consumers (draft 2020-12)."""
        path = schema.SCHEMA_DIR / schema.schema_filename(type(record))
        validator = Draft202012Validator(
            json.loads(path.read_text()), format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        errors = list(validator.iter_errors(codec.to_json_dict(record)))
        assert errors == []

    def test_schema_rejects_what_the_record_rejects(self) -> None:
        """A value missing a required field or with an unknown one fails validation."""
        doc = json.loads((schema.SCHEMA_DIR / "dead_letter.v1.json").read_text())
        value = codec.to_json_dict(_dead_letter())
        Draft202012Validator(doc).validate(value)
        with pytest.raises(ValidationError):
            Draft202012Validator(doc).validate({k: v for k, v in value.items() if k != "stage"})
        with pytest.raises(ValidationError):
            Draft202012Validator(doc).validate({**value, "surprise": 1})
