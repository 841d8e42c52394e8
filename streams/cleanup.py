"""The cleanup stage: a RawItem in, a CleanItem (headline, body, dateline, times) out.

:func:`clean` is a pure function (no Faust, no I/O) so that the agent, the ``process``
command and the tests run the same code. It refuses an item with
:class:`~streams.errors.Rejected` and a stable reason: ``no_text`` (neither a headline nor
body text, also when a page held nothing but page furniture: the detail says so),
``undecodable`` (the text is mostly U+FFFD replacement characters: it was decoded with the
wrong codec upstream and no repair is possible), ``bad_payload`` (the payload is not what
its format says) or ``unknown_format``. The agent dead-letters such items; nothing is
dropped silently.

Per format it finds the headline and the body, turns HTML into text with paragraph breaks
kept as blank lines, and reads the publication time, language (only where the input
states it), source and dateline where the input gives them. The dateline ("MOSCOW, Jan.
28 (Xinhua) --", in the forms of AP, Reuters, AFP, Xinhua, TASS, Kyodo, Yonhap, dpa, ANSA
and EFE) is recorded, agency name normalised, and left in the body: later stages read that
sentence. When ingest could not name the source ("unknown": text and HTML pages), the
dateline's agency names it, else the page's own "Source:" line or site name.

Pages (``text`` and ``html``) are scraped, so they also carry page furniture. A rule-based
line classifier (:func:`furniture_kind`) drops it: navigation and share lines, site names
and mastheads, "Back to Top", source, editor, byline and date lines (read first for the
time and publisher), photo captions and credits, copyright footers, "Related:" lists and
tracking numbers. It scores what a line looks like (separator-heavy menus, chrome
vocabulary, one-word lines, repeated tokens, sentence shape), never which site it came
from, and it looks at each line on its own (plus one rule: a "Related:" header takes the
headline-like lines under it), so that cleaning its own output changes nothing. HTML pages
first lose chrome elements (nav, header, footer, aside, forms, figcaptions, hidden
elements, elements whose class or id says share/related/breadcrumb/ad/...) and link-dense
blocks (more than half of their text inside links). A page that holds the article more
than once keeps its first copy: a line repeated later in the page is dropped when it is
long or part of a repeated run. The headline of a text page is its first line left after
furniture removal. Reuters-21578 bodies lose the wire's "Reuter" sign-off.

Unicode (all formats): mojibake such as "â€™" is repaired with ftfy (only where a
mojibake pattern is present: ftfy costs ~100 µs per item, the pre-check almost nothing),
and a C1 control is read as the cp1252 character it was ("\x92" an apostrophe); curly
quotes become straight ones (' and "), en dashes, minus signs and other hyphens become
"-", em dashes and horizontal bars "--" (the wire's own ASCII spelling of a dash), fi/fl
ligatures letters; soft hyphens, zero-width spaces, BOMs, direction marks and control
characters go (ZWJ/ZWNJ only next to Latin text: in Persian, Indic scripts and emoji they
carry meaning); every Unicode space is one ASCII space; the result is NFC. Guillemets,
primes and ellipses stay as they are. A double quote between a letter and a closing "s"
or "t" is the apostrophe some old wires typed as one (Reuters-21578: Brazil"s, don"t).

Times: an explicit zone always wins. Without one, a page timestamp is UTC unless the page
says who published it and that publisher's clock is known (:data:`PUBLISHER_ZONES`:
Xinhua pages, "Source: Xinhua | 2017-01-29 06:49:45", are Beijing time, UTC+8).

Rule for thin items: an item is usable when it has a headline *or* body text. A
Reuters-21578 ``TYPE="BRIEF"`` item (a one-line flash, its text held in TITLE) is kept as a
headline with an empty body; only an item with neither is rejected (``no_text``).
"""

from __future__ import annotations

import email.utils
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import ftfy
import orjson
from selectolax.lexbor import LexborHTMLParser

from streams.errors import Rejected
from streams.ingest import parse_reuters_date, sgml_unescape
from streams.language import item_language
from streams.records import CleanItem, Dateline, RawItem

__all__ = [
    "PUBLISHER_ZONES",
    "clean",
    "find_dateline",
    "furniture_kind",
    "html_to_text",
    "normalise_agency",
    "normalise_chars",
    "normalise_text",
    "parse_datetime",
    "parse_reuters_dateline",
]

#: A first line longer than this is a paragraph, not a headline (plain text pages).
MAX_HEADLINE_CHARS = 300
#: How far into the body a dateline is looked for (it may follow a byline or caption).
DATELINE_SEARCH_CHARS = 3000
#: Share of U+FFFD replacement characters above which a text counts as undecodable.
MAX_REPLACEMENT_SHARE = 0.2

# --------------------------------------------------------------------------- text


# Line and paragraph separators other than "\n" become "\n"; control and invisible format
# characters go (they break matching downstream and never carry meaning in news text).
_NEWLINES = "\x0b\x0c\x1c\x1d\x1e\u2028\u2029"
_DROPPED = (
    [chr(c) for c in range(0x00, 0x20) if chr(c) not in "\t\n" + _NEWLINES]
    + ["\x7f"]
    + ["\xad", "\u180e", "\u200b", "\u200e", "\u200f", "\u2060", "\ufeff"]
    + [chr(c) for c in range(0x202A, 0x202F)]  # bidi embeddings and overrides
    + [chr(c) for c in range(0x2066, 0x206A)]  # bidi isolates
)
# One ASCII spelling for each typographic variant, so that matching, dedup and the
# later stages see "Kremlin's" with a straight or a curly apostrophe as the same word.
_TYPOGRAPHIC = {
    "\u2018": "'",  # left single quote
    "\u2019": "'",  # right single quote, apostrophe
    "\u201a": "'",  # low single quote
    "\u201b": "'",  # reversed single quote
    "\u201c": '"',  # left double quote
    "\u201d": '"',  # right double quote
    "\u201e": '"',  # low double quote
    "\u201f": '"',  # reversed double quote
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash
    "\u2212": "-",  # minus sign
    "\u2014": "--",  # em dash
    "\u2015": "--",  # horizontal bar
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
}
_TRANSLATE: dict[int, str | None] = {ord(c): "\n" for c in _NEWLINES}
_TRANSLATE.update({ord(c): None for c in _DROPPED})
_TRANSLATE.update({ord(c): v for c, v in _TYPOGRAPHIC.items()})


