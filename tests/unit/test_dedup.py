"""Dedup: exact, near and version decisions, first seen wins, bounded state."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from streams import ingest, topics
from streams.dedup import (
    Decision,
    Deduplicator,
    DedupParams,
    SplitPending,
    fingerprint,
    route,
    sketch_similarity,
)
from streams.demo import SAMPLES
from streams.pipeline import DedupState, Output, Pipeline, build_stages, make_deduplicator
from streams.records import CleanItem, DuplicateRecord
from streams.settings import Settings

T0 = datetime(2018, 5, 3, 9, 0, tzinfo=UTC)

_WORDS = [
    "minister",
    "talks",
    "trade",
    "port",
    "rail",
    "harbour",
    "budget",
    "vote",
    "council",
    "summit",
    "river",
    "bridge",
    "grain",
    "price",
    "market",
    "bank",
    "rate",
    "loan",
    "tax",
    "court",
    "judge",
    "ruling",
    "election",
    "party",
    "leader",
    "coalition",
    "reform",
    "strike",
    "union",
    "wage",
    "factory",
    "export",
    "import",
    "tariff",
    "border",
    "troops",
    "ceasefire",
    "envoy",
    "treaty",
    "visit",
    "capital",
    "province",
    "governor",
    "mayor",
    "police",
    "storm",
    "flood",
]


def _text(seed: int, n: int = 120) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def _item(
    item_id: str,
    body: str,
    *,
    at: timedelta = timedelta(0),
    headline: str = "A headline",
    version: int | None = None,
) -> CleanItem:
    return CleanItem(
        item_id=item_id,
        source="test",
        format="ninjs",
        received_at=T0 + at,
        published_at=T0 + at,
        headline=headline,
        body=body,
        version=version,
    )


class Harness:
    """The three dedup steps run in order, as ``wirefeed process`` runs them."""

    def __init__(self, **params: Any) -> None:
        self.dedup = Deduplicator(DedupParams(**params), versions={}, buckets={}, pending={})
        self.now = T0

    def feed(self, item: CleanItem) -> Decision:
        self.now += timedelta(seconds=1)  # dedup's clock: who was seen first
        decision, own, probes = self.dedup.probe(item, self.now)
        answers = [own] if own is not None else []
        for _, probe in probes:
            answer = self.dedup.bucket(probe)
            if answer is not None:
                answers.append(answer)
        for answer in answers:
            result = self.dedup.decide(answer, self.now)
            if result is not None:
                decision = result
        assert decision is not None
        return decision


def _dup(decision: Decision) -> DuplicateRecord:
    assert decision.duplicate is not None
    return decision.duplicate


class TestDecisions:
    def test_first_item_is_unique(self) -> None:
        """Nothing seen before: the item passes with its fingerprint."""
        decision = Harness().feed(_item("a", _text(1)))
        assert decision.duplicate is None
        assert decision.unique is not None
        assert decision.unique.fingerprint

    def test_same_text_under_another_id_is_an_exact_duplicate(self) -> None:
        """Spacing and case do not make a new story."""
        h = Harness()
        h.feed(_item("a", _text(1)))
        dup = _dup(h.feed(_item("b", "  " + _text(1).upper(), at=timedelta(minutes=5))))
        assert (dup.kind, dup.duplicate_of, dup.similarity) == ("exact", "a", 1.0)

    def test_a_corrected_word_is_a_near_duplicate(self) -> None:
        """Another outlet's lightly edited copy is held back as near."""
        h = Harness()
        original = _text(2, 200)
        edited = original.replace("bank", "central bank", 1) + " reporting by staff"
        h.feed(_item("a", original))
        decision = h.feed(_item("b", edited, at=timedelta(hours=1)))
        dup = _dup(decision)
        assert decision.unique is None
        assert (dup.kind, dup.duplicate_of) == ("near", "a")
        assert dup.similarity >= 0.8

    def test_unrelated_text_passes(self) -> None:
        """Different stories share no buckets worth a decision."""
        h = Harness()
        h.feed(_item("a", _text(3)))
        assert h.feed(_item("b", _text(4), at=timedelta(hours=1))).duplicate is None

    def test_full_text_after_a_short_take_is_a_version_and_passes(self) -> None:
        """A longer story sharing the lead of an earlier short take goes on, marked."""
        h = Harness()
        full = _text(5, 300)
        h.feed(_item("short", " ".join(full.split()[:60])))
        decision = h.feed(_item("long", full, at=timedelta(minutes=20)))
        dup = _dup(decision)
        assert dup.kind == "version"
        assert dup.duplicate_of == "short"
        assert decision.unique is not None
        assert decision.unique.version_of == "short"

    def test_same_uri_with_a_higher_version_is_a_version(self) -> None:
        """A re-sent item with a new text and higher version passes as a version of itself."""
        h = Harness()
        h.feed(_item("urn:x", _text(6, 60), version=1))
        decision = h.feed(_item("urn:x", _text(6, 60) + " " + _text(7, 80), version=2))
        dup = _dup(decision)
        assert (dup.kind, dup.duplicate_of) == ("version", "urn:x")
        assert decision.unique is not None
        assert decision.unique.version_of == "urn:x"

    def test_two_versions_in_flight_are_decided_apart(self) -> None:
        """Where the versions table has not seen v1 yet, v2 still comes out as its version."""
        d = Harness().dedup
        short = _text(22, 60)
        v1 = _item("urn:y", short, version=1)
        v2 = _item("urn:y", short + " " + _text(23, 80), version=2)
        _, own1, probes1 = d.probe(v1, T0)
        d.versions.clear()  # as if v2 were probed before v1's write was visible
        _, own2, probes2 = d.probe(v2, T0 + timedelta(seconds=1))
        answers = [d.bucket(p) for _, p in [*probes1, *probes2]]
        decisions = [
            r
            for a in [own1, own2, *answers]
            if a is not None and (r := d.decide(a, T0)) is not None
        ]
        assert len(decisions) == 2
        assert [k for k in d.pending if not k.startswith("done|")] == []
        later = [x for x in decisions if x.duplicate is not None]
        assert len(later) == 1
        assert later[0].duplicate is not None
        assert (later[0].duplicate.kind, later[0].duplicate.duplicate_of) == ("version", "urn:y")
        assert later[0].unique is not None

    def test_a_replayed_original_stays_unique_after_its_copies(self) -> None:
        """Copies met the original in every bucket; its replay must not become their copy."""
        h = Harness()
        h.feed(_item("orig", _text(26)))
        assert _dup(h.feed(_item("copy", _text(26).upper(), at=timedelta(minutes=1)))).kind == (
            "exact"
        )
        again = h.feed(_item("orig", _text(26)))
        assert again.duplicate is None
        assert again.unique is not None

    def test_a_replayed_copy_names_the_same_original(self) -> None:
        """The duplicate record of a replay is the one it had."""
        h = Harness()
        h.feed(_item("orig", _text(27)))
        first = _dup(h.feed(_item("copy", _text(27), at=timedelta(minutes=1))))
        again = _dup(h.feed(_item("copy", _text(27), at=timedelta(minutes=1))))
        assert (again.duplicate_of, again.kind) == (first.duplicate_of, first.kind)

    def test_replaying_an_item_gives_the_same_decision(self) -> None:
        """A restart or replay re-processes items: a unique item stays unique."""
        h = Harness()
        first = h.feed(_item("a", _text(8)))
        again = h.feed(_item("a", _text(8)))
        assert first.duplicate is None
        assert again.duplicate is None
        assert again.unique is not None

    def test_first_seen_by_dedup_passes_whatever_the_receipt_times(self) -> None:
        """The copy dedup saw first passes; the one it saw second is the duplicate."""
        h = Harness()
        seen_first = h.feed(_item("x", _text(9), at=timedelta(minutes=10)))
        seen_second = h.feed(_item("y", _text(9)))
        assert seen_first.duplicate is None
        assert _dup(seen_second).duplicate_of == "x"

    @pytest.mark.parametrize("pattern", ["alternate", "b-everywhere-first", "a-first"])
    def test_racing_copies_give_exactly_one_pass(self, pattern: str) -> None:
        """Probes that reach buckets in any order: one copy passes, the other is held back."""
        d = Harness().dedup
        _, own_a, probes_a = d.probe(_item("a", _text(16)), T0)
        _, own_b, probes_b = d.probe(_item("b", _text(16)), T0 + timedelta(seconds=1))
        answers = []
        for (_, pa), (_, pb) in zip(probes_a, probes_b, strict=True):
            b_first = pattern == "b-everywhere-first" or (pattern == "alternate" and pa.probe % 2)
            first, second = (pb, pa) if b_first else (pa, pb)
            answers += [d.bucket(first), d.bucket(second)]
        decisions = [
            r
            for a in [own_a, own_b, *answers]
            if a is not None and (r := d.decide(a, T0)) is not None
        ]
        passed = sorted(x.unique.item_id for x in decisions if x.unique is not None)
        held = {x.duplicate.item_id: x.duplicate.duplicate_of for x in decisions if x.duplicate}
        assert len(decisions) == 2
        # A copy that reached every bucket first was decided alone: it is the one out.
        expected = "b" if pattern == "b-everywhere-first" else "a"
        assert passed == [expected]
        assert held == {("a" if expected == "b" else "b"): expected}

    def test_routine_texts_far_apart_are_not_duplicates(self) -> None:
        """The same routine wording days apart reports another event."""
        h = Harness(match_s=72 * 3600.0)
        h.feed(_item("mon", _text(10)))
        assert h.feed(_item("fri", _text(10), at=timedelta(days=4))).duplicate is None


