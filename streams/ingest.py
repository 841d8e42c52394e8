"""Reading inputs into :class:`~streams.records.RawItem` records, lazily and tolerantly.

One entry point, :func:`read_items`, turns a file (or an RSS/Atom URL) into a stream of
``RawItem`` records and :class:`Skipped` notes. The split follows DESIGN.md: an input that
cannot be used at all (missing file, unknown format, not a feed) raises
:class:`~streams.errors.UnusableInput` *when read_items is called* (the command line exits
2), while a bad record inside a usable input (a broken JSON line, undecodable bytes, an
empty page) becomes a ``Skipped`` and everything else still comes out (exit status 1).
:func:`check_target` runs the same checks alone, so that a command can refuse a bad
invocation before it publishes anything; :func:`ninjs_item` applies the ninjs rules to one
object that arrived by itself (HTTP ingest), raising ``Rejected`` instead.

Formats: ``ninjs`` (JSON Lines, one JSON object, or a JSON array), ``text`` and ``html``
(one item per file), ``reuters-sgml`` (Reuters-21578 files, one item per ``<REUTERS>``
element) and ``rss`` (RSS/Atom via feedparser). ``auto`` picks by extension, then by the
first bytes.

Items are generated one at a time: the Reuters-21578 collection is 27 MB and a JSON Lines
replay can be far larger, so nothing here builds a list of all items.
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import feedparser
import orjson

from streams.errors import Rejected, UnusableInput
from streams.records import RawItem

__all__ = [
    "FORMATS",
    "Skipped",
    "check_target",
    "decode_text",
    "detect_format",
    "expand_targets",
    "iso_utc",
    "ninjs_item",
    "parse_reuters_date",
    "read_items",
    "sgml_unescape",
]

FORMATS = ("auto", "ninjs", "text", "html", "reuters-sgml", "rss")

#: Seconds to wait for an RSS/Atom URL (connect and each read).
FEED_TIMEOUT = 20.0
#: Largest feed document fetched from a URL; a feed is a list of summaries, not an archive.
FEED_MAX_BYTES = 50_000_000

_EXTENSIONS = {
    ".jsonl": "ninjs",
    ".ndjson": "ninjs",
    ".json": "ninjs",
    ".sgm": "reuters-sgml",
    ".sgml": "reuters-sgml",
    ".html": "html",
    ".htm": "html",
    ".rss": "rss",
    ".atom": "rss",
    ".xml": "rss",
    ".txt": "text",
}
_HEAD_BYTES = 4096
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class Skipped:
    """A bad record inside a usable input: reported on stderr, the rest goes on.

    ``where`` is ``<target>:<line>`` for line-based inputs (JSON Lines, Reuters SGML, where
    the line is the start of the element), ``<target>[<index>]`` (0-based) for items of a
    JSON array or feed, and just ``<target>`` for one-item files. ``reason`` is a stable
    short code (it becomes a metric label): ``bad_json``, ``not_an_object``, ``no_uri``,
    ``no_id``, ``undecodable``, ``empty``, ``too_large``, ``bad_sgml``, ``unreadable``.
    """

    where: str
    reason: str
    detail: str

    def __str__(self) -> str:
        detail = " ".join(self.detail.split())
        return f"{self.where}: {self.reason}: {detail}"


@dataclass(frozen=True, slots=True)
class _Context:
    """What every reader needs besides the bytes: limits, clock and default source."""

    target: str
    max_item_bytes: int
    received_at: datetime | None
    source: str | None

    def now(self) -> datetime:
        # Per item, not per call: a paced replay of thousands of items must not make the
        # last one look minutes older than it is (end-to-end latency starts here).
        return self.received_at if self.received_at is not None else datetime.now(UTC)

    def raw(
        self, item_id: str, source: str, fmt: str, payload: str, metadata: dict[str, Any]
    ) -> RawItem:
        return RawItem(
            item_id=item_id,
            source=source,
            format=fmt,
            received_at=self.now(),
            payload=payload,
            metadata=metadata,
        )


# --------------------------------------------------------------------------- targets


def expand_targets(targets: Sequence[str]) -> list[str]:
    """Expand directories to their files (sorted, recursive), keep everything else as is.

    Inside a directory, hidden files and directories (``.name``), ``README*`` files and
    files whose extension is not an input extension (``lewis.dtd`` beside the Reuters
    files, a ``.csv`` of notes) are left out: they are never news items, and one of them
    would otherwise make the whole invocation unusable. Files named explicitly are always
    kept, so that a wrong one is reported rather than silently ignored; so are paths that
    do not exist. Symlinked directories are not followed (no loops).
    """
    out: list[str] = []
    for target in targets:
        if _is_url(target) or not os.path.isdir(target):
            out.append(target)
            continue
        found: list[str] = []
        for root, dirs, files in os.walk(target):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            found.extend(os.path.join(root, name) for name in files if _is_input_name(name))
        out.extend(sorted(found))
    return out


def _is_input_name(name: str) -> bool:
    if name.startswith(".") or name.upper().startswith("README"):
        return False
    suffix = Path(name).suffix.lower()
    return not suffix or suffix in _EXTENSIONS


def _is_url(target: str) -> bool:
    return target.startswith(("http://", "https://"))


# --------------------------------------------------------------------------- detection


def detect_format(path: Path, head: bytes) -> str:
    """The format of ``path`` by its extension, else by sniffing its first bytes.

    A file without an extension whose first bytes are plain text is read as ``text``; a
    file with an unknown extension must show a recognisable start (``<REUTERS``, ``<rss``,
    ``<feed``, ``<html``, ``{``), otherwise this raises :class:`UnusableInput`: reading a
    PDF or a spreadsheet as text would only produce garbage items.
    """
    ext = path.suffix.lower()
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    start = head.removeprefix(_BOM).lstrip()[:1024].lower()
    if start.startswith((b"<reuters", b"<!doctype lewis")):
        return "reuters-sgml"
    if start.startswith(b"<?xml"):
        if any(tag in start for tag in (b"<rss", b"<feed", b"<rdf:rdf")):
            return "rss"
        if b"<html" in start:
            return "html"
        raise UnusableInput(f"{path}: XML that is neither RSS nor Atom (use --format)")
    if start.startswith((b"<rss", b"<feed", b"<rdf:rdf")):
        return "rss"
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return "html"
    if start.startswith((b"{", b"[")):
        return "ninjs"
    if not ext and _looks_like_text(head):
        return "text"
    shown = ext or "no extension"
    raise UnusableInput(f"{path}: cannot tell the format ({shown}); name it with --format")


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return True
    if b"\x00" in head:
        return False
    # The head may end inside a multi-byte character: allow up to 3 cut-off bytes.
    for cut in range(4):
        try:
            head[: len(head) - cut].decode("utf-8")
        except UnicodeDecodeError:
            continue
        return True
    return _looks_like_cp1252(head)


# --------------------------------------------------------------------------- decoding

# Bytes cp1252 leaves undefined: their presence means the data is not cp1252 text.
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# C0 controls other than tab, newline, carriage return and form feed: binary, not text.
_BINARY_CONTROLS = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
# A well-formed UTF-8 multi-byte sequence. cp1252 prose almost never contains one (it would
# need e.g. "Ã©"), while damaged UTF-8 is full of them.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")


def _looks_like_cp1252(data: bytes) -> bool:
    """True when non-UTF-8 bytes read as Western European text (cp1252 / latin-1).

    The rule, chosen to accept old Windows/latin-1 files and refuse everything else:
    no binary control bytes, no byte cp1252 leaves undefined, no well-formed UTF-8
    sequence (that would be damaged UTF-8, where a fallback only makes mojibake), and at
    most one byte in five above 0x7f (accented letters and curly quotes in prose).
    """
    if _BINARY_CONTROLS.search(data) or _CP1252_UNDEFINED.search(data):
        return False
    if _UTF8_SEQUENCE.search(data):
        return False
    return len(_HIGH_BYTE.findall(data)) * 5 <= len(data)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a text or HTML file: UTF-8 (BOM stripped) or, failing that, cp1252.

    Returns ``(text, encoding)``. UTF-16 with a BOM is accepted too. cp1252 is tried only
    when :func:`_looks_like_cp1252` says the bytes look like it; cp1252 rather than latin-1
    because it is a superset for printable text and Windows files use its 0x80-0x9f
    quotes and dashes, which latin-1 would turn into invisible C1 controls. Raises
    ``UnicodeDecodeError`` (with the offending offset) when neither fits.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.removeprefix(_BOM).decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        if _looks_like_cp1252(data):
            return data.decode("cp1252"), "cp1252"
        raise exc from None


# --------------------------------------------------------------------------- read_items


def check_target(target: str, fmt: str = "auto") -> str:
    """Raise :class:`UnusableInput` if ``target`` cannot be read as ``fmt``; else its format.

    Callers run this over every target before doing anything (publishing, printing), so
    that an unusable invocation fails whole and early. It opens files but reads no items
    (an RSS/Atom file is parsed, since "not a feed" is only known then); a URL is only
    checked for form here, and fetched by :func:`read_items`.
    """
    _check_name(target, fmt)
    if _is_url(target):
        return "rss"
    return _check_file(Path(target), target, fmt)[0]


def _check_name(target: str, fmt: str) -> None:
    """The checks that need no reading: a known format, a URL for rss, an existing file."""
    if fmt not in FORMATS:
        raise UnusableInput(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})")
    if _is_url(target):
        if fmt not in ("auto", "rss"):
            raise UnusableInput(f"{target}: URLs are read as rss only, not {fmt}")
        return
    path = Path(target)
    if not path.exists():
        raise UnusableInput(f"{target}: no such file")
    if path.is_dir():
        raise UnusableInput(f"{target}: is a directory")


def _check_file(path: Path, target: str, fmt: str) -> tuple[str, Any]:
    """The resolved format, and for an RSS/Atom file the parsed feed (parse it once)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD_BYTES)
    except OSError as exc:
        raise UnusableInput(f"{target}: cannot read: {exc.strerror or exc}") from None
    resolved = detect_format(path, head) if fmt == "auto" else fmt
    if resolved == "rss":
        return resolved, _parse_feed(_read_file(path, target), target, None)
    return resolved, None


