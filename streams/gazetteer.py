"""The gazetteer: who led which country when, what countries and organisations are called.

The data is plain CSV under ``streams/data/gazetteer/`` (its README is the format spec), so
that every change is a readable diff. This module loads it into dated, indexed lookups for
the tagger (``role_on``: a person's office on an item's date, not on the article's), checks
it for the mistakes that would silently mis-tag leaders (``check``, run in CI through
``wirefeed gazetteer check``), and imports a Wikidata export as rows in the same format.
"""

from __future__ import annotations

import bisect
import csv
import itertools
import logging
import os
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import orjson

from streams.errors import UnusableInput, WirefeedError

__all__ = [
    "COMMON_WORDS",
    "DEFAULT_DIR",
    "OFFICES",
    "STATUSES",
    "Country",
    "Gazetteer",
    "GazetteerError",
    "OrgHead",
    "Organisation",
    "Person",
    "Problem",
    "SurfaceKind",
    "Term",
    "check",
    "check_command",
    "coverage",
    "fold",
    "import_command",
    "import_wikidata",
    "write_leaders_csv",
]

log = logging.getLogger(__name__)

DEFAULT_DIR = Path(__file__).resolve().parent / "data" / "gazetteer"

OFFICES = ("head_of_state", "head_of_government")
#: "" is a regular holder; only regular rows are checked for overlaps; ``elect`` rows are
#: not leader terms at all.
STATUSES = ("", "acting", "interim", "co", "elect")
COUNTRY_STATUSES = ("member", "observer", "other")
ORG_KINDS = (
    "intergovernmental",
    "alliance",
    "union",
    "bank",
    "cartel",
    "agency",
    "forum",
    "regional",
    "trade_bloc",
)

COUNTRY_COLUMNS = ("iso3", "name", "aliases", "demonyms", "capital", "seats", "status", "former")
LEADER_COLUMNS = (
    "id",
    "name",
    "aliases",
    "country",
    "office",
    "title",
    "start",
    "end",
    "status",
    "note",
)
ORG_COLUMNS = ("id", "name", "aliases", "kind")
HEAD_COLUMNS = ("id", "name", "aliases", "organisation", "title", "start", "end", "note")

#: Kosovo's user-assigned code, documented in the README as the code in common use.
SPECIAL_CODES = frozenset({"XKX"})
#: UN member states that exist today; a different count in countries.csv is a warning.
UN_MEMBERS = 193
#: Coverage is sampled monthly from here to today.
COVERAGE_START = date(1980, 1, 1)

#: Aliases that are ordinary English words (or bare titles): as a surface form alone they
#: would tag "may", "major", "brown" in every text. Real surnames that are not common words
#: (Bush, Lee, Trump) are allowed. Compared case-insensitively with the whole alias.
_COMMON_WORDS = """
    may major brown rice will long young king price love hope white black green grey gray
    rose moon sun hunt hall bell wood field rich just little sharp strong best good new law
    hill stone park march april june august bill mark grant frank chase ball golden summer
    winter bright cook cash church link gold joy faith free power rock banks case lane page
    ward ban lord sir dear hard fair mills wells short north south east west small
    president prime minister premier chancellor queen emir sultan pope prince princess
    general chairman leader secretary director governor sheikh the
"""
COMMON_WORDS = frozenset(_COMMON_WORDS.split())

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_WF_ID = re.compile(r"^wf:[a-z]{3}:[a-z0-9]+(?:-[a-z0-9]+)*$")
_ORG_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_WF_ORG_ID = re.compile(r"^wf:[a-z][a-z0-9]*(?:-[a-z0-9]+)*:[a-z0-9]+(?:-[a-z0-9]+)*$")

Severity = Literal["error", "warning"]
SurfaceKind = Literal[
    "person_name",
    "person_alias",
    "country_name",
    "country_alias",
    "demonym",
    "capital",
    "seat",
    "org_name",
    "org_alias",
    "org_head_name",
    "org_head_alias",
]


class GazetteerError(WirefeedError):
    """A gazetteer file cannot be read as the README specifies; names file and line."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")
        self.file = file
        self.line = line
        self.message = message


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding of :func:`check`: errors fail CI, warnings are for the data authors."""

    file: str
    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


#: Columns of ``names/<language>.csv``.
NAMES_COLUMNS = ("kind", "id", "names", "note")
#: Kinds of ``names/<language>.csv`` rows -> the surface kind their names are.
NAME_KINDS: dict[str, SurfaceKind] = {
    "person": "person_alias",
    "country": "country_alias",
    "demonym": "demonym",
    "capital": "capital",
    "seat": "seat",
}


@dataclass(frozen=True, slots=True)
class Translation:
    """One row of ``names/<language>.csv``: how one language writes one entity."""

    language: str
    kind: str
    id: str
    names: tuple[str, ...]
    file: str
    line: int


