"""Dates in news text, resolved against the item's own date.

Wire copy dates events relative to its dateline: "on Saturday" in an item datelined
Jan. 28, 2017 is 2017-01-28, "last week" is the week before, "in mid-November" the
November before. Each expression resolves to a window of days; only a single day is a
date an event can carry, but a window still tells a recent contact from a recalled one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from streams.lexicons import DATE_WORDS, DateWords

__all__ = ["When", "anchor_date", "find_dates"]

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
    r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    (
        "month_day",
        re.compile(
            rf"\b{_MONTH}[\s-]+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*-\s*\d{{1,2}})?"
            r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
        ),
    ),
    (
        "day_month",
        re.compile(
            rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*-\s*\d{{1,2}})?\s+{_MONTH}"
            r"(?:,?\s+(?P<year>(?:19|20)\d\d))?\b"
        ),
    ),
    ("relative_day", re.compile(r"\b(?P<word>yesterday|today|tonight|tomorrow)\b", re.I)),
    ("this_part", re.compile(r"\bthis (?P<part>morning|afternoon|evening)\b", re.I)),
    ("weekday", re.compile(rf"\b(?:(?P<which>last|next|this)\s+)?{_WEEKDAY}\b")),
    (
        "span",
        re.compile(
            r"\b(?P<which>last|this|next|earlier this|later this|later in the|past)\s+"
            r"(?P<unit>week|month|year)\b",
            re.I,
        ),
    ),
    ("ago", re.compile(r"\b(?P<n>a|one|two|three|four|\d+)\s+(?P<unit>days?|weeks?)\s+ago\b")),
    (
        "month",
        re.compile(
            r"\b(?:in|since|during|of|last|next|this)\s+(?:(?P<part>early|mid|late)[- ])?"
            rf"{_MONTH}(?:\s+(?P<year>(?:19|20)\d\d))?\b",
            re.I,  # old wires write "in march"; "in may" stays a verb (see _resolve)
        ),
    ),
    ("year", re.compile(r"\b(?:in|since|during)\s+(?P<year>(?:19|20)\d\d)\b")),
    ("recently", re.compile(r"\b(?:recently|lately)\b", re.I)),
]
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}


@dataclass(frozen=True, slots=True)
class When:
    """A date expression: where it is and the days it can mean (``first`` to ``last``)."""

    start: int
    end: int
    first: date
    last: date

    @property
    def day(self) -> date | None:
        """The single day, when the text names one."""
        return self.first if self.first == self.last else None


def _month_number(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")[: 4 if name.lower().startswith("sept") else 3]]


def anchor_date(published: date, date_text: str | None) -> date:
    """The dateline's day (its year taken nearest the publication), else publication."""
    if date_text:
        m = re.search(rf"{_MONTH}\s+(?P<day>\d{{1,2}})", date_text) or re.search(
            rf"(?P<day>\d{{1,2}})\s+{_MONTH}", date_text
        )
        if m:
            found = _nearest(published, _month_number(m.group("month")), int(m.group("day")))
            if found is not None and abs((found - published).days) <= 7:
                return found
    return published


def _nearest(anchor: date, month: int, day: int) -> date | None:
    """The date with that month and day nearest the anchor (year unknown)."""
    best: date | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - anchor).days) < abs((best - anchor).days):
            best = candidate
    return best


def _month_window(year: int, month: int, part: str | None) -> tuple[date, date]:
    first = date(year, month, 1)
    last = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
    if part == "early":
        return first, first + timedelta(days=9)
    if part == "mid":
        return first + timedelta(days=9), first + timedelta(days=20)
    if part == "late":
        return first + timedelta(days=20), last
    return first, last


