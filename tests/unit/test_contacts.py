"""Contact detection on items we wrote: every kind of contact, status, date and non-contact."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams import cleanup, ingest
from streams.contacts import ContactDetector, sentences
from streams.measure import measure_contacts
from streams.records import ContactEvent, Dateline, RawItem, UniqueItem
from streams.settings import Settings
from streams.tagging import Tagger

FIXTURES = Path(__file__).parent.parent / "fixtures" / "contacts"


@pytest.fixture(scope="module")
def tagger() -> Tagger:
    return Tagger()


@pytest.fixture(scope="module")
def detector(tagger: Tagger) -> ContactDetector:
    return ContactDetector(tagger.gazetteer)


def _detect(
    tagger: Tagger,
    detector: ContactDetector,
    body: str,
    published: str,
    *,
    headline: str = "",
    place: str | None = None,
) -> list[ContactEvent]:
    when = datetime.fromisoformat(published).replace(tzinfo=UTC)
    item = UniqueItem(
        item_id="t:1",
        source="test",
        format="ninjs",
        received_at=when,
        published_at=when,
        headline=headline,
        body=body,
        dateline=Dateline(place=place) if place else None,
    )
    return detector.detect(tagger.tag(item), when)


def _summary(events: list[ContactEvent]) -> list[tuple[tuple[str, ...], str, str, str | None]]:
    return [
        (tuple(sorted(p.country for p in e.participants)), e.type, e.status, e.date) for e in events
    ]


Detect = tuple[Tagger, ContactDetector]


@pytest.fixture(scope="module")
def d(tagger: Tagger, detector: ContactDetector) -> Detect:
    return tagger, detector


def run(
    d: Detect, body: str, published: str, **kw: str
) -> list[tuple[tuple[str, ...], str, str, str | None]]:
    return _summary(_detect(d[0], d[1], body, published, **kw))


class TestTypes:
    @pytest.mark.parametrize(
        ("body", "kind"),
        [
            ("Putin and Macron spoke by telephone on Tuesday.", "phone_call"),
            ("Putin and Macron held a phone conversation on Tuesday.", "phone_call"),
            ("Putin called Macron on Tuesday to discuss Syria.", "phone_call"),
            ("Putin held talks with Macron in Moscow on Tuesday.", "meeting"),
            ("Putin received Macron in the Kremlin on Tuesday.", "meeting"),
            ("Putin hosted Macron at his residence on Tuesday.", "meeting"),
            ("Macron arrived in Moscow on Tuesday for a state visit.", "visit"),
            ("Putin and Macron met at a summit in Paris on Tuesday.", "summit"),
            ("Putin sent Macron a letter on Tuesday.", "letter"),
            ("Putin sent a congratulatory message to Macron on Tuesday.", "letter"),
            ("Putin and Macron held a video call on Tuesday.", "video_call"),
            ("Putin and Macron held talks by videoconference on Tuesday.", "video_call"),
        ],
    )
    def test_each_kind_of_contact(self, d: Detect, body: str, kind: str) -> None:
        assert run(d, body, "2019-07-03T10:00:00") == [
            (("FRA", "RUS"), kind, "occurred", "2019-07-02")
        ]

    def test_called_for_is_not_a_call(self, d: Detect) -> None:
        assert run(d, "Putin called for calm after Macron spoke in Paris.", "2019-07-03") == []


class TestParticipants:
    def test_his_counterpart(self, d: Detect) -> None:
        body = "Chinese President Xi Jinping held a phone call with his U.S. counterpart on Friday."
        assert run(d, body, "2019-12-20T20:00:00") == [
            (("CHN", "USA"), "phone_call", "occurred", "2019-12-20")
        ]

    def test_the_two_leaders_named_before(self, d: Detect) -> None:
        body = (
            "Joe Biden welcomed South Korean President Yoon Suk Yeol to Washington. "
            "Later the two presidents held talks on Wednesday."
        )
        assert run(d, body, "2023-04-26T20:00:00") == [
            (("KOR", "USA"), "meeting", "occurred", "2023-04-26")
        ]

    def test_the_kremlin_said(self, d: Detect) -> None:
        body = (
            "The Kremlin said it had spoken by telephone with Finnish President Sauli Niinisto "
            "on Friday."
        )
        assert run(d, body, "2021-10-29T15:00:00") == [
            (("FIN", "RUS"), "phone_call", "occurred", "2021-10-29")
        ]

    def test_a_visit_takes_the_host_from_the_place(self, d: Detect) -> None:
        body = "German Chancellor Angela Merkel arrived in Japan on Sunday for a two-day visit."
        events = _detect(d[0], d[1], body, "2015-03-08T12:00:00")
        assert _summary(events) == [(("DEU", "JPN"), "visit", "occurred", "2015-03-08")]
        assert sorted(p.name for p in events[0].participants) == ["Angela Merkel", "Shinzo Abe"]

    def test_visiting_takes_the_host_from_the_dateline(self, d: Detect) -> None:
        body = (
            "Visiting Brazilian President Jair Bolsonaro said his country wanted more investment."
        )
        assert run(d, body, "2020-01-26T08:00:00", place="NEW DELHI") == [
            (("BRA", "IND"), "visit", "occurred", None)
        ]
        assert run(d, body, "2020-01-26T08:00:00") == []

    def test_he_is_the_leader_named_last(self, d: Detect) -> None:
        body = (
            "West German President Richard von Weizsaecker flew on to Brazil. "
            "He held brief talks on Sunday with Brazilian President Jose Sarney."
        )
        assert run(d, body, "1987-03-16T10:00:00") == [
            (("BRA", "DEU"), "meeting", "occurred", "1987-03-15")
        ]

    def test_he_is_not_a_leader_when_someone_else_was_named(self, d: Detect) -> None:
        """Abe, then a minister and left untagged, is the "his" of this sentence."""
        body = (
            "Nakasone will visit Washington next week. "
            "Abe met President Ronald Reagan during his visit."
        )
        assert run(d, body, "1987-04-24T10:00:00") == [(("JPN", "USA"), "visit", "planned", None)]

    def test_a_summit_of_three(self, d: Detect) -> None:
        body = "Putin, Erdogan and Rouhani met at a summit in Tehran on Friday."
        assert run(d, body, "2018-09-07T18:00:00") == [
            (("IRN", "RUS", "TUR"), "summit", "occurred", "2018-09-07")
        ]


class TestNoContact:
    @pytest.mark.parametrize(
        ("body", "published"),
        [
            # Mentioned together, no contact.
            ("Biden criticised Xi over Taiwan at a news conference on Wednesday.", "2023-04-26"),
            # Ministers, envoys, officials.
            ("Foreign Minister Sergei Lavrov met Secretary of State Antony Blinken.", "2022-01-21"),
            (
                "Xi Jinping's special envoy met Ukrainian President Volodymyr Zelensky.",
                "2023-05-12",
            ),
            # A leader with a non-leader.
            ("Macron met Tesla chief executive Elon Musk at the Elysee on Friday.", "2023-05-12"),
            # Leaders of one state.
            ("Mitterrand met Prime Minister Jacques Chirac on Tuesday.", "1987-03-18"),
            # A leader-elect is not a leader.
            ("Suga spoke by phone with President-elect Joe Biden on Thursday.", "2020-11-12"),
            # Negated, denied, cancelled, speculative.
            ("Abe and Moon did not meet at the General Assembly this week.", "2019-09-26"),
            ("The Kremlin said Putin had no plans to speak with Zelenskiy.", "2022-03-18"),
            ("Trump called off a planned summit with Kim Jong Un.", "2018-05-24"),
            ("Modi has postponed a visit to Moscow for talks with Putin.", "2024-02-07"),
            ("Putin and Biden could meet later this year, Lavrov said.", "2022-01-21"),
            ("Papandreou renewed his offer that he and Ozal meet in Davos.", "1987-03-30"),
            (
                "Talks this week between Nakasone and Reagan, if successful, could help.",
                "1987-04-27",
            ),
            # Domestic meetings.
            ("Mousavi spoke of Reagan after a cabinet meeting in Tehran.", "1987-03-25"),
        ],
    )
    def test_no_contact(self, d: Detect, body: str, published: str) -> None:
        assert run(d, body, f"{published}T12:00:00") == []


class TestStatusAndDate:
    def test_planned(self, d: Detect) -> None:
        assert run(
            d, "Macron will visit China next week for talks with Xi Jinping.", "2023-03-30"
        ) == [(("CHN", "FRA"), "visit", "planned", None)]
        assert run(d, "Modi is expected to meet Biden on June 22.", "2023-06-15") == [
            (("IND", "USA"), "meeting", "planned", "2023-06-22")
        ]
        assert run(
            d, "Trump and Kim Jong Un agreed to meet in Singapore on June 12.", "2018-05-10"
        ) == [(("PRK", "USA"), "meeting", "planned", "2018-06-12")]
        assert run(d, "Putin has invited Kim Jong Un to visit Russia.", "2018-04-26") == [
            (("PRK", "RUS"), "visit", "planned", None)
        ]

    def test_a_plan_date_said_on_another_day_is_not_its_date(self, d: Detect) -> None:
        body = "Putin has invited Kim Jong Un to visit Russia, a spokesman said on Thursday."
        assert run(d, body, "2018-04-26") == [(("PRK", "RUS"), "visit", "planned", None)]

    def test_past_reference(self, d: Detect) -> None:
        body = "Abe and Trump spoke by phone on Monday. The two leaders last met in Osaka in June."
        assert run(d, body, "2020-05-11T07:00:00") == [
            (("JPN", "USA"), "meeting", "past_reference", None),
            (("JPN", "USA"), "phone_call", "occurred", "2020-05-11"),
        ]

    def test_a_contact_months_ago_is_background(self, d: Detect) -> None:
        body = "During a call in mid-November, Xi Jinping and Donald Trump agreed to keep in touch."
        assert run(d, body, "2019-01-28") == [
            (("CHN", "USA"), "phone_call", "past_reference", None)
        ]

    def test_roles_on_the_contacts_date(self, d: Detect) -> None:
        """Trump in mid-November 2016 was president-elect: no contact between leaders."""
        body = "During a call in mid-November, Xi Jinping and Donald Trump agreed to keep in touch."
        assert run(d, body, "2017-01-28") == []

    def test_last_week_and_recently_are_recent(self, d: Detect) -> None:
        body = (
            "Pedro Sanchez, who met Moroccan King Mohammed VI in Rabat last week, spoke on "
            "Thursday."
        )
        assert run(d, body, "2022-04-14") == [(("ESP", "MAR"), "meeting", "occurred", None)]
        body = (
            "Peruvian President Alan Garcia recently spoke by telephone with Mexican President "
            "Miguel de la Madrid."
        )
        assert run(d, body, "1987-04-24") == [(("MEX", "PER"), "phone_call", "occurred", None)]

    def test_the_datelines_date_is_not_the_events(self, d: Detect) -> None:
        body = "ANKARA, Nov. 3 (AA) - Erdogan received Viktor Orban in Ankara yesterday."
        assert run(d, body, "2020-11-03T10:00:00") == [
            (("HUN", "TUR"), "meeting", "occurred", "2020-11-02")
        ]

    def test_one_event_per_item_from_headline_and_lead(self, d: Detect) -> None:
        """The headline and the lead tell of one contact; the lead gives its date."""
        events = _detect(
            d[0],
            d[1],
            "Chinese President Xi Jinping was welcomed by Emmanuel Macron on Monday.",
            "2019-03-25T18:00:00",
            headline="Macron rolls out red carpet as Xi begins state visit",
        )
        assert _summary(events) == [(("CHN", "FRA"), "visit", "occurred", "2019-03-25")]
        assert len(events[0].evidence) == 2


def test_sentences_keep_abbreviations_and_initials() -> None:
    text = "U.S. President George H. W. Bush met Mr. Gorbachev on Jan. 5. They talked.\n\nNext one."
    spans = sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "U.S. President George H. W. Bush met Mr. Gorbachev on Jan. 5.",
        "They talked.",
        "Next one.",
    ]


def test_our_labelled_set(tmp_path: Path) -> None:
    """Precision and recall of held contacts on the items we wrote and labelled."""
    figures = measure_contacts(
        [str(FIXTURES / "items.jsonl")], FIXTURES / "labels.jsonl", settings=Settings.from_env({})
    )
    assert figures["items_found"] == figures["labelled_items"] == 30
    occurred = figures["occurred"]
    assert occurred["precision"] >= 0.95, figures["disagreements"]
    assert occurred["recall"] >= 0.9, figures["disagreements"]
    assert figures["status_accuracy"] >= 0.9, figures["disagreements"]


def test_the_seed_page(tagger: Tagger, detector: ContactDetector, shared: Path) -> None:
    """DESIGN.md's reference page: one contact, the mid-November call is none."""
    (raw,) = [
        r
        for r in ingest.read_items(
            str(shared / "corpora" / "seed" / "xinhua-2017-01-29.txt"), max_item_bytes=10**6
        )
        if isinstance(r, RawItem)
    ]
    item = tagger.tag(UniqueItem(**cleanup.clean(raw).asdict()))
    assert _summary(detector.detect(item)) == [
        (("RUS", "USA"), "phone_call", "occurred", "2017-01-28")
    ]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_never_raises(body: str) -> None:
    tagger = _TAGGER
    when = datetime(2019, 7, 2, tzinfo=UTC)
    item = UniqueItem(
        item_id="t:1",
        source="t",
        format="ninjs",
        received_at=when,
        published_at=when,
        headline="",
        body="Putin and Macron. " + body,
    )
    for event in ContactDetector(tagger.gazetteer).detect(tagger.tag(item), when):
        assert len(event.participants) >= 2


