"""The cleanup stage: headline, body, dateline and times for every input format.

Pages (text, HTML) also lose their furniture and repeated copies of the article. The
furniture fixtures in tests/fixtures/cleanup/ are made-up sites written for these tests.
"""

from __future__ import annotations

import time
import unicodedata
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams import codec
from streams.cleanup import (
    clean,
    find_dateline,
    furniture_kind,
    html_to_text,
    normalise_agency,
    normalise_text,
    parse_datetime,
    parse_reuters_dateline,
)
from streams.errors import Rejected
from streams.ingest import Skipped, read_items
from streams.records import CleanItem, Dateline, RawItem

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"
PAGES = Path(__file__).parents[1] / "fixtures" / "cleanup"
SAMPLES = Path(__file__).resolve().parents[2] / "streams" / "samples"
SHARED = Path(__file__).resolve().parents[3] / "shared"
CORPORA = SHARED / "corpora"
SEED = CORPORA / "seed" / "xinhua-2017-01-29.txt"
WHEN = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def raw(payload: str, fmt: str = "text", **fields: Any) -> RawItem:
    base: dict[str, Any] = {
        "item_id": "test:1",
        "source": "Test Desk",
        "format": fmt,
        "received_at": WHEN,
        "payload": payload,
        "metadata": {},
    }
    base.update(fields)
    return RawItem(**base)


def ninjs(**obj: Any) -> RawItem:
    obj.setdefault("uri", "urn:test:1")
    return raw(orjson.dumps(obj).decode(), "ninjs", item_id=obj["uri"])


def fixture_items(name: str | Path) -> list[RawItem]:
    target = name if isinstance(name, Path) else FIXTURES / name
    results = read_items(str(target), max_item_bytes=900_000, received_at=WHEN)
    return [r for r in results if isinstance(r, RawItem)]


def fixture_clean(name: str | Path) -> list[CleanItem]:
    """The clean items of a fixture file; the ones clean() rejects are left out."""
    out = []
    for item in fixture_items(name):
        try:
            out.append(clean(item))
        except Rejected:
            continue
    return out


def page(name: str | Path) -> CleanItem:
    """The one clean item of a page file (text or HTML), read as ingest reads it."""
    (item,) = fixture_clean(PAGES / name if isinstance(name, str) else name)
    return item


def paragraphs(item: CleanItem) -> list[str]:
    return item.body.split("\n\n")


# --------------------------------------------------------------------------- ninjs


def test_ninjs_1x() -> None:
    item = fixture_clean("ninjs-1x.jsonl")[0]
    assert item.item_id == item.uri == "urn:test:wirefeed:1x-001"
    assert item.headline == "Port of Valletta extends night-time opening"
    assert item.body == (
        "VALLETTA, March 4 (Harbour Wire) - The port authority said on Thursday it would "
        "keep two quays open overnight from next month.\n\nShipping agents welcomed the change."
    )
    assert item.version == 1
    assert item.published_at == datetime(2021, 3, 4, 8, 15, tzinfo=UTC)  # versioncreated
    assert item.language == "en"
    assert item.source == "Harbour Wire"
    assert item.received_at == WHEN
    # place from `located`, date and agency from the dateline in the body
    assert item.dateline == Dateline(place="Valletta", date_text="March 4", agency="Harbour Wire")
    assert item.metadata == {"file": "ninjs-1x.jsonl", "line": 1}


def test_ninjs_1x_body_html_and_naive_time() -> None:
    item = fixture_clean("ninjs-1x.jsonl")[1]
    assert item.body == "The island ferry will sail twice a day.\n\nTickets go on sale on Monday."
    # "2021-03-04T10:00:00" has no zone: taken as UTC
    assert item.published_at == datetime(2021, 3, 4, 10, 0, tzinfo=UTC)
    assert item.version is None


def test_ninjs_2x_prefers_main_headline_and_plain_main_body() -> None:
    first, second = fixture_clean("ninjs-2x.jsonl")
    assert first.headline == "River levels fall after week of rain"
    assert first.body.startswith("YORK, June 10 - Water levels")
    assert "Ignored html" not in first.body
    assert first.version == 3
    assert first.language == "en"  # "en-GB" declared: its primary subtag
    assert first.dateline == Dateline(place="YORK", date_text="June 10", agency=None)
    assert second.body == "First paragraph.\n\nSecond paragraph."


def test_ninjs_3_camel_case() -> None:
    first, headline_only = fixture_clean("ninjs-3.jsonl")
    assert first.headline == "Icebreakers called out early"
    assert first.body == (
        "HELSINKI, Feb. 7 (BNR) -- Two icebreakers left port a week early.\n\n"
        "The cold spell is expected to last."
    )
    assert first.published_at == datetime(2024, 2, 7, 9, 20, tzinfo=UTC)
    assert first.version == 2
    # "fi" declared, English written: the text wins when the identifier is sure of it.
    assert first.language == "en"
    assert first.dateline == Dateline(place="HELSINKI", date_text="Feb. 7", agency="BNR")
    # an item with a headline and no body is usable
    assert headline_only.headline == "Headline only, no body"
    assert headline_only.body == ""
    assert headline_only.published_at == datetime(2024, 2, 7, tzinfo=UTC)


def test_ninjs_without_text_is_rejected() -> None:
    empty = next(r for r in fixture_items("ninjs-3.jsonl") if r.item_id.endswith("3-003"))
    with pytest.raises(Rejected) as info:
        clean(empty)
    assert info.value.reason == "no_text"


def test_ninjs_firstcreated_and_description_fallbacks() -> None:
    item = clean(
        ninjs(
            firstCreated="2020-05-01T12:00:00-04:00",
            descriptions=[{"value": "Leaders pose before the talks."}],
        )
    )
    assert item.published_at == datetime(2020, 5, 1, 16, 0, tzinfo=UTC)
    assert item.body == "Leaders pose before the talks."
    assert item.headline == ""