class TestState:
    def test_buckets_are_capped(self) -> None:
        """Boilerplate cannot grow a bucket beyond the cap."""
        h = Harness(bucket_cap=3)
        for n in range(10):
            h.feed(_item(f"i{n}", _text(11), at=timedelta(minutes=n)))
        assert max(len(v) for v in h.dedup.buckets.values()) == 3

    def test_sweep_drops_what_is_older_than_the_window(self) -> None:
        """State stays bounded on an endless stream: old keys go."""
        h = Harness(window_s=86400.0, match_s=3600.0)
        h.feed(_item("old", _text(12)))
        h.feed(_item("new", _text(13), at=timedelta(days=3)))
        before = len(h.dedup.buckets)
        dropped = h.dedup.sweep(h.dedup.watermark)
        assert dropped > 0
        assert len(h.dedup.buckets) == before - dropped
        remaining = {e["item_id"] for es in h.dedup.buckets.values() for e in es}
        assert remaining == {"new"}

    def test_answers_for_an_old_item_survive_newer_news(self) -> None:
        """A 1987 item replayed after today's news keeps its answers until all are in."""
        h = Harness(window_s=86400.0)
        d = h.dedup
        _, own, probes = d.probe(_item("old", _text(17)), T0)
        answers = [a for _, p in probes if (a := d.bucket(p)) is not None]
        assert own is not None
        assert len(answers) > 1
        assert d.decide(answers[0], T0) is None  # an answer overtook the item's own
        d.probe(_item("news", _text(18), at=timedelta(days=3000)), T0)
        d.sweep(d.watermark)
        d.sweep_versions(d.watermark)
        assert d.sweep_pending(T0 + timedelta(minutes=5)) == 0
        decisions = [r for a in [*answers[1:], own] if (r := d.decide(a, T0)) is not None]
        assert len(decisions) == 1
        assert decisions[0].unique is not None

    def test_a_replay_mixing_years_keeps_old_items_for_the_grace(self) -> None:
        """Newer news must not expire an old item that its copy, seconds later, should meet."""
        h = Harness(window_s=86400.0)
        d = h.dedup
        h.feed(_item("old", _text(24)))
        h.feed(_item("news", _text(25), at=timedelta(days=3000)))
        soon = h.now + timedelta(minutes=1)
        assert d.maintain("buckets", None, lambda _: True, soon) == 0  # arms
        assert d.maintain("versions", None, lambda _: True, soon) == 0
        assert d.sweep(d.watermark, now=soon.timestamp()) == 0
        assert d.sweep_versions(d.watermark, now=soon.timestamp()) == 0
        dup = _dup(h.feed(_item("copy", _text(24), at=timedelta(minutes=3))))
        assert (dup.kind, dup.duplicate_of) == ("exact", "old")
        later = (h.now + timedelta(hours=2)).timestamp()
        assert d.sweep_versions(d.watermark, now=later) == 2  # "old" and "copy"
        assert d.sweep(d.watermark, now=later) > 0

    def test_unfinished_answers_expire_after_the_window(self) -> None:
        """An item whose own answer never comes does not stay in state for ever."""
        h = Harness(window_s=86400.0)
        d = h.dedup
        _, _, probes = d.probe(_item("lost", _text(17)), T0)
        answer = d.bucket(probes[0][1])
        assert answer is not None
        assert d.decide(answer, T0) is None
        assert d.sweep_pending(T0 + timedelta(hours=23)) == 0
        assert d.sweep_pending(T0 + timedelta(hours=25)) == 1
        assert d.pending == {}

    def test_maintain_sweeps_when_due(self) -> None:
        """Housekeeping runs from the record loop: first call arms, a later one sweeps."""
        h = Harness(window_s=86400.0)
        d = h.dedup
        h.feed(_item("a", _text(20)))
        assert d.maintain("versions", None, lambda _: True, T0) == 0
        h.feed(_item("b", _text(21), at=timedelta(days=3)))
        later = h.now + timedelta(hours=2)  # past the grace of processing time
        assert d.maintain("versions", None, lambda _: True, later) == 1
        assert set(d.versions) == {"b"}

    def test_pending_answers_are_cleared_once_decided(self) -> None:
        """Nothing is left waiting after a decision."""
        h = Harness()
        h.feed(_item("a", _text(14)))
        assert list(h.dedup.pending) == ["done|a"]  # only the decision, kept for replays


