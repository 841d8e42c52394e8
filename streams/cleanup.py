"""The cleanup stage: a RawItem in, a CleanItem (headline, body, dateline, times) out.

:func:`clean` is a pure function (no Faust, no I/O) so that the agent, the ``process``
command and the tests run the same code. It refuses an item with
:class:`~streams.errors.Rejected` and a stable reason: ``no_text`` (neither a headline nor
body text), ``bad_payload`` (the payload is not what its format says) or
``unknown_format``. The agent dead-letters such items; nothing is dropped silently.

What this first version does, per format: it finds the headline and the body, turns HTML
into text with paragraph breaks kept as blank lines, normalises Unicode to NFC and
whitespace (one space inside lines, one blank line between paragraphs), and reads the
publication time, language and dateline where the input gives them.

What it does NOT do yet: remove page furniture. A scraped page keeps its "Back to Top",
site name, editor line, photo captions and any repeated copy of the article; the Reuters
"Reuter" sign-off stays too. A later issue adds furniture removal; until then downstream
stages see those lines as ordinary body text.

Rule for thin items: an item is usable when it has a headline *or* body text. A
Reuters-21578 ``TYPE="BRIEF"`` item (a one-line flash, its text held in TITLE) is kept as a
headline with an empty body; only an item with neither is rejected (``no_text``).
"""

from __future__ import annotations

import email.utils
import re
import unicodedata
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import orjson
from selectolax.lexbor import LexborHTMLParser

from streams.errors import Rejected
from streams.ingest import parse_reuters_date, sgml_unescape
from streams.records import CleanItem, Dateline, RawItem

__all__ = [
    "clean",
    "find_dateline",
    "html_to_text",
    "normalise_text",
    "parse_datetime",
    "parse_reuters_dateline",
]

#: A first line longer than this is a paragraph, not a headline (plain text pages).
MAX_HEADLINE_CHARS = 300
#: How far into the body a dateline is looked for (it may follow a byline or caption).
DATELINE_SEARCH_CHARS = 3000

# --------------------------------------------------------------------------- text


# Line and paragraph separators other than "\n" become "\n"; control and invisible format
# characters go (they break matching downstream and never carry meaning in news text).
_NEWLINES = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_DROPPED = (
    [chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n" + _NEWLINES]
    + [chr(c) for c in range(0x7F, 0xA0) if chr(c) not in _NEWLINES]
    + ["\xad", "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2060", "\ufeff"]
)
_TRANSLATE: dict[int, str | None] = {ord(c): "\n" for c in _NEWLINES}
_TRANSLATE.update({ord(c): None for c in _DROPPED})
_BLANK_RUN = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """NFC, one space for any run of spaces in a line, one blank line between paragraphs.

    Lines are stripped; runs of blank lines collapse to one, so that a blank line always
    means a paragraph break. Control and zero-width characters are removed.
    """
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATE)
    # str.split() (C speed) collapses every Unicode space run and trims each line.
    text = "\n".join([" ".join(line.split()) for line in text.split("\n")])
    return _BLANK_RUN.sub("\n\n", text).strip()


def _one_line(text: str) -> str:
    return " ".join(normalise_text(text).split())


# --------------------------------------------------------------------------- HTML

_BLOCKS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "tfoot",
        "thead",
        "tr",
        "ul",
    }
)
_CELLS = frozenset({"td", "th"})
#: Never text: code, styles, embedded objects.
_NEVER_TEXT = frozenset(
    {
        "button",
        "canvas",
        "embed",
        "head",
        "iframe",
        "math",
        "noscript",
        "object",
        "script",
        "select",
        "style",
        "svg",
        "template",
        "textarea",
    }
)
#: Also dropped from whole pages: navigation and page chrome around the article.
_PAGE_CHROME = _NEVER_TEXT | {"nav", "header", "footer", "aside", "form"}
_HTML_WS = re.compile(r"[ \t\n\r\f]+")
_LOOKS_HTML = re.compile(r"<(?:p|div|br|span|a|b|i|em|strong|section|ul|ol|li|h[1-6])\b", re.I)