def test_ninjs_html_headline_and_located_object() -> None:
    headlines = [{"value": "Talks &amp; <b>dinner</b>", "contentType": "text/html"}]
    item = clean(ninjs(headlines=headlines, located={"name": "Oslo"}, body_text="Text."))
    assert item.headline == "Talks & dinner"
    assert item.dateline == Dateline(place="Oslo")


@pytest.mark.parametrize("payload", ["not json", "[1, 2]", '"text"', "{"])
def test_ninjs_bad_payload(payload: str) -> None:
    with pytest.raises(Rejected) as info:
        clean(raw(payload, "ninjs"))
    assert info.value.reason == "bad_payload"


def test_unknown_format() -> None:
    with pytest.raises(Rejected) as info:
        clean(raw("text", "docx"))
    assert info.value.reason == "unknown_format"


# --------------------------------------------------------------------------- text


def test_text_page() -> None:
    (item,) = fixture_clean("page.txt")
    assert item.headline == "Coastal towns agree joint flood plan"
    # source line, photo caption and "Back to Top" are furniture
    assert item.body == (
        "LISBON, Nov. 4 (Shore Gazette) -- Mayors of three coastal towns agreed on Monday "
        "to share the cost of new sea defences.\n\n"
        "The plan still needs approval from the regional council."
    )
    assert item.dateline == Dateline(place="LISBON", date_text="Nov. 4", agency="Shore Gazette")
    # the source line's time; nothing says where the Shore Gazette's clock is: UTC
    assert item.published_at == datetime(2019, 11, 5, 8, 30, tzinfo=UTC)
    assert item.source == "Shore Gazette"  # ingest said "unknown"; the dateline names it
    assert item.uri is None
    assert item.language == "en"  # declared nowhere: identified from the text


def test_text_normalises_unicode_and_whitespace() -> None:
    page = (
        "\ufeff  Cafe\u0301\u00a0talks \r\n\r\n\r\n\tThe first  line\u200b of it.\x07  \n\n\n\n"
        "The end of it.  "
    )
    item = clean(raw(page))
    assert item.headline == "Café talks"
    assert item.body == "The first line of it.\n\nThe end of it."


def test_text_long_first_line_is_body_not_headline() -> None:
    paragraph = "word " * 100
    item = clean(raw(paragraph))
    assert item.headline == ""
    assert item.body == paragraph.strip()


@pytest.mark.parametrize("payload", ["", "   \n\n\t", "\x00\x01\u200b"])
def test_text_without_text_is_rejected(payload: str) -> None:
    with pytest.raises(Rejected) as info:
        clean(raw(payload))
    assert info.value.reason == "no_text"


def test_page_of_only_furniture_is_rejected_and_says_so() -> None:
    payload = "Home | World | Business | Sport\nShare:  Facebook  Twitter\nBack to Top\n12345678"
    with pytest.raises(Rejected) as info:
        clean(raw(payload))
    assert info.value.reason == "no_text"
    assert "furniture (4 lines)" in info.value.detail


def test_latin1_page_cleans() -> None:
    (item,) = fixture_clean("latin1.txt")
    assert item.headline == "Café owners in Zürich protest rent rise"


# --------------------------------------------------------------------------- furniture


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Home | Region | Economy | Sport | Video", "chrome"),
        ("News \u2022 Sport \u2022 Business \u2022 Weather", "chrome"),
        ("Share:  Facebook  Twitter  Email", "chrome"),
        ("Print   Email   Comments (12)", "chrome"),
        ("Font size: A A A", "chrome"),
        ("A A A", "chrome"),
        ("Back to Top Close", "chrome"),
        ("Skip to main content", "chrome"),
        ("Sign in  Subscribe", "chrome"),
        ("Print", "chrome"),
        ("Advertisement", "chrome"),
        ("Examplenet", "chrome"),
        ("english.example.cn", "chrome"),
        ("HARBOUR HERALD", "chrome"),
        ("The Example Times", "chrome"),
        ("Source: Example Wire | 2024-01-02 10:00:00 | Editor: desk", "meta"),
        ("Source: Example Wire   2024-01-02 10:00:00", "meta"),
        ("[Editor: Li Na]", "meta"),
        ("By Jane Roe and John Doe", "meta"),
        ("Updated: 3 May 2018, 10:05 GMT", "meta"),
        ("April 29, 2019", "meta"),
        ("A crane lifts a container onto a ship. (Example Wire/Staff)", "caption"),
        ("Crowds gather outside the hall. (AP Photo/J. Roe)", "caption"),
        ("Photo: Example Wire", "caption"),
        ("FILE PHOTO: Ministers arrive for talks at a hotel.", "caption"),
        ("File photo taken on May 1, 2019 shows a ferry in the harbour.", "caption"),
        ("Delegates arrive for the summit. REUTERS/Jane Roe/File Photo", "caption"),
        ("Copyright (c) 2024 Example Wire. All rights reserved.", "copyright"),
        ("\u00a9 2021 Example Media Ltd", "copyright"),
        ("Related:", "related_header"),
        ("Related stories", "related_header"),
        ("Most read", "related_header"),
        ("Read more: Port reopens after storm", "related"),
        ("0100200700000000001234", "tracking"),
        ("121", "tracking"),
        ("* * *", "rule"),
        # article text, headlines and subheads stay
        ("Ferry operator orders two electric vessels for island route", None),
        ("China, World Bank sign loan deal for rural roads", None),
        ("Share prices fall in Tokyo as yen strengthens", None),
        ("Home sales rise for a third month", None),
        ("Live music returns to the old harbour", None),
        ("Putin, Trump express willingness to cooperate: Kremlin", None),
        ("1. Bilateral relations", None),
        ("Apples: up 12%", None),
        ("Ms Hewitt said:", None),
        ("By Tuesday, the ferry had returned to port.", None),
        ("A source close to the talks said no deal was near.", None),
        ("Trade between the two (US/Canada) grew last year.", None),
        ('"We will not give up," she said.', None),
        (
            "BERLIN, May 3 (Reuters) - The ministers met in the morning and talked for an hour.",
            None,
        ),
    ],
)
def test_furniture_kind(line: str, kind: str | None) -> None:
    assert furniture_kind(line) == kind


