"""Entity tagging (``wire.unique`` -> ``wire.tagged``): leaders, countries, organisations.

One Aho-Corasick automaton (pyahocorasick) holds every surface form of the gazetteer,
matched case-insensitively and without accents over a copy of the text of equal length,
so that offsets are offsets into the item's text. Offsets count in
``headline + "\\n\\n" + body`` (:func:`tagged_text`). Rules:

- A match must stand on word boundaries and start with a capital letter (after a leading
  "the"), so that common words ("bush", "may") never match as names.
- The longest match wins over the shorter ones it overlaps.
- A person is given the role held on the item's date (dateline date if any, else the
  publication time, else receipt): "President", "President-elect" (not a leader), or no
  role (out of office). A name that several people share resolves to the one in office on
  the date; failing that, to one named in full earlier in the item; else it is left out.
- A place or seat of power that several countries share (Moscow: Russia and the Soviet
  Union) resolves to the one that existed on the date, else it is left out.
- "the Russian president", "the French prime minister" resolve to the holder on the date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

import ahocorasick

from streams.gazetteer import Gazetteer, Term
from streams.records import Entity, TaggedItem, UniqueItem

__all__ = ["Tagger", "item_date", "tagged_text"]

_PERSON = ("person_name", "person_alias")
_COUNTRY = ("country_name", "country_alias", "demonym", "capital", "seat")
_ORG = ("org_name", "org_alias")
#: Former states by the last day they existed (a date after it means the successor).
_ENDED = {"SUN": date(1991, 12, 26), "YUG": date(1992, 4, 27), "CSK": date(1992, 12, 31)}
_ROLE_WORDS = {
    "president": ("president",),
    "prime minister": ("prime minister",),
    "premier": ("prime minister", "premier"),
    "chancellor": ("chancellor",),
    "king": ("king",),
    "queen": ("queen",),
    "emir": ("emir",),
}
_INDIRECT = re.compile(
    r"\b(?:the|[Hh]is|[Hh]er|[Tt]heir)\s+(?P<demonym>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)\s+"
    r"(?P<role>president|prime minister|premier|chancellor|king|queen|emir)\b"
)


def tagged_text(item: UniqueItem) -> str:
    """The text entity offsets count in."""
    return f"{item.headline}\n\n{item.body}" if item.headline else item.body


def item_date(item: UniqueItem) -> date:
    """The date roles are taken on: the dateline's, else publication, else receipt."""
    dateline = getattr(item, "dateline", None)
    parsed = getattr(dateline, "date", None) if dateline is not None else None
    if isinstance(parsed, date):
        return parsed
    when = item.published_at or item.received_at
    return when.date()


def _fold_char(c: str) -> str:
    """One character folded to one: lower case, accents off (keeps offsets aligned)."""
    low = c.lower()
    if len(low) != 1:
        low = c
    base = unicodedata.normalize("NFKD", low)[0]
    return base if base.isalnum() or not low.isalnum() else low


def _fold(text: str) -> str:
    return "".join(_fold_char(c) for c in text)


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    forms: tuple[tuple[str, str], ...]  # (kind, entity id)