def _c1_as_cp1252() -> dict[int, str | None]:
    """A C1 control in text is a cp1252 character decoded as latin-1 ("\x92": apostrophe).

    The five bytes cp1252 leaves undefined are dropped.
    """
    table: dict[int, str | None] = {}
    for code in range(0x80, 0xA0):
        char = bytes([code]).decode("cp1252", errors="ignore")
        table[code] = _TYPOGRAPHIC.get(char, char) or None
    return table


_TRANSLATE.update(_c1_as_cp1252())
_BLANK_RUN = re.compile(r"\n{3,}")
_SURROGATE = re.compile("[\ud800-\udfff]")
# ZWNJ/ZWJ that do not follow a non-Latin character (they shape Persian, Indic and emoji);
# combining accents count as Latin, so that NFC cannot change the verdict later.
_JOINER = re.compile("(?<![\u0250-\u02ff\u0370-\U0010ffff])[\u200c\u200d]+")
# What UTF-8 read as cp1252/latin-1 looks like: a lead byte (Â..ô) followed by a
# continuation byte shown as its cp1252 character, or a bare C1 control. Only text that
# shows this pattern is handed to ftfy, which is far too slow to run on everything.
_MOJIBAKE_HINT = re.compile(
    "[\u0080-\u009f]|[\u00c2-\u00f4][\u00a0-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)
# ftfy repairs encodings only; everything else it can do is done here (quotes, line
# breaks, NFC, controls) or unwanted (HTML unescaping of text that may say "&amp;" on
# purpose, folding full-width CJK forms).
_FTFY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


_QUOTE_APOSTROPHE = re.compile(r'(?<=[^\W\d_])"(?=(?:s|t)\b)')


def normalise_chars(text: str) -> str:
    """Character-level cleanup that keeps the line layout (spacing included).

    Surrogates, mojibake, typographic quotes and dashes, invisible characters, NFC: see the
    module docstring. Lines are not touched, so that the furniture classifier can still
    see column gaps ("Facebook  Twitter  Email").
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if '"' in text:  # an apostrophe some wires wrote as a double quote: Brazil"s, don"t
        text = _QUOTE_APOSTROPHE.sub("'", text)
    if text.isascii():
        return text.translate(_TRANSLATE)
    if _SURROGATE.search(text):
        # Pairs that arrived as two code points are joined; a lone one becomes U+FFFD.
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if _MOJIBAKE_HINT.search(text):
        text = ftfy.fix_text(text, _FTFY)  # C1 controls and byte sequences as they came
    text = _nfc(_strip_invisible(text))
    # Once more on the text as it will be returned, in case removing invisible characters
    # joined a pattern: cleaning the output again must find nothing new to repair.
    if _MOJIBAKE_HINT.search(text):
        text = _nfc(_strip_invisible(ftfy.fix_text(text, _FTFY)))
    return text


def _strip_invisible(text: str) -> str:
    text = text.translate(_TRANSLATE)
    if "\u200c" in text or "\u200d" in text:
        text = _JOINER.sub("", text)
    return text


def _nfc(text: str) -> str:
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _squeeze(text: str) -> str:
    # str.split() (C speed) collapses every Unicode space run and trims each line.
    text = "\n".join([" ".join(line.split()) for line in text.split("\n")])
    return _BLANK_RUN.sub("\n\n", text).strip()


def normalise_text(text: str) -> str:
    """:func:`normalise_chars`, then one space inside lines, one blank line between paragraphs.

    Lines are stripped; runs of blank lines collapse to one, so that a blank line always
    means a paragraph break.
    """
    return _squeeze(normalise_chars(text))


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
#: Also dropped from whole pages: navigation, page chrome and photo captions.
_PAGE_CHROME = _NEVER_TEXT | {"nav", "header", "footer", "aside", "form", "figcaption"}
#: class/id words that mark page chrome (matched as whole words of the attribute).
_CHROME_HINTS = frozenset(
    {
        "ad",
        "ads",
        "advert",
        "advertisement",
        "banner",
        "breadcrumb",
        "breadcrumbs",
        "caption",
        "comment",
        "comments",
        "cookie",
        "cookies",
        "copyright",
        "credit",
        "credits",
        "footer",
        "hidden",
        "login",
        "masthead",
        "menu",
        "nav",
        "navbar",
        "navigation",
        "newsletter",
        "outbrain",
        "popular",
        "promo",
        "recommended",
        "related",
        "share",
        "sharing",
        "sidebar",
        "signup",
        "skip",
        "social",
        "sponsor",
        "sponsored",
        "sr",
        "subscribe",
        "taboola",
        "tags",
        "toolbar",
        "trending",
        "widget",
    }
)
_CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
_ATTR_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HTML_WS = re.compile(r"[ \t\n\r\f]+")
_LOOKS_HTML = re.compile(r"<(?:p|div|br|span|a|b|i|em|strong|section|ul|ol|li|h[1-6])\b", re.I)


def _is_chrome_element(node: Any) -> bool:
    """True for an element a page marks as chrome: hidden, a chrome role, a chrome class/id.

    Class and id values are split into words ("related-links", "shareBar"), so that
    "nav" matches "main-nav" but not "canvas".
    """
    attrs = node.attributes
    if not attrs:
        return False
    if "hidden" in attrs or attrs.get("aria-hidden") == "true":
        return True
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    if attrs.get("role") in _CHROME_ROLES:
        return True
    for name in ("class", "id"):
        value = attrs.get(name)
        if value and any(w.lower() in _CHROME_HINTS for w in _ATTR_WORDS.findall(value)):
            return True
    return False


def _is_chrome(node: Any, root: Any, sizes: dict[str, int]) -> bool:
    """A chrome element (:func:`_is_chrome_element`) that does not hold most of the text.

    A layout class such as "with-sidebar" or "has-comments" on the element that wraps the
    story must not take the story with it; real chrome blocks are small.
    """
    if not _is_chrome_element(node):
        return False
    if "root" not in sizes:
        sizes["root"] = len(root.text(deep=True) or "")
    return len(node.text(deep=True) or "") * 2 <= sizes["root"]


@dataclass(slots=True)
class _Close:
    """End of a block (or of a link) in the text walk, with the counters at its start."""

    start: int
    total: int
    linked: int
    anchor: bool = False


_SENTENCE_END = re.compile(r"[.!?][\"')\]]?$")


def _linked_prose(out: list[str], start: int, in_links: int, chars: int) -> bool:
    """A sentence whose names are links (some sites link every person) is still prose."""
    if in_links * 5 > chars * 4:
        return False
    text = "".join(out[start:]).strip()
    return len(text.split()) >= 12 and _SENTENCE_END.search(text) is not None


def _node_text(root: Any, drop: frozenset[str], *, page: bool = False) -> str:
    """Text of an element tree, block elements separated by blank lines, <br> by a newline.

    Iterative (an explicit stack), so that absurdly deep markup cannot hit the recursion
    limit. ``page=True`` also drops chrome elements (:func:`_is_chrome_element`) and
    link-dense blocks: a block with more than half of its text inside links is a menu, a
    list of related stories or a tag cloud, not article text.
    """
    out: list[str] = []
    total = linked = anchors = 0
    sizes: dict[str, int] = {}
    stack: list[Iterator[Any] | str | _Close] = [root.iter(include_text=True)]
    while stack:
        top = stack[-1]
        if isinstance(top, str):
            out.append(top)
            stack.pop()
            continue
        if isinstance(top, _Close):
            stack.pop()
            if top.anchor:
                anchors -= 1
                continue
            chars, in_links = total - top.total, linked - top.linked
            if in_links * 2 > chars and not _linked_prose(out, top.start, in_links, chars):
                del out[top.start :]
                total, linked = top.total, top.linked
            out.append("\n\n")
            continue
        node = next(top, None)
        if node is None:
            stack.pop()
            continue
        tag = node.tag
        if tag == "-text":
            text = _HTML_WS.sub(" ", node.text_content or "")
            out.append(text)
            if page:
                size = len(text.strip())
                total += size
                if anchors:
                    linked += size
        elif tag in drop or tag.startswith("-") or (page and _is_chrome(node, root, sizes)):
            continue
        elif tag == "br":
            out.append("\n")
        elif tag in _BLOCKS:
            if page:
                stack.append(_Close(len(out), total, linked))
            else:
                stack.append("\n\n")
            out.append("\n\n")
            stack.append(node.iter(include_text=True))
        elif tag in _CELLS:
            stack.append(" ")
            stack.append(node.iter(include_text=True))
        elif tag == "a" and page:
            anchors += 1
            stack.append(_Close(0, 0, 0, anchor=True))
            stack.append(node.iter(include_text=True))
        else:
            stack.append(node.iter(include_text=True))
    return normalise_text("".join(out))


def html_to_text(html: str, *, page: bool = False) -> str:
    """HTML (a fragment or a page) as plain text with paragraphs as blank-line blocks.

    ``page=True`` also drops nav, header, footer, aside, form, figcaption, chrome-marked
    elements and link-dense blocks: the chrome around an article on a web page, which is
    never part of a ninjs body.
    """
    if "<" not in html and "&" not in html:
        return normalise_text(html)
    tree = LexborHTMLParser(html)
    root = tree.body or tree.root
    if root is None:
        return ""
    if page:
        return _node_text(root, _PAGE_CHROME, page=True)
    return _node_text(root, _NEVER_TEXT)


def _maybe_html(value: str, content_type: str | None) -> str:
    kind = (content_type or "").lower()
    if "html" in kind or (not kind and _LOOKS_HTML.search(value)):
        return html_to_text(value)
    return normalise_text(value)


# --------------------------------------------------------------------------- page furniture


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that page chrome is made of: menus, share bars, account links, section names.
# A line made (mostly) of them is furniture; one of them inside a sentence is not.
_CHROME_WORDS = _wordset(
    """
    home homepage index menu search close back top next previous prev more share shares
    sharing print email e-mail mail facebook twitter google+ googleplus linkedin whatsapp
    weibo wechat reddit pinterest tumblr telegram tweet subscribe subscription newsletter
    newsletters login logout register rss feed feeds sitemap contact privacy terms cookies
    cookie advertisement advertising ads sponsored comments comment font size bookmark
    bookmarks link links skip navigation toggle related recommended trending popular latest
    archive archives tags topics listen download app apps chrome
    news world business sport sports culture edu education sci tech science technology
    photos photo pictures video videos opinion opinions politics economy finance markets
    entertainment lifestyle travel health weather society asia europe africa americas local
    national international regional arts features multimedia podcasts podcast live blogs
    blog gallery galleries editorial editorials columns columnists sections specials
    interactive english español français deutsch
    """
)
# The last word of a newspaper's or agency's name: a short capitalised line ending in
# one is a masthead, not a headline.
_MASTHEAD_WORDS = _wordset(
    """
    agency bulletin chronicle courier daily dispatch examiner express gazette guardian
    herald journal monitor net network observer online post press radio record review
    standard star telegraph times today tribune tv weekly wire
    """
)
# Chrome phrases become the token "chrome" before words are counted.
_CHROME_PHRASES = re.compile(
    r"(?<!\w)(?:back to (?:the )?top|go to top|scroll to top|skip to (?:main )?content"
    r"|skip navigation|sign (?:in|up|out)|log (?:in|out)|follow us(?: on)?|contact us|about us"
    r"|terms (?:of|and) (?:use|service|conditions)|privacy (?:policy|notice|statement)"
    r"|cookie (?:policy|settings|preferences)|font size|text size|culture & edu|sci & tech"
    r"|in pictures|most (?:read|popular|viewed|shared)|read more|see more|load more"
    r"|show more|view more|see also|read also|go back|google \+|share (?:this|on|via)"
    r"|(?:e-?mail|print) this(?: page| article| story)?)(?!\w)"
)
_TOKEN_PUNCT = ":.,;!?()[]{}\"'*"
_SEPARATOR_TOKEN = re.compile(
    r"[|\u2022\u00b7\u00bb\u203a\u00ab\u2039<>/\\\u25c6\u25c7\u25aa\u25ab\u2219\u25cf\u25cb\u2605\u2606\u203b\u00a6&+=_~^-]+"
)
# Menu segments: split at bars, bullets, breadcrumb arrows, column gaps.
_SEGMENT_SPLIT = re.compile(
    r"\s*[|\u2022\u00b7\u00bb\u203a\u25c6\u25c7\u25aa\u25ab\u2219\u25cf\u2605\u2606\u203b\u00a6]\s*"
    r"|\s+[>/\\]\s+|\s{2,}|\t"
)
_HAS_ALNUM = re.compile(r"[^\W_]")
_SENTENCE_STOPS = frozenset(".!?\"'")
_MENU_MARKS = re.compile(
    r"[|\u2022\u00b7\u00bb\u203a\u25c6\u25aa\u2219\u25cf\u2605\u00a6]|\s{2,}|\t"
)
_BYLINE = re.compile(r"By\s+[A-Z]")
_TRACKING = re.compile(r"[\W_]*\d[\d\W_]*")  # only digits and punctuation: ids, counters
_TERMINAL = frozenset(".!?:;\"')]")
_COPYRIGHT = re.compile(r"(?:copyright\b|\u00a9|\(c\)\s*(?:\d{4}|[A-Z]))", re.I)
_RIGHTS = re.compile(r"all rights reserved|\brights reserved\b", re.I)
# "... at low tide. (Shore Gazette/Staff)", "(AP Photo/J. Doe)", "(Photo: X)": a credit in
# parentheses that ends the line, after a sentence or alone.
_CREDIT_END = re.compile(
    r"(?:^|[.!?\"']\s*)\((?:[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,4}\s*/\s*[A-Z][^()]{0,60}"
    r"|(?i:photo|photograph|picture|image|video|graphic)s?\s*(?i:by\b|:|/)[^()]{1,60})\)$"
)
# "... in Tokyo. REUTERS/Jane Doe/File Photo"
_CREDIT_TAIL = re.compile(
    r"\b(?:REUTERS|AFP|AP|EPA|EPA-EFE|GETTY IMAGES|Getty Images|XINHUA|ANSA|EFE|DPA|KYODO"
    r"|YONHAP|TASS|SPUTNIK|BLOOMBERG|POOL)(?: PHOTO| Photo)?\s*/\s*[A-Z][^/()]{1,50}"
    r"(?:/(?:File(?: Photo)?|Pool|Handout|via [^/()]{1,30}))?$"
)
_CAPTION_START = re.compile(
    r"(?:photo|photograph|picture|image|caption|credit)s?\s*(?::|/|\||by\b|courtesy\b)"
    r"|(?:file (?:photo|picture|image)|photo taken|pictures? taken|photo illustration"
    r"|pictured\s*:)(?!\w)",
    re.I,
)
_META_LABEL = re.compile(
    r"[\[(]?\s*(?:source|sources|editor|editors|responsible editor|editor in charge"
    r"|web editor|author|authors|posted(?: on| at)?|published(?: on| at)?|updated"
    r"|last updated|last modified|date|time|reporter|reporters|writer|edited by"
    r"|translated by|compiled by|produced by|\u8d23\u4efb\u7f16\u8f91|\u6765\u6e90"
    r"|\u7f16\u8f91)\s*[:\uff1a]",
    re.I,
)
_RELATED = re.compile(
    r"(?:related(?: stories| articles| news| coverage| content| links| topics| reading"
    r"| posts)?|read more|read also|also read|see also|more on this(?: story| topic)?"
    r"|more stories|more news|recommended(?: for you| stories| articles)?"
    r"|you (?:may|might) also (?:like|be interested in)"
    r"|most (?:read|popular|viewed|shared|commented)|latest(?: news| stories| headlines)?"
    r"|top stories|trending(?: now| stories)?|editor'?s picks?|further reading"
    r"|in other news)\s*(?P<mark>[:>\u00bb]?)\s*",
    re.I,
)
_SHARE_BAR = re.compile(
    r"(?:font|text)[ -]?size\b|(?:a[+-]?\s+)+a[+-]?$|share(?: this(?: article| story)?"
    r"| on| via| article| story)?\s*[:|]",
    re.I,
)
_DOMAIN = re.compile(r"(?:https?://)?(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:/\S*)?", re.I)
#: Lines a "Related:" header takes with it at most.
_RELATED_MAX = 15


def furniture_kind(line: str, *, structured: bool = False) -> str | None:
    """What kind of page furniture a line is, or None for article text.

    Kinds: ``rule`` (no letters or digits), ``tracking`` (a lone number), ``caption``,
    ``copyright``, ``meta`` (source, editor, byline and date lines: read for the
    publication time and the publisher, then dropped), ``related_header`` and
    ``related``, ``chrome`` (share bars, site names, mastheads, menus scored by
    :func:`_chrome_score`). The rules look at the line alone, so that the result of
    cleaning is itself clean. ``structured`` is for text from HTML, where the markup has
    already removed the chrome and a one-word paragraph is more likely a subhead.
    """
    s = line.strip()
    if not s:
        return None
    if not _HAS_ALNUM.search(s):
        return "rule"
    if _TRACKING.fullmatch(s):
        return "meta" if _is_date_line(s) else "tracking"
    n = len(s.split())
    if n <= 80 and (
        (s[-1] == ")" and _CREDIT_END.search(s))
        or ("/" in s and _CREDIT_TAIL.search(s))
        or _CAPTION_START.match(s)
    ):
        return "caption"
    if n <= 30 and (_COPYRIGHT.match(s) or _RIGHTS.search(s)):
        return "copyright"
    if n > 40 or (n >= 12 and s[-1] in _SENTENCE_STOPS and not _MENU_MARKS.search(s)):
        return None  # a sentence, not chrome (captions and footers are caught above)
    if n <= 25 and (_META_LABEL.match(s) or (n <= 12 and _is_date_line(s))):
        return "meta"
    if n <= 12 and _BYLINE.match(s) and s[-1] not in ".!?":
        return "meta"
    related = _RELATED.match(s)
    if related:
        if related.end() == len(s):
            return "related_header"
        if related.group("mark") and n <= 25:
            return "related"
    if _SHARE_BAR.match(s):
        return "chrome"
    if " " not in s and _DOMAIN.fullmatch(s):
        return "chrome"
    return "chrome" if _chrome_score(s, structured) >= 3 else None


def _chrome_score(line: str, structured: bool) -> int:
    """How much a short line looks like chrome: 3 or more is furniture.

    The text counterpart of link density: menus are many short segments between
    separators, made of chrome words, with no sentence shape.
    """
    lowered = _CHROME_PHRASES.sub(" chrome ", line.lower())
    tokens = [t.strip(_TOKEN_PUNCT) for t in lowered.split()]
    words = [t for t in tokens if t and (t[0].isalnum() or not _SEPARATOR_TOKEN.fullmatch(t))]
    count = len(words)
    if count == 0:
        return 3
    score = 0
    if count == 1 and not structured:
        score += 3  # a site name, "Print", "Close", a sign-off
    chrome = sum(1 for w in words if w in _CHROME_WORDS)
    if chrome == count:
        score += 3
    elif chrome * 5 >= count * 3 and count <= 10:
        score += 2
    elif chrome * 5 >= count * 2 and count <= 6:
        score += 1
    segments = [g for g in _SEGMENT_SPLIT.split(line) if g]
    if (
        len(segments) >= 3
        and count <= len(segments) * 3.5
        and not any(g[-1] in ".!?" for g in segments)
    ):
        score += 3  # a menu: "Home | World | Business | Sports"
    if count <= 4 and words[-1] in _MASTHEAD_WORDS and all(w[:1].isupper() for w in line.split()):
        score += 3  # a masthead: "Harbour Herald", "LAKESIDE POST"
    if count >= 3 and len(set(words)) * 2 <= count:
        score += 2  # repeated tokens: "A A A"
    if line[-1] in _TERMINAL and count >= 4:
        score -= 2  # sentence shape
    if count >= 15:
        score -= 2
    return score


def _headline_like(line: str) -> bool:
    """A short line without a full stop: an entry of a related-stories list."""
    return line.count(" ") < 20 and not line.endswith(".")


#: A repeated line this long is a copy even when alone.
_REPEAT_MIN_KEY = 60


@dataclass(slots=True)
class _Page:
    """A page split into its article (headline, body) and the furniture around it."""

    headline: str
    body: str
    meta: list[str]
    dropped: list[str]


def _key(line: str) -> str:
    # Lines are already character-normalised and whitespace-squeezed: case is what
    # differs between a headline line and its copy in capitals.
    return line.lower()


def _read_page(
    text: str, *, find_headline: bool, headline: str = "", structured: bool = False
) -> _Page:
    """Drop furniture lines, pick the headline, drop repeated copies; keep paragraphs.

    ``text`` is character-normalised page text (:func:`normalise_chars`). With
    ``find_headline`` the headline is the first line left, unless it is longer than
    :data:`MAX_HEADLINE_CHARS` (then it is a paragraph and there is no headline);
    otherwise ``headline`` is the one the caller found. Lines equal to the headline are
    dropped anywhere (a second copy repeats it), and so are repeated lines that are long
    or stand next to another repeated line: the page's second copy of the article, whose
    header line may differ.
    """
    units: list[str | None] = []  # kept lines; None is a paragraph break
    meta: list[str] = []
    dropped: list[str] = []
    absorbing = 0
    for raw_line in text.split("\n"):
        s = raw_line.strip()
        if not s:
            units.append(None)
            continue
        kind = furniture_kind(s, structured=structured)
        if kind is None and not s.isascii():
            # Collapsing spaces can make a new mojibake sequence ("à¢\t" -> "à¢ "): judge
            # the line as it will be kept too, so that cleaning again decides the same.
            fixed = normalise_chars(" ".join(s.split())).strip()
            if fixed != " ".join(s.split()):
                s = fixed
                kind = furniture_kind(s, structured=structured) if s else "rule"
        if kind == "related_header":
            absorbing = _RELATED_MAX
        elif absorbing:
            if kind is None and _headline_like(s):
                kind = "related"
                absorbing -= 1
            elif kind is None:
                absorbing = 0
        line = " ".join(s.split())
        if kind is None:
            units.append(line)
        else:
            dropped.append(line)
            if kind == "meta":
                meta.append(line)
    if find_headline:
        first = next((u for u in units if u is not None), "")
        headline = first if len(first) <= MAX_HEADLINE_CHARS else ""
    headline_key = _key(headline) if headline else None
    positions = [i for i, u in enumerate(units) if u is not None and _key(u) != headline_key]
    keys = [_key(units[i] or "") for i in positions]
    seen: set[str] = set()
    repeated = []
    for key in keys:
        repeated.append(key in seen)
        seen.add(key)
    keep = set()
    last = len(positions) - 1
    for j, i in enumerate(positions):
        if repeated[j] and (
            len(keys[j]) >= _REPEAT_MIN_KEY
            or (j > 0 and repeated[j - 1])
            or (j < last and repeated[j + 1])
        ):
            dropped.append(units[i] or "")
            continue
        keep.add(i)
    paragraphs: list[str] = []
    current: list[str] = []
    for i, unit in enumerate(units):
        if unit is None:
            if current:
                paragraphs.append("\n".join(current))
                current = []
        elif i in keep:
            current.append(unit)
    if current:
        paragraphs.append("\n".join(current))
    return _Page(headline, "\n\n".join(paragraphs), meta, dropped)


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


#: The clock of a publisher's own pages, for page timestamps that give no zone. Only
#: publishers whose pages are known to show local time belong here: Xinhua's sites
#: (english.news.cn, xinhuanet.com) print "Source: Xinhua | 2017-01-29 06:49:45" in
#: Beijing time (China has one zone, UTC+8, and no daylight saving time).
PUBLISHER_ZONES: dict[str, timezone] = {"Xinhua": timezone(timedelta(hours=8), "CST")}
# Site names and domains that say who published a page.
_SITE_PUBLISHERS = ((re.compile(r"\bxinhuanet\b|\bnews\.cn\b", re.I), "Xinhua"),)
_SOURCE_LABEL = re.compile(r"source\s*[:\uff1a]\s*(?P<name>[^|\d\n]{2,60}?)\s*(?:\||\d|$)", re.I)

_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTH_NUMBER = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_ZONE = (
    r"(?P<zone>Z|(?:UTC|GMT)\s?[+-]\s?\d{1,2}(?::?\d{2})?|[+-]\d{2}:?\d{2}|UTC|GMT|BJT|JST|KST"
    r"|MSK|CEST|CET|BST|EST|EDT|PST|PDT)(?![\w])"
)
_ZONE_HOURS = {
    "Z": 0.0,
    "UTC": 0.0,
    "GMT": 0.0,
    "BJT": 8.0,
    "JST": 9.0,
    "KST": 9.0,
    "MSK": 3.0,
    "CET": 1.0,
    "CEST": 2.0,
    "BST": 1.0,
    "EST": -5.0,
    "EDT": -4.0,
    "PST": -8.0,
    "PDT": -7.0,
}
_CLOCK = (
    r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<s>\d{2}))?(?:\.\d+)?"
    r"(?:\s*(?P<ampm>[aApP])\.?[mM]\.?)?"
)
_STAMPS = (
    # 2017-01-29 06:49:45, 2017/01/29T06:49
    re.compile(
        r"(?<![\d-])(?P<y>\d{4})[-/.](?P<mo>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"
        rf"(?:(?:T|\s+|,\s*)(?:at\s+)?{_CLOCK})?(?:\s*{_ZONE})?"
    ),
    # May 19, 2017 10:34 GMT
    re.compile(
        rf"\b(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})"
        rf"(?:(?:,?\s+|\s+at\s+){_CLOCK})?(?:\s*{_ZONE})?"
    ),
    # 19 May 2017 10:34
    re.compile(
        rf"\b(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH})\.?,?\s+(?P<y>\d{{4}})"
        rf"(?:(?:,?\s+|\s+at\s+){_CLOCK})?(?:\s*{_ZONE})?"
    ),
)
_DIGIT = re.compile(r"\d")
_DATE_LINE_LABEL = re.compile(
    r"(?:(?:posted|published|updated|last updated|date)\s*(?:on|at)?\s*:?\s*)?"
    r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?",
    re.I,
)


def _is_date_line(line: str) -> bool:
    """A line that is only a date or timestamp ("April 29, 2019", "2017-05-19 01:34")."""
    if _DIGIT.search(line) is None:
        return False
    rest = line[_DATE_LINE_LABEL.match(line).end() :]  # type: ignore[union-attr]
    rest = rest.rstrip(" .")
    return any(pattern.fullmatch(rest) for pattern in _STAMPS)


def _zone_of(text: str) -> timezone | None:
    compact = text.replace(" ", "")
    if compact in _ZONE_HOURS:
        return timezone(timedelta(hours=_ZONE_HOURS[compact]))
    match = re.fullmatch(r"(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?", compact)
    if match is None:
        return None
    sign, hours, minutes = match.groups()
    offset = timedelta(hours=int(hours), minutes=int(minutes or 0))
    if offset >= timedelta(hours=15):
        return None
    return timezone(-offset if sign == "-" else offset)


def _stamp(line: str, default_zone: timezone | None) -> datetime | None:
    """The first date (and time, and zone) written in a line, as UTC.

    A zone written with the time wins; otherwise ``default_zone`` (the publisher's clock)
    or, failing that, UTC.
    """
    for pattern in _STAMPS:
        for match in pattern.finditer(line):
            parts = match.groupdict()
            month = (
                _MONTH_NUMBER[parts["mon"][:3].lower()] if parts.get("mon") else int(parts["mo"])
            )
            hour = int(parts["h"] or 0)
            if parts["ampm"]:
                hour = hour % 12 + (12 if parts["ampm"].lower() == "p" else 0)
            zone = _zone_of(parts["zone"]) if parts["zone"] else None
            try:
                value = datetime(
                    int(parts["y"]),
                    month,
                    int(parts["d"]),
                    hour,
                    int(parts["mi"] or 0),
                    int(parts["s"] or 0),
                    tzinfo=zone or default_zone or UTC,
                )
            except ValueError:
                continue
            return value.astimezone(UTC)
    return None


def _publisher(page: _Page) -> str | None:
    """Who published a page, from its own "Source:" line or its site name, else None."""
    for line in page.meta:
        match = _SOURCE_LABEL.search(line)
        if match:
            name = match.group("name").strip(" ,;-")
            if name:
                return normalise_agency(name)
    for line in page.dropped:
        for pattern, publisher in _SITE_PUBLISHERS:
            if pattern.search(line):
                return publisher
    return None


def _page_time(page: _Page, publisher: str | None) -> datetime | None:
    """The first timestamp of the page's source, editor or date lines."""
    zone = PUBLISHER_ZONES.get(publisher) if publisher else None
    for line in page.meta:
        value = _stamp(line, zone)
        if value is not None:
            return value
    return None


# --------------------------------------------------------------------------- datelines

# Agency names as datelines and bylines write them, to one spelling each.
_AGENCIES = {
    "ap": "AP",
    "associated press": "AP",
    "the associated press": "AP",
    "reuters": "Reuters",
    "reuter": "Reuters",
    "thomson reuters": "Reuters",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "xinhua": "Xinhua",
    "xinhua news agency": "Xinhua",
    "xinhuanet": "Xinhua",
    "tass": "TASS",
    "itar-tass": "TASS",
    "kyodo": "Kyodo",
    "kyodo news": "Kyodo",
    "yonhap": "Yonhap",
    "yonhap news agency": "Yonhap",
    "dpa": "dpa",
    "deutsche presse-agentur": "dpa",
    "ansa": "ANSA",
    "efe": "EFE",
    "agencia efe": "EFE",
    "upi": "UPI",
    "bloomberg": "Bloomberg",
    "interfax": "Interfax",
    "ria novosti": "RIA Novosti",
    "anadolu": "Anadolu",
    "anadolu agency": "Anadolu",
    "pti": "PTI",
}


def normalise_agency(name: str) -> str:
    """An agency's usual short name ("The Associated Press" -> "AP"); others as written."""
    cleaned = " ".join(name.strip(" /.-()").split())
    return _AGENCIES.get(cleaned.lower(), cleaned)


_ANY_MONTH = "|".join(
    sorted(
        _wordset(
            """
            january february march april may june july august september october november
            december jan feb mar apr jun jul aug sep sept oct nov dec
            enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre
            noviembre diciembre ene abr ago dic set
            janvier février mars avril mai juin juillet août septembre octobre novembre
            décembre janv févr avr juil déc
            januar jänner februar märz juni juli oktober dezember okt dez
            gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre gen mag
            giu lug ott
            """
        ),
        key=lambda m: (-len(m), m),
    )
)
_DL_MONTH = rf"(?i:{_ANY_MONTH})(?![^\W\d_])"
_DL_DATE = (
    rf"(?:{_DL_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\.?\s+(?:de\s+)?{_DL_MONTH}\.?(?:,?\s+(?:de\s+)?\d{{4}})?)"
)
_DASH = r"(?:--|\u2014|\u2013|-)"  # two hyphens, em dash, en dash, hyphen
_DL_END = rf"{_DASH}(?=\s|$)"
_KNOWN_BARE = "|".join(sorted((k for k in _AGENCIES if " " not in k), key=len, reverse=True))
# "MOSCOW, Jan. 28 (Xinhua) --", "SOCHI, Russia, Sept 17 (Reuters) -", "Paris, May 18,
# 2017 (AFP) -", "Madrid, 28 ene (EFE).-", "TOKYO, June 29 Kyodo -", "MOSCOW, January
# 28. /TASS/.", Reuters-21578's "MOSCOW, March 3 - " (no agency).
_DL_DATED = re.compile(
    rf"(?P<place>[^\W\d_][^\n()\d]{{0,60}}?),\s*(?P<date>{_DL_DATE})\s*"
    rf"(?:\((?P<agency>[^()\n]{{1,40}})\)\s*(?:\.-|\.?\s*{_DL_END})"
    rf"|(?P<bare>(?i:{_KNOWN_BARE}))\s*{_DL_END}"
    rf"|\.?\s*/(?P<slash>[^\W\d_][\w-]{{1,20}})/\.?"
    rf"|\.?\s*{_DL_END})"
)
# "WASHINGTON (AP) --", "PORTLAND, Ore. (AP) -", and with a known agency "Berlin (dpa) -".
_DL_AGENCY = re.compile(
    r"(?P<place>[A-Z][A-Z .'-]{1,40}?(?:,\s*[A-Z][A-Za-z.]{1,20}(?:\s[A-Z][A-Za-z.]{1,20})?)?"
    r"|[A-Z][\w'.-]*(?:\s[A-Z][\w'.-]*){0,3})"
    rf"\s*\((?P<agency>[^()\n]{{1,40}})\)\s*(?:\.-|{_DL_END})"
)
# "(ANSA) - ROME, JAN 28 -"
_DL_AGENCY_FIRST = re.compile(
    rf"\((?P<agency>[^()\n]{{1,20}})\)\s*{_DASH}\s*(?P<place>[A-Z][^\n,()\d]{{1,40}}?)"
    rf"(?:,\s*(?P<date>{_DL_DATE}))?\s*{_DL_END}"
)
# "OTTAWA -- French President ...": a place in capitals and a dash, nothing else.
_DL_PLACE = re.compile(
    r"(?P<place>[A-Z][A-Z.'-]+(?:\s[A-Z][A-Z.'-]+){0,3}"
    r"(?:,\s*[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?)?)\s+(?:--|\u2014|\u2013|-)\s+(?=\S)"
)
# Capitalised slugs that open wire paragraphs like a place but are not one.
_NOT_PLACES = _wordset(
    """
    ADVISORY ALERT ANALYSIS BREAKING BRIEF BRIEFS COMMENT CORRECTED CORRECTION EDITORS
    EXCLUSIVE EXPLAINER FACTBOX FEATURE FLASH INSIGHT INTERVIEW LIVE NOTE OPINION PHOTOS
    REFILE REPEAT RPT UPDATE UPDATED URGENT VIDEO WATCH WRAPUP
    """
)


def _known_agency(name: str) -> bool:
    return name.strip().lower() in _AGENCIES


def _dateline(place: str | None, date: str | None, agency: str | None) -> Dateline:
    return Dateline(
        place=place.strip(" ,") if place else None,
        date_text=" ".join(date.split()) if date else None,
        agency=normalise_agency(agency) if agency else None,
    )


def _match_dateline(line: str) -> Dateline | None:
    """The dateline that opens ``line``, in any of the agency forms, or None."""
    if line[0] == "(":
        match = _DL_AGENCY_FIRST.match(line)
        if match and _known_agency(match.group("agency")):
            return _dateline(match.group("place"), match.group("date"), match.group("agency"))
        return None
    match = _DL_DATED.match(line)
    if match and match.group("place").strip(" ,")[:1].isupper():
        agency = match.group("agency") or match.group("bare") or match.group("slash")
        return _dateline(match.group("place"), match.group("date"), agency)
    match = _DL_AGENCY.match(line)
    if match:
        place, agency = match.group("place"), match.group("agency")
        city = place.split(",")[0]
        if city.isupper() or _known_agency(agency):
            return _dateline(place, None, agency)
    return None


def find_dateline(body: str) -> Dateline | None:
    """The dateline that opens one of the first paragraphs of ``body``, if any.

    Only the first :data:`DATELINE_SEARCH_CHARS` characters are searched: a dateline
    leads the story, but may follow a byline, a source line or a photo caption. The bare
    "OTTAWA --" form (no date, no agency) is weaker evidence and only counts on one of
    the first three lines.
    """
    lines = [line.strip() for line in body[:DATELINE_SEARCH_CHARS].split("\n")]
    lines = [line for line in lines if line]
    for line in lines:
        if line[0].isalpha() or line[0] == "(":
            found = _match_dateline(line)
            if found is not None:
                return found
    for line in lines[:3]:
        match = _DL_PLACE.match(line)
        if match:
            place = match.group("place")
            city = place.split(",")[0]
            if city not in _NOT_PLACES and sum(c.isalpha() for c in city) >= 3:
                return _dateline(place, None, None)
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


def _check_decodable(raw: RawItem, text: str) -> None:
    """Refuse text that is mostly U+FFFD: decoded with the wrong codec, beyond repair."""
    bad = text.count("\ufffd")
    if not bad:
        return
    size = len(text) - text.count(" ") - text.count("\n")
    if bad > size * MAX_REPLACEMENT_SHARE:
        raise Rejected(
            "undecodable",
            f"{raw.format} item: {bad} of {size} characters are U+FFFD (wrong encoding upstream)",
        )


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
    source: str | None = None,
    furniture: int = 0,
) -> CleanItem:
    """Build the CleanItem, or reject an item with no usable text.

    ``source`` is the page's own idea of its publisher; it names the item (after the
    dateline's agency) only when ingest could not (``"unknown"``). ``furniture`` is the
    number of lines dropped as page furniture, to say so when nothing else was left.
    """
    headline = _one_line(headline) if headline else ""
    if not headline and not body:
        if furniture:
            detail = f"{raw.format} item holds only page furniture ({furniture} lines)"
        else:
            detail = f"{raw.format} item has neither a headline nor body text"
        raise Rejected("no_text", detail)
    _check_decodable(raw, f"{headline}\n{body}")
    if dateline is None and body:
        dateline = find_dateline(body)
    name = raw.source
    if name == "unknown":
        name = (dateline.agency if dateline is not None else None) or source or name
    return CleanItem(
        item_id=raw.item_id,
        source=name,
        format=raw.format,
        received_at=raw.received_at,
        headline=headline,
        body=body,
        uri=uri,
        version=version,
        published_at=published_at,
        dateline=dateline,
        language=item_language(headline, body, language),
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
            place=_one_line(place),
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


def _clean_text(raw: RawItem) -> CleanItem:
    """A scraped or plain text page: furniture out, first line left is the headline."""
    text = normalise_chars(raw.payload)
    _check_decodable(raw, text)
    page = _read_page(text, find_headline=True)
    publisher = _publisher(page)
    return _finish(
        raw,
        page.headline,
        page.body,
        published_at=_page_time(page, publisher),
        source=publisher,
        furniture=len(page.dropped),
    )


# html ----------------------------------------------------------------------------------

_PUBLISHED_META = (
    'meta[property="article:published_time"]',
    'meta[name="article:published_time"]',
    'meta[itemprop="datePublished"]',
    'meta[name="date"]',
    'meta[name="pubdate"]',
    'meta[name="DC.date.issued"]',
)
# "Headline | Site", "Headline - Site": the title's last part names the site.
_TITLE_SITE = re.compile(r"^(?P<head>.+?)\s+(?:\||-|--|::|\u00bb)\s+(?P<site>[^|]+)$")


def _meta_content(tree: Any, *selectors: str) -> str | None:
    for selector in selectors:
        node = tree.css_first(selector)
        if node is not None:
            value = _str(node.attributes.get("content"))
            if value:
                return _one_line(value)
    return None


def _article_root(tree: Any) -> Any:
    """The element that holds the story: articleBody, the largest <article>, <main>, body."""
    node = tree.css_first('[itemprop="articleBody"]')
    if node is not None:
        return node
    articles = tree.css("article")
    if articles:
        best = max(articles, key=lambda n: len(n.text(deep=True) or ""))
        if len(best.text(deep=True) or "") >= 200 or len(articles) == 1:
            return best
    return tree.css_first("main") or tree.css_first('[role="main"]') or tree.body or tree.root


def _html_headline(tree: Any, root: Any) -> tuple[str, Any, str | None]:
    """The headline, the <h1> it came from (to remove from the body) and the site name.

    An <h1> inside the story first, then og:title, then any <h1>, then <title> without
    its site suffix ("Headline | Site"), which also names the site.
    """
    title_node = tree.css_first("title")
    title = _one_line(title_node.text(deep=True) or "") if title_node is not None else ""
    site = _meta_content(tree, 'meta[property="og:site_name"]', 'meta[name="application-name"]')
    h1 = root.css_first("h1") if root is not None else None
    headline = _one_line(h1.text(deep=True) or "") if h1 is not None else ""
    if not headline:
        h1 = None
        headline = _meta_content(tree, 'meta[property="og:title"]') or ""
    if not headline:
        h1 = tree.css_first("h1")
        headline = _one_line(h1.text(deep=True) or "") if h1 is not None else ""
    split = _TITLE_SITE.match(title)
    if split and len(split.group("site").split()) <= 6 and len(split.group("head").split()) >= 2:
        head = split.group("head")
        if not headline:
            return head, None, site
        if site is None and _key(headline).startswith(_key(head)):
            site = split.group("site").strip()  # the title is "<headline> | <site>"
    return headline or title, h1, site


def _clean_html(raw: RawItem) -> CleanItem:
    """An HTML page: the story element without chrome, then the same line rules as text."""
    tree = LexborHTMLParser(raw.payload)
    root = _article_root(tree)
    headline, h1, site = _html_headline(tree, root)
    if h1 is not None and headline:
        h1.decompose()  # the headline is not repeated as the body's first line
    text = _node_text(root, _PAGE_CHROME, page=True) if root is not None else ""
    _check_decodable(raw, text)
    page = _read_page(text, find_headline=False, headline=headline, structured=True)
    if not page.body and root is not None:
        # The chrome hints took everything (a page that marks its story "hidden" for a
        # script to reveal, say): fall back to the tags alone.
        text = _node_text(root, _PAGE_CHROME)
        page = _read_page(text, find_headline=False, headline=headline, structured=True)
    publisher = _publisher(page)
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
    if published is None:
        published = _page_time(page, publisher)
    language = _str(tree.root.attributes.get("lang")) if tree.root is not None else None
    if language is None:
        language = _meta_content(
            tree, 'meta[http-equiv="content-language"]', 'meta[http-equiv="Content-Language"]'
        )
    return _finish(
        raw,
        headline,
        page.body,
        published_at=published,
        language=language.strip() if language else None,
        source=publisher or site,
        furniture=len(page.dropped),
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
# The wire's sign-off ("Reuter", "REUTER") and take marker ("MORE") ending a body.
_R_SIGNOFF = re.compile(r"(?:reuters?|more)(?:\.{2,})?", re.I)
_R_SIGNOFF_RUN_ON = re.compile(r"(?<=[.!?\"')\]>\d])\s+(?:REUTERS?|Reuters?)(?:\.{2,})?$")


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


def _drop_signoff(body: str) -> str:
    """Without the closing "Reuter" (sometimes twice, sometimes run on after the text)."""
    while True:
        head, _, last = body.rpartition("\n\n")
        if not _R_SIGNOFF.fullmatch(last):
            if body.endswith(("REUTER", "Reuter", "REUTERS", "Reuters", "..")):
                body = _R_SIGNOFF_RUN_ON.sub("", body)
            return body
        body = head


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
    return _finish(
        raw,
        headline,
        _drop_signoff(body),
        published_at=published,
        dateline=dateline,
        language="en",  # the collection is English newswire throughout
    )


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