def read_items(
    target: str,
    fmt: str = "auto",
    *,
    max_item_bytes: int,
    received_at: datetime | None = None,
    source: str | None = None,
) -> Iterator[RawItem | Skipped]:
    """Yield every item of one input as a ``RawItem``, or a ``Skipped`` for a bad record.

    ``target`` is a file path or, for RSS/Atom, an http(s) URL; directories are expanded
    beforehand with :func:`expand_targets`. The checks that make an input unusable
    (missing or unreadable file, unknown format, a feed that is not a feed) run now, in
    this call, and raise :class:`UnusableInput`; the items themselves are produced lazily.
    ``received_at`` defaults to the time each item is read (UTC). ``source`` names the
    source when the input does not (text and HTML pages, ninjs without a provider).
    """
    if max_item_bytes < 1:
        raise UnusableInput("max_item_bytes must be at least 1")
    if received_at is not None and received_at.tzinfo is None:
        raise UnusableInput("received_at must be timezone-aware")
    ctx = _Context(target, max_item_bytes, received_at, source)
    _check_name(target, fmt)
    if _is_url(target):
        data, headers = _fetch(target)
        return _rss_items(_parse_feed(data, target, headers), ctx)
    path = Path(target)
    fmt, feed = _check_file(path, target, fmt)
    if fmt == "rss":
        return _rss_items(feed, ctx)
    if fmt == "ninjs":
        return _ninjs_items(path, ctx)
    if fmt == "reuters-sgml":
        return _reuters_items(path, ctx)
    return _page_items(path, ctx, fmt)