@dataclass(frozen=True, slots=True)
class Country:
    """One row of countries.csv."""

    iso3: str
    name: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    seats: tuple[str, ...]
    status: str
    former: bool
    file: str = field(default="", compare=False, repr=False)
    line: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Term:
    """One leaders row: one person in one office for one period (or an ``elect`` period)."""

    id: str
    name: str
    aliases: tuple[str, ...]
    country: str
    office: str
    title: str
    start: date
    end: date | None
    status: str
    note: str
    file: str = field(default="", compare=False, repr=False)
    line: int = field(default=0, compare=False, repr=False)

    @property
    def is_leader(self) -> bool:
        """Regular, acting, interim and co holders lead; a president-elect does not."""
        return self.status != "elect"

    def covers(self, day: date) -> bool:
        """Whether ``day`` lies in [start, end], both inclusive; an empty end never ends."""
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Person:
    """A national leader: every row with one id, merged."""

    id: str
    name: str
    aliases: tuple[str, ...]
    terms: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class Organisation:
    """One row of organisations.csv."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    file: str = field(default="", compare=False, repr=False)
    line: int = field(default=0, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class OrgHead:
    """One row of organisation_heads.csv; heads of organisations are not national leaders."""

    id: str
    name: str
    aliases: tuple[str, ...]
    organisation: str
    title: str
    start: date
    end: date | None
    note: str
    file: str = field(default="", compare=False, repr=False)
    line: int = field(default=0, compare=False, repr=False)

    def covers(self, day: date) -> bool:
        """Whether ``day`` lies in [start, end]."""
        return self.start <= day and (self.end is None or day <= self.end)


# Lower is preferred when one person holds several roles on one day.
_STATUS_RANK = {"": 0, "co": 1, "acting": 2, "interim": 2}
_OFFICE_RANK = {"head_of_state": 0, "head_of_government": 1}


def _role_rank(term: Term) -> tuple[int, int]:
    return _STATUS_RANK.get(term.status, 3), _OFFICE_RANK.get(term.office, 2)


class _PersonIndex:
    """One person's terms sorted by start, for a bisect per lookup."""

    __slots__ = ("starts", "terms")

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = sorted(terms, key=lambda t: t.start)
        self.starts = [t.start for t in self.terms]

    def covering(self, day: date) -> list[Term]:
        upto = bisect.bisect_right(self.starts, day)
        return [t for t in self.terms[:upto] if t.end is None or day <= t.end]


class _Segments:
    """A country's leader terms cut into date segments, each with the terms active in it.

    ``leaders_on`` is then one bisect; a country has at most twice as many segments as rows.
    """

    __slots__ = ("active", "bounds")

    def __init__(self, terms: Sequence[Term]) -> None:
        valid = sorted(
            (t for t in terms if t.end is None or t.end >= t.start), key=lambda t: t.start
        )
        points = sorted(
            {t.start for t in valid}
            | {t.end + timedelta(days=1) for t in valid if t.end is not None and t.end < date.max}
        )
        self.bounds: list[date] = points
        self.active: list[tuple[Term, ...]] = []
        current: list[Term] = []
        i = 0
        for point in points:
            while i < len(valid) and valid[i].start <= point:
                current.append(valid[i])
                i += 1
            current = [t for t in current if t.end is None or t.end >= point]
            self.active.append(tuple(current))

    def on(self, day: date) -> tuple[Term, ...]:
        i = bisect.bisect_right(self.bounds, day) - 1
        return self.active[i] if i >= 0 else ()