def test_one_word_paragraph_is_a_subhead_in_html_text() -> None:
    assert furniture_kind("Background") == "chrome"  # a scraped page's site name, say
    assert furniture_kind("Background", structured=True) is None
    assert furniture_kind("Advertisement", structured=True) == "chrome"


def test_harbour_herald_page() -> None:
    """A British-style regional paper: masthead, bullets menu, share bar, most-read list."""
    item = page("harbour-herald.txt")
    assert item.headline == "Ferry operator orders two electric vessels for island route"
    assert paragraphs(item) == [
        "PORT ELLIS, March 12 (Harbour Herald) - The island ferry operator has ordered two "
        "battery-powered vessels that will replace its diesel boats on the short crossing by "
        "2024, the company said on Friday.",
        "The order is worth about 30 million pounds and includes charging points on both "
        "quays, a spokeswoman said.",
        "Councillors on the island welcomed the plan but asked for a guarantee that fares "
        "would not rise.",
        "Work on the charging points starts in the autumn.",
    ]
    assert item.published_at == datetime(2021, 3, 12, 14, 5, tzinfo=UTC)  # "14:05 GMT"
    assert item.dateline == Dateline(
        place="PORT ELLIS", date_text="March 12", agency="Harbour Herald"
    )
    assert item.source == "Harbour Herald"


def test_lakeside_post_page_holds_the_article_twice() -> None:
    """A US-style page with the AP story twice, under different header lines."""
    item = page("lakeside-post.txt")
    assert item.headline == "County opens cooling centers as heat wave lingers"
    assert paragraphs(item) == [
        "BELMONT, Ohio (AP) -- Officials in a rural county opened three cooling centers on "
        "Tuesday as temperatures stayed above 95 degrees for a fifth straight day.",
        "The centers, in school gyms and a church hall, will stay open until 9 p.m. and "
        "offer water and phone charging.",
        '"We want people to check on their neighbors," the county\'s emergency manager said.',
        "Forecasters expect relief by the weekend, when storms are likely to bring cooler air.",
    ]
    assert item.published_at == datetime(2020, 7, 14, 22, 42, tzinfo=UTC)  # 6:42 PM EDT
    assert item.dateline == Dateline(place="BELMONT, Ohio", date_text=None, agency="AP")
    assert item.source == "AP"


def test_valley_courier_html_page() -> None:
    """An HTML page: chrome classes, a share bar, link lists, a figure, hidden text."""
    item = page("valley-courier.html")
    assert item.headline == "Dam inspection finds cracks in spillway"
    assert paragraphs(item) == [
        "ZURICH -- Engineers found several cracks in the spillway of the upper valley dam "
        "during a routine inspection, the canton's water office said on Wednesday.",
        # a sentence whose names are links is still prose
        "The reservoir will be lowered by two metres as a precaution while Lena Keller and "
        "Marco Roth of the water office assess the damage.",
        "Residents downstream were told there was no immediate danger.",
    ]
    assert item.dateline == Dateline(place="ZURICH")
    assert item.source == "Valley Courier"  # og:site_name: the dateline names no agency
    assert item.published_at == datetime(2021, 10, 13, 7, 30, tzinfo=UTC)
    # <html lang="de-CH"> on an English article: the text wins.
    assert item.language == "en"


def test_article_twice_keeps_the_first_copy() -> None:
    """Repeated runs go, whatever the header lines between the copies say."""
    first = "SALTPORT, Aug. 2 (Eastern Dispatch) -- The two mayors signed a water deal on Tuesday."
    second = "The deal runs for ten years and covers both towns."
    third = "Work on the pipeline starts in spring."
    payload = "\n\n".join(
        [
            "Mayors sign water deal",
            "Source: Eastern Dispatch | 2022-08-03 10:15:00 | Editor: Li Na",
            first,
            second,
            third,
            "Back to Top Close",
            "EDnet",
            "Mayors sign water deal",
            "Source: Eastern Dispatch   2022-08-03 10:15:00",
            first,
            second,
            third,
            "A late paragraph only the second copy has.",
        ]
    )
    item = clean(raw(payload, source="unknown"))
    assert item.headline == "Mayors sign water deal"
    assert paragraphs(item) == [first, second, third, "A late paragraph only the second copy has."]
    assert item.source == "Eastern Dispatch"
    assert item.published_at == datetime(2022, 8, 3, 10, 15, tzinfo=UTC)


def test_a_short_line_repeated_alone_is_not_a_copy() -> None:
    payload = (
        "Port talks resume\n\nTalks go on.\n\nThe unions met the port owners on Monday.\n\n"
        "Talks go on."
    )
    assert paragraphs(clean(raw(payload))) == [
        "Talks go on.",
        "The unions met the port owners on Monday.",
        "Talks go on.",
    ]


def test_related_header_takes_the_headlines_below_it() -> None:
    payload = "\n".join(
        [
            "Bridge closed for repairs",
            "",
            "The old bridge will close for six weeks from Monday, the council said.",
            "Related stories",
            "",
            "Bus routes change during works",
            "New cycle lane opens",
            "",
            "Drivers are advised to use the ring road.",
        ]
    )
    assert paragraphs(clean(raw(payload))) == [
        "The old bridge will close for six weeks from Monday, the council said.",
        "Drivers are advised to use the ring road.",
    ]