class TestReplicas:
    """check() in one call, each worker holding a replica of the bucket index."""

    def _replica(self, decisions: dict[str, Any] | None = None) -> Deduplicator:
        return make_deduplicator(
            Settings.from_env({}),
            DedupState(versions={}, decisions={} if decisions is None else decisions),
        )

    def test_a_copy_checked_on_another_worker_meets_its_original(self) -> None:
        a, b = self._replica(), self._replica()
        decision, probe = a.check(_item("orig", _text(30)), T0)
        assert decision.unique is not None
        assert probe is not None
        assert probe.origin == a.origin
        copy = _item("copy", _near_copy(_text(30)), at=timedelta(minutes=5))
        unseen = self._replica().check(copy, T0 + timedelta(minutes=5))[0]
        assert unseen.unique is not None, "without the index entry it looks new"
        b.register(probe)
        held = _dup(b.check(copy, T0 + timedelta(minutes=5))[0])
        assert (held.kind, held.duplicate_of) == ("near", "orig")

    def test_registering_again_or_ones_own_entry_changes_nothing(self) -> None:
        a, b = self._replica(), self._replica()
        _, probe = a.check(_item("orig", _text(31)), T0)
        assert probe is not None
        before = {k: list(v) for k, v in a.buckets.items()}
        a.register(probe)
        assert {k: list(v) for k, v in a.buckets.items()} == before
        b.register(probe)
        b.register(probe)
        assert {k: [e["item_id"] for e in v] for k, v in b.buckets.items()} == {
            k: [e["item_id"] for e in v] for k, v in before.items()
        }

    def test_only_decisions_outlive_a_check(self) -> None:
        decisions: dict[str, Any] = {}
        d = self._replica(decisions)
        d.check(_item("a", _text(32)), T0)
        assert isinstance(d.pending, SplitPending)
        assert d.pending.answers == {}
        assert list(decisions) == ["done|a"]

    def test_a_restarted_worker_with_its_index_read_back_decides_as_before(self) -> None:
        """State kept: versions and decisions (tables); the index comes back from its topic."""
        versions: dict[str, Any] = {}
        decisions: dict[str, Any] = {}
        first = make_deduplicator(Settings.from_env({}), DedupState(versions, decisions))
        published = []
        for n, item in enumerate(
            [_item("orig", _text(33)), _item("copy", _text(33).upper(), at=timedelta(minutes=1))]
        ):
            _decision, probe = first.check(item, T0 + timedelta(seconds=n))
            assert probe is not None
            published.append(probe)
        restarted = make_deduplicator(Settings.from_env({}), DedupState(versions, decisions))
        for probe in published:
            restarted.register(probe)
        later = T0 + timedelta(minutes=10)
        assert restarted.check(_item("orig", _text(33)), later)[0].unique is not None
        again = _dup(restarted.check(_item("copy", _text(33).upper()), later)[0])
        assert (again.kind, again.duplicate_of) == ("exact", "orig")
        another = _dup(
            restarted.check(_item("third", _text(33), at=timedelta(minutes=2)), later)[0]
        )
        assert another.duplicate_of == "orig"