def _read_file(path: Path, target: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnusableInput(f"{target}: cannot read: {exc.strerror or exc}") from None


# --------------------------------------------------------------------------- ninjs


def _ninjs_items(path: Path, ctx: _Context) -> Iterator[RawItem | Skipped]:
    """JSON Lines; or, when the first line is not JSON by itself, one JSON document.

    A document (a pretty-printed object, or an array of objects) is recognised only when
    the whole file parses; otherwise the file is read line by line so that one broken
    line costs one item, not the file.
    """
    name = path.name
    with path.open("rb") as fh:
        lineno = 0
        first = True
        while True:
            raw = fh.readline()
            if not raw:
                return
            lineno += 1
            if lineno == 1:
                raw = raw.removeprefix(_BOM)
            line = raw.strip()
            if not line:
                continue
            where = f"{ctx.target}:{lineno}"
            if first:
                first = False
                if line[:1] in (b"{", b"[") and _try_json(line) is _INVALID:
                    resume = fh.tell()
                    fh.seek(0)
                    document = _try_json(fh.read().removeprefix(_BOM))
                    if document is not _INVALID:
                        yield from _ninjs_document(document, name, ctx)
                        return
                    fh.seek(resume)
            yield from _ninjs_line(line, where, lineno, name, ctx)


_INVALID = object()


def _try_json(data: bytes) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return _INVALID


def _ninjs_line(
    line: bytes, where: str, lineno: int, name: str, ctx: _Context
) -> Iterator[RawItem | Skipped]:
    if len(line) > ctx.max_item_bytes:
        yield Skipped(where, "too_large", f"{len(line)} bytes > limit {ctx.max_item_bytes}")
        return
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        yield Skipped(where, "undecodable", f"invalid UTF-8 at byte {exc.start}")
        return
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        yield Skipped(where, "bad_json", str(exc))
        return
    if isinstance(value, dict):
        yield _ninjs_item(value, text, where, {"file": name, "line": lineno}, ctx)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        # A compact JSON array written on one line: its objects are the items.
        for index, obj in enumerate(value):
            payload = orjson.dumps(obj).decode()
            meta = {"file": name, "line": lineno, "index": index}
            yield _ninjs_item(obj, payload, f"{where}[{index}]", meta, ctx)
    else:
        yield Skipped(where, "not_an_object", f"a JSON {_json_kind(value)}, not an object")


def _ninjs_document(document: Any, name: str, ctx: _Context) -> Iterator[RawItem | Skipped]:
    if isinstance(document, dict):
        payload = orjson.dumps(document).decode()
        yield _ninjs_item(document, payload, ctx.target, {"file": name}, ctx)
        return
    if not isinstance(document, list):
        yield Skipped(ctx.target, "not_an_object", f"a JSON {_json_kind(document)}")
        return
    for index, obj in enumerate(document):
        where = f"{ctx.target}[{index}]"
        if not isinstance(obj, dict):
            yield Skipped(where, "not_an_object", f"a JSON {_json_kind(obj)}, not an object")
            continue
        payload = orjson.dumps(obj).decode()
        yield _ninjs_item(obj, payload, where, {"file": name, "index": index}, ctx)


def _ninjs_item(
    obj: dict[str, Any], payload: str, where: str, metadata: dict[str, Any], ctx: _Context
) -> RawItem | Skipped:
    try:
        return _ninjs_raw(obj, payload, metadata, ctx)
    except Rejected as exc:
        return Skipped(where, exc.reason, exc.detail)


def _ninjs_raw(
    obj: dict[str, Any], payload: str, metadata: dict[str, Any], ctx: _Context
) -> RawItem:
    uri = obj.get("uri")
    if not isinstance(uri, str) or not uri.strip():
        detail = "no uri" if uri is None else f"uri is not a usable string: {uri!r:.60}"
        raise Rejected("no_uri", detail)
    size = len(payload.encode())
    if size > ctx.max_item_bytes:
        raise Rejected("too_large", f"{size} bytes > limit {ctx.max_item_bytes}")
    source = _ninjs_source(obj) or ctx.source or "unknown"
    return ctx.raw(uri, source, "ninjs", payload, metadata)


def ninjs_item(
    obj: Any,
    *,
    max_item_bytes: int,
    received_at: datetime | None = None,
    source: str | None = None,
    metadata: dict[str, Any] | None = None,
) -> RawItem:
    """One ninjs object that arrived on its own (HTTP ingest) as a RawItem.

    Same rules as a JSON Lines record; a bad one raises :class:`Rejected` with the reason
    (``not_an_object``, ``no_uri``, ``too_large``) instead of becoming a ``Skipped``.
    """
    if not isinstance(obj, dict):
        raise Rejected("not_an_object", f"a JSON {_json_kind(obj)}, not an object")
    ctx = _Context("", max_item_bytes, received_at, source)
    return _ninjs_raw(obj, orjson.dumps(obj).decode(), dict(metadata or {}), ctx)


def _ninjs_source(obj: dict[str, Any]) -> str | None:
    """The provider's name as ninjs 1.x, 2.x or 3.0 gives it, in order of authority."""
    for key in ("provider", "copyrightholder", "copyrightHolder"):
        name = _name_of(obj.get(key))
        if name:
            return name
    for key in ("infosource", "infosources", "infoSource", "infoSources"):
        value = obj.get(key)
        for entry in value if isinstance(value, list) else [value]:
            name = _name_of(entry)
            if name:
                return name
    return None


def _name_of(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _json_kind(value: Any) -> str:
    kinds = {list: "array", str: "string", int: "number", float: "number", bool: "boolean"}
    return "null" if value is None else kinds.get(type(value), type(value).__name__)


# --------------------------------------------------------------------------- text, html


def _page_items(path: Path, ctx: _Context, fmt: str) -> Iterator[RawItem | Skipped]:
    """One file, one item: ``file:<name>``, the decoded page as payload."""
    where = ctx.target
    try:
        size = path.stat().st_size
        if size > ctx.max_item_bytes:
            yield Skipped(where, "too_large", f"{size} bytes > limit {ctx.max_item_bytes}")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield Skipped(where, "unreadable", str(exc.strerror or exc))
        return
    try:
        text, encoding = decode_text(data)
    except UnicodeDecodeError as exc:
        yield Skipped(
            where,
            "undecodable",
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}) "
            "and not plausible cp1252 text",
        )
        return
    if not text.strip():
        yield Skipped(where, "empty", "no text" if data else "empty file")
        return
    metadata = {"file": path.name, "path": str(path), "encoding": encoding}
    yield ctx.raw(f"file:{path.name}", ctx.source or "unknown", fmt, text, metadata)


