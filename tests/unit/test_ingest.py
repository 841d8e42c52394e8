"""Reading inputs into RawItems: every format, and every way an input can be broken."""

from __future__ import annotations

import http.server
import inspect
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from streams.errors import Rejected, UnusableInput
from streams.ingest import (
    FORMATS,
    Skipped,
    check_target,
    decode_text,
    detect_format,
    expand_targets,
    ninjs_item,
    parse_reuters_date,
    read_items,
    sgml_unescape,
)
from streams.records import RawItem

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ingest"
SHARED = Path(__file__).parents[2].parent / "shared"
CORPORA = SHARED / "corpora"
WHEN = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def read(
    name: str | Path, fmt: str = "auto", *, limit: int = 100_000, source: str | None = None
) -> list[RawItem | Skipped]:
    target = str(FIXTURES / name) if isinstance(name, str) else str(name)
    return list(read_items(target, fmt, max_item_bytes=limit, received_at=WHEN, source=source))


def items(results: list[RawItem | Skipped]) -> list[RawItem]:
    return [r for r in results if isinstance(r, RawItem)]


def skips(results: list[RawItem | Skipped]) -> list[Skipped]:
    return [r for r in results if isinstance(r, Skipped)]


# --------------------------------------------------------------------------- Skipped


def test_skipped_prints_one_line() -> None:
    note = Skipped("feed.jsonl:12", "bad_json", "unexpected\ncharacter   here")
    assert str(note) == "feed.jsonl:12: bad_json: unexpected character here"


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.jsonl", "ninjs"),
        ("a.NDJSON", "ninjs"),
        ("a.json", "ninjs"),
        ("a.sgm", "reuters-sgml"),
        ("a.sgml", "reuters-sgml"),
        ("a.html", "html"),
        ("a.htm", "html"),
        ("a.rss", "rss"),
        ("a.atom", "rss"),
        ("a.xml", "rss"),
        ("a.txt", "text"),
    ],
)
def test_detect_format_by_extension(name: str, expected: str) -> None:
    assert detect_format(Path(name), b"whatever") == expected


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<!DOCTYPE lewis SYSTEM "lewis.dtd">\n<REUTERS NEWID="1">', "reuters-sgml"),
        (b'<REUTERS TOPICS="NO" NEWID="2">', "reuters-sgml"),
        (b'<?xml version="1.0"?>\n<rss version="2.0">', "rss"),
        (b'\xef\xbb\xbf<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">', "rss"),
        (b"  <feed>", "rss"),
        (b"<!DOCTYPE html><html>", "html"),
        (b"<html lang='en'>", "html"),
        (b'{"uri": "x"}\n', "ninjs"),
        (b'[{"uri": "x"}]', "ninjs"),
        (b"A headline\n\nSome text.\n", "text"),
        (b"", "text"),
    ],
)
def test_detect_format_by_sniffing(head: bytes, expected: str) -> None:
    assert detect_format(Path("incoming/item"), head) == expected


@pytest.mark.parametrize(
    ("name", "head"),
    [
        ("blob.dat", bytes(range(256))),
        ("table.csv", b"a,b,c\n1,2,3\n"),
        ("item", b"\x00\x01\x02binary"),
        ("data.bin", b"<?xml version='1.0'?><inventory/>"),
    ],
)
def test_detect_format_refuses_what_it_cannot_tell(name: str, head: bytes) -> None:
    with pytest.raises(UnusableInput, match=r"format|RSS"):
        detect_format(Path(name), head)


def test_unknown_format_file_is_unusable() -> None:
    with pytest.raises(UnusableInput, match="cannot tell the format"):
        read("unknown.dat")


def test_unknown_format_name_is_unusable() -> None:
    with pytest.raises(UnusableInput, match="unknown format"):
        read("page.txt", "docx")
    assert "auto" in FORMATS


# --------------------------------------------------------------------------- unusable