class Tagger:
    """Finds leaders, countries and organisations in an item (see the module docstring)."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer
        self._automaton: Any = None

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.load()
        return self._gazetteer

    def _build(self) -> Any:
        forms: dict[str, set[tuple[str, str]]] = {}
        for text, kind, entity in self.gazetteer.surface_forms():
            if kind in ("org_head_name", "org_head_alias") or len(text) < 2:
                continue
            forms.setdefault(_fold(text), set()).add((kind, entity))
        automaton = ahocorasick.Automaton()
        for key, found in forms.items():
            automaton.add_word(key, (len(key), tuple(sorted(found))))
        automaton.make_automaton()
        return automaton

    def _matches(self, text: str) -> list[_Match]:
        if self._automaton is None:
            self._automaton = self._build()
        folded = _fold(text)
        found: list[_Match] = []
        for end_index, (length, forms) in self._automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            if start > 0 and folded[start - 1].isalnum():
                continue
            if end < len(text) and folded[end].isalnum():
                continue
            first = start + 4 if folded.startswith("the ", start) and end > start + 4 else start
            if not text[first].isupper():
                continue
            found.append(_Match(start, end, forms))
        # Longest first, then leftmost; drop what overlaps a kept match.
        found.sort(key=lambda m: (-(m.end - m.start), m.start))
        kept: list[_Match] = []
        for m in found:
            if all(m.end <= k.start or m.start >= k.end for k in kept):
                kept.append(m)
        return sorted(kept, key=lambda m: m.start)

    def tag(self, item: UniqueItem) -> TaggedItem:
        """The item with its entities."""
        text = tagged_text(item)
        day = item_date(item)
        g = self.gazetteer
        entities: list[Entity] = []
        ambiguous: list[tuple[_Match, list[str]]] = []
        named: set[str] = set()
        for m in self._matches(text):
            kinds = {kind for kind, _ in m.forms}
            people = sorted({e for k, e in m.forms if k in _PERSON})
            if people:
                chosen = self._person_on(people, day)
                if chosen is None:
                    ambiguous.append((m, people))
                    continue
                if any(k == "person_name" for k, e in m.forms if e == chosen):
                    named.add(chosen)
                entities.append(self._person_entity(chosen, text, m, day))
            elif kinds & set(_COUNTRY):
                countries = sorted({e for k, e in m.forms if k in _COUNTRY})
                iso3 = self._country_on(countries, day)
                if iso3 is not None:
                    entities.append(self._country_entity(iso3, text, m))
            elif kinds & set(_ORG):
                orgs = sorted({e for k, e in m.forms if k in _ORG})
                if len(orgs) == 1:
                    org = g.organisations[orgs[0]]
                    entities.append(
                        Entity(
                            entity_id=org.id,
                            kind="organisation",
                            text=text[m.start : m.end],
                            start=m.start,
                            end=m.end,
                            name=org.name,
                        )
                    )
        for m, people in ambiguous:  # "Bush" after "George H. W. Bush" in the same item
            earlier = [p for p in people if p in named]
            if len(earlier) == 1:
                entities.append(self._person_entity(earlier[0], text, m, day))
        entities.extend(self._indirect(text, day, entities))
        entities.sort(key=lambda e: e.start)
        return TaggedItem(**item.asdict(), entities=entities)

    def _person_on(self, people: list[str], day: date) -> str | None:
        g = self.gazetteer
        in_office = [p for p in people if g.role_on(p, day) or g.elect_on(p, day)]
        if len(in_office) == 1:
            return in_office[0]
        if len(people) == 1 and not in_office:
            return people[0]
        return None

    def _country_on(self, countries: list[str], day: date) -> str | None:
        live = [c for c in countries if c not in _ENDED or day <= _ENDED[c]]
        successors = [c for c in live if c not in _ENDED]
        if len(live) > 1 and len(successors) < len(live):
            # Both a former state and its successor: the former one while it existed.
            former = [c for c in live if c in _ENDED]
            live = former if len(former) == 1 else live
        return live[0] if len(live) == 1 else None

    def _person_entity(self, pid: str, text: str, m: _Match, day: date) -> Entity:
        g = self.gazetteer
        person = g.persons[pid]
        term = g.role_on(pid, day)
        role = term.title if term else None
        country = term.country if term else None
        if term is None:
            elect = g.elect_on(pid, day)
            if elect is not None:
                title = elect.title
                role = title if title.lower().endswith("elect") else f"{title}-elect"
                country = elect.country
            elif person.terms:
                country = person.terms[-1].country
        return Entity(
            entity_id=pid,
            kind="person",
            text=text[m.start : m.end],
            start=m.start,
            end=m.end,
            name=person.name,
            qid=pid if re.fullmatch(r"Q\d+", pid) else None,
            country=country,
            role=role,
        )

    def _country_entity(self, iso3: str, text: str, m: _Match) -> Entity:
        country = self.gazetteer.countries[iso3]
        return Entity(
            entity_id=iso3,
            kind="country",
            text=text[m.start : m.end],
            start=m.start,
            end=m.end,
            name=country.name,
            country=iso3,
        )

    def _indirect(self, text: str, day: date, found: list[Entity]) -> list[Entity]:
        """ "the Russian president": the holder of that title on the date."""
        out: list[Entity] = []
        taken = {(e.start, e.end) for e in found if e.kind == "person"}
        for hit in _INDIRECT.finditer(text):
            span = (hit.start(), hit.end())
            if any(s < span[1] and span[0] < e for s, e in taken):
                continue
            countries = [
                e.entity_id
                for e in found
                if e.kind == "country" and (e.start, e.end) == hit.span("demonym")
            ]
            if len(countries) != 1:
                continue
            term = self._holder(countries[0], hit.group("role"), day)
            if term is None:
                continue
            person = self.gazetteer.persons[term.id]
            out.append(
                Entity(
                    entity_id=term.id,
                    kind="person",
                    text=hit.group(0),
                    start=hit.start(),
                    end=hit.end(),
                    name=person.name,
                    qid=term.id if re.fullmatch(r"Q\d+", term.id) else None,
                    country=term.country,
                    role=term.title,
                )
            )
        return out

    def _holder(self, iso3: str, role: str, day: date) -> Term | None:
        words = _ROLE_WORDS.get(role, (role,))
        holders = [
            t
            for t in self.gazetteer.leaders_on(day, iso3)
            if any(w in t.title.lower() for w in words)
        ]
        return holders[0] if len({t.id for t in holders}) == 1 else None