def find_dates(
    text: str, anchor: date, *, future: bool = False, language: str | None = None
) -> list[When]:
    """Every date expression in ``text``, resolved against ``anchor``.

    ``future`` says the text speaks of what is to come: "on Saturday" is then the next
    Saturday rather than the last one, and a bare month the next such month. ``language``
    picks the words (``streams.lexicons``); English, and ISO dates, are read in every item.
    """
    found: list[When] = []
    taken: list[tuple[int, int]] = []
    words = DATE_WORDS.get(language or "en")
    if words is not None:
        for kind, pattern in _language_patterns(language or "en"):
            for m in pattern.finditer(text):
                if any(m.start() < e and s < m.end() for s, e in taken):
                    continue
                window = _resolve_local(kind, m, words, anchor, future)
                if window is not None:
                    found.append(When(m.start(), m.end(), *window))
                    taken.append((m.start(), m.end()))
    for kind, pattern in _PATTERNS if words is None else _PATTERNS[:1]:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            window = _resolve(kind, m, anchor, future)
            if window is not None:
                found.append(When(m.start(), m.end(), *window))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda w: w.start)


def _alternation(forms: list[str]) -> str:
    """Longest first, so that "segunda-feira" wins over "segunda"."""
    return "|".join(re.escape(f) for f in sorted(set(forms), key=len, reverse=True))


@cache
def _language_patterns(language: str) -> list[tuple[str, re.Pattern[str]]]:
    """The patterns of one language's date words, most specific first."""
    w = DATE_WORDS[language]
    b = r"\b" if w.bounded else ""
    weekdays = _alternation([f for forms in w.weekdays for f in forms])
    months = _alternation([f for forms in w.months for f in forms])
    last = _alternation(list(w.last)) or "(?!x)x"
    nxt = _alternation(list(w.next)) or "(?!x)x"
    flags = re.I
    day_month = w.day_month.replace("{months}", months)
    return [
        ("iso", _PATTERNS[0][1]),
        ("day_month", re.compile(rf"{b}{day_month}{b}", flags)),
        ("month_year", re.compile(rf"{b}{w.month_year.replace('{months}', months)}{b}", flags)),
        (
            "weekday",
            re.compile(
                rf"{b}(?:(?P<before>{last}|{nxt})\s*)?(?P<weekday>{weekdays})"
                rf"(?:\s*(?P<after>{last}|{nxt}))?{b}",
                flags,
            ),
        ),
        ("span", re.compile(rf"{b}(?:{_alternation(list(w.spans))}){b}", flags)),
        ("relative_day", re.compile(rf"{b}(?:{_alternation(list(w.relative))}){b}", flags)),
        *([("day_only", re.compile(w.day_only))] if w.day_only else []),
    ]


def _index(forms: tuple[tuple[str, ...], ...], word: str) -> int:
    low = word.lower()
    return next(i for i, names in enumerate(forms) if low in (n.lower() for n in names))


def _resolve_local(
    kind: str, m: re.Match[str], words: DateWords, anchor: date, future: bool
) -> tuple[date, date] | None:
    """A window for a match of :func:`_language_patterns`."""
    g = m.groupdict()
    if kind == "iso":
        return _resolve("iso", m, anchor, future)
    if kind == "day_month":
        try:
            month = _index(words.months, g["month"]) + 1
            if g.get("year"):
                day = date(int(g["year"]), month, int(g["day"]))
            else:
                found = _nearest(anchor, month, int(g["day"]))
                if found is None:
                    return None
                day = found
        except (ValueError, StopIteration):
            return None
        return day, day
    if kind == "span":
        which, unit = words.spans[next(k for k in words.spans if k.lower() == m.group(0).lower())]
        return _span(which, unit, anchor)
    if kind == "weekday":
        target = _index(words.weekdays, g["weekday"])
        said = (g.get("before") or g.get("after") or "").lower()
        which = (
            "last"
            if said in (x.lower() for x in words.last)
            else "next"
            if said in (x.lower() for x in words.next)
            else ""
        )
        return _weekday(target, which, anchor, future)
    if kind == "relative_day":
        shift = next(v for k, v in words.relative.items() if k.lower() == m.group(0).lower())
        day = anchor + timedelta(days=shift)
        return day, day
    if kind == "month_year":
        try:
            return _month_window(int(g["year"]), _index(words.months, g["month"]) + 1, None)
        except (ValueError, StopIteration):
            return None
    if kind == "day_only":
        return _day_of_month(int(g["day"]), anchor, future)
    return None