def test_page_headline_skips_navigation_lines() -> None:
    payload = (
        "Home | Local | Sport\nShare:  Facebook  Email\nTown hall to get solar roof\n\n"
        "The roof will power the library too."
    )
    item = clean(raw(payload))
    assert item.headline == "Town hall to get solar roof"
    assert item.body == "The roof will power the library too."


# --------------------------------------------------------------------------- times


def test_xinhua_page_time_is_beijing_time() -> None:
    """No zone on the page, but its source line names Xinhua, whose pages are UTC+8."""
    payload = "Talks held\nSource: Xinhua | 2017-01-29 06:49:45 | Editor: desk\n\nText here."
    assert clean(raw(payload)).published_at == datetime(2017, 1, 28, 22, 49, 45, tzinfo=UTC)


def test_xinhua_site_name_is_evidence_too() -> None:
    payload = "Talks held\n2017-01-29 06:49:45\n\nText here.\n\nCopyright 2017 XINHUANET.com"
    assert clean(raw(payload)).published_at == datetime(2017, 1, 28, 22, 49, 45, tzinfo=UTC)


def test_a_written_zone_wins_over_the_publisher_clock() -> None:
    payload = "Talks held\nSource: Xinhua | 2017-01-29 06:49:45 +03:00\n\nText here."
    assert clean(raw(payload)).published_at == datetime(2017, 1, 29, 3, 49, 45, tzinfo=UTC)


def test_page_time_without_evidence_is_utc() -> None:
    payload = "Talks held\nPublished: May 18, 2017 10:05 pm\n\nText here."
    assert clean(raw(payload)).published_at == datetime(2017, 5, 18, 22, 5, tzinfo=UTC)


# --------------------------------------------------------------------------- unicode


def test_typographic_quotes_and_dashes_become_ascii() -> None:
    body = clean(
        raw(
            "Ferry talks\n\n\u201cYes,\u201d he said \u2013 it\u2019s 10\u201312 \u2014 or \u22125."
        )
    ).body
    assert body == '"Yes," he said - it\'s 10-12 -- or -5.'


def test_an_apostrophe_typed_as_a_double_quote_is_repaired() -> None:
    """Reuters-21578 writes Brazil"s and don"t; real quotations around words stay."""
    text = 'Brazil"s output fell. "I don"t know," he said of the "s" key and "Mr Smith"s'
    assert normalise_text(text) == (
        'Brazil\'s output fell. "I don\'t know," he said of the "s" key and "Mr Smith\'s'
    )


def test_invisible_characters_go() -> None:
    text = "Har\u00adbour\u00a0master\u2009said\u200b it\u2060 was\ufeff over\u202f."
    assert normalise_text(text) == "Harbour master said it was over ."


def test_joiners_stay_where_a_script_needs_them() -> None:
    persian = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
    family = "\U0001f468\u200d\U0001f469"
    assert normalise_text(f"{persian} {family} a\u200cb") == f"{persian} {family} ab"


def test_mojibake_is_repaired() -> None:
    text = "The mayor\u00e2\u20ac\u2122s \u00e2\u20ac\u0153new\u00e2\u20ac\x9d caf\u00c3\u00a9"
    assert normalise_text(text) == 'The mayor\'s "new" café'
    assert normalise_text("it\x92s \x93ok\x94") == 'it\'s "ok"'  # cp1252 read as latin-1


def test_accented_text_is_not_touched_by_the_mojibake_repair() -> None:
    text = "Les élus de Zürich, São Paulo et Kraków: «\u00a0déjà vu\u00a0»."
    assert normalise_text(text) == "Les élus de Zürich, São Paulo et Kraków: « déjà vu »."


def test_mojibake_page_file() -> None:
    item = page("mojibake-page.txt")
    assert item.headline == "Quay repairs finish early"
    assert item.body == (
        'The mayor\'s office said the "new" quay opens on Friday, and the café reopens too.'
    )


def test_cp1252_page_file() -> None:
    item = page("cp1252-page.txt")
    assert item.body == (
        '"We listened to the skippers," the harbour master said - and the café owners agreed.'
    )


def test_surrogates() -> None:
    item = clean(raw("Ferry talks\n\nA smile \ud83d\ude00 and a lone \ud800 half."))
    assert item.body == "A smile \U0001f600 and a lone \ufffd half."
    codec.dumps(item)  # serialisable: no lone surrogate left


def test_text_that_is_mostly_replacement_characters_is_undecodable() -> None:
    with pytest.raises(Rejected) as info:
        clean(raw("\ufffd\ufffd\ufffd \ufffd\ufffd\n\n\ufffd\ufffd\ufffd\ufffd"))
    assert info.value.reason == "undecodable"
    assert clean(raw("Ferry talks\n\nOne bad \ufffd character is kept.")).body.endswith("kept.")


# --------------------------------------------------------------------------- samples


def test_sample_scraped_page() -> None:
    """Our sample: nav, share, font size, caption, copy, related list, copyright, tracking."""
    item = page(SAMPLES / "scraped-page.txt")
    assert item.headline == "Putin, Macron discuss Syria, Ukraine in first phone talk"
    assert item.dateline == Dateline(place="MOSCOW", date_text="May 18", agency="Xinhua")
    assert item.source == "Xinhua"
    # "2017-05-19 01:34:52" on a Xinhua page is Beijing time
    assert item.published_at == datetime(2017, 5, 18, 17, 34, 52, tzinfo=UTC)
    body = paragraphs(item)
    assert body[0].startswith("MOSCOW, May 18 (Xinhua) -- Russian President")
    assert body[-1].startswith("Putin last held face-to-face talks")
    payload = (SAMPLES / "scraped-page.txt").read_text(encoding="utf-8")
    for paragraph in body:
        assert payload.count(paragraph) == 2  # on the page twice, in the body once
        assert item.body.count(paragraph) == 1
    for furniture in ("Home |", "Share", "Font size", "Back to Top", "Xinhuanet", "Related"):
        assert furniture not in item.body
    assert "(Xinhua/" not in item.body
    assert "Copyright" not in item.body
    assert not any(line.isdigit() for line in item.body.split("\n"))