class Gazetteer:
    """The loaded gazetteer with date-aware lookups; build with :meth:`load`."""

    def __init__(
        self,
        *,
        directory: Path,
        countries: dict[str, Country],
        terms: Sequence[Term],
        organisations: dict[str, Organisation],
        org_heads: Sequence[OrgHead],
        translations: Sequence[Translation] = (),
        load_problems: Sequence[Problem] = (),
        load_ms: float = 0.0,
    ) -> None:
        self.directory = directory
        self.translations = tuple(translations)
        self.countries = countries
        self.terms = tuple(terms)
        self.organisations = organisations
        self.org_heads = tuple(org_heads)
        self.load_problems = tuple(load_problems)
        self.load_ms = load_ms
        by_id: dict[str, list[Term]] = defaultdict(list)
        for term in self.terms:
            by_id[term.id].append(term)
        self.persons: dict[str, Person] = {pid: _person(pid, rows) for pid, rows in by_id.items()}
        self._roles = {
            pid: _PersonIndex(t for t in rows if t.is_leader) for pid, rows in by_id.items()
        }
        self._elect = {
            pid: _PersonIndex(t for t in rows if not t.is_leader)
            for pid, rows in by_id.items()
            if any(not t.is_leader for t in rows)
        }
        by_country: dict[str, list[Term]] = defaultdict(list)
        for term in self.terms:
            if term.is_leader:
                by_country[term.country].append(term)
        self._segments = {iso3: _Segments(rows) for iso3, rows in sorted(by_country.items())}

    @classmethod
    def load(cls, directory: Path = DEFAULT_DIR, *, strict: bool = True) -> Gazetteer:
        """Read every file of the gazetteer in ``directory``.

        ``strict`` (the tagger's default) raises :class:`GazetteerError` with file and line
        at the first row that cannot be read (wrong cell count, bad date, unknown office or
        status, empty required cell); otherwise such rows are skipped and recorded in
        ``load_problems``, so that ``check`` can list every one of them at once.
        """
        began = time.perf_counter()
        directory = Path(directory)
        if not directory.is_dir():
            raise UnusableInput(f"no gazetteer directory at {directory}")
        reader = _Reader(strict)
        countries: dict[str, Country] = {}
        for country in reader.countries(directory / "countries.csv"):
            if country.iso3 in countries:
                reader.problem(country.file, country.line, f"duplicate iso3 {country.iso3}")
                continue
            countries[country.iso3] = country
        terms: list[Term] = []
        leaders_dir = directory / "leaders"
        for path in sorted(leaders_dir.glob("*.csv")) if leaders_dir.is_dir() else []:
            terms.extend(reader.leaders(path))
        organisations: dict[str, Organisation] = {}
        for org in reader.organisations(directory / "organisations.csv"):
            if org.id in organisations:
                reader.problem(org.file, org.line, f"duplicate organisation id {org.id}")
                continue
            organisations[org.id] = org
        heads = list(reader.heads(directory / "organisation_heads.csv"))
        translations: list[Translation] = []
        names_dir = directory / "names"
        for path in sorted(names_dir.glob("*.csv")) if names_dir.is_dir() else []:
            translations.extend(reader.translations(path))
        gazetteer = cls(
            directory=directory,
            countries=countries,
            terms=terms,
            organisations=organisations,
            org_heads=heads,
            translations=translations,
            load_problems=reader.problems,
        )
        gazetteer.load_ms = (time.perf_counter() - began) * 1000
        return gazetteer

    def role_on(self, person_id: str, day: date) -> Term | None:
        """The leader term (regular, acting, interim or co) of the person covering ``day``.

        When one person holds two offices that day, the regular one wins over acting, and
        head of state over head of government. ``elect`` rows are never returned here.
        """
        roles = self.roles_on(person_id, day)
        return min(roles, key=_role_rank) if roles else None

    def roles_on(self, person_id: str, day: date) -> list[Term]:
        """Every leader term of the person covering ``day``."""
        index = self._roles.get(person_id)
        return index.covering(day) if index is not None else []

    def elect_on(self, person_id: str, day: date) -> Term | None:
        """The ``elect`` row covering ``day`` (president-elect etc.), which is not a role."""
        index = self._elect.get(person_id)
        found = index.covering(day) if index is not None else []
        return found[-1] if found else None

    def leaders_on(self, day: date, country: str | None = None) -> list[Term]:
        """Leader terms covering ``day``, of one country or all, by country and office."""
        if country is not None:
            segments = self._segments.get(country)
            found = list(segments.on(day)) if segments is not None else []
        else:
            found = [t for seg in self._segments.values() for t in seg.on(day)]
        return sorted(found, key=lambda t: (t.country, _OFFICE_RANK.get(t.office, 2), t.start))

    def heads_on(self, organisation: str, day: date) -> list[OrgHead]:
        """Heads of one organisation on ``day`` (the EU has two: Commission and Council)."""
        return [h for h in self.org_heads if h.organisation == organisation and h.covers(day)]

    def languages(self) -> list[str]:
        """Languages the gazetteer has names in, besides English."""
        return sorted({t.language for t in self.translations})

    def language_forms(self, language: str) -> Iterator[tuple[str, SurfaceKind, str]]:
        """(text, kind, entity id) of one language's names (``names/<language>.csv``).

        Kept apart from :meth:`surface_forms`: they are matched only in items of their
        language, where a lower-case demonym ("russe") is a word of the text.
        """
        seen: set[tuple[str, str]] = set()
        for t in self.translations:
            if t.language != language:
                continue
            kind = NAME_KINDS[t.kind]
            for text in t.names:
                if (text, t.id) not in seen:
                    seen.add((text, t.id))
                    yield text, kind, t.id

    def surface_forms(self) -> Iterator[tuple[str, SurfaceKind, str]]:
        """(text, kind, entity id) for every way the data says an entity is written.

        Feeds an Aho-Corasick automaton; entity ids are person ids, iso3 codes and
        organisation ids. The same text may map to several entities (Moscow: RUS and SUN);
        the tagger decides by date and context. Each triple appears once.
        """
        seen: set[tuple[str, str, str]] = set()

        def emit(
            texts: Iterable[str], kind: SurfaceKind, entity: str
        ) -> Iterator[tuple[str, SurfaceKind, str]]:
            for text in texts:
                if text and (text, kind, entity) not in seen:
                    seen.add((text, kind, entity))
                    yield text, kind, entity

        for person in self.persons.values():
            names = dict.fromkeys([person.name, *(t.name for t in person.terms)])
            yield from emit(names, "person_name", person.id)
            yield from emit(
                (a for a in person.aliases if a not in names), "person_alias", person.id
            )
        for country in self.countries.values():
            yield from emit([country.name], "country_name", country.iso3)
            yield from emit(country.aliases, "country_alias", country.iso3)
            yield from emit(country.demonyms, "demonym", country.iso3)
            yield from emit(country.capitals, "capital", country.iso3)
            yield from emit(country.seats, "seat", country.iso3)
        for org in self.organisations.values():
            yield from emit([org.name], "org_name", org.id)
            yield from emit(org.aliases, "org_alias", org.id)
        for head in self.org_heads:
            yield from emit([head.name], "org_head_name", head.id)
            yield from emit(head.aliases, "org_head_alias", head.id)


def _person(pid: str, rows: Sequence[Term]) -> Person:
    """Merge one id's rows: the most used name, every alias once, terms by start."""
    counts = Counter(t.name for t in rows)
    # The most used name; on a tie the latest term's, the form the press uses now.
    name = max(rows, key=lambda t: (counts[t.name], t.start)).name
    aliases: dict[str, None] = {}
    for term in rows:
        for text in (term.name, *term.aliases):
            if text != name:
                aliases.setdefault(text, None)
    return Person(pid, name, tuple(aliases), tuple(sorted(rows, key=lambda t: t.start)))


# --- reading ----------------------------------------------------------------------------


def _display(path: Path) -> str:
    """Relative to the working directory when under it (as typed at the repository root)."""
    absolute = Path(os.path.abspath(path))
    return (
        str(absolute.relative_to(Path.cwd()))
        if absolute.is_relative_to(Path.cwd())
        else str(absolute)
    )


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


class _RowError(Exception):
    """One row cannot be read; carries the message for GazetteerError or a Problem."""


def _parse_date(text: str, column: str) -> date:
    if not _ISO_DATE.match(text):
        raise _RowError(f"bad {column} date {text!r} (want YYYY-MM-DD)")
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise _RowError(f"bad {column} date {text!r}: {exc}") from None


def _optional_date(text: str, column: str) -> date | None:
    return _parse_date(text, column) if text else None


def _require(row: dict[str, str], *columns: str) -> None:
    for column in columns:
        if not row[column]:
            raise _RowError(f"empty {column}")


