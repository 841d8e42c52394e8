"""The stage chain: what the agents and `wirefeed process` both run."""

from __future__ import annotations

from collections.abc import Callable

import orjson
import pytest

from streams import codec, topics
from streams.pipeline import (
    MAX_DEADLETTER_INPUT,
    Output,
    Pipeline,
    Stage,
    apply_stage,
    build_stages,
)
from streams.records import CleanItem, DeadLetter, RawItem, TaggedItem
from tests.conftest import FIXED_NOW

NINJS = orjson.dumps(
    {"uri": "urn:t:1", "headline": "Harbour reopens", "body_text": "The harbour reopened today."}
).decode()


class TestPipeline:
    def test_one_item_flows_through_every_topic_in_order(
        self, raw_factory: Callable[..., RawItem]
    ) -> None:
        """raw, clean, unique, tagged: each feeds the next; dedup's index entry goes out too."""
        raw = raw_factory(NINJS, fmt="ninjs", item_id="urn:t:1")
        published = list(Pipeline(build_stages()).feed(raw))
        public = [p.topic for p in published if isinstance(p, Output)]
        assert [t for t in public if t in topics.PUBLIC_TOPICS] == [
            topics.RAW,
            topics.CLEAN,
            topics.UNIQUE,
            topics.TAGGED,
        ]
        assert public.count(topics.DEDUP_INDEX) == 1
        tagged = next(p for p in published if isinstance(p, Output) and p.topic == topics.TAGGED)
        assert isinstance(tagged.record, TaggedItem)
        assert tagged.record.headline == "Harbour reopens"
        assert tagged.record.fingerprint

    def test_rejected_item_becomes_a_dead_letter_and_the_run_goes_on(
        self, raw_factory: Callable[..., RawItem]
    ) -> None:
        """An item without text is dead-lettered at cleanup; the next item still passes."""
        empty = raw_factory('{"uri": "urn:t:0"}', fmt="ninjs", item_id="urn:t:0")
        good = raw_factory(NINJS, fmt="ninjs", item_id="urn:t:1")
        out = list(Pipeline(build_stages()).run([empty, good]))
        dead = [o for o in out if isinstance(o, DeadLetter)]
        assert [(d.item_id, d.stage, d.reason) for d in dead] == [("urn:t:0", "cleanup", "no_text")]
        assert any(isinstance(o, Output) and o.topic == topics.TAGGED for o in out)

    def test_timings_count_each_stage(self, raw_factory: Callable[..., RawItem]) -> None:
        """Per-stage counts back `wirefeed process --stats`."""
        pipeline = Pipeline(build_stages())
        list(pipeline.run([raw_factory(NINJS, fmt="ninjs", item_id="urn:t:1")] * 3))
        counts = pipeline.timings.counts
        assert {s: counts[s] for s in ("cleanup", "dedup", "tagging", "contacts")} == {
            "cleanup": 3,
            "dedup": 3,
            "tagging": 3,
            "contacts": 3,
        }
        assert set(counts) == {"cleanup", "dedup", "tagging", "contacts"}


class TestApplyStage:
    def _cleanup(self) -> Stage:
        return build_stages()[0]

    def test_undecodable_bytes_are_dead_lettered_with_their_position(self) -> None:
        """Bytes that are not a RawItem keep topic, partition and offset for the operator."""
        result = apply_stage(
            self._cleanup(),
            b"\xff not json",
            key="k1",
            now=FIXED_NOW,
            topic="wire.raw",
            partition=3,
            offset=42,
        )
        assert isinstance(result, DeadLetter)
        assert (result.reason, result.topic, result.partition, result.offset) == (
            "undecodable",
            "wire.raw",
            3,
            42,
        )
        assert result.input.startswith("\ufffd not json")

    def test_a_bug_in_a_stage_is_an_internal_error_not_a_crash(self) -> None:
        """Whatever a stage raises, the caller gets a dead letter and goes on."""

        def broken(record: CleanItem) -> list[Output]:
            raise RuntimeError("boom")

        stage = Stage("dedup", topics.CLEAN, CleanItem, broken)
        item = CleanItem(
            item_id="a", source="s", format="text", received_at=FIXED_NOW, headline="h", body="b"
        )
        result = apply_stage(stage, codec.dumps(item), key="a", now=FIXED_NOW)
        assert isinstance(result, DeadLetter)
        assert result.reason == "internal_error"
        assert "RuntimeError: boom" in result.error

    def test_huge_inputs_are_cut_in_the_dead_letter(self) -> None:
        """The dead letter stays under Kafka's message size, and says it was cut."""
        data = b"x" * (MAX_DEADLETTER_INPUT * 2)
        result = apply_stage(self._cleanup(), data, key="big", now=FIXED_NOW)
        assert isinstance(result, DeadLetter)
        assert result.input_truncated
        assert len(result.input) == MAX_DEADLETTER_INPUT

    @pytest.mark.parametrize("fmt", ["fax", ""])
    def test_unknown_formats_are_rejected(
        self, fmt: str, raw_factory: Callable[..., RawItem]
    ) -> None:
        """A RawItem whose format no cleanup knows is dead-lettered with that reason."""
        raw = raw_factory("text", fmt=fmt)
        result = apply_stage(self._cleanup(), codec.dumps(raw), key="x", now=FIXED_NOW)
        assert isinstance(result, DeadLetter)
        assert result.reason == "unknown_format"