_TAGGER = Tagger()


def test_paraphrased_reports_from_other_sources_and_days_are_one_alert() -> None:
    """Xinhua on the day, AP the next day in other words, Kyodo two days on without a date:
    one `new`, then updates with the grown source count; a later call is a new event."""
    from streams.pipeline import Output, Pipeline, build_stages
    from streams.records import ContactAlert

    def raw(uri: str, source: str, published: str, headline: str, body: str) -> RawItem:
        return ingest.ninjs_item(
            {
                "uri": uri,
                "versioncreated": published,
                "copyrightholder": source,
                "headline": headline,
                "body_text": body,
            },
            max_item_bytes=10**6,
        )

    feed = [
        raw(
            "urn:t:1",
            "Xinhua",
            "2017-01-28T20:00:00Z",
            "Putin, Trump hold phone talks",
            "MOSCOW, Jan. 28 (Xinhua) -- Russian President Vladimir Putin and U.S. President "
            "Donald Trump held a telephone conversation on Saturday, the Kremlin said.",
        ),
        raw(
            "urn:t:2",
            "AP",
            "2017-01-29T09:00:00Z",
            "Trump and Putin talk for first time",
            "WASHINGTON (AP) -- President Donald Trump spoke with Russia's Vladimir Putin by "
            "phone on Saturday in their first conversation since the inauguration.",
        ),
        raw(
            "urn:t:3",
            "Kyodo",
            "2017-01-30T02:00:00Z",
            "Kremlin upbeat on U.S. ties",
            "TOKYO (Kyodo) -- Russian President Vladimir Putin and Donald Trump agreed to work "
            "together against terrorism during a phone call, the Kremlin said.",
        ),
        raw(
            "urn:t:4",
            "Reuters",
            "2017-05-02T18:00:00Z",
            "Putin and Trump discuss Syria",
            "MOSCOW, May 2 (Reuters) - Russian President Vladimir Putin and U.S. President "
            "Donald Trump discussed Syria in a telephone call on Tuesday.",
        ),
    ]
    outputs = [o for o in Pipeline(build_stages()).run(feed) if isinstance(o, Output)]
    alerts = [o.record for o in outputs if isinstance(o.record, ContactAlert)]
    assert [(a.kind, a.source_count, a.date) for a in alerts] == [
        ("new", 1, "2017-01-28"),
        ("update", 2, "2017-01-28"),
        ("update", 3, "2017-01-28"),
        ("new", 1, "2017-05-02"),
    ]
    assert len({a.alert_id for a in alerts[:3]}) == 1
    assert (alerts[3].first_contact, alerts[3].previous_contact) == (False, "2017-01-28")