class _Reader:
    """Reads the CSV files; raises at the first bad row (strict) or collects problems."""

    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.problems: list[Problem] = []

    def problem(self, file: str, line: int, message: str) -> None:
        if self.strict:
            raise GazetteerError(file, line, message)
        self.problems.append(Problem(file, line, message))

    def rows(
        self, path: Path, columns: tuple[str, ...]
    ) -> Iterator[tuple[str, int, dict[str, str]]]:
        """(file, line, row) of every non-empty row, cells stripped, header checked."""
        file = _display(path)
        if not path.is_file():
            self.problem(file, 0, "missing file")
            return
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            try:
                header = next(reader, None)
            except (csv.Error, UnicodeDecodeError) as exc:
                self.problem(file, 1, f"unreadable: {exc}")
                return
            if header is None:
                self.problem(file, 0, "empty file (no header row)")
                return
            header = [h.strip().lstrip("\ufeff") for h in header]
            if tuple(header) != columns:
                self.problem(file, 1, f"header is {','.join(header)}; want {','.join(columns)}")
                return
            while True:
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except (csv.Error, UnicodeDecodeError) as exc:
                    self.problem(file, reader.line_num, f"unreadable row: {exc}")
                    return
                if not any(c.strip() for c in cells):
                    continue
                if len(cells) != len(columns):
                    self.problem(
                        file,
                        reader.line_num,
                        f"{len(cells)} cells, want {len(columns)} ({','.join(columns)})",
                    )
                    continue
                yield (
                    file,
                    reader.line_num,
                    dict(zip(columns, (c.strip() for c in cells), strict=True)),
                )

    def countries(self, path: Path) -> Iterator[Country]:
        for file, line, row in self.rows(path, COUNTRY_COLUMNS):
            try:
                _require(row, "iso3", "name", "status")
                if row["former"] not in ("", "yes"):
                    raise _RowError(f"former is {row['former']!r}; want yes or empty")
            except _RowError as exc:
                self.problem(file, line, str(exc))
                continue
            yield Country(
                iso3=row["iso3"],
                name=row["name"],
                aliases=_split(row["aliases"]),
                demonyms=_split(row["demonyms"]),
                capitals=_split(row["capital"]),
                seats=_split(row["seats"]),
                status=row["status"],
                former=row["former"] == "yes",
                file=file,
                line=line,
            )

    def leaders(self, path: Path) -> Iterator[Term]:
        for file, line, row in self.rows(path, LEADER_COLUMNS):
            try:
                _require(row, "id", "name", "country", "office", "start")
                if row["office"] not in OFFICES:
                    raise _RowError(
                        f"unknown office {row['office']!r}; want {' or '.join(OFFICES)}"
                    )
                if row["status"] not in STATUSES:
                    raise _RowError(
                        f"unknown status {row['status']!r}; want empty or "
                        + ", ".join(s for s in STATUSES if s)
                    )
                start = _parse_date(row["start"], "start")
                end = _optional_date(row["end"], "end")
            except _RowError as exc:
                self.problem(file, line, str(exc))
                continue
            yield Term(
                id=row["id"],
                name=row["name"],
                aliases=_split(row["aliases"]),
                country=row["country"],
                office=row["office"],
                title=row["title"],
                start=start,
                end=end,
                status=row["status"],
                note=row["note"],
                file=file,
                line=line,
            )

    def translations(self, path: Path) -> Iterator[Translation]:
        language = path.stem
        for file, line, row in self.rows(path, NAMES_COLUMNS):
            if not re.fullmatch(r"[a-z]{2,3}", language):
                self.problem(file, 0, f"file name {path.name!r} is not a language code (fr.csv)")
                return
            if row["kind"] not in NAME_KINDS:
                self.problem(
                    file, line, f"unknown kind {row['kind']!r} (want {', '.join(NAME_KINDS)})"
                )
                continue
            names = _split(row["names"])
            if not row["id"] or not names:
                self.problem(file, line, "empty id or names")
                continue
            yield Translation(language, row["kind"], row["id"], names, file, line)

    def organisations(self, path: Path) -> Iterator[Organisation]:
        for file, line, row in self.rows(path, ORG_COLUMNS):
            try:
                _require(row, "id", "name", "kind")
            except _RowError as exc:
                self.problem(file, line, str(exc))
                continue
            yield Organisation(
                row["id"], row["name"], _split(row["aliases"]), row["kind"], file, line
            )

    def heads(self, path: Path) -> Iterator[OrgHead]:
        for file, line, row in self.rows(path, HEAD_COLUMNS):
            try:
                _require(row, "id", "name", "organisation", "start")
                start = _parse_date(row["start"], "start")
                end = _optional_date(row["end"], "end")
            except _RowError as exc:
                self.problem(file, line, str(exc))
                continue
            yield OrgHead(
                id=row["id"],
                name=row["name"],
                aliases=_split(row["aliases"]),
                organisation=row["organisation"],
                title=row["title"],
                start=start,
                end=end,
                note=row["note"],
                file=file,
                line=line,
            )


# --- checking ---------------------------------------------------------------------------