def test_sample_embassy_page() -> None:
    item = page(SAMPLES / "embassy-release.html")
    assert item.headline == "Prime Minister Abe holds talks with Prime Minister Trudeau in Ottawa"
    assert item.source == "Embassy of Japan in Canada"  # the <title> after the headline
    assert item.published_at == datetime(2019, 4, 29, tzinfo=UTC)
    body = paragraphs(item)
    assert body[0].startswith("On April 28, Prime Minister Shinzo Abe held talks")
    assert "1. Bilateral relations" in body
    assert body[-1].endswith("the early resolution of the abductions issue.")
    for furniture in ("Photo:", "Related links", "Skip to", "Copyright", "Back to Top"):
        assert furniture not in item.body


# --------------------------------------------------------------------------- html


def test_html_page() -> None:
    (item,) = fixture_clean("page.html")
    assert item.headline == "Orchard growers report record apple harvest"  # <h1>, not <title>
    assert item.body == (
        "BERN, Sept. 20 (Valley Times) - Growers in the valley picked more apples this year "
        "than in any season on record, their association said.\n\n"
        "Warm weather in spring & a dry summer helped.\nPrices are expected to fall.\n\n"
        "Apples: up 12%\n\nPears: steady"
    )
    for chrome in ("Home", "local paper", "tracking", "console", "cherry", "©", "font-family"):
        assert chrome not in item.body
    assert item.published_at == datetime(2020, 9, 21, 5, 45, tzinfo=UTC)
    assert item.language == "en"
    assert item.dateline == Dateline(place="BERN", date_text="Sept. 20", agency="Valley Times")
    assert item.source == "Valley Times"


def test_html_title_fallback_and_body_without_article() -> None:
    page = (
        "<html><head><title> Page  title | Example Site </title></head><body>"
        "<header>Site</header><div>The first part.</div>"
        "<div>Two today <time datetime='2021-01-01T00:00:00Z'>now</time></div>"
        "<footer>Foot</footer></body></html>"
    )
    item = clean(raw(page, "html", source="unknown"))
    assert item.headline == "Page title"
    assert item.body == "The first part.\n\nTwo today now"
    assert item.published_at == datetime(2021, 1, 1, tzinfo=UTC)
    assert item.source == "unknown"  # the title's site part only counts beside an <h1>


def test_html_without_text_is_rejected() -> None:
    with pytest.raises(Rejected) as info:
        clean(raw("<html><body><script>x()</script><nav>menu</nav></body></html>", "html"))
    assert info.value.reason == "no_text"


def test_html_chrome_class_on_the_story_wrapper_keeps_the_story() -> None:
    """A layout class ("with-sidebar", "hidden" until a script runs) on the element that
    wraps the story does not make the story chrome; the small sidebar inside it is."""
    page = (
        "<html><body><div class='layout with-sidebar'>"
        "<p>The ferry sailed at noon with forty cars and two hundred passengers aboard.</p>"
        "<p>It reached the island an hour later.</p>"
        "<div class='sidebar'>Weather: sunny spells</div></div></body></html>"
    )
    assert clean(raw(page, "html")).body == (
        "The ferry sailed at noon with forty cars and two hundred passengers aboard.\n\n"
        "It reached the island an hour later."
    )
    hidden = "<html><body><div class='hidden'><p>The ferry sailed.</p></div></body></html>"
    assert clean(raw(hidden, "html")).body == "The ferry sailed."


def test_html_to_text() -> None:
    assert html_to_text("<p>a<br>b</p><p>c &amp; d</p>") == "a\nb\n\nc & d"
    assert html_to_text("<table><tr><td>x</td><td>y</td></tr></table>") == "x y"
    assert html_to_text("no markup at all") == "no markup at all"
    deep = "<div>" * 5000 + "deep" + "</div>" * 5000
    assert html_to_text(deep) == "deep"
    page = (
        "<p>Story text here.</p><ul><li><a href='/1'>One</a></li><li><a href='/2'>Two</a></li></ul>"
    )
    assert html_to_text(page, page=True) == "Story text here."  # link-dense list
    assert html_to_text(page) == "Story text here.\n\nOne\n\nTwo"  # fragments keep links


# --------------------------------------------------------------------------- Reuters


def test_reuters_item() -> None:
    first, brief = fixture_clean("reuters-mini.sgm")
    assert first.headline == "MINISTERS <AGRI> MEET ON WHEAT QUOTAS & PRICES"
    assert first.body == (
        "Farm ministers from two countries met in Paris on Thursday to discuss wheat quotas, "
        "an official at the ministry in Montréal-sur-Seine said.\n\n"
        "No agreement was reached, he said, and talks will resume next week."
    )  # the "Reuter" sign-off is gone
    assert first.published_at == datetime(1987, 3, 5, 9, 12, 30, 450000, tzinfo=UTC)
    assert first.dateline == Dateline(place="PARIS", date_text="March 5", agency="Reuters")
    assert first.metadata["places"] == ["france", "west-germany"]
    assert first.metadata["people"] == ["dupont"]
    assert first.metadata["orgs"] == ["ec"]
    assert first.source == "Reuters"
    # BRIEF: the flash is the headline, the filler after it is not a body
    assert brief.headline == "HARBOUR CRANE ORDER WORTH 40 MLN DLRS"
    assert brief.body == ""
    assert brief.dateline is None


