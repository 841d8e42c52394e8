"""`wirefeed bench` feed: every Nth item a contact of its own pair, each one new alert."""

from __future__ import annotations

from pathlib import Path

from streams import ingest
from streams.bench import _Feed, _feed, _percentile
from streams.pipeline import Output, Pipeline, build_stages
from streams.records import ContactAlert, RawItem
from tests.conftest import write_filler


def test_the_feed_gives_one_new_alert_per_contact_item(tmp_path: Path) -> None:
    filler = write_filler(tmp_path / "filler.jsonl", 5)
    feed = tmp_path / "feed.jsonl"
    contacts = _feed([str(filler)], 60, 5, feed, seed=7)
    assert contacts == 12
    raws = [r for r in ingest.read_items(str(feed), max_item_bytes=10**6) if isinstance(r, RawItem)]
    assert len(raws) == 60
    assert len({r.item_id for r in raws}) == 60
    outputs = [o for o in Pipeline(build_stages()).run(raws) if isinstance(o, Output)]
    alerts = [o.record for o in outputs if isinstance(o.record, ContactAlert)]
    assert [a.kind for a in alerts] == ["new"] * contacts
    assert len({a.alert_id for a in alerts}) == contacts


def test_the_feed_names_each_pair_of_people_once(tmp_path: Path) -> None:
    """A king who is also prime minister has two terms, but his pairs come once each:
    a second report of a pair is an ``update``, and the bench would miss its ``new``."""
    feed = _Feed([str(write_filler(tmp_path / "filler.jsonl", 5))], 10, seed=7)
    people = [tuple(sorted((a.id, b.id))) for a, b in feed.pairs]
    assert len(people) == len(set(people))
    assert all(a.country != b.country for a, b in feed.pairs)


def test_percentiles() -> None:
    values = [float(v) for v in range(1, 101)]
    assert _percentile(values, 0.5) == 51.0
    assert _percentile(values, 0.99) == 100.0
    assert _percentile([], 0.5) is None