def fold(text: str) -> str:
    """Casefold, strip diacritics and punctuation: "Erdoğan" and "erdogan" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("\u0131", "i").replace("ø", "o").replace("đ", "d").replace("ł", "l")
    return " ".join(re.sub(r"[^\w]+", " ", plain.casefold().replace("-", "")).split())


def _valid_person_id(pid: str) -> bool:
    return bool(_QID.match(pid) or _WF_ID.match(pid))


def _span(start: date, end: date | None) -> str:
    return f"{start}..{end or ''}"


#: Commonwealth realms since 1980 whose head of state is the British monarch (GBR rows):
#: (first day, last day or None). The README says no rows under the realm are needed.
REALMS: dict[str, tuple[date, date | None]] = {
    "ATG": (date(1981, 11, 1), None),
    "AUS": (COVERAGE_START, None),
    "BHS": (COVERAGE_START, None),
    "BLZ": (date(1981, 9, 21), None),
    "BRB": (COVERAGE_START, date(2021, 11, 29)),
    "CAN": (COVERAGE_START, None),
    "FJI": (COVERAGE_START, date(1987, 10, 6)),
    "GRD": (COVERAGE_START, None),
    "JAM": (COVERAGE_START, None),
    "KNA": (date(1983, 9, 19), None),
    "LCA": (COVERAGE_START, None),
    "MUS": (COVERAGE_START, date(1992, 3, 11)),
    "NZL": (COVERAGE_START, None),
    "PNG": (COVERAGE_START, None),
    "SLB": (COVERAGE_START, None),
    "TUV": (COVERAGE_START, None),
    "VCT": (COVERAGE_START, None),
}

#: Today's UN members that became states after 1980-01-01: no coverage is due before.
STATE_SINCE: dict[str, date] = {
    "ZWE": date(1980, 4, 18),
    "VUT": date(1980, 7, 30),
    "BLZ": date(1981, 9, 21),
    "ATG": date(1981, 11, 1),
    "KNA": date(1983, 9, 19),
    "BRN": date(1984, 1, 1),
    "MHL": date(1986, 10, 21),
    "FSM": date(1986, 11, 3),
    "NAM": date(1990, 3, 21),
    "YEM": date(1990, 5, 22),
    "SVN": date(1991, 6, 25),
    "HRV": date(1991, 6, 25),
    "EST": date(1991, 9, 6),
    "LVA": date(1991, 9, 6),
    "LTU": date(1991, 9, 6),
    "MKD": date(1991, 9, 8),
    **dict.fromkeys(
        ("ARM", "AZE", "BLR", "GEO", "KAZ", "KGZ", "MDA", "RUS", "TJK", "TKM", "UKR", "UZB"),
        date(1991, 12, 26),
    ),
    "BIH": date(1992, 3, 3),
    "CZE": date(1993, 1, 1),
    "SVK": date(1993, 1, 1),
    "ERI": date(1993, 5, 24),
    "PLW": date(1994, 10, 1),
    "TLS": date(2002, 5, 20),
    "MNE": date(2006, 6, 3),
    "SRB": date(2006, 6, 5),
    "SSD": date(2011, 7, 9),
}


def check(g: Gazetteer, *, today: date | None = None) -> list[Problem]:
    """Every error and warning in the data, errors first, each with file and line."""
    today = today or datetime.now(UTC).date()
    found = list(g.load_problems)
    found += _check_countries(g)
    found += _check_terms(g, today)
    found += _check_organisations(g)
    found += _check_translations(g)
    found += coverage(g, today=today)
    return sorted(found, key=lambda p: (p.severity != "error", p.file, p.line, p.message))


def _check_countries(g: Gazetteer) -> list[Problem]:
    import pycountry

    problems: list[Problem] = []
    historic = getattr(pycountry, "historic_countries", None)
    members = 0
    for c in g.countries.values():

        def add(message: str, severity: Severity = "error", c: Country = c) -> None:
            problems.append(Problem(c.file, c.line, message, severity))

        if not _ISO3.match(c.iso3):
            add(f"iso3 {c.iso3!r} is not three capital letters")
        elif c.former:
            if pycountry.countries.get(alpha_3=c.iso3) is not None:
                add(f"{c.iso3} is marked former but is a current ISO 3166-1 code")
            elif historic is not None and historic.get(alpha_3=c.iso3) is None:
                add(f"{c.iso3} is marked former but is not an ISO 3166-3 code")
        elif c.iso3 not in SPECIAL_CODES and pycountry.countries.get(alpha_3=c.iso3) is None:
            hint = (
                " (a former state? mark it former=yes)"
                if historic and historic.get(alpha_3=c.iso3)
                else ""
            )
            add(f"{c.iso3} is not an ISO 3166-1 alpha-3 code{hint}")
        if c.status not in COUNTRY_STATUSES:
            add(f"unknown status {c.status!r}; want {', '.join(COUNTRY_STATUSES)}")
        members += c.status == "member" and not c.former
    if g.countries and members != UN_MEMBERS:
        first = next(iter(g.countries.values()))
        problems.append(
            Problem(first.file, 0, f"{members} current UN members, want {UN_MEMBERS}", "warning")
        )
    # A name, alias or demonym that names two current countries tags neither reliably.
    owners: dict[str, set[str]] = defaultdict(set)
    for c in g.countries.values():
        if not c.former:
            for text in (c.name, *c.aliases, *c.demonyms):
                owners[fold(text)].add(c.iso3)
    for text, codes in sorted(owners.items()):
        if len(codes) > 1:
            c = g.countries[sorted(codes)[0]]
            problems.append(
                Problem(c.file, c.line, f"{text!r} names {' and '.join(sorted(codes))}", "warning")
            )
    return problems


def _check_terms(g: Gazetteer, today: date) -> list[Problem]:
    problems: list[Problem] = []

    def add(t: Term | OrgHead, message: str, severity: Severity = "error") -> None:
        problems.append(Problem(t.file, t.line, message, severity))

    seen: dict[tuple[Any, ...], Term] = {}
    for t in g.terms:
        if not _valid_person_id(t.id):
            add(t, f"id {t.id!r} is neither a QID (Q123) nor wf:<iso3>:<slug>")
        if t.country not in g.countries:
            add(t, f"unknown country {t.country!r} (not in countries.csv)")
        if t.end is not None and t.end < t.start:
            add(t, f"end {t.end} is before start {t.start}")
        if t.start > today:
            add(t, f"start {t.start} is in the future", "warning")
        if not t.title:
            add(t, "empty title", "warning")
        elif t.status == "elect" and not any(w in t.title.lower() for w in ("elect", "designate")):
            add(t, f"elect row with title {t.title!r} (want e.g. President-elect)", "warning")
        for alias in t.aliases:
            if alias.casefold() in COMMON_WORDS:
                add(t, f"alias {alias!r} is a common English word; use a longer form")
        key = (t.id, t.country, t.office, t.start, t.end, t.status)
        if key in seen:
            add(t, f"duplicate of {seen[key].file}:{seen[key].line}")
        else:
            seen[key] = t
    problems += _check_names(g)
    # The README keeps rows sorted by country, then start, so that diffs stay readable.
    for _, in_file in itertools.groupby(g.terms, key=lambda t: t.file):
        for before, after in itertools.pairwise(in_file):
            if (after.country, after.start) < (before.country, before.start):
                add(after, "row is out of order (sort by country, then start)", "warning")
                break
    # Overlaps between regular holders of one office; the handover day may be shared.
    groups: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for t in g.terms:
        if t.status == "" and (t.end is None or t.end >= t.start):
            groups[(t.country, t.office)].append(t)
    for (country, office), rows in sorted(groups.items()):
        rows.sort(key=lambda t: (t.start, t.line))
        active: list[Term] = []
        for t in rows:
            active = [a for a in active if a.end is None or a.end > t.start]
            for a in active:
                if seen.get((t.id, t.country, t.office, t.start, t.end, t.status)) is not t:
                    continue  # a duplicate row, reported once as such
                add(
                    t,
                    f"{country} {office}: {t.name} ({_span(t.start, t.end)}) overlaps "
                    f"{a.name} ({_span(a.start, a.end)}, {a.file}:{a.line})",
                )
            active.append(t)
    # An elect period ends when the term starts; overlapping it means a date is wrong.
    for person in g.persons.values():
        regular = [t for t in person.terms if t.status == ""]
        for e in (t for t in person.terms if t.status == "elect"):
            for r in regular:
                if r.country != e.country or r.office != e.office:
                    continue
                e_end = e.end or date.max
                r_end = r.end or date.max
                if e.start < r_end and r.start < e_end:
                    add(
                        e,
                        f"elect row ({_span(e.start, e.end)}) overlaps the term "
                        f"{_span(r.start, r.end)} at {r.file}:{r.line}",
                    )
    return problems


def _check_names(g: Gazetteer) -> list[Problem]:
    """One id, one person, one name; one person (name and country), one id."""
    problems: list[Problem] = []
    for person in g.persons.values():
        usual = next(t for t in person.terms if t.name == person.name)
        for t in person.terms:
            if t.name == person.name:
                continue
            if fold(t.name) == fold(person.name):
                message = f"{t.id} is spelt {t.name!r} here and {person.name!r} elsewhere"
            else:
                message = f"{t.id} is used for {t.name!r} here and for {person.name!r}"
            problems.append(Problem(t.file, t.line, f"{message} ({usual.file}:{usual.line})"))
    by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
    where: dict[tuple[str, str], Term] = {}
    for t in g.terms:
        key = (fold(t.name), t.country)
        by_name[key].add(t.id)
        where.setdefault(key, t)
    for key, ids in sorted(by_name.items()):
        if len(ids) > 1:
            t = where[key]
            problems.append(
                Problem(
                    t.file,
                    t.line,
                    f"{t.name!r} ({t.country}) has ids {', '.join(sorted(ids))}: one person?",
                    "warning",
                )
            )
    return problems


def _check_translations(g: Gazetteer) -> list[Problem]:
    """Names in other languages: known ids, one row per entity, no form on two entities."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str, str], Translation] = {}
    owners: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    first: dict[tuple[str, str, str], Translation] = {}
    for t in g.translations:
        known = t.id in g.persons if t.kind == "person" else t.id in g.countries
        if not known:
            what = "person id" if t.kind == "person" else "iso3"
            problems.append(Problem(t.file, t.line, f"unknown {what} {t.id!r}"))
        key = (t.language, t.kind, t.id)
        if key in seen:
            problems.append(
                Problem(t.file, t.line, f"second {t.kind} row for {t.id} (line {seen[key].line})")
            )
        seen.setdefault(key, t)
        for name in t.names:
            if len(name) < 2:
                problems.append(Problem(t.file, t.line, f"one-character name {name!r}"))
            if fold(name) in COMMON_WORDS:
                problems.append(Problem(t.file, t.line, f"{name!r} is a common English word"))
            form = (t.language, "person" if t.kind == "person" else "place", fold(name))
            owners[form].add(t.id)
            first.setdefault(form, t)
    for form, ids in sorted(owners.items()):
        if len(ids) > 1:
            t = first[form]
            problems.append(
                Problem(
                    t.file,
                    t.line,
                    f"{form[2]!r} names {', '.join(sorted(ids))}: the tagger leaves it out "
                    "unless the date tells them apart",
                    "warning",
                )
            )
    return problems