def _sgml(text: str, text_attrs: str = "") -> str:
    return (
        f'<REUTERS NEWID="7"><DATE>1-APR-1987 10:00:00.00</DATE>'
        f"<TEXT{text_attrs}>&#2;\n{text}\n&#3;</TEXT></REUTERS>"
    )


def test_reuters_unproc_without_title() -> None:
    item = clean(
        raw(
            _sgml(
                "STEEL OUTPUT RISES\n    OSLO, April 1 - Output rose.\n Reuter", ' TYPE="UNPROC"'
            ),
            "reuters-sgml",
        )
    )
    assert item.headline == "STEEL OUTPUT RISES"
    assert item.body == "OSLO, April 1 - Output rose."
    assert item.published_at == datetime(1987, 4, 1, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("signoff", ["REUTER", "reuter", "Reuter...", "MORE"])
def test_reuters_signoffs(signoff: str) -> None:
    body = f"<TITLE>T</TITLE><BODY>    Text of the item.\n {signoff}\n</BODY>"
    assert clean(raw(_sgml(body), "reuters-sgml")).body == "Text of the item."


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("<html>not sgml</html>", "bad_payload"),
        ('<REUTERS NEWID="7"><DATE>x</DATE></REUTERS>', "bad_payload"),
        (_sgml("", ' TYPE="UNPROC"'), "no_text"),
        (_sgml("<TITLE> </TITLE><BODY>&#3;</BODY>"), "no_text"),
    ],
)
def test_reuters_rejections(payload: str, reason: str) -> None:
    with pytest.raises(Rejected) as info:
        clean(raw(payload, "reuters-sgml"))
    assert info.value.reason == reason


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("    SALVADOR, Feb 26 - ", Dateline(place="SALVADOR", date_text="Feb 26")),
        ("  PORTLAND, Ore., Feb 26 -\n  ", Dateline(place="PORTLAND, Ore.", date_text="Feb 26")),
        ("****WASHINGTON, March 3 - ", Dateline(place="WASHINGTON", date_text="March 3")),
        ("AMSTERDAM, 2 March -", Dateline(place="AMSTERDAM", date_text="2 March")),
        ("LONDON, April 1 - Enquiries -", Dateline(place="LONDON", date_text="April 1")),
        ("NEW YORK, Narch 2 -", Dateline(place="NEW YORK")),
        ("    LONDON - ", Dateline(place="LONDON")),
        (" MAR8  --     --", Dateline(place=None, date_text="MAR8")),
        (" May  152.8  152.8     ---   ", None),
        (" Jun      ---    ---  ", None),
        ("", None),
        (None, None),
    ],
)
def test_reuters_datelines(text: str | None, expected: Dateline | None) -> None:
    if expected is not None:
        expected = Dateline(place=expected.place, date_text=expected.date_text, agency="Reuters")
    assert parse_reuters_dateline(text) == expected


# --------------------------------------------------------------------------- rss


def test_rss_entries() -> None:
    first, second = fixture_clean("feed.rss")
    assert first.headline == "Pass road reopens after rockfall"
    assert first.body == (
        "The pass road reopened on Wednesday.\n\nCrews cleared the last boulders overnight."
    )
    assert first.published_at == datetime(2023, 4, 12, 14, 0, tzinfo=UTC)
    assert first.source == "Mountain Radio News"
    assert first.metadata["link"] == "https://radio.example.org/news/pass-road"
    assert second.body == "The last lifts stop on Sunday."


def test_atom_entries_prefer_content() -> None:
    first, second = fixture_clean("feed.atom")
    assert first.headline == "Regatta & fair draw crowds"
    assert first.body == (
        "GENEVA, July 31 - Thousands watched the regatta.\n\nThe fair runs until Friday."
    )
    assert first.dateline == Dateline(place="GENEVA", date_text="July 31", agency=None)
    assert first.published_at == datetime(2022, 7, 31, 17, 0, tzinfo=UTC)
    assert second.published_at == datetime(2022, 8, 1, 10, 0, tzinfo=UTC)  # updated only


def test_rss_bad_payload() -> None:
    with pytest.raises(Rejected) as info:
        clean(raw("<item/>", "rss"))
    assert info.value.reason == "bad_payload"


# --------------------------------------------------------------------------- datelines


