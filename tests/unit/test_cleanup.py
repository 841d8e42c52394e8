"""The first cleanup stage: headline, body, dateline and times for every input format."""

from __future__ import annotations

import time
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
    html_to_text,
    normalise_text,
    parse_datetime,
    parse_reuters_dateline,
)
from streams.errors import Rejected
from streams.ingest import Skipped, read_items
from streams.records import CleanItem, Dateline, RawItem

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"
CORPORA = Path(__file__).parents[2].parent / "shared" / "corpora"
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


def fixture_items(name: str) -> list[RawItem]:
    results = read_items(str(FIXTURES / name), max_item_bytes=100_000, received_at=WHEN)
    return [r for r in results if isinstance(r, RawItem)]


def fixture_clean(name: str) -> list[CleanItem]:
    """The clean items of a fixture file; the ones clean() rejects are left out."""
    out = []
    for item in fixture_items(name):
        try:
            out.append(clean(item))
        except Rejected:
            continue
    return out


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
    assert first.language == "en-GB"
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
    assert first.language == "fi"
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
    assert item.body == (
        "Source: Shore Gazette | 2019-11-05 08:30:00 | Editor: desk\n\n"
        "A photo of the sea wall at low tide. (Shore Gazette/Staff)\n\n"
        "LISBON, Nov. 4 (Shore Gazette) -- Mayors of three coastal towns agreed on Monday "
        "to share the cost of new sea defences.\n\n"
        "The plan still needs approval from the regional council.\nBack to Top"
    )  # furniture stays: removing it is a later stage's job
    assert item.dateline == Dateline(place="LISBON", date_text="Nov. 4", agency="Shore Gazette")
    assert item.published_at == datetime(2019, 11, 5, 8, 30, tzinfo=UTC)
    assert item.uri is None


def test_text_normalises_unicode_and_whitespace() -> None:
    page = "\ufeff  Cafe\u0301\u00a0talks \r\n\r\n\r\n\tline\u200b one\x07  \n\n\n\nend  "
    item = clean(raw(page))
    assert item.headline == "Café talks"
    assert item.body == "line one\n\nend"


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


def test_latin1_page_cleans() -> None:
    (item,) = fixture_clean("latin1.txt")
    assert item.headline == "Café owners in Zürich protest rent rise"


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


def test_html_title_fallback_and_body_without_article() -> None:
    page = (
        "<html><head><title> Page  title </title></head><body><header>Site</header>"
        "<div>One</div><div>Two <time datetime='2021-01-01T00:00:00Z'>today</time></div>"
        "<footer>Foot</footer></body></html>"
    )
    item = clean(raw(page, "html"))
    assert item.headline == "Page title"
    assert item.body == "One\n\nTwo today"
    assert item.published_at == datetime(2021, 1, 1, tzinfo=UTC)


def test_html_without_text_is_rejected() -> None:
    with pytest.raises(Rejected) as info:
        clean(raw("<html><body><script>x()</script><nav>menu</nav></body></html>", "html"))
    assert info.value.reason == "no_text"


def test_html_to_text() -> None:
    assert html_to_text("<p>a<br>b</p><p>c &amp; d</p>") == "a\nb\n\nc & d"
    assert html_to_text("<table><tr><td>x</td><td>y</td></tr></table>") == "x y"
    assert html_to_text("no markup at all") == "no markup at all"
    deep = "<div>" * 5000 + "deep" + "</div>" * 5000
    assert html_to_text(deep) == "deep"


# --------------------------------------------------------------------------- Reuters


def test_reuters_item() -> None:
    first, brief = fixture_clean("reuters-mini.sgm")
    assert first.headline == "MINISTERS <AGRI> MEET ON WHEAT QUOTAS & PRICES"
    assert first.body == (
        "Farm ministers from two countries met in Paris on Thursday to discuss wheat quotas, "
        "an official at the ministry in Montréal-sur-Seine said.\n\n"
        "No agreement was reached, he said, and talks will resume next week.\n\nReuter"
    )
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
    assert item.body == "OSLO, April 1 - Output rose.\n\nReuter"
    assert item.published_at == datetime(1987, 4, 1, 10, 0, tzinfo=UTC)


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


# --------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "MOSCOW, Jan. 28 (Xinhua) -- Leaders spoke.",
            Dateline(place="MOSCOW", date_text="Jan. 28", agency="Xinhua"),
        ),
        (
            "By A. Writer\n\nWASHINGTON (AP) \u2014 The talks ended.",
            Dateline(place="WASHINGTON", agency="AP"),
        ),
        (
            "UNITED NATIONS, March 3, 2022 (Reuters) - A vote.",
            Dateline(place="UNITED NATIONS", date_text="March 3, 2022", agency="Reuters"),
        ),
        (
            "Paris, 3 March (AFP) - Text.",
            Dateline(place="Paris", date_text="3 March", agency="AFP"),
        ),
        ("The minister said on Jan. 5 - quietly - that it was over.", None),
        ("no dateline here", None),
    ],
)
def test_find_dateline(text: str, expected: Dateline | None) -> None:
    assert find_dateline(text) == expected


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


def _outcome(item: RawItem) -> CleanItem | Rejected:
    try:
        return clean(item)
    except Rejected as exc:
        return exc


@settings(max_examples=300, deadline=None)
@given(text=st.text(), fmt=st.sampled_from(FORMATS))
def test_clean_returns_an_item_or_rejects(text: str, fmt: str) -> None:
    """Whatever the payload, clean() gives a CleanItem or a Rejected, never another error."""
    item = _outcome(raw(text, fmt))
    if isinstance(item, Rejected):
        assert item.reason in {"no_text", "bad_payload"}
        return
    assert isinstance(item, CleanItem)
    assert item.headline or item.body
    assert "\n" not in item.headline


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8"), max_size=2000))
def test_clean_text_property(text: str) -> None:
    """Text payloads: a clean item has trimmed, NFC text; an empty one is no_text."""
    item = _outcome(raw(text, "text"))
    if isinstance(item, Rejected):
        assert item.reason == "no_text"
        return
    for part in (item.headline, item.body):
        assert part == part.strip()
        assert "\n\n\n" not in part


# --------------------------------------------------------------------------- real corpus


@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not present")
def test_seed_page_cleans() -> None:
    path = CORPORA / "seed" / "xinhua-2017-01-29.txt"
    (raw_item,) = list(read_items(str(path), max_item_bytes=900_000))
    assert isinstance(raw_item, RawItem)
    item = clean(raw_item)
    assert item.headline == "Putin, Trump express willingness to cooperate: Kremlin"
    assert item.dateline == Dateline(place="MOSCOW", date_text="Jan. 28", agency="Xinhua")
    assert item.published_at is not None
    assert item.published_at.year == 2017


@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not present")
def test_whole_reuters_collection_cleans_fast() -> None:
    raws: list[RawItem] = []
    for path in sorted((CORPORA / "reuters21578").glob("reut2-*.sgm")):
        for result in read_items(str(path), max_item_bytes=900_000, received_at=WHEN):
            assert not isinstance(result, Skipped)
            raws.append(result)
    started = time.perf_counter()
    rejected = []
    dated = 0
    for raw_item in raws:
        try:
            item = clean(raw_item)
        except Rejected as exc:
            rejected.append((raw_item.item_id, exc.reason))
            continue
        dated += item.published_at is not None
    elapsed = time.perf_counter() - started
    # one item of the collection is an empty UNPROC shell
    assert rejected == [("reuters:12793", "no_text")]
    assert dated == len(raws) - 1
    assert len(raws) / elapsed > 2000, f"{len(raws) / elapsed:.0f} items/s"
