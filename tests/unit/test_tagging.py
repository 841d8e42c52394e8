"""Tagging: leaders with their role on the item's date, countries, organisations."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.records import Entity, UniqueItem
from streams.tagging import Tagger, tagged_text


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger()


def _item(body: str, year: int, month: int = 6, day: int = 1, headline: str = "") -> UniqueItem:
    when = datetime(year, month, day, 12, tzinfo=UTC)
    return UniqueItem(
        item_id="t:1",
        source="test",
        format="ninjs",
        received_at=when,
        published_at=when,
        headline=headline,
        body=body,
        fingerprint="",
    )


def _people(entities: list[Entity]) -> list[tuple[str, str | None]]:
    return [(e.text, e.role) for e in entities if e.kind == "person"]


def test_role_depends_on_the_items_date(tagger: Tagger) -> None:
    """Trump in December 2016 is president-elect, in 2018 president."""
    before = tagger.tag(_item("Donald Trump took a call on Friday.", 2016, 12, 10))
    after = tagger.tag(_item("Donald Trump took a call on Friday.", 2018))
    assert _people(before.entities) == [("Donald Trump", "President-elect")]
    assert _people(after.entities) == [("Donald Trump", "President")]
    assert after.entities[0].country == "USA"
    assert after.entities[0].qid == after.entities[0].entity_id


def test_a_former_leader_has_no_role(tagger: Tagger) -> None:
    """Merkel before she was chancellor is tagged but holds no leader role."""
    tagged = tagger.tag(_item("Angela Merkel spoke in parliament.", 2003))
    assert _people(tagged.entities) == [("Angela Merkel", None)]
    in_office = tagger.tag(_item("Angela Merkel spoke in parliament.", 2010))
    assert _people(in_office.entities) == [("Angela Merkel", "Chancellor")]


def test_shared_surname_goes_to_the_one_in_office(tagger: Tagger) -> None:
    """Bush in 1990 is the father, in 2005 the son."""
    father = tagger.tag(_item("Bush spoke to reporters.", 1990))
    son = tagger.tag(_item("Bush spoke to reporters.", 2005))
    assert father.entities[0].entity_id != son.entities[0].entity_id
    assert father.entities[0].role == son.entities[0].role == "President"


def test_shared_surname_with_nobody_in_office_is_left_out(tagger: Tagger) -> None:
    """Between the two presidents Bush, a bare "Bush" is not guessed."""
    assert _people(tagger.tag(_item("Bush spoke to reporters.", 1995)).entities) == []


def test_surname_after_the_full_name_is_that_person(tagger: Tagger) -> None:
    """In 1995 "Bush" alone is ambiguous, but not after "George H. W. Bush"."""
    tagged = tagger.tag(_item("George H. W. Bush gave a speech. Bush said he was glad.", 1995))
    ids = {e.entity_id for e in tagged.entities if e.kind == "person"}
    assert len(ids) == 1
    assert [e.text for e in tagged.entities if e.kind == "person"] == ["George H. W. Bush", "Bush"]


def test_common_words_in_lower_case_are_not_names(tagger: Tagger) -> None:
    """ "bush" and "trump" as words are not the presidents."""
    tagged = tagger.tag(_item("A trump card was hidden under a bush.", 2005))
    assert _people(tagged.entities) == []


def test_indirect_title_resolves_to_the_holder(tagger: Tagger) -> None:
    """ "the Russian president" on a 2018 date is Putin."""
    tagged = tagger.tag(_item("Officials said the Russian president would travel.", 2018))
    people = [e for e in tagged.entities if e.kind == "person"]
    assert [(e.text, e.name, e.role) for e in people] == [
        ("the Russian president", "Vladimir Putin", "President")
    ]


def test_countries_demonyms_seats_and_organisations(tagger: Tagger) -> None:
    """Country names, demonyms and seats of power tag the country; NATO the organisation."""
    tagged = tagger.tag(_item("The Kremlin said French and NATO officials met in Japan.", 2019))
    kinds = [(e.text, e.kind, e.entity_id) for e in tagged.entities]
    assert ("The Kremlin", "country", "RUS") in kinds
    assert ("French", "country", "FRA") in kinds
    assert ("Japan", "country", "JPN") in kinds
    assert any(text == "NATO" and kind == "organisation" for text, kind, _ in kinds)


def test_former_state_on_its_date(tagger: Tagger) -> None:
    """Moscow in 1990 is the Soviet Union's capital, in 2000 Russia's."""
    soviet = tagger.tag(_item("Talks were held in Moscow.", 1990))
    russia = tagger.tag(_item("Talks were held in Moscow.", 2000))
    assert [e.entity_id for e in soviet.entities] == ["SUN"]
    assert [e.entity_id for e in russia.entities] == ["RUS"]


def test_offsets_point_into_headline_and_body(tagger: Tagger) -> None:
    """Offsets count in headline + blank line + body, accents and all."""
    item = _item("Recep Tayyip Erdoğan met Emmanuel Macron.", 2019, headline="Erdoğan in Paris")
    tagged = tagger.tag(item)
    text = tagged_text(item)
    assert tagged.entities
    for e in tagged.entities:
        assert text[e.start : e.end] == e.text
    assert ("Erdoğan", "President") in _people(tagged.entities)


def test_an_item_without_entities(tagger: Tagger) -> None:
    assert tagger.tag(_item("The weather was fine all week.", 2019)).entities == []


@settings(max_examples=200, deadline=None)
@given(body=st.text(max_size=400))
def test_never_raises_and_offsets_hold(body: str) -> None:
    """Any text tags without error, and every offset points at its text."""
    item = _item(body, 2012)
    tagged = _TAGGER.tag(item)
    text = tagged_text(item)
    for e in tagged.entities:
        assert text[e.start : e.end] == e.text


_TAGGER = Tagger()
