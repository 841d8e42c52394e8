"""Leaders, contacts and alerts in the wire languages other than English.

Every item here was written for these tests; the labelled sets per language are in
``tests/fixtures/contacts/<language>/`` and are measured by ``wirefeed measure contacts``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest

from streams import topics
from streams.contacts import ContactDetector
from streams.measure import measure_contacts
from streams.pipeline import Pipeline, build_stages
from streams.records import ContactAlert, ContactEvent, Dateline, RawItem, UniqueItem
from streams.tagging import Tagger

FIXTURES = Path(__file__).parent.parent / "fixtures" / "contacts"
LANGUAGES = ("fr", "es", "pt", "de", "ru", "ar", "zh")
#: A Tuesday: "lundi", "am Montag", "в понедельник", "أمس", "1日" are 2019-07-01.
PUBLISHED = datetime(2019, 7, 2, 15, 0, tzinfo=UTC)
#: Iran between the election and the inauguration of July 2024.
ELECTED = datetime(2024, 7, 8, 12, 0, tzinfo=UTC)
PUTIN, MACRON, MEDVEDEV = "Q7747", "Q3052772", "Q23530"


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger()


@pytest.fixture(scope="module")
def detector(tagger: Tagger) -> ContactDetector:
    return ContactDetector(tagger.gazetteer)


def _item(body: str, language: str, headline: str = "") -> UniqueItem:
    return UniqueItem(
        item_id="t:1",
        source="test",
        format="ninjs",
        received_at=PUBLISHED,
        published_at=PUBLISHED,
        headline=headline,
        body=body,
        language=language,
        dateline=Dateline(place=None),
    )


def _events(tagger: Tagger, detector: ContactDetector, body: str, language: str) -> list[Any]:
    events: list[ContactEvent] = detector.detect(tagger.tag(_item(body, language)), PUBLISHED)
    return [
        (tuple(sorted(p.country for p in e.participants)), e.type, e.status, e.date) for e in events
    ]


def _people(tagger: Tagger, body: str, language: str) -> list[tuple[str, str]]:
    return [
        (e.entity_id, e.text)
        for e in tagger.tag(_item(body, language)).entities
        if e.kind == "person"
    ]


class TestTagging:
    def test_russian_names_in_every_case(self, tagger: Tagger) -> None:
        """The tagger adds the case endings: "Путиным", "Макрона"."""
        found = _people(tagger, "Встреча с Путиным и беседа у Макрона.", "ru")
        assert (PUTIN, "Путин") in found
        assert (MACRON, "Макрон") in found

    def test_arabic_names_with_attached_prefixes(self, tagger: Tagger) -> None:
        found = _people(tagger, "والتقى ماكرون وبوتين في باريس.", "ar")
        assert {pid for pid, _ in found} == {PUTIN, MACRON}

    def test_chinese_names_without_spaces(self, tagger: Tagger) -> None:
        found = _people(tagger, "普京同马克龙通电话。", "zh")
        assert [pid for pid, _ in found] == [PUTIN, MACRON]

    def test_a_french_demonym_in_lower_case_makes_the_role(self, tagger: Tagger) -> None:
        """ "le président russe" is the Russian president on the item's date."""
        found = _people(tagger, "Le président russe a parlé mardi.", "fr")
        assert [pid for pid, _ in found] == [PUTIN]

    def test_a_language_s_names_stay_in_its_items(self, tagger: Tagger) -> None:
        """ "Poutine" is Putin in French copy and nobody in English copy."""
        assert _people(tagger, "Poutine a parlé mardi.", "fr") == [(PUTIN, "Poutine")]
        assert _people(tagger, "Poutine was served at lunch.", "en") == []

    @pytest.mark.parametrize(
        ("language", "body"),
        [
            ("en", "Putin spoke by phone with the Iranian president-elect on Monday."),
            ("ru", "Путин провел телефонный разговор с избранным президентом Ирана."),
            ("zh", "普京致电祝贺当选伊朗总统。"),
        ],
    )
    def test_a_president_elect_is_not_the_holder(
        self, tagger: Tagger, language: str, body: str
    ) -> None:
        """In July 2024 Iran's acting president held the office: "elect" is not him."""
        item = _item(body, language)
        item = UniqueItem(**{**item.asdict(), "published_at": ELECTED, "received_at": ELECTED})
        people = [e.entity_id for e in tagger.tag(item).entities if e.kind == "person"]
        assert people == [PUTIN]

    def test_a_counterpart_in_german_holds_the_same_office(self, tagger: Tagger) -> None:
        """The chancellor's Russian counterpart in 2019 is the prime minister, Medvedev."""
        found = _people(
            tagger, "Merkel telefonierte mit ihrem russischen Amtskollegen am Montag.", "de"
        )
        assert [pid for pid, _ in found] == ["Q567", MEDVEDEV]