def _node_text(root: Any, drop: frozenset[str]) -> str:
    """Text of an element tree, block elements separated by blank lines, <br> by a newline.

    Iterative (an explicit stack), so that absurdly deep markup cannot hit the recursion
    limit.
    """
    out: list[str] = []
    stack: list[Iterator[Any] | str] = [root.iter(include_text=True)]
    while stack:
        top = stack[-1]
        if isinstance(top, str):
            out.append(top)
            stack.pop()
            continue
        node = next(top, None)
        if node is None:
            stack.pop()
            continue
        tag = node.tag
        if tag == "-text":
            out.append(_HTML_WS.sub(" ", node.text_content or ""))
        elif tag in drop or tag.startswith("-"):
            continue
        elif tag == "br":
            out.append("\n")
        elif tag in _BLOCKS:
            out.append("\n\n")
            stack.append("\n\n")
            stack.append(node.iter(include_text=True))
        elif tag in _CELLS:
            stack.append(" ")
            stack.append(node.iter(include_text=True))
        else:
            stack.append(node.iter(include_text=True))
    return normalise_text("".join(out))


def html_to_text(html: str, *, page: bool = False) -> str:
    """HTML (a fragment or a page) as plain text with paragraphs as blank-line blocks.

    ``page=True`` also drops nav, header, footer, aside and form: the chrome around an
    article on a web page, which is never part of a ninjs body.
    """
    if "<" not in html and "&" not in html:
        return normalise_text(html)
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return ""
    return _node_text(root, _PAGE_CHROME if page else _NEVER_TEXT)


def _maybe_html(value: str, content_type: str | None) -> str:
    kind = (content_type or "").lower()
    if "html" in kind or (not kind and _LOOKS_HTML.search(value)):
        return html_to_text(value)
    return normalise_text(value)


# --------------------------------------------------------------------------- dates