# --------------------------------------------------------------------------- Reuters SGML

_REUTERS_OPEN = re.compile(r"<REUTERS\b([^>]*)>")
_REUTERS_CLOSE = "</REUTERS>"
_ATTR = re.compile(r'([A-Za-z]+)\s*=\s*"([^"]*)"')
_TEXT_OPEN = re.compile(r"<TEXT\b([^>]*)>")
_D = re.compile(r"<D>(.*?)</D>", re.S)
_FIELDS = {
    name: re.compile(rf"<{name}>(.*?)</{name}>", re.S)
    for name in ("DATE", "TITLE", "DATELINE", "AUTHOR")
}
_LISTS = {
    name: re.compile(rf"<{name}>(.*?)</{name}>", re.S)
    for name in ("TOPICS", "PLACES", "PEOPLE", "ORGS", "EXCHANGES")
}
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}
# Controls that the collection encodes as &#n; (&#2; &#3; &#5; &#22; &#31; &#127; ...).
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), 1
    )
}
_REUTERS_DATE = re.compile(
    r"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4})\s+(\d{1,3}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?"
)


def _entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name[0] != "#":
        return _NAMED[name]
    code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else ""


def sgml_unescape(text: str) -> str:
    """Resolve ``&lt;`` ``&amp;`` ``&#n;`` and drop the control characters they encode.

    Tabs and newlines stay; every other C0/C1 control and DEL goes (in Reuters-21578 they
    are teletype framing: &#2; start of text, &#3; end of text, &#5; &#22; &#31; ...).
    """
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    return _CONTROLS.sub("", text)