def _dl(place: str | None, date_text: str | None, agency: str | None) -> Dateline:
    return Dateline(place=place, date_text=date_text, agency=agency)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # AP
        ("TOKYO (AP) \u2014 Officials said.", _dl("TOKYO", None, "AP")),
        ("TOKYO (AP) -- Officials said.", _dl("TOKYO", None, "AP")),
        ("PORTLAND, Ore. (AP) -- Officials said.", _dl("PORTLAND, Ore.", None, "AP")),
        # Reuters, and Reuters-21578's body form without the agency
        ("BERLIN, May 3 (Reuters) - Officials said.", _dl("BERLIN", "May 3", "Reuters")),
        ("SOCHI, Russia, Sept 17 (Reuters) - A.", _dl("SOCHI, Russia", "Sept 17", "Reuters")),
        ("MOSCOW, March 3 - Officials said.", _dl("MOSCOW", "March 3", None)),
        # AFP
        ("PARIS (AFP) - Officials said.", _dl("PARIS", None, "AFP")),
        ("Paris, May 18, 2017 (AFP) - Officials said.", _dl("Paris", "May 18, 2017", "AFP")),
        # Xinhua
        ("BEIJING, Jan. 28 (Xinhua) -- Officials said.", _dl("BEIJING", "Jan. 28", "Xinhua")),
        # TASS
        ("MOSCOW, January 28. /TASS/. Officials said.", _dl("MOSCOW", "January 28", "TASS")),
        # Kyodo, with and without parentheses
        ("TOKYO, June 29 Kyodo - Officials said.", _dl("TOKYO", "June 29", "Kyodo")),
        ("OSAKA, June 29 (Kyodo) -- Officials said.", _dl("OSAKA", "June 29", "Kyodo")),
        # Yonhap
        ("SEOUL, Sept. 30 (Yonhap) -- Officials said.", _dl("SEOUL", "Sept. 30", "Yonhap")),
        # dpa
        ("Berlin (dpa) - Officials said.", _dl("Berlin", None, "dpa")),
        ("BERLIN, Oct 13 (dpa) - Officials said.", _dl("BERLIN", "Oct 13", "dpa")),
        # ANSA: the agency first
        ("(ANSA) - ROME, JAN 28 - Officials said.", _dl("ROME", "JAN 28", "ANSA")),
        # EFE, Spanish and English
        ("Madrid, 28 ene (EFE).- Las autoridades dijeron.", _dl("Madrid", "28 ene", "EFE")),
        ("MADRID, Jan 28 (EFE) - Officials said.", _dl("MADRID", "Jan 28", "EFE")),
        # agency names to one spelling
        (
            "WASHINGTON, March 3 (The Associated Press) -- A.",
            _dl("WASHINGTON", "March 3", "AP"),
        ),
        ("NICOSIA, May 2 (Agence France-Presse) - A.", _dl("NICOSIA", "May 2", "AFP")),
        # an unknown agency is kept as written
        ("VALLETTA, March 4 (Harbour Wire) - A.", _dl("VALLETTA", "March 4", "Harbour Wire")),
        # place only (Canadian Press style)
        ("OTTAWA -- Officials said.", _dl("OTTAWA", None, None)),
        # found after a byline
        ("By A. Writer\n\nWASHINGTON (AP) \u2014 The talks ended.", _dl("WASHINGTON", None, "AP")),
        (
            "UNITED NATIONS, March 3, 2022 (Reuters) - A vote.",
            _dl("UNITED NATIONS", "March 3, 2022", "Reuters"),
        ),
        ("Paris, 3 March (AFP) - Text.", _dl("Paris", "3 March", "AFP")),
        # not datelines
        ("The minister said on Jan. 5 - quietly - that it was over.", None),
        ("UPDATE - Officials said.", None),
        ("Merkel (CDU) - who leads the party - spoke first.", None),
        ("no dateline here", None),
    ],
)
def test_find_dateline(text: str, expected: Dateline | None) -> None:
    assert find_dateline(text) == expected


def test_dateline_agency_names_an_unknown_source_and_the_body_keeps_it() -> None:
    text = "Ferry talks\n\nSEOUL, Sept. 30 (Yonhap) -- The two sides met on Wednesday."
    item = clean(raw(text, source="unknown"))
    assert item.source == "Yonhap"
    assert item.body == "SEOUL, Sept. 30 (Yonhap) -- The two sides met on Wednesday."
    assert clean(raw(text, source="Example Desk")).source == "Example Desk"


def test_normalise_agency() -> None:
    assert normalise_agency("The Associated Press") == "AP"
    assert normalise_agency(" ITAR-TASS ") == "TASS"
    assert normalise_agency("XINHUA") == "Xinhua"
    assert normalise_agency("DPA") == "dpa"
    assert normalise_agency("Harbour  Wire") == "Harbour Wire"


# --------------------------------------------------------------------------- helpers


def test_parse_datetime() -> None:
    assert parse_datetime("2017-01-28T18:00:00+03:00") == datetime(2017, 1, 28, 15, tzinfo=UTC)
    assert parse_datetime("2017-01-28T18:00:00Z") == datetime(2017, 1, 28, 18, tzinfo=UTC)
    assert parse_datetime("Sat, 28 Jan 2017 18:00:00 GMT") == datetime(2017, 1, 28, 18, tzinfo=UTC)
    assert parse_datetime("2017-01-28") == datetime(2017, 1, 28, tzinfo=UTC)
    for bad in ("", "soon", None, 12, "2017-13-45"):
        assert parse_datetime(bad) is None


def test_normalise_text() -> None:
    assert normalise_text("a\r\nb\rc") == "a\nb\nc"
    assert normalise_text("  x \t y  \n\n\n\n z\u2028w ") == "x y\n\nz\nw"
    assert normalise_text("soft\xadhyphen\x00") == "softhyphen"


def test_clean_item_survives_the_codec() -> None:
    (item,) = fixture_clean("page.html")
    again = codec.loads(CleanItem, codec.dumps(item))
    assert again.dateline == item.dateline
    assert again.published_at == item.published_at
    assert again.body == item.body


# --------------------------------------------------------------------------- properties

FORMATS = ["text", "html", "ninjs", "reuters-sgml", "rss"]
REASONS = {"no_text", "bad_payload", "undecodable"}


def _outcome(item: RawItem) -> CleanItem | Rejected:
    try:
        return clean(item)
    except Rejected as exc:
        return exc


# Any code point, lone surrogates included (they reach us from JSON "\ud800" escapes).
ANY_TEXT = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF))


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT, fmt=st.sampled_from(FORMATS))
def test_clean_returns_an_item_or_rejects(text: str, fmt: str) -> None:
    """Whatever the payload, clean() gives a CleanItem or a Rejected, never another error."""
    item = _outcome(raw(text, fmt))
    if isinstance(item, Rejected):
        assert item.reason in REASONS
        return
    assert isinstance(item, CleanItem)
    assert item.headline or item.body
    assert "\n" not in item.headline
    codec.dumps(item)  # always serialisable


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=2000))
def test_clean_text_property(text: str) -> None:
    """Text payloads: a clean item has trimmed, NFC text; an empty one is no_text."""
    item = _outcome(raw(text, "text"))
    if isinstance(item, Rejected):
        assert item.reason in {"no_text", "undecodable"}
        return
    for part in (item.headline, item.body):
        assert part == part.strip()
        assert "\n\n\n" not in part
        assert unicodedata.is_normalized("NFC", part)