def _check_organisations(g: Gazetteer) -> list[Problem]:
    problems: list[Problem] = []
    for org in g.organisations.values():
        if not _ORG_ID.match(org.id):
            problems.append(
                Problem(org.file, org.line, f"organisation id {org.id!r} is not a slug")
            )
        if org.kind not in ORG_KINDS:
            problems.append(
                Problem(
                    org.file, org.line, f"unknown kind {org.kind!r}; want {', '.join(ORG_KINDS)}"
                )
            )
        for alias in org.aliases:
            if alias.casefold() in COMMON_WORDS:
                problems.append(Problem(org.file, org.line, f"alias {alias!r} is a common word"))
    # Full names and multi-word aliases of leaders, to give one person one id across files.
    leader_ids: dict[str, set[str]] = defaultdict(set)
    for person in g.persons.values():
        for text in (person.name, *person.aliases):
            if len(text.split()) > 1:
                leader_ids[fold(text)].add(person.id)
    names: dict[str, OrgHead] = {}
    seen: dict[tuple[Any, ...], OrgHead] = {}
    groups: dict[tuple[str, str], list[OrgHead]] = defaultdict(list)
    for h in g.org_heads:

        def add(message: str, severity: Severity = "error", h: OrgHead = h) -> None:
            problems.append(Problem(h.file, h.line, message, severity))

        if not (_valid_person_id(h.id) or _WF_ORG_ID.match(h.id)):
            add(f"id {h.id!r} is neither a QID nor wf:<iso3 or organisation>:<slug>")
        if h.organisation not in g.organisations:
            add(f"unknown organisation {h.organisation!r} (not in organisations.csv)")
        if h.end is not None and h.end < h.start:
            add(f"end {h.end} is before start {h.start}")
        for alias in h.aliases:
            if alias.casefold() in COMMON_WORDS:
                add(f"alias {alias!r} is a common English word; use a longer form")
        first = names.setdefault(h.id, h)
        if first.name != h.name:
            add(f"{h.id} is {h.name!r} here and {first.name!r} at line {first.line}")
        key = (h.id, h.organisation, h.title, h.start, h.end)
        if key in seen:
            add(f"duplicate of line {seen[key].line}")
            continue
        seen[key] = h
        others = leader_ids.get(fold(h.name), set())
        leader = g.persons.get(h.id)
        if len(others) == 1 and h.id not in others:
            add(f"{h.name!r} is the leader {others.pop()}; use the same id", "warning")
        elif leader is not None and fold(h.name) != fold(leader.name):
            add(f"{h.id} is {h.name!r} here and {leader.name!r} as a leader", "warning")
        if not h.title.lower().startswith(("acting", "interim")):
            groups[(h.organisation, h.title)].append(h)
    for rows in groups.values():
        rows.sort(key=lambda h: h.start)
        for before, after in itertools.pairwise(rows):
            if before.end is None or before.end > after.start:
                problems.append(
                    Problem(
                        after.file,
                        after.line,
                        f"{after.name} ({_span(after.start, after.end)}) overlaps "
                        f"{before.name} ({_span(before.start, before.end)}, line {before.line})",
                    )
                )
    return problems