def test_missing_file_is_unusable_at_call_time() -> None:
    with pytest.raises(UnusableInput, match="no such file"):
        read_items(str(FIXTURES / "does-not-exist.jsonl"), max_item_bytes=1000)


def test_directory_is_unusable() -> None:
    with pytest.raises(UnusableInput, match="directory"):
        read_items(str(FIXTURES), max_item_bytes=1000)


def test_unreadable_file_is_unusable(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("text")
    path.chmod(0)
    try:
        if _can_read(path):
            pytest.skip("running as a user that can read any file")
        with pytest.raises(UnusableInput, match="cannot read"):
            read_items(str(path), max_item_bytes=1000)
    finally:
        path.chmod(0o600)


def _can_read(path: Path) -> bool:
    try:
        path.read_bytes()
    except OSError:
        return False
    return True


def test_naive_received_at_is_refused() -> None:
    naive = datetime(2024, 1, 1)  # noqa: DTZ001 (a naive time is the point of the test)
    with pytest.raises(UnusableInput, match="timezone"):
        read_items(str(FIXTURES / "page.txt"), max_item_bytes=1000, received_at=naive)


def test_items_are_generated_lazily() -> None:
    result = read_items(str(FIXTURES / "reuters-mini.sgm"), max_item_bytes=100_000)
    assert inspect.isgenerator(result)


def test_received_at_defaults_to_aware_now() -> None:
    before = datetime.now(UTC)
    (item,) = items(list(read_items(str(FIXTURES / "page.txt"), max_item_bytes=100_000)))
    assert item.received_at.tzinfo is not None
    assert before <= item.received_at <= datetime.now(UTC)


def test_check_target() -> None:
    assert check_target(str(FIXTURES / "page.txt")) == "text"
    assert check_target(str(FIXTURES / "page.txt"), "html") == "html"
    assert check_target(str(FIXTURES / "feed.atom")) == "rss"
    assert check_target("https://example.org/feed") == "rss"
    for target, fmt, message in [
        (str(FIXTURES / "missing.txt"), "auto", "no such file"),
        (str(FIXTURES), "auto", "directory"),
        (str(FIXTURES / "unknown.dat"), "auto", "cannot tell"),
        (str(FIXTURES / "not-a-feed.xml"), "auto", "RSS/Atom"),
        (str(FIXTURES / "page.txt"), "pdf", "unknown format"),
        ("https://example.org/feed", "text", "rss only"),
    ]:
        with pytest.raises(UnusableInput, match=message):
            check_target(target, fmt)


# --------------------------------------------------------------------------- ninjs


def test_ninjs_item_for_http_ingest() -> None:
    item = ninjs_item(
        {"uri": "urn:x", "copyrightHolder": "Desk"}, max_item_bytes=1000, received_at=WHEN
    )
    assert (item.item_id, item.source, item.format, item.received_at) == (
        "urn:x",
        "Desk",
        "ninjs",
        WHEN,
    )
    assert orjson.loads(item.payload) == {"uri": "urn:x", "copyrightHolder": "Desk"}
    for obj, reason in [
        ([1], "not_an_object"),
        ({"headline": "x"}, "no_uri"),
        ({"uri": "u", "body_text": "x" * 2000}, "too_large"),
    ]:
        with pytest.raises(Rejected) as info:
            ninjs_item(obj, max_item_bytes=1000)
        assert info.value.reason == reason


def test_ninjs_1x_good_lines_survive_bad_ones() -> None:
    results = read("ninjs-1x.jsonl")
    good = items(results)
    assert [i.item_id for i in good] == [
        "urn:test:wirefeed:1x-001",
        "urn:test:wirefeed:1x-002",
        "urn:test:wirefeed:1x-004",
    ]
    where = str(FIXTURES / "ninjs-1x.jsonl")
    assert [(s.where, s.reason) for s in skips(results)] == [
        (f"{where}:4", "bad_json"),
        (f"{where}:5", "not_an_object"),
        (f"{where}:6", "no_uri"),
    ]


def test_ninjs_payload_is_the_line_as_given() -> None:
    lines = (FIXTURES / "ninjs-1x.jsonl").read_text().splitlines()
    first, second = items(read("ninjs-1x.jsonl"))[:2]
    assert first.payload == lines[0]
    assert second.payload == lines[2]  # line 2 is blank and ignored
    assert first.metadata == {"file": "ninjs-1x.jsonl", "line": 1}
    assert second.metadata["line"] == 3
    assert first.format == "ninjs"
    assert first.received_at == WHEN


def test_ninjs_source_names() -> None:
    one = items(read("ninjs-1x.jsonl"))
    assert one[0].source == "Harbour Wire"  # copyrightholder
    assert one[1].source == "Island Desk"  # provider object
    assert one[2].source == "unknown"
    two = items(read("ninjs-2x.jsonl", source="fallback desk"))
    assert two[0].source == "Northern Bulletin"  # infosources[0].name
    assert two[1].source == "fallback desk"  # given source when the item names none
    three = items(read("ninjs-3.jsonl"))
    assert three[0].source == "Baltic Newsroom"  # copyrightHolder
    assert [i.item_id for i in three] == [
        "urn:test:wirefeed:3-001",
        "urn:test:wirefeed:3-002",
        "urn:test:wirefeed:3-003",
    ]


def test_ninjs_array_document() -> None:
    results = read("ninjs-array.json")
    good = items(results)
    assert [i.item_id for i in good] == [
        "urn:test:wirefeed:array-001",
        "urn:test:wirefeed:array-002",
    ]
    assert orjson.loads(good[0].payload)["headline"] == "First of two in an array"
    assert good[1].metadata["index"] == 2
    (skip,) = skips(results)
    assert skip.where.endswith("ninjs-array.json[1]")
    assert skip.reason == "not_an_object"


def test_ninjs_single_pretty_printed_object() -> None:
    (item,) = read("ninjs-single.json")
    assert isinstance(item, RawItem)
    assert item.item_id == "urn:test:wirefeed:single-001"
    assert item.source == "Single Object Press"
    assert orjson.loads(item.payload) == orjson.loads((FIXTURES / "ninjs-single.json").read_bytes())


def test_ninjs_compact_array_on_one_line(tmp_path: Path) -> None:
    path = tmp_path / "compact.json"
    path.write_text('[{"uri":"a"},{"uri":"b"}]\n')
    assert [i.item_id for i in items(read(path))] == ["a", "b"]


def test_ninjs_undecodable_line() -> None:
    results = read("ninjs-undecodable.jsonl")
    assert [i.item_id for i in items(results)] == [
        "urn:test:wirefeed:u-001",
        "urn:test:wirefeed:u-003",
    ]
    (skip,) = skips(results)
    assert skip.reason == "undecodable"
    assert skip.where.endswith("ninjs-undecodable.jsonl:2")


def test_ninjs_uri_must_be_a_string(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text('{"uri": 42}\n{"uri": "  "}\n"just a string"\n')
    assert [s.reason for s in skips(read(path))] == ["no_uri", "no_uri", "not_an_object"]


def test_ninjs_too_large_line() -> None:
    results = read("ninjs-2x.jsonl", limit=150)
    assert not items(results)
    assert {s.reason for s in skips(results)} == {"too_large"}


def test_ninjs_broken_document_falls_back_to_lines(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "uri": "x",\n')
    results = read(path)
    assert not items(results)
    assert {s.reason for s in skips(results)} == {"bad_json"}


def test_ninjs_utf8_bom_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"uri":"with-bom"}\n')
    assert [i.item_id for i in items(read(path))] == ["with-bom"]


# --------------------------------------------------------------------------- text, html


def test_text_page_is_one_item() -> None:
    (item,) = read("page.txt", source="Shore Gazette")
    assert isinstance(item, RawItem)
    assert item.item_id == "file:page.txt"
    assert item.format == "text"
    assert item.source == "Shore Gazette"
    assert item.payload == (FIXTURES / "page.txt").read_text(encoding="utf-8")
    assert item.metadata["encoding"] == "utf-8"


def test_html_page_is_one_item() -> None:
    (item,) = read("page.html")
    assert isinstance(item, RawItem)
    assert (item.item_id, item.format, item.source) == ("file:page.html", "html", "unknown")
    assert "<article>" in item.payload


def test_forced_format_overrides_extension() -> None:
    (item,) = read("page.txt", "html")
    assert isinstance(item, RawItem)
    assert item.format == "html"


def test_latin1_file_falls_back_to_cp1252() -> None:
    (item,) = read("latin1.txt")
    assert isinstance(item, RawItem)
    assert item.payload.startswith("Café owners in Zürich")
    assert "\u201cWe cannot pay\u201d" in item.payload
    assert item.metadata["encoding"] == "cp1252"


def test_damaged_utf8_is_undecodable_not_mojibake() -> None:
    (skip,) = read("invalid-bytes.txt")
    assert isinstance(skip, Skipped)
    assert skip.reason == "undecodable"
    assert "0x80" in skip.detail


@pytest.mark.parametrize("name", ["empty.txt", "blank.txt"])
def test_empty_pages_are_skipped(name: str) -> None:
    (skip,) = read(name)
    assert isinstance(skip, Skipped)
    assert skip.reason == "empty"


def test_too_large_page() -> None:
    (skip,) = read("page.html", limit=100)
    assert isinstance(skip, Skipped)
    assert skip.reason == "too_large"


def test_file_without_extension_is_text(tmp_path: Path) -> None:
    path = tmp_path / "STORY"
    path.write_text("Headline\n\nBody.\n")
    (item,) = read(path)
    assert isinstance(item, RawItem)
    assert (item.item_id, item.format) == ("file:STORY", "text")


def test_decode_text_rules() -> None:
    assert decode_text("é".encode()) == ("é", "utf-8")
    assert decode_text(b"\xef\xbb\xbfplain") == ("plain", "utf-8")
    assert decode_text("ü".encode("utf-16")) == ("ü", "utf-16")
    assert decode_text(b"na\xefve") == ("naïve", "cp1252")
    for bad in (b"\x00\x01\xff", b"a\x81b", b"\xff" * 20 + b"ab", "ü".encode() + b"\xff"):
        with pytest.raises(UnicodeDecodeError):
            decode_text(bad)


# --------------------------------------------------------------------------- Reuters


def test_reuters_items_and_skips() -> None:
    results = read("reuters-mini.sgm")
    good = items(results)
    assert [i.item_id for i in good] == ["reuters:900001", "reuters:900002"]
    assert all(i.source == "Reuters" and i.format == "reuters-sgml" for i in good)
    (skip,) = skips(results)
    assert skip.reason == "no_id"
    lines = (FIXTURES / "reuters-mini.sgm").read_bytes().split(b"\n")
    expected = next(n for n, line in enumerate(lines, 1) if b'OLDID="90003"' in line)
    assert skip.where == f"{FIXTURES / 'reuters-mini.sgm'}:{expected}"


def test_reuters_payload_and_metadata() -> None:
    first, brief = items(read("reuters-mini.sgm"))
    assert first.payload.startswith('<REUTERS TOPICS="YES"')
    assert first.payload.endswith("</REUTERS>")
    assert "Montr\u00e9al-sur-Seine" in first.payload  # a latin-1 byte, decoded
    meta = first.metadata
    assert meta["date"] == "5-MAR-1987 09:12:30.45"
    assert meta["published"] == "1987-03-05T09:12:30.450000Z"
    assert meta["title"] == "MINISTERS <AGRI> MEET ON WHEAT QUOTAS & PRICES"
    assert meta["dateline"] == "PARIS, March 5 -"
    assert meta["topics"] == ["trade", "grain"]
    assert meta["places"] == ["france", "west-germany"]
    assert meta["people"] == ["dupont"]
    assert meta["orgs"] == ["ec"]
    assert meta["exchanges"] == []
    assert (meta["type"], meta["lewissplit"], meta["oldid"], meta["newid"]) == (
        "NORM",
        "TRAIN",
        "90001",
        "900001",
    )
    assert brief.metadata["type"] == "BRIEF"
    assert brief.metadata["title"] == "HARBOUR CRANE ORDER WORTH 40 MLN DLRS"


def test_reuters_unclosed_element(tmp_path: Path) -> None:
    text = (FIXTURES / "reuters-mini.sgm").read_bytes()
    cut = text.index(b"</REUTERS>")
    path = tmp_path / "cut.sgm"
    path.write_bytes(text[:cut] + text[cut + len(b"</REUTERS>") :])
    results = read(path)
    assert [s.reason for s in skips(results)] == ["bad_sgml", "no_id"]
    assert [i.item_id for i in items(results)] == ["reuters:900002"]


def test_reuters_file_without_elements(tmp_path: Path) -> None:
    path = tmp_path / "nothing.sgm"
    path.write_text('<!DOCTYPE lewis SYSTEM "lewis.dtd">\n')
    (skip,) = read(path)
    assert isinstance(skip, Skipped)
    assert skip.reason == "empty"


def test_reuters_too_large() -> None:
    results = read("reuters-mini.sgm", limit=200)
    assert [s.reason for s in skips(results)] == ["too_large", "too_large", "no_id"]


def test_reuters_dates() -> None:
    assert parse_reuters_date("26-FEB-1987 15:01:01.79") == datetime(
        1987, 2, 26, 15, 1, 1, 790000, tzinfo=UTC
    )
    assert parse_reuters_date(" 3-APR-1987 07:09:06.48\t\t\tF") == datetime(
        1987, 4, 3, 7, 9, 6, 480000, tzinfo=UTC
    )
    assert parse_reuters_date("31-MAR-1987 605:12:19.12") == datetime(1987, 3, 31, tzinfo=UTC)
    assert parse_reuters_date("yesterday") is None
    assert parse_reuters_date("31-FOO-1987 10:00:00") is None


def test_sgml_unescape() -> None:
    assert sgml_unescape("&#2;A &lt;B> &amp; C&#3;&#127;\n") == "A <B> & C\n"
    assert sgml_unescape("&#x41;&#0;&#55296;") == "A"


# --------------------------------------------------------------------------- RSS / Atom


def test_rss_file() -> None:
    results = read("feed.rss")
    first, second = items(results)
    assert (first.item_id, first.source, first.format) == (
        "mr-2023-0412-01",
        "Mountain Radio News",
        "rss",
    )
    assert second.item_id == "https://radio.example.org/news/lifts-close"  # no guid: link
    entry = orjson.loads(first.payload)
    assert entry["title"] == "Pass road reopens after rockfall"
    assert entry["link"] == "https://radio.example.org/news/pass-road"
    assert "<p>The pass road reopened" in entry["summary"]
    assert entry["published"] == "Wed, 12 Apr 2023 16:00:00 +0200"
    assert first.metadata["published"] == "2023-04-12T14:00:00Z"
    assert first.metadata["feed_title"] == "Mountain Radio News"
    assert first.metadata["link"] == "https://radio.example.org/news/pass-road"
    (skip,) = skips(results)
    assert (skip.reason, skip.where) == ("no_id", f"{FIXTURES / 'feed.rss'}[2]")


def test_atom_file() -> None:
    first, second = items(read("feed.atom"))
    assert (first.item_id, first.source) == ("urn:test:lakeside:entry-1", "Lakeside Weekly")
    entry = orjson.loads(first.payload)
    assert entry["content"][0]["value"].startswith("<p>GENEVA")
    assert first.metadata["published"] == "2022-07-31T17:00:00Z"
    assert first.metadata["updated"] == "2022-08-01T08:00:00Z"
    assert second.metadata["published"] is None


def test_broken_feed_still_gives_its_entries() -> None:
    results = read("broken.rss")
    (item,) = items(results)
    assert item.item_id == "https://half.example.org/1"
    assert "feed_error" in item.metadata


def test_not_a_feed_is_unusable() -> None:
    with pytest.raises(UnusableInput, match="RSS/Atom"):
        read("not-a-feed.xml")
    with pytest.raises(UnusableInput, match="RSS/Atom"):
        read("page.html", "rss")


def test_rss_entry_too_large() -> None:
    assert {s.reason for s in skips(read("feed.atom", limit=50))} == {"too_large"}


@pytest.fixture
def feed_server() -> Iterator[str]:
    """A local HTTP server with the fixtures, so that URL reading needs no network."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(FIXTURES), **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_rss_url(feed_server: str) -> None:
    results = list(read_items(f"{feed_server}/feed.atom", max_item_bytes=100_000))
    assert [i.item_id for i in items(results)] == [
        "urn:test:lakeside:entry-1",
        "urn:test:lakeside:entry-2",
    ]


def test_rss_url_errors(feed_server: str) -> None:
    with pytest.raises(UnusableInput, match="HTTP 404"):
        read_items(f"{feed_server}/missing.rss", max_item_bytes=1000)
    with pytest.raises(UnusableInput, match="rss only"):
        read_items(f"{feed_server}/feed.rss", "ninjs", max_item_bytes=1000)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(UnusableInput, match="cannot fetch"):
        read_items(f"http://127.0.0.1:{port}/feed.rss", max_item_bytes=1000)


# --------------------------------------------------------------------------- targets


def test_expand_targets(tmp_path: Path) -> None:
    for name in (
        "b.txt",
        "a/z.jsonl",
        "a/c.sgm",
        ".hidden",
        ".git/config",
        "README.md",
        "sub/README.TXT",
        "sub/x.html",
        "a/lewis.dtd",
        "notes.csv",
        "sub/STORY",
    ):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    missing = str(tmp_path / "missing.jsonl")
    named = str(tmp_path / "notes.csv")
    got = expand_targets([str(tmp_path), missing, "https://example.org/feed.rss", named])
    assert got == [
        str(tmp_path / "a" / "c.sgm"),
        str(tmp_path / "a" / "z.jsonl"),
        str(tmp_path / "b.txt"),
        str(tmp_path / "sub" / "STORY"),
        str(tmp_path / "sub" / "x.html"),
        missing,
        "https://example.org/feed.rss",
        named,  # named explicitly: kept, so that read_items can say what is wrong with it
    ]


# --------------------------------------------------------------------------- real corpus


@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not present")
def test_whole_reuters_collection() -> None:
    files = sorted((CORPORA / "reuters21578").glob("reut2-*.sgm"))
    assert len(files) == 22
    ids: list[str] = []
    for path in files:
        for result in read_items(str(path), max_item_bytes=900_000, received_at=WHEN):
            assert isinstance(result, RawItem), str(result)
            ids.append(result.item_id)
    assert len(ids) == 21578
    assert set(ids) == {f"reuters:{n}" for n in range(1, 21579)}


@pytest.mark.skipif(not CORPORA.is_dir(), reason="shared corpora not present")
def test_seed_page_is_one_text_item() -> None:
    path = CORPORA / "seed" / "xinhua-2017-01-29.txt"
    (item,) = list(read_items(str(path), max_item_bytes=900_000))
    assert isinstance(item, RawItem)
    assert (item.item_id, item.format) == ("file:xinhua-2017-01-29.txt", "text")
    assert item.payload.startswith("Putin, Trump")
