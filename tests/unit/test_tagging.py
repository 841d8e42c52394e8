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


def _leaders(tagger: Tagger, body: str, year: int) -> list[tuple[str, str, str | None]]:
    found = tagger.tag(_item(body, year)).entities
    return [(e.text, e.name, e.role) for e in found if e.kind == "person"]


def test_a_family_name_after_the_full_name(tagger: Tagger) -> None:
    """ "Gandhi" and "Aliyev" alone are ambiguous names, but not after the full name."""
    assert _leaders(tagger, "Rajiv Gandhi arrived. Gandhi said he was pleased.", 1987) == [
        ("Rajiv Gandhi", "Rajiv Gandhi", "Prime Minister"),
        ("Gandhi", "Rajiv Gandhi", "Prime Minister"),
    ]
    assert _leaders(tagger, "Gandhi said he was pleased.", 1987) == []
    heydar = _leaders(tagger, "Heydar Aliyev spoke. Aliyev said so.", 1998)
    ilham = _leaders(tagger, "Ilham Aliyev spoke. Aliyev said so.", 2015)
    assert [name for _, name, _ in heydar] == ["Heydar Aliyev"] * 2
    assert [name for _, name, _ in ilham] == ["Ilham Aliyev"] * 2


def test_korean_family_names_come_first(tagger: Tagger) -> None:
    """ "Kim" after "Kim Jong Un" is him, "Moon" after "Moon Jae-in" is Moon."""
    found = _leaders(tagger, "Kim Jong Un met Moon Jae-in. Kim said Moon was a friend.", 2018)
    assert [(text, name) for text, name, _ in found] == [
        ("Kim Jong Un", "Kim Jong-un"),
        ("Moon Jae-in", "Moon Jae-in"),
        ("Kim", "Kim Jong-un"),
        ("Moon", "Moon Jae-in"),
    ]


def test_a_title_and_a_family_name(tagger: Tagger) -> None:
    """ "President Moon" is the one president of that name on the date."""
    assert _leaders(tagger, "President Moon told reporters.", 2019) == [
        ("Moon", "Moon Jae-in", "President")
    ]
    assert _leaders(tagger, "President Moon told reporters.", 2010) == []


def test_mr_and_mrs_need_the_leaders_country_in_the_item(tagger: Tagger) -> None:
    """ "Mrs May" could be anyone called May, unless Britain is in the story."""
    assert _leaders(tagger, "Mrs May said the vote would go ahead.", 2018) == []
    assert _leaders(tagger, "Mrs May said the British vote would go ahead.", 2018) == [
        ("May", "Theresa May", "Prime Minister")
    ]


def test_a_shared_surname_in_office_in_a_country_the_item_names(tagger: Tagger) -> None:
    """Castro in 2023 is Honduras' president only when the item is about Honduras."""
    assert _leaders(tagger, "Castro spoke in Tegucigalpa on Monday.", 2023) == [
        ("Castro", "Xiomara Castro", "President")
    ]


def test_his_counterpart_is_the_same_office_abroad(tagger: Tagger) -> None:
    """A president's U.S. counterpart is the president; a president's British one the PM."""
    assert _leaders(
        tagger, "Chinese President Xi Jinping called his U.S. counterpart on Friday.", 2019
    ) == [
        ("Xi Jinping", "Xi Jinping", "President"),
        ("his U.S. counterpart", "Donald Trump", "President"),
    ]
    assert _leaders(tagger, "Emmanuel Macron met his British counterpart.", 2018)[1][1:] == (
        "Theresa May",
        "Prime Minister",
    )
    # Without a leader named before it, a counterpart is nobody in particular.
    assert _leaders(tagger, "The minister met his British counterpart.", 2018) == []


def test_a_seat_of_power_that_speaks_is_its_leader(tagger: Tagger) -> None:
    """ "the Kremlin said" is the Russian president; "in the Kremlin" is only Russia."""
    said = tagger.tag(_item("The Kremlin said the call lasted an hour.", 2019)).entities
    assert [(e.kind, e.name) for e in said] == [("country", "Russia"), ("person", "Vladimir Putin")]
    place = tagger.tag(_item("A concert was held in the Kremlin.", 2019)).entities
    assert [(e.kind, e.name) for e in place] == [("country", "Russia")]
    downing = _leaders(tagger, "Downing Street said talks went well.", 2009)
    assert downing == [("Downing Street", "Gordon Brown", "Prime Minister")]


def test_a_name_that_goes_on_is_someone_else(tagger: Tagger) -> None:
    """ "Juan Carlos Pugliese" is a speaker of parliament, not King Juan Carlos."""
    assert _leaders(tagger, "said Juan Carlos Pugliese, the speaker.", 1987) == []
    assert [n for _, n, _ in _leaders(tagger, "King Juan Carlos met him.", 1987)] == [
        "King Juan Carlos"
    ]
    # A day after a name does not make it longer, nor does a second name in a list.
    assert len(_leaders(tagger, "Reagan Tuesday said so.", 1987)) == 1
    both = tagger.tag(_item("They met.", 2018, headline="Merkel Macron Talks")).entities
    assert [e.name for e in both if e.kind == "person"] == ["Angela Merkel", "Emmanuel Macron"]


def test_a_bare_family_name_out_of_office_is_not_guessed(tagger: Tagger) -> None:
    """ "Abe" in 1987 is Shintaro Abe, a minister, not the later prime minister Shinzo Abe."""
    assert _leaders(tagger, "Abe met the senators.", 1987) == []
    assert _leaders(tagger, "Abe met the senators.", 2015) == [
        ("Abe", "Shinzo Abe", "Prime Minister")
    ]
    full = _leaders(tagger, "Shinzo Abe, a lawmaker, spoke. Abe said so.", 1995)
    assert full == [("Shinzo Abe", "Shinzo Abe", None), ("Abe", "Shinzo Abe", None)]


def test_the_two_leaders_are_the_last_two_named(tagger: Tagger) -> None:
    """One entity per leader on the span of "the two leaders"; a title narrows it."""
    body = "Putin met Erdogan in Sochi. Later the two leaders spoke to reporters."
    found = tagger.tag(_item(body, 2018)).entities
    pair = [(e.text, e.name) for e in found if e.text == "the two leaders"]
    assert pair == [
        ("the two leaders", "Vladimir Putin"),
        ("the two leaders", "Recep Tayyip Erdoğan"),
    ]
    body = "Putin met Erdogan and Prime Minister Abe. The two presidents then spoke."
    found = tagger.tag(_item(body, 2018)).entities
    assert {e.name for e in found if e.text == "The two presidents"} == {
        "Vladimir Putin",
        "Recep Tayyip Erdoğan",
    }


def test_a_month_is_not_a_leader(tagger: Tagger) -> None:
    """Capitalised common words are only names where the gazetteer spells them so."""
    assert _leaders(tagger, "In May, Britain held talks with France.", 2018) == []


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