def _months(first: date, last: date) -> Iterator[date]:
    day = date(first.year, first.month, 1)
    if day < first:
        day = _next_month(day)
    while day <= last:
        yield day
        day = _next_month(day)


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _ranges(days: Sequence[date], limit: int = 4) -> str:
    """Consecutive months as ranges: 1980-01..1983-06, 1990-02."""
    spans: list[tuple[date, date]] = []
    for day in days:
        if spans and _next_month(spans[-1][1]) == day:
            spans[-1] = (spans[-1][0], day)
        else:
            spans.append((day, day))
    text = [f"{a:%Y-%m}" if a == b else f"{a:%Y-%m}..{b:%Y-%m}" for a, b in spans[:limit]]
    if len(spans) > limit:
        text.append(f"and {len(spans) - limit} more")
    return ", ".join(text)


def _is_realm(iso3: str, day: date) -> bool:
    period = REALMS.get(iso3)
    return period is not None and period[0] <= day and (period[1] is None or day <= period[1])


def coverage(g: Gazetteer, *, today: date | None = None) -> list[Problem]:
    """Warnings for UN members without a head of state, or any leader, on monthly dates.

    A Commonwealth realm's head of state is the British monarch (GBR rows); a state that
    came into being after 1980 is due from its first day only (``STATE_SINCE``).
    """
    today = today or datetime.now(UTC).date()
    problems: list[Problem] = []
    for c in g.countries.values():
        if c.status != "member" or c.former:
            continue
        no_head: list[date] = []
        no_one: list[date] = []
        days = list(_months(max(COVERAGE_START, STATE_SINCE.get(c.iso3, COVERAGE_START)), today))
        for day in days:
            leaders = g.leaders_on(day, c.iso3)
            head = any(t.office == "head_of_state" for t in leaders)
            if not head and _is_realm(c.iso3, day):
                crown = [t for t in g.leaders_on(day, "GBR") if t.office == "head_of_state"]
                head = bool(crown)
                leaders = leaders or crown
            if not head:
                no_head.append(day)
            if not leaders:
                no_one.append(day)
        if no_one and len(no_one) == len(days):
            problems.append(Problem(c.file, c.line, f"{c.iso3}: no leader rows at all", "warning"))
            continue
        if no_head and no_head != no_one:
            problems.append(
                Problem(
                    c.file,
                    c.line,
                    f"{c.iso3}: no head_of_state on {len(no_head)} of {len(days)} monthly "
                    f"dates: {_ranges(no_head)}",
                    "warning",
                )
            )
        if no_one:
            problems.append(
                Problem(
                    c.file,
                    c.line,
                    f"{c.iso3}: no leader at all on {len(no_one)} of {len(days)} monthly "
                    f"dates: {_ranges(no_one)}",
                    "warning",
                )
            )
    return problems


# --- Wikidata import --------------------------------------------------------------------

_ENTITY = "http://www.wikidata.org/entity/"
#: Countries without a P298 code whose code the README fixes.
_EXTRA_ISO3 = {"Q1246": "XKX"}
_PRECISION = {9: "year", 10: "month"}
_TITLE_OF = re.compile(r"^(?P<title>.+?)\s+of\s+(?:the\s+)?\S.*$")


def import_wikidata(json_path: Path, *, warn: Callable[[str], None] | None = None) -> list[Term]:
    """Leader terms from a Wikidata Query Service JSON export of ``leaders.sparql``.

    Bindings without an ISO 3166-1 alpha-3 code, a person entity, an English label or a
    start date are skipped with a warning (``warn``, else the log). Repeated bindings of one
    statement are merged; an open-ended term followed by a later holder of the same office
    is closed on the successor's first day, with a note, since Wikidata often lacks P582.
    """
    say = warn or log.warning
    source = _display(json_path)
    try:
        document = orjson.loads(Path(json_path).read_bytes())
        bindings = document["results"]["bindings"]
    except (OSError, orjson.JSONDecodeError, KeyError, TypeError) as exc:
        raise UnusableInput(f"{source}: not a SPARQL JSON result: {exc}") from None
    merged: dict[tuple[str, str, str, date], Term] = {}
    for number, binding in enumerate(bindings, start=1):
        term = _binding_term(binding, source, number, say)
        if term is None:
            continue
        key = (term.id, term.country, term.office, term.start)
        if key in merged:
            old = merged[key]
            aliases = tuple(dict.fromkeys((*old.aliases, *term.aliases)))
            merged[key] = _replace(old, aliases=aliases, end=old.end or term.end)
        else:
            merged[key] = term
    terms = sorted(merged.values(), key=lambda t: (t.country, t.office, t.start, t.id))
    closed: list[Term] = []
    for i, term in enumerate(terms):
        after = next(
            (
                n
                for n in terms[i + 1 :]
                if (n.country, n.office) == (term.country, term.office)
                and n.start > term.start
                and n.id != term.id
            ),
            None,
        )
        if term.end is None and after is not None:
            note = "; ".join(filter(None, [term.note, "end inferred from successor's start"]))
            term = _replace(term, end=after.start, note=note)
        closed.append(term)
    return sorted(closed, key=lambda t: (t.country, t.start, t.office, t.id))