def iso_utc(value: datetime) -> str:
    """RFC 3339 in UTC with a ``Z``, the way records serialise datetimes."""
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_reuters_date(value: str) -> datetime | None:
    """``26-FEB-1987 15:01:01.79`` (trailing noise allowed) to an aware datetime.

    The collection gives no time zone; the times are taken as UTC (an assumption: the
    wire's clock zone is undocumented). A date with an impossible time gives midnight of
    that day; None when the value is not such a date at all.
    """
    match = _REUTERS_DATE.match(value)
    if match is None:
        return None
    day, mon, year, hour, minute, second, frac = match.groups()
    month = _MONTHS.get(mon.upper())
    if month is None:
        return None
    micro = int(frac.ljust(6, "0")) if frac else 0
    try:
        return datetime(
            int(year), month, int(day), int(hour), int(minute), int(second), micro, tzinfo=UTC
        )
    except ValueError:
        pass
    try:  # a garbled time ("605:12:19.12" occurs): the day is still worth having
        return datetime(int(year), month, int(day), tzinfo=UTC)
    except ValueError:
        return None


def _reuters_items(path: Path, ctx: _Context) -> Iterator[RawItem | Skipped]:
    """Every ``<REUTERS>`` element of a Reuters-21578 file, as written, one item each."""
    # Latin-1, not UTF-8: the collection predates UTF-8 and is not valid UTF-8 (one 0xFC
    # byte in reut2-017.sgm, "u" with umlaut); latin-1 maps every byte, so no file fails.
    try:
        text = path.read_bytes().decode("latin-1")
    except OSError as exc:
        yield Skipped(ctx.target, "unreadable", str(exc.strerror or exc))
        return
    name = path.name
    pos = 0
    line = 1
    found = False
    while True:
        start = _REUTERS_OPEN.search(text, pos)
        if start is None:
            break
        found = True
        line += text.count("\n", pos, start.start())
        pos = start.start()
        where = f"{ctx.target}:{line}"
        close = text.find(_REUTERS_CLOSE, start.end())
        following = _REUTERS_OPEN.search(text, start.end())
        if close == -1 or (following is not None and following.start() < close):
            yield Skipped(where, "bad_sgml", "<REUTERS> element without </REUTERS>")
            if following is None:
                break
            line += text.count("\n", pos, following.start())
            pos = following.start()
            continue
        end = close + len(_REUTERS_CLOSE)
        element = text[pos:end]
        line += text.count("\n", pos, end)
        pos = end
        yield _reuters_item(element, start.group(1), where, name, ctx)
    if not found:
        yield Skipped(ctx.target, "empty", "no <REUTERS> element in the file")