# Page lines for the idempotence property: made-up furniture of several styles, wire-like
# sentences, headline-like lines and noise, in any order, sometimes the whole page twice.
FURNITURE = [
    "Home | Region | Economy | Sport | Video",
    "News \u2022 Sport \u2022 Weather",
    "Share:  Facebook  Twitter  Email",
    "Font size: A A A",
    "Back to Top Close",
    "Examplenet",
    "EXAMPLE GAZETTE",
    "Related:",
    "Most read",
    "Source: Example Wire | 2024-01-02 10:00:00 | Editor: desk",
    "A crane lifts a container onto a ship. (Example Wire/Staff)",
    "Photo: Example Wire",
    "Copyright (c) 2024 Example Wire. All rights reserved.",
    "0100200700000000001234",
    "By Jane Roe",
    "Advertisement",
    "KINGSTON, Jan. 5 (Example Wire) -- The port reopened on Friday after the storm.",
    "\u201cWe are ready,\u201d the harbour master said \u2014 again.",
]
WORDS = [
    "the",
    "council",
    "said",
    "on",
    "Monday",
    "port",
    "ferry",
    "talks",
    "minister",
    "would",
    "new",
    "plan",
    "and",
    "of",
    "to",
    "water",
    "home",
    "share",
    "news",
]
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=30).map(
    lambda ws: " ".join(ws).capitalize() + "."
)
HEADLINE = st.lists(st.sampled_from(WORDS), min_size=1, max_size=10).map(
    lambda ws: " ".join(ws).capitalize()
)
NOISE = st.text(max_size=60).map(lambda s: s.replace("\n", " "))
LINE = st.one_of(st.sampled_from(FURNITURE), SENTENCE, HEADLINE, NOISE, st.just(""))
PAGE = st.tuples(st.lists(LINE, max_size=25), st.booleans()).map(
    lambda t: "\n".join(t[0] * (2 if t[1] else 1))
)


def _again(item: CleanItem) -> CleanItem:
    return clean(raw(f"{item.headline}\n\n{item.body}"))


@settings(max_examples=400, deadline=None)
@given(text=PAGE)
def test_clean_is_idempotent_on_pages(text: str) -> None:
    """Cleaning a page made of a clean item's headline and body changes nothing."""
    item = _outcome(raw(text, source="unknown"))
    if isinstance(item, Rejected):
        return
    again = _again(item)
    assert again.body == item.body
    assert again.headline == item.headline


@settings(max_examples=300, deadline=None)
@given(text=ANY_TEXT)
def test_clean_is_idempotent_on_any_text(text: str) -> None:
    item = _outcome(raw(text))
    if isinstance(item, Rejected):
        return
    again = _again(item)
    assert again.body == item.body
    assert again.headline == item.headline


# --------------------------------------------------------------------------- real corpus

needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared is not present")


@needs_shared
def test_seed_page_cleans() -> None:
    """The reference page: one copy of the article, no furniture, Xinhua's dateline."""
    (raw_item,) = fixture_items(SEED)
    assert raw_item.source == "unknown"
    item = clean(raw_item)
    assert item.headline == "Putin, Trump express willingness to cooperate: Kremlin"
    assert item.dateline == Dateline(place="MOSCOW", date_text="Jan. 28", agency="Xinhua")
    assert item.source == "Xinhua"
    # "Source: Xinhua | 2017-01-29 06:49:45": Beijing time
    assert item.published_at == datetime(2017, 1, 28, 22, 49, 45, tzinfo=UTC)
    assert item.language == "en"  # the page declares none: identified from the text
    body = paragraphs(item)
    assert body[0].startswith("MOSCOW, Jan. 28 (Xinhua) -- ")
    for paragraph in body:  # the page holds the article twice, the body once
        assert raw_item.payload.count(paragraph) == 2
        assert item.body.count(paragraph) == 1
    assert len(body) == 12
    assert item.headline not in item.body
    for furniture in ("Back to Top", "Close", "Xinhuanet", "Editor:", "Source:", "(Xinhua/"):
        assert furniture not in item.body
    assert not any(line.strip().isdigit() for line in item.body.split("\n"))


@needs_shared
def test_whole_reuters_collection_cleans_fast() -> None:
    raws: list[RawItem] = []
    for path in sorted((CORPORA / "reuters21578").glob("reut2-*.sgm")):
        for result in read_items(str(path), max_item_bytes=900_000, received_at=WHEN):
            assert not isinstance(result, Skipped)
            raws.append(result)
    started = time.perf_counter()
    rejected = []
    dated = 0
    signed = 0
    for raw_item in raws:
        try:
            item = clean(raw_item)
        except Rejected as exc:
            rejected.append((raw_item.item_id, exc.reason))
            continue
        dated += item.published_at is not None
        signed += item.body.endswith(("Reuter", "REUTER"))
    elapsed = time.perf_counter() - started
    # one item of the collection is an empty UNPROC shell
    assert rejected == [("reuters:12793", "no_text")]
    assert dated == len(raws) - 1
    assert signed == 0
    assert len(raws) / elapsed > 2000, f"{len(raws) / elapsed:.0f} items/s"


@needs_shared
def test_bbc_pages_lose_no_article_text() -> None:
    """Plain article pages without furniture: the classifier must keep all their text."""
    lost = 0
    items = 0
    for path in sorted((CORPORA / "bbc-politics" / "politics").glob("*.txt"))[:150]:
        for raw_item in fixture_items(path):
            item = clean(raw_item)
            items += 1
            lines = [line for line in normalise_text(raw_item.payload).split("\n") if line]
            assert item.headline == lines[0]
            kept = set(item.body.split("\n"))
            lost += sum(1 for line in lines[1:] if line not in kept and len(line.split()) > 3)
    assert items == 150
    assert lost == 0