def _replace(term: Term, **changes: Any) -> Term:
    values = {name: getattr(term, name) for name in Term.__dataclass_fields__}
    values.update(changes)
    return Term(**values)


def _value(binding: dict[str, Any], name: str) -> str:
    cell = binding.get(name)
    return str(cell.get("value", "")).strip() if isinstance(cell, dict) else ""


def _wikidata_date(text: str) -> date | None:
    """``2012-05-07T00:00:00Z`` to a date; unknown values (blank nodes) give None."""
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})T", text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    try:
        return date(year, max(month, 1), max(day, 1))
    except ValueError:
        return None


def _binding_term(
    binding: dict[str, Any], source: str, number: int, say: Callable[[str], None]
) -> Term | None:
    where = f"{source}: binding {number}"
    person = _value(binding, "person")
    label = _value(binding, "personLabel")
    country_uri = _value(binding, "country")
    country_label = _value(binding, "countryLabel") or country_uri.removeprefix(_ENTITY)
    iso3 = _value(binding, "iso3").upper() or _EXTRA_ISO3.get(country_uri.removeprefix(_ENTITY), "")
    if not _ISO3.match(iso3):
        say(f"{where}: skipped {label or person}: no ISO 3166-1 alpha-3 code for {country_label}")
        return None
    if not person.startswith(_ENTITY) or not _QID.match(person.removeprefix(_ENTITY)):
        say(f"{where}: skipped: holder is not a Wikidata item ({person or 'missing'})")
        return None
    qid = person.removeprefix(_ENTITY)
    if not label or label == qid:
        say(f"{where}: skipped {qid}: no English label")
        return None
    office = _value(binding, "office")
    if office not in OFFICES:
        say(f"{where}: skipped {label}: office {office!r} is not one of {', '.join(OFFICES)}")
        return None
    start = _wikidata_date(_value(binding, "start"))
    if start is None:
        say(f"{where}: skipped {label} ({iso3} {office}): no start date")
        return None
    end = _wikidata_date(_value(binding, "end"))
    if end is not None and end < COVERAGE_START:
        say(f"{where}: skipped {label}: term ended {end}, before {COVERAGE_START}")
        return None
    notes = []
    for column, value in (("start", start), ("end", end)):
        precision = _PRECISION.get(_int(_value(binding, f"{column}Precision")))
        if value is not None and precision:
            notes.append(f"{column}: {precision} precision")
    aliases = []
    for alias in _value(binding, "personAltLabels").split("|"):
        alias = alias.strip()
        if not alias or alias == label or alias in aliases:
            continue
        if alias.casefold() in COMMON_WORDS:
            say(f"{where}: dropped alias {alias!r} of {label}: a common English word")
            continue
        aliases.append(alias)
    position = _value(binding, "positionLabel")
    match = _TITLE_OF.match(position)
    title = match["title"] if match else position
    if not title:
        title = "Head of State" if office == "head_of_state" else "Head of Government"
    notes.append(f"imported from Wikidata {qid}")
    return Term(
        id=qid,
        name=label,
        aliases=tuple(aliases),
        country=iso3,
        office=office,
        title=title,
        start=start,
        end=end,
        status="",
        note="; ".join(notes),
        file=source,
        line=number,
    )


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def write_leaders_csv(terms: Iterable[Term], path: Path) -> Path:
    """Write terms as a leaders file in the README format, sorted by country and start."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = sorted(terms, key=lambda t: (t.country, t.start, t.office, t.id))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(LEADER_COLUMNS)
        for t in rows:
            writer.writerow(
                [
                    t.id,
                    t.name,
                    "|".join(t.aliases),
                    t.country,
                    t.office,
                    t.title,
                    t.start.isoformat(),
                    t.end.isoformat() if t.end else "",
                    t.status,
                    t.note,
                ]
            )
    return path


# --- command line -----------------------------------------------------------------------


def check_command(directory: Path | None = None) -> int:
    """``wirefeed gazetteer check``: errors, then warnings, then a summary; 1 on errors."""
    g = Gazetteer.load(directory or DEFAULT_DIR, strict=False)
    problems = check(g)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    for problem in errors:
        print(problem)
    if warnings:
        if errors:
            print()
        for problem in warnings:
            print(problem)
    print(
        f"gazetteer {_display(g.directory)}: {len(g.countries)} countries, "
        f"{len(g.persons)} persons, {len(g.terms)} terms, {len(g.organisations)} organisations, "
        f"{len(g.org_heads)} organisation heads, names in {len(g.languages())} more "
        f"languages ({len(g.translations)} rows); loaded in {g.load_ms:.0f} ms; "
        f"{len(errors)} errors, {len(warnings)} warnings"
    )
    return 1 if errors else 0


def import_command(json_path: Path, out: Path | None = None) -> int:
    """``wirefeed gazetteer import``: write ``<out>/leaders/wikidata-import.csv``."""
    if not Path(json_path).is_file():
        raise UnusableInput(f"no such file: {json_path}")
    skipped: list[str] = []

    def warn(message: str) -> None:
        skipped.append(message)
        print(f"wirefeed: {message}", file=sys.stderr)

    terms = import_wikidata(json_path, warn=warn)
    path = write_leaders_csv(terms, (out or DEFAULT_DIR) / "leaders" / "wikidata-import.csv")
    print(f"{_display(path)}: {len(terms)} terms, {len(skipped)} warnings")
    return 0