def _reuters_item(
    element: str, attributes: str, where: str, name: str, ctx: _Context
) -> RawItem | Skipped:
    attrs = dict(_ATTR.findall(attributes))
    newid = attrs.get("NEWID", "").strip()
    if not newid:
        return Skipped(where, "no_id", "<REUTERS> element without NEWID")
    size = len(element) if element.isascii() else len(element.encode())
    if size > ctx.max_item_bytes:
        return Skipped(where, "too_large", f"NEWID {newid}: {size} bytes > limit")

    def field(tag: str) -> str | None:
        match = _FIELDS[tag].search(element)
        return " ".join(sgml_unescape(match.group(1)).split()) if match else None

    date_match = _FIELDS["DATE"].search(element)
    date = date_match.group(1).strip() if date_match else None
    published = parse_reuters_date(date) if date else None
    text_tag = _TEXT_OPEN.search(element)
    text_type = dict(_ATTR.findall(text_tag.group(1))).get("TYPE", "NORM") if text_tag else None
    metadata: dict[str, Any] = {
        "file": name,
        "newid": newid,
        "oldid": attrs.get("OLDID"),
        "lewissplit": attrs.get("LEWISSPLIT"),
        "cgisplit": attrs.get("CGISPLIT"),
        "has_topics": attrs.get("TOPICS"),
        "type": text_type,
        "date": date,
        "published": iso_utc(published) if published else None,
        "title": field("TITLE"),
        "dateline": field("DATELINE"),
        "author": field("AUTHOR"),
    }
    for tag, pattern in _LISTS.items():
        match = pattern.search(element)
        metadata[tag.lower()] = (
            [sgml_unescape(d).strip() for d in _D.findall(match.group(1))] if match else []
        )
    return ctx.raw(f"reuters:{newid}", "Reuters", "reuters-sgml", element, metadata)