def parse_datetime(value: Any) -> datetime | None:
    """ISO 8601 / RFC 3339 or RFC 822 (RSS) text to an aware UTC datetime, else None.

    A value without a zone is assumed to be UTC: ninjs requires a zone but real feeds omit
    it, and UTC is the only zone that is not a guess about the provider's location.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    parsed: datetime | None
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


# --------------------------------------------------------------------------- datelines

_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DASH = r"(?:--|\u2014|\u2013|-)"  # two hyphens, em dash, en dash, hyphen
# "MOSCOW, Jan. 28 (Xinhua) --", "PORTLAND, Ore., Feb 26 -", "Paris, 3 March (AFP) -"
_DATELINE_DATED = re.compile(
    rf"^(?P<place>[^\W\d_][^\n()\d]{{0,60}}?),\s*"
    rf"(?P<date>{_MONTH}\.?\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}\.?(?:\s+\d{{4}})?)"
    rf"\s*(?:\((?P<agency>[^)\n]{{1,40}})\))?\s*{_DASH}\s",
    re.M,
)
# "WASHINGTON (AP) --": no date, so the place must be in capitals to count.
_DATELINE_AGENCY = re.compile(
    rf"^(?P<place>[A-Z][A-Z .'\u2019,-]{{1,50}}?)\s*\((?P<agency>[^)\n]{{1,40}})\)\s*{_DASH}\s",
    re.M,
)


def find_dateline(body: str) -> Dateline | None:
    """The dateline that opens one of the first paragraphs of ``body``, if any.

    Only the first :data:`DATELINE_SEARCH_CHARS` characters are searched: a dateline
    leads the story, but may follow a byline, a source line or a photo caption.
    """
    head = body[:DATELINE_SEARCH_CHARS]
    for pattern in (_DATELINE_DATED, _DATELINE_AGENCY):
        for match in pattern.finditer(head):
            place = match.group("place").strip(" ,")
            if not place[:1].isupper():
                continue
            groups = match.groupdict()
            date_text = groups.get("date")
            agency = groups.get("agency")
            return Dateline(
                place=place,
                date_text=" ".join(date_text.split()) if date_text else None,
                agency=agency.strip() if agency else None,
            )
    return None


_REUTERS_DATELINE = re.compile(
    rf"^(?P<place>.*?)[\s,]*(?P<date>{_MONTH}\.?\s*\d{{1,2}}|\d{{1,2}}\s+{_MONTH})\b"
)
_FIRST_DIGIT = re.compile(r"\d")
_MONTH_ONLY = re.compile(rf"{_MONTH}\.?$")


def parse_reuters_dateline(text: str | None) -> Dateline | None:
    """A Reuters-21578 DATELINE ("    SALVADOR, Feb 26 - ") as place and date text.

    Tolerates the collection's debris: leading asterisks, text run on after the dash,
    misspelt months ("Narch 2": the place is kept, the date dropped) and table rows
    filed as datelines (no place, no date: None).
    """
    if not text:
        return None
    value = re.sub(r"^[^A-Za-z]+", "", " ".join(text.split()))
    value = value.rstrip(" -").strip(" ,")
    if not value:
        return None
    match = _REUTERS_DATELINE.match(value)
    if match:
        place = match.group("place").strip(" ,") or None
        date_text = " ".join(match.group("date").split())
        return Dateline(place=place, date_text=date_text, agency="Reuters")
    value = value.split(" - ", 1)[0]
    digit = _FIRST_DIGIT.search(value)
    if digit:
        before = value[: digit.start()]
        value = before[: before.rfind(",")] if "," in before else ""
    value = value.strip(" ,-")
    if not value or not value[0].isalpha() or _MONTH_ONLY.match(value):
        return None
    return Dateline(place=value, date_text=None, agency="Reuters")


# --------------------------------------------------------------------------- items


def _finish(
    raw: RawItem,
    headline: str,
    body: str,
    *,
    uri: str | None = None,
    version: int | None = None,
    published_at: datetime | None = None,
    dateline: Dateline | None = None,
    language: str | None = None,
) -> CleanItem:
    headline = _one_line(headline) if headline else ""
    if not headline and not body:
        raise Rejected("no_text", f"{raw.format} item has neither a headline nor body text")
    if dateline is None and body:
        dateline = find_dateline(body)
    return CleanItem(
        item_id=raw.item_id,
        source=raw.source,
        format=raw.format,
        received_at=raw.received_at,
        headline=headline,
        body=body,
        uri=uri,
        version=version,
        published_at=published_at,
        dateline=dateline,
        language=language,
        metadata=dict(raw.metadata or {}),
    )


def _json_object(raw: RawItem) -> dict[str, Any]:
    try:
        value = orjson.loads(raw.payload)
    except orjson.JSONDecodeError as exc:
        raise Rejected("bad_payload", f"{raw.format} payload is not JSON: {exc}") from None
    if not isinstance(value, dict):
        raise Rejected("bad_payload", f"{raw.format} payload is not a JSON object")
    return value


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


# ninjs ---------------------------------------------------------------------------------


def _ninjs_headline(obj: dict[str, Any]) -> str:
    headline = _str(obj.get("headline"))
    if headline:
        return headline
    chosen = _pick(obj.get("headlines"))
    if chosen is None:
        return ""
    value, content_type = chosen
    return _maybe_html(value, content_type) if "<" in value or "&" in value else value


def _pick(entries: Any) -> tuple[str, str | None] | None:
    """From ninjs 2.x/3.0 ``headlines``/``bodies``: role "main" as text/plain first.

    Then any text/plain, then role "main", then the first with a value. 2.x spells the
    media type ``contenttype``, 3.0 ``contentType``.
    """
    if not isinstance(entries, list):
        return None
    best: tuple[int, str, str | None] | None = None
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        value = _str(entry.get("value"))
        if value is None:
            continue
        content_type = entry.get("contentType") or entry.get("contenttype")
        content_type = content_type.lower() if isinstance(content_type, str) else None
        plain = content_type in (None, "text/plain") and not (
            content_type is None and _LOOKS_HTML.search(value)
        )
        main = entry.get("role") in (None, "main")
        rank = (0 if main else 2) if plain else (1 if main else 3)
        if best is None or rank < best[0]:
            best = (rank, value, content_type)
    return None if best is None else (best[1], best[2])


def _ninjs_body(obj: dict[str, Any]) -> str:
    text = _str(obj.get("body_text"))
    if text:
        return normalise_text(text)
    html = _str(obj.get("body_html"))
    if html:
        return html_to_text(html)
    chosen = _pick(obj.get("bodies"))
    if chosen is not None:
        return _maybe_html(*chosen)
    # A picture or video item has no body, but its description says what it shows.
    text = _str(obj.get("description_text"))
    if text:
        return normalise_text(text)
    html = _str(obj.get("description_html"))
    if html:
        return html_to_text(html)
    chosen = _pick(obj.get("descriptions"))
    return _maybe_html(*chosen) if chosen is not None else ""


def _version(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _clean_ninjs(raw: RawItem) -> CleanItem:
    obj = _json_object(raw)
    body = _ninjs_body(obj)
    published = None
    for key in ("versioncreated", "versionCreated", "firstcreated", "firstCreated"):
        published = parse_datetime(obj.get(key))
        if published is not None:
            break
    located = obj.get("located")
    place = _str(located.get("name") if isinstance(located, dict) else located)
    found = find_dateline(body) if body else None
    dateline = found
    if place:
        dateline = Dateline(
            place=place.strip(),
            date_text=found.date_text if found else None,
            agency=found.agency if found else None,
        )
    return _finish(
        raw,
        _ninjs_headline(obj),
        body,
        uri=_str(obj.get("uri")),
        version=_version(obj.get("version")),
        published_at=published,
        dateline=dateline,
        language=_str(obj.get("language")),
    )


# text ----------------------------------------------------------------------------------


# "Source: Xinhua | 2017-01-29 06:49:45": scraped pages often carry the time near the top.
_TOP_TIMESTAMP = re.compile(
    r"(?<![\d-])(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}(?::\d{2})?))?(?![\d-])"
)


def _top_timestamp(body: str) -> datetime | None:
    """An ISO date (and time) in the first three lines of a page, as UTC, else None.

    Only this strict form and only this near the top: a date further down is usually a
    date the story talks about, not when it was published. The page gives no zone, so
    UTC is assumed (like everywhere else here); the day may then be off by one for
    far-east or far-west sources, the year (what date resolution needs most) is right.
    """
    head = "\n".join(body.split("\n", 3)[:3])
    match = _TOP_TIMESTAMP.search(head)
    if match is None:
        return None
    date, time = match.groups()
    return parse_datetime(f"{date}T{time}" if time else date)


def _clean_text(raw: RawItem) -> CleanItem:
    text = normalise_text(raw.payload)
    first, _, rest = text.partition("\n")
    if len(first) > MAX_HEADLINE_CHARS:
        headline, body = "", text  # one long paragraph: there is no headline line
    else:
        headline, body = first, rest.strip()
    return _finish(raw, headline, body, published_at=_top_timestamp(body))


# html ----------------------------------------------------------------------------------

_PUBLISHED_META = (
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="date"]',
    'meta[name="pubdate"]',
    'meta[name="DC.date.issued"]',
)


def _clean_html(raw: RawItem) -> CleanItem:
    tree = LexborHTMLParser(raw.payload)
    headline = ""
    h1 = tree.css_first("h1")
    if h1 is not None:
        headline = _one_line(h1.text(deep=True) or "")
    if not headline:
        title = tree.css_first("title")
        if title is not None:
            headline = _one_line(title.text(deep=True) or "")
    if h1 is not None and headline:
        h1.decompose()  # the headline is not repeated as the body's first line
    root = tree.css_first("article") or tree.body or tree.root
    body = _node_text(root, _PAGE_CHROME) if root is not None else ""
    published = None
    for selector in _PUBLISHED_META:
        node = tree.css_first(selector)
        if node is not None:
            published = parse_datetime(node.attributes.get("content"))
            if published is not None:
                break
    if published is None:
        node = tree.css_first("time[datetime]")
        if node is not None:
            published = parse_datetime(node.attributes.get("datetime"))
    language = _str(tree.root.attributes.get("lang")) if tree.root is not None else None
    return _finish(
        raw, headline, body, published_at=published, language=language.strip() if language else None
    )


# Reuters-21578 -------------------------------------------------------------------------

_R_TEXT = re.compile(r"<TEXT\b([^>]*)>(.*?)</TEXT>", re.S)
_R_TYPE = re.compile(r'TYPE\s*=\s*"([^"]*)"')
_R_DATE = re.compile(r"<DATE>(.*?)</DATE>", re.S)
_R_PARTS = {
    tag: re.compile(rf"<{tag}>(.*?)</{tag}>", re.S) for tag in ("TITLE", "DATELINE", "BODY")
}
_R_ELEMENTS = re.compile(r"<(TITLE|DATELINE|AUTHOR)>.*?</\1>", re.S)
_R_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_INDENTED = re.compile(r"\n(?=[ \t])")


def _reflow(text: str) -> str:
    """Join the wire's hard-wrapped lines into paragraphs.

    The collection wraps at about 70 columns and starts each paragraph with an indented
    line; an indented or blank line starts a new paragraph, any other line continues one.
    """
    text = text.replace("\r\n", "\n").strip("\n")
    paragraphs = []
    for block in _INDENTED.split(text):
        for part in block.split("\n\n"):
            paragraphs.append(" ".join(part.split()))
    return normalise_text("\n\n".join(p for p in paragraphs if p))


def _clean_reuters(raw: RawItem) -> CleanItem:
    payload = raw.payload
    if not payload.lstrip().startswith("<REUTERS"):
        raise Rejected("bad_payload", "reuters-sgml payload is not a <REUTERS> element")
    text_match = _R_TEXT.search(payload)
    if text_match is None:
        raise Rejected("bad_payload", "<REUTERS> element without <TEXT>")
    type_match = _R_TYPE.search(text_match.group(1))
    text_type = type_match.group(1).upper() if type_match else "NORM"
    inner = text_match.group(2)

    def part(tag: str) -> str | None:
        match = _R_PARTS[tag].search(inner)
        return sgml_unescape(match.group(1)) if match else None

    headline = part("TITLE") or ""
    body_sgml = part("BODY")
    if body_sgml is not None:
        body = _reflow(body_sgml)
    elif text_type == "BRIEF":
        body = ""  # a flash: all of it is in TITLE; the rest is filler ("Blah blah blah.")
    else:
        # UNPROC: the text sits straight in <TEXT>, title and dateline run into it.
        loose = _reflow(sgml_unescape(_R_TAG.sub("", _R_ELEMENTS.sub("", inner))))
        if headline:
            body = loose
        else:
            first, _, rest = loose.partition("\n\n")
            headline, body = (first, rest) if len(first) <= MAX_HEADLINE_CHARS else ("", loose)
    date_match = _R_DATE.search(payload)
    published = parse_reuters_date(date_match.group(1)) if date_match else None
    dateline = parse_reuters_dateline(part("DATELINE"))
    return _finish(raw, headline, body, published_at=published, dateline=dateline, language="en")


# rss -----------------------------------------------------------------------------------


def _clean_rss(raw: RawItem) -> CleanItem:
    entry = _json_object(raw)
    title = _str(entry.get("title")) or ""
    if title and "html" in str(entry.get("title_type") or ""):
        title = html_to_text(title)
    body = ""
    contents = entry.get("content")
    if isinstance(contents, list):
        for content in contents:
            value = _str(content.get("value")) if isinstance(content, dict) else None
            if value:
                body = _maybe_html(value, content.get("type") or "text/html")
                if body:
                    break
    if not body:
        summary = _str(entry.get("summary"))
        if summary:
            body = _maybe_html(summary, _str(entry.get("summary_type")) or "text/html")
    metadata = raw.metadata or {}
    published = (
        parse_datetime(metadata.get("published"))
        or parse_datetime(entry.get("published"))
        or parse_datetime(metadata.get("updated"))
        or parse_datetime(entry.get("updated"))
    )
    return _finish(raw, title, body, published_at=published, language=_str(entry.get("language")))


# --------------------------------------------------------------------------- entry point

_CLEANERS: dict[str, Callable[[RawItem], CleanItem]] = {
    "ninjs": _clean_ninjs,
    "text": _clean_text,
    "html": _clean_html,
    "reuters-sgml": _clean_reuters,
    "rss": _clean_rss,
}


def clean(raw: RawItem) -> CleanItem:
    """Reduce one raw item to its article, or raise :class:`Rejected` with the reason."""
    cleaner = _CLEANERS.get(raw.format)
    if cleaner is None:
        raise Rejected("unknown_format", f"no cleanup for format {raw.format!r}")
    if not isinstance(raw.payload, str):
        raise Rejected("bad_payload", f"payload is {type(raw.payload).__name__}, not text")
    return cleaner(raw)