def _near_copy(text: str) -> str:
    words = text.split()
    words[5] = "correspondents"
    return " ".join(words) + " Reporting by the desk."


class TestSketches:
    @pytest.mark.parametrize("keep", [0.5, 0.8, 0.95])
    def test_sketch_estimates_jaccard(self, keep: float) -> None:
        """The 32-byte sketch tracks the full MinHash estimate within 0.12."""
        rng = random.Random(int(keep * 100))
        words = _text(15, 400).split()
        changed = [w if rng.random() < keep else rng.choice(_WORDS) + "x" for w in words]
        a = fingerprint(_item("a", " ".join(words)))
        b = fingerprint(_item("b", " ".join(changed)))
        assert abs(sketch_similarity(a.sketch, b.sketch) - a.minhash().jaccard(b.minhash())) < 0.12

    def test_route_is_stable_and_in_range(self) -> None:
        """The owner of a key is the same in every process."""
        assert route("b3:0011223344556677", 4) == route("b3:0011223344556677", 4)
        assert {route(f"k{n}", 4) for n in range(100)} == {0, 1, 2, 3}


class TestSampleFeed:
    def test_sample_feed_duplicates_match_its_answer_key(self) -> None:
        """streams/samples/README.md: 0002 near 0001, 0005 exact 0004, 0014 v2 version."""
        raws = [
            item
            for path in ingest.expand_targets([str(SAMPLES)])
            for item in ingest.read_items(path, max_item_bytes=1_000_000)
            if not isinstance(item, ingest.Skipped)
        ]
        out = list(Pipeline(build_stages()).run(raws))
        dups = {
            (o.record.item_id, o.record.duplicate_of, o.record.kind)
            for o in out
            if isinstance(o, Output)
            and o.topic == topics.DUPLICATES
            and isinstance(o.record, DuplicateRecord)
        }
        prefix = "urn:wirefeed:sample:"
        assert dups == {
            (prefix + "0002", prefix + "0001", "near"),
            (prefix + "0005", prefix + "0004", "exact"),
            (prefix + "0014", prefix + "0014", "version"),
        }