POSITIVES = {
    "fr": (
        "PARIS, 2 juillet (AFP) - Le président Emmanuel Macron s'est entretenu lundi par "
        "téléphone avec son homologue russe Vladimir Poutine, a indiqué l'Élysée.",
        (("FRA", "RUS"), "phone_call", "occurred", "2019-07-01"),
    ),
    "es": (
        "MADRID, 2 jul (EFE).- El presidente del Gobierno, Pedro Sánchez, se reunió este martes "
        "en Madrid con el presidente francés, Emmanuel Macron.",
        (("ESP", "FRA"), "meeting", "occurred", "2019-07-02"),
    ),
    "pt": (
        "BRASÍLIA (Agência Brasil) - O presidente Jair Bolsonaro recebeu nesta terça-feira, "
        "no Palácio do Planalto, o presidente da Argentina, Mauricio Macri.",
        (("ARG", "BRA"), "meeting", "occurred", "2019-07-02"),
    ),
    "de": (
        "BERLIN (dpa) - Bundeskanzlerin Angela Merkel hat am Montag mit dem französischen "
        "Präsidenten Emmanuel Macron telefoniert.",
        (("DEU", "FRA"), "phone_call", "occurred", "2019-07-01"),
    ),
    "ru": (
        "МОСКВА, 2 июля. /ТАСС/. Президент России Владимир Путин в понедельник провел "
        "телефонный разговор с президентом Франции Эммануэлем Макроном, сообщили в Кремле.",
        (("FRA", "RUS"), "phone_call", "occurred", "2019-07-01"),
    ),
    "ar": (
        "أبوظبي في 2 يوليو / وام / أجرى الرئيس الروسي فلاديمير بوتين أمس اتصالا هاتفيا مع "
        "الرئيس الفرنسي إيمانويل ماكرون.",
        (("FRA", "RUS"), "phone_call", "occurred", "2019-07-01"),
    ),
    "zh": (
        "新华社北京7月2日电 国家主席习近平1日同法国总统马克龙通电话。",
        (("CHN", "FRA"), "phone_call", "occurred", "2019-07-01"),
    ),
}

NOT_OCCURRED = {
    "fr": "Emmanuel Macron n'a pas rencontré Vladimir Poutine mardi, a précisé l'Élysée.",
    "es": "Pedro Sánchez viajará la próxima semana a París, donde se reunirá con Emmanuel Macron.",
    "pt": "O presidente Jair Bolsonaro não se reuniu com Mauricio Macri nesta terça-feira.",
    "de": "Angela Merkel wird Wladimir Putin am Freitag in Berlin treffen.",
    "ru": "Путин не встречался с Макроном во вторник.",
    "ar": "نفى الكرملين أن يكون بوتين قد التقى ماكرون.",
    "zh": "习近平没有会见马克龙。",
}


class TestContacts:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_a_contact_that_occurred(
        self, tagger: Tagger, detector: ContactDetector, language: str
    ) -> None:
        body, expected = POSITIVES[language]
        assert _events(tagger, detector, body, language) == [expected]

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_no_contact_that_occurred_when_denied_or_to_come(
        self, tagger: Tagger, detector: ContactDetector, language: str
    ) -> None:
        found = _events(tagger, detector, NOT_OCCURRED[language], language)
        assert [e for e in found if e[2] == "occurred"] == []

    def test_english_sentences_split_as_before(self) -> None:
        """The other languages' stops and German ordinals leave English alone."""
        from streams.contacts import sentences

        quoted = "He said \u201cwe met.\u201d Then Bush left."
        assert len(sentences(quoted, "en")) == 1
        assert len(sentences("The toll rose to 14. August was worst.", "en")) == 2
        assert len(sentences("Am 18. Mai trafen sie sich. Danach nicht.", "de")) == 2

    def test_english_rules_are_unchanged_for_english(
        self, tagger: Tagger, detector: ContactDetector
    ) -> None:
        body = "French President Emmanuel Macron spoke by phone with Vladimir Putin on Monday."
        assert _events(tagger, detector, body, "en") == [
            (("FRA", "RUS"), "phone_call", "occurred", "2019-07-01")
        ]


def _raw(item_id: str, headline: str, body: str) -> RawItem:
    payload = {
        "uri": item_id,
        "versioncreated": PUBLISHED.isoformat(),
        "headline": headline,
        "body_text": body,
    }
    return RawItem(
        item_id=item_id,
        source="test",
        format="ninjs",
        received_at=PUBLISHED,
        payload=orjson.dumps(payload).decode(),
    )


def test_one_call_reported_in_french_and_in_english_is_one_alert() -> None:
    """The same call gives one ``new``, then an ``update`` from the other language."""
    french = _raw(
        "t:fr",
        "Macron et Poutine se sont entretenus au téléphone",
        POSITIVES["fr"][0],
    )
    english = _raw(
        "t:en",
        "Macron, Putin discuss Iran by phone",
        "PARIS, July 2 (Reuters) - French President Emmanuel Macron and Russian President "
        "Vladimir Putin discussed Iran in a telephone call on Monday, the Elysee said.",
    )
    outputs = list(Pipeline(build_stages()).run([french, english]))
    alerts = [o.record for o in outputs if getattr(o, "topic", None) == topics.ALERTS]
    assert all(isinstance(a, ContactAlert) for a in alerts)
    assert [(a.kind, a.type, a.date) for a in alerts] == [
        ("new", "phone_call", "2019-07-01"),
        ("update", "phone_call", "2019-07-01"),
    ]
    assert len({a.alert_id for a in alerts}) == 1


@pytest.mark.skipif(not (FIXTURES / "fr").is_dir(), reason="no labelled sets per language")
def test_every_language_set_is_measured_by_its_own_language() -> None:
    """``wirefeed measure contacts`` over the sets: each item identified in its language."""
    labels = [FIXTURES / language / "labels.jsonl" for language in LANGUAGES]
    items = [str(FIXTURES / language / "items.jsonl") for language in LANGUAGES]
    figures = measure_contacts(items, labels)
    assert figures["items_found"] == figures["labelled_items"] >= 12 * len(LANGUAGES)
    assert set(figures["by_language"]) == set(LANGUAGES)
    for language in LANGUAGES:
        assert figures["by_language"][language]["items"] >= 12