# --------------------------------------------------------------------------- RSS / Atom


def _fetch(url: str) -> tuple[bytes, dict[str, str]]:
    """GET a feed with a timeout (feedparser's own fetching has none)."""
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": "wirefeed/0.1 (+feed reader)",
            "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=FEED_TIMEOUT) as response:
            data = response.read(FEED_MAX_BYTES + 1)
            headers = {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as exc:
        raise UnusableInput(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise UnusableInput(f"{url}: cannot fetch: {exc.reason}") from None
    except (TimeoutError, OSError, ValueError) as exc:
        raise UnusableInput(f"{url}: cannot fetch: {exc}") from None
    if len(data) > FEED_MAX_BYTES:
        raise UnusableInput(f"{url}: larger than {FEED_MAX_BYTES} bytes")
    headers.setdefault("content-location", url)
    return data, headers


def _parse_feed(data: bytes, where: str, headers: dict[str, str] | None) -> Any:
    feed = feedparser.parse(data, response_headers=headers)
    if not feed.entries and (feed.get("bozo") or not feed.get("version")):
        reason = feed.get("bozo_exception") or "no RSS or Atom root element"
        raise UnusableInput(f"{where}: not a usable RSS/Atom feed: {reason}")
    return feed


def _struct_iso(value: Any) -> str | None:
    if not value:
        return None
    try:
        year, month, day, hour, minute, second = (int(v) for v in value[:6])
        return iso_utc(datetime(year, month, day, hour, minute, second, tzinfo=UTC))
    except (TypeError, ValueError):
        return None


def _rss_items(feed: Any, ctx: _Context) -> Iterator[RawItem | Skipped]:
    """Each feed entry as one item; a feed with parse errors still gives its entries."""
    info = feed.get("feed", {})
    feed_title = " ".join(str(info.get("title") or "").split()) or None
    source = feed_title or ctx.source or "unknown"
    bozo = str(feed.get("bozo_exception")) if feed.get("bozo") else None
    for index, entry in enumerate(feed.entries):
        where = f"{ctx.target}[{index}]"
        item_id = entry.get("id") or entry.get("link")
        if not item_id:
            yield Skipped(where, "no_id", "feed entry without id, guid or link")
            continue
        title_detail = entry.get("title_detail") or {}
        summary_detail = entry.get("summary_detail") or {}
        payload = {
            "id": entry.get("id"),
            "title": entry.get("title"),
            "title_type": title_detail.get("type"),
            "link": entry.get("link"),
            "summary": entry.get("summary"),
            "summary_type": summary_detail.get("type"),
            "content": [
                {"type": c.get("type"), "language": c.get("language"), "value": c.get("value")}
                for c in entry.get("content") or []
            ],
            "published": entry.get("published"),
            # dict.get: feedparser's own get maps a missing "updated" to "published",
            # with a DeprecationWarning; an entry without an update time has none.
            "updated": dict.get(entry, "updated"),
            "author": entry.get("author"),
            "language": summary_detail.get("language") or title_detail.get("language"),
        }
        text = orjson.dumps(payload).decode()
        size = len(text.encode())
        if size > ctx.max_item_bytes:
            yield Skipped(where, "too_large", f"{size} bytes > limit {ctx.max_item_bytes}")
            continue
        metadata: dict[str, Any] = {
            "link": entry.get("link"),
            "published": _struct_iso(entry.get("published_parsed")),
            "updated": _struct_iso(dict.get(entry, "updated_parsed")),
            "feed_title": feed_title,
            "feed": ctx.target,
            "index": index,
        }
        if bozo:
            metadata["feed_error"] = bozo
        yield ctx.raw(str(item_id), source, "rss", text, metadata)