def _day_of_month(dom: int, anchor: date, future: bool) -> tuple[date, date] | None:
    """The latest day with that number up to the anchor (the next one, in a plan)."""
    year, month = anchor.year, anchor.month
    for _ in range(3):
        try:
            day = date(year, month, dom)
        except ValueError:
            day = None
        if day is not None and (day >= anchor if future else day <= anchor):
            return day, day
        month += 1 if future else -1
        if month == 0:
            year, month = year - 1, 12
        elif month == 13:
            year, month = year + 1, 1
    return None


def _weekday(target: int, which: str, anchor: date, future: bool) -> tuple[date, date]:
    back = (anchor.weekday() - target) % 7
    ahead = (target - anchor.weekday()) % 7
    if which == "last":
        day = anchor - timedelta(days=back or 7)
    elif which == "next":
        day = anchor + timedelta(days=ahead or 7)
    elif future:
        day = anchor + timedelta(days=ahead)
    else:
        day = anchor - timedelta(days=back)
    return day, day


def _resolve(kind: str, m: re.Match[str], anchor: date, future: bool) -> tuple[date, date] | None:
    g = m.groupdict()
    try:
        if kind == "iso":
            day = date(int(g["y"]), int(g["m"]), int(g["d"]))
            return day, day
        if kind in ("month_day", "day_month"):
            month, dom = _month_number(g["month"]), int(g["day"])
            if g.get("year"):
                day = date(int(g["year"]), month, dom)
            else:
                found = _nearest(anchor, month, dom)
                if found is None:
                    return None
                day = found
            return day, day
    except ValueError:
        return None
    if kind == "relative_day":
        shift = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}[g["word"].lower()]
        day = anchor + timedelta(days=shift)
        return day, day
    if kind == "this_part":
        return anchor, anchor
    if kind == "weekday":
        target = _WEEKDAYS.index(g["weekday"].lower())
        return _weekday(target, (g.get("which") or "").lower(), anchor, future)
    if kind == "span":
        return _span(g["which"].lower(), g["unit"].lower(), anchor)
    if kind == "ago":
        n = _NUMBERS.get(g["n"].lower()) or int(g["n"])
        days = n * (7 if g["unit"].startswith("week") else 1)
        day = anchor - timedelta(days=days)
        return (day, day) if days < 7 else (day - timedelta(days=3), day + timedelta(days=3))
    if kind == "month":
        if g["month"] == "may" or not g["month"][0].isalpha():
            return None
        month = _month_number(g["month"])
        if g.get("year"):
            year = int(g["year"])
        elif month == anchor.month:
            year = anchor.year
        elif future:
            year = anchor.year + (month < anchor.month)
        else:
            year = anchor.year - (month > anchor.month)
        lead = m.group(0).split()[0].lower()
        if lead == "last" and not g.get("year") and month == anchor.month:
            year -= 1
        return _month_window(year, month, g.get("part"))
    if kind == "year":
        year = int(g["year"])
        return date(year, 1, 1), date(year, 12, 31)
    if kind == "recently":
        return anchor - timedelta(days=14), anchor
    return None


def _span(which: str, unit: str, anchor: date) -> tuple[date, date]:
    if unit == "week":
        monday = anchor - timedelta(days=anchor.weekday())
        if which in ("last", "past"):
            return monday - timedelta(days=7), monday - timedelta(days=1)
        if which == "next":
            return monday + timedelta(days=7), monday + timedelta(days=13)
        if which == "earlier this":
            return monday, anchor
        if which in ("later this", "later in the"):
            return anchor, monday + timedelta(days=6)
        return monday, monday + timedelta(days=6)
    if unit == "month":
        first, last = _month_window(anchor.year, anchor.month, None)
        if which in ("last", "past"):
            prev = first - timedelta(days=1)
            return _month_window(prev.year, prev.month, None)
        if which == "next":
            nxt = last + timedelta(days=1)
            return _month_window(nxt.year, nxt.month, None)
        if which == "earlier this":
            return first, anchor
        if which in ("later this", "later in the"):
            return anchor, last
        return first, last
    year = anchor.year + {"last": -1, "past": -1, "next": 1}.get(which, 0)
    if which == "earlier this":
        return date(year, 1, 1), anchor
    if which in ("later this", "later in the"):
        return anchor, date(year, 12, 31)
    return date(year, 1, 1), date(year, 12, 31)
