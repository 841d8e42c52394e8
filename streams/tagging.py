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
from streams.lexicons import TAG_CUES, TagCues
from streams.records import Entity, TaggedItem, UniqueItem

__all__ = ["Tagger", "capitalised", "fold_chars", "item_date", "tagged_text"]

_PERSON = ("person_name", "person_alias")
_COUNTRY = ("country_name", "country_alias", "demonym", "capital", "seat")
_ORG = ("org_name", "org_alias")
#: "Latin American", "South African" are regions or other states, not America or Africa.
_REGION = re.compile(r"\b(?:latin|south|central|north|pan|anglo|afro)[ -]$")
#: A name that goes on with another capitalised word (not a day, month or title).
_NAME_GOES_ON = re.compile(r" (?:[A-Z][a-z]+|[A-Z]\.)")
_NAME_STOPS = re.compile(
    r" (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|"
    r"Jul|Aug|Sept?|Oct|Nov|Dec|And|The|In|On|At|Of|For|To|With|But|Said|Says|Is|Was|Has|"
    r"Had|Will|Would|Met|Meets|Told|Spoke|Administration|Government|Cabinet)\b"
)
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
#: Family name first in English copy too ("Xi Jinping", "Moon Jae-in", "Nguyen Phu Trong").
_FAMILY_FIRST = frozenset({"CHN", "TWN", "KOR", "PRK", "VNM", "KHM", "MNG", "HKG", "MAC"})
#: Seats of power standing for one office ("the Kremlin said" = the Russian president).
_SEAT_OFFICE = {
    "the kremlin": "head_of_state",
    "the white house": "head_of_state",
    "the oval office": "head_of_state",
    "the elysee": "head_of_state",
    "elysee palace": "head_of_state",
    "matignon": "head_of_government",
    "hotel matignon": "head_of_government",
    "downing street": "head_of_government",
    "number 10": "head_of_government",
    "no. 10": "head_of_government",
    "the blue house": "head_of_state",
    "cheong wa dae": "head_of_state",
    "the kantei": "head_of_government",
    "kantei": "head_of_government",
}
_SEAT_SPEAKS = re.compile(
    r"(?:'s)?\s+(?:also\s+|later\s+|on \w+\s+)?"
    r"(?:said|says|announced|confirmed|stated|reported|added|noted|tweeted|wrote)\b"
)
_TITLED = re.compile(
    r"\b(?P<title>President|Prime Minister|Premier|Chancellor|King|Queen|Emir|Sultan|"
    r"Mr|Mrs|Ms|Madam)\.?\s+(?P<name>[A-Z][\w'-]+)"
)
_COUNTERPART = re.compile(
    r"\b(?:[Hh]is|[Hh]er|[Tt]heir|[Tt]he)\s+(?P<demonym>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)\s+"
    r"counterparts?\b"
)
#: How far back (characters) "the two leaders" looks for the leaders it means.
_PAIR_REACH = 400
_TWO = re.compile(
    r"\b(?:[Tt]he two|[Bb]oth) (?:(?P<role>presidents|prime ministers|premiers|chancellors)|"
    r"leaders|heads of state|heads of government)\b"
)
_MONARCH_WORDS = ("king", "queen", "emperor", "grand duke", "prince", "sultan", "emir")
_INDIRECT = re.compile(
    r"\b(?:the|[Hh]is|[Hh]er|[Tt]heir)\s+(?P<demonym>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)\s+"
    r"(?P<role>president|prime minister|premier|chancellor|king|queen|emir)\b"
    r"(?![- ]?elect\b|[- ]designate\b)"  # "the Iranian president-elect" is not in office
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
    if len(low) != 1:  # "İ" lowers to "i" and a combining dot: keep the letter
        low = unicodedata.normalize("NFKD", c)[0].lower()
    base = unicodedata.normalize("NFKD", low)[0]
    return base if base.isalnum() or not low.isalnum() else low


class _FoldTable(dict[int, str]):
    """str.translate table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold_chars(text: str) -> str:
    """The text folded character by character: same length, so offsets carry over."""
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD_TABLE)


def capitalised(text: str, start: int, end: int) -> bool:
    """Whether a match starts with a capital letter (after a leading "the")."""
    first = start + 4 if text[start : start + 4].lower() == "the " and end > start + 4 else start
    return text[first].isupper()


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    forms: tuple[tuple[str, str], ...]  # (kind, entity id)


def _unspaced(c: str) -> bool:
    """A character of a script written without spaces between words (CJK, kana, Thai)."""
    o = ord(c)
    return (
        0x3040 <= o <= 0x30FF
        or 0x3400 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0x0E00 <= o <= 0x0E7F
    )


def _cased(c: str) -> bool:
    return c.isupper() or c.islower()


#: The payload of one automaton key: its length, its forms (kind, entity id), and whether
#: the form may stand in lower case ("russe" in French copy).
_Payload = tuple[int, tuple[tuple[str, str], ...], bool]


class Tagger:
    """Finds leaders, countries and organisations in an item (see the module docstring)."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer
        #: One automaton per language: English forms, plus the language's own. English
        #: items use the English one alone, so other languages cost them nothing.
        self._automata: dict[str, Any] = {}
        self._patterns: dict[str, set[tuple[str, str]]] | None = None
        #: language -> folded form -> (kind, entity id); and the forms written in lower case.
        self._local: dict[str, dict[str, set[tuple[str, str]]]] | None = None
        self._lower: set[tuple[str, str]] = set()
        self._by_family: dict[date, dict[str, list[Term]]] = {}

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.load()
        return self._gazetteer

    def _forms(self) -> dict[str, set[tuple[str, str]]]:
        if self._patterns is None:
            forms: dict[str, set[tuple[str, str]]] = {}
            for text, kind, entity in self.gazetteer.surface_forms():
                if kind in ("org_head_name", "org_head_alias") or len(text) < 2:
                    continue
                forms.setdefault(fold_chars(text), set()).add((kind, entity))
            self._patterns = forms
        return self._patterns

    def _local_forms(self) -> dict[str, dict[str, set[tuple[str, str]]]]:
        if self._local is None:
            local: dict[str, dict[str, set[tuple[str, str]]]] = {}
            for language in self.gazetteer.languages():
                forms = local.setdefault(language, {})
                for text, kind, entity in self.gazetteer.language_forms(language):
                    if len(text) < 2:
                        continue
                    key = fold_chars(text)
                    forms.setdefault(key, set()).add((kind, entity))
                    if _cased(text[0]) and not text[0].isupper():
                        self._lower.add((language, key))
            self._local = local
        return self._local

    def patterns(self) -> list[str]:
        """Every folded English surface form the automaton holds."""
        return sorted(self._forms())

    def warm(self, language: str = "en") -> None:
        """Build the automaton of a language now rather than on its first item."""
        self._automaton_for(language)

    def _automaton_for(self, language: str) -> Any:
        found = self._automata.get(language)
        if found is None:
            base = self._forms()
            own = self._local_forms().get(language, {}) if language != "en" else {}
            found = ahocorasick.Automaton()
            for key in set(base).union(own):
                forms = tuple(sorted(base.get(key, set()) | own.get(key, set())))
                payload: _Payload = (len(key), forms, (language, key) in self._lower)
                found.add_word(key, payload)
            found.make_automaton()
            self._automata[language] = found
        return found

    def _candidates(
        self, text: str, *, regions: bool = True, language: str | None = None
    ) -> list[_Match]:
        """Matches on word boundaries that start with a capital, overlaps and all.

        ``regions`` drops "American" in "Latin American" (a rule of ours, not of matching).
        In an item of another language its own names count too, with its rules: no word
        boundaries in Chinese, Arabic's attached prefixes, Russian case endings, a
        lower-case demonym where the language writes one so.
        """
        folded = fold_chars(text)
        found: list[_Match] = []
        local = language is not None and language in TAG_CUES
        cues = TAG_CUES[language] if language is not None and local else None
        automaton = self._automaton_for(language if local and language else "en")
        payload: _Payload
        for end_index, payload in automaton.iter(folded):
            length, forms, lower_ok = payload
            start, end = end_index - length + 1, end_index + 1
            if (
                start > 0
                and folded[start - 1].isalnum()
                and not (local and self._joined_before(folded, start, cues))
            ):
                continue
            if (
                end < len(text)
                and folded[end].isalnum()
                and not (local and self._joined_after(folded, end, cues))
            ):
                continue
            if not (
                lower_ok
                or capitalised(text, start, end)
                or (local and not _cased(text[start]))  # Arabic, Chinese: no capitals
            ):
                continue
            if not (regions and _REGION.search(folded, 0, start)):
                found.append(_Match(start, end, forms))
        return found

    @staticmethod
    def _joined_before(folded: str, start: int, cues: TagCues | None) -> bool:
        """A word character before the match that does not part it from the name:
        Chinese has no spaces; Arabic writes "and", "with", "the" onto the next word."""
        if _unspaced(folded[start - 1]) or _unspaced(folded[start]):
            return True
        if cues is None or not cues.prefixes:
            return False
        begin = start
        while begin > 0 and folded[begin - 1].isalnum():
            begin -= 1
        return folded[begin:start] in cues.prefixes

    @staticmethod
    def _joined_after(folded: str, end: int, cues: TagCues | None) -> bool:
        """A word character after the match that ends the name's word: "Путин|ым", "Putin|s"."""
        if _unspaced(folded[end]) or _unspaced(folded[end - 1]):
            return True
        if cues is None or not cues.name_endings:
            return False
        stop = end
        while stop < len(folded) and folded[stop].isalnum():
            stop += 1
        return folded[end:stop] in cues.name_endings

    def candidate_spans(self, text: str, language: str | None = None) -> list[tuple[int, int]]:
        """(start, end) of every candidate match, before the longest-match rule."""
        return [(m.start, m.end) for m in self._candidates(text, regions=False, language=language)]

    def _matches(self, text: str, language: str | None = None) -> list[_Match]:
        found = self._candidates(text, language=language)
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
        language = item.language if item.language in TAG_CUES else None
        matches = self._matches(text, language)
        starts = {m.start for m in matches}
        headline_end = len(item.headline) if item.headline else -1
        for m in matches:
            kinds = {kind for kind, _ in m.forms}
            people = sorted({e for k, e in m.forms if k in _PERSON})
            if (
                people
                and m.start > headline_end  # headlines capitalise every word
                and _NAME_GOES_ON.match(text, m.end)
                and not _NAME_STOPS.match(text, m.end)
                and m.end + 1 not in starts  # "Presidents Merkel Macron" lists two names
            ):
                # "Juan Carlos Pugliese" is not King Juan Carlos: the name goes on.
                continue
            if people:
                chosen = self._person_on(people, day)
                if chosen is None or (
                    " " not in text[m.start : m.end].strip()
                    and not g.role_on(chosen, day)
                    and not g.elect_on(chosen, day)
                ):
                    # A shared name, or a bare family name of someone out of office ("Abe"
                    # in 1987 is not Shinzo Abe): only after the full name in the item.
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
        mentioned = self._mentioned(entities, day)
        for m, people in ambiguous:
            # "Bush" after "George H. W. Bush" in the same item; else the one in office
            # in a country the item mentions; else nobody.
            earlier = [p for p in people if p in named]
            if len(earlier) != 1:
                earlier = [
                    p
                    for p in people
                    if (t := g.role_on(p, day) or g.elect_on(p, day)) and t.country in mentioned
                ]
            if len(earlier) == 1:
                entities.append(self._person_entity(earlier[0], text, m, day))
        cues = TAG_CUES.get(language or "en")
        if cues is None:
            entities.extend(self._indirect(text, day, entities))
            entities.extend(self._short_names(text, day, entities))
            entities.extend(self._counterparts(text, day, entities))
            entities.extend(self._seats(text, day, entities))
            entities.extend(self._pairs(text, entities))
        else:
            entities.extend(self._local_indirect(text, day, entities, cues))
            entities.extend(self._local_counterparts(text, day, entities, cues))
            entities.extend(self._pairs(text, entities, cues.two))
        entities.sort(key=lambda e: (e.start, e.kind != "country"))
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

    def _leader_entity(self, term: Term, text: str, start: int, end: int) -> Entity:
        person = self.gazetteer.persons[term.id]
        return Entity(
            entity_id=term.id,
            kind="person",
            text=text[start:end],
            start=start,
            end=end,
            name=person.name,
            qid=term.id if re.fullmatch(r"Q\d+", term.id) else None,
            country=term.country,
            role=term.title,
        )

    @staticmethod
    def _free(span: tuple[int, int], found: list[Entity]) -> bool:
        """Whether no person is tagged on any of the span."""
        return not any(e.kind == "person" and e.start < span[1] and span[0] < e.end for e in found)

    def _short_names(self, text: str, day: date, found: list[Entity]) -> list[Entity]:
        """A family name standing alone: after the full name, or after a title.

        "Gandhi" after "Rajiv Gandhi" is him, whichever other Gandhi there was; "President
        Moon" is the president on the date whose family name is Moon, if only one is.
        """
        out: list[Entity] = []
        mentioned = self._mentioned(found, day)
        named: dict[str, set[str]] = {}
        for e in found:
            if e.kind == "person" and " " in e.text:
                named.setdefault(self._family(e.entity_id, e.country), set()).add(e.entity_id)
        if named:
            first_seen = {e.entity_id: e.start for e in found if e.kind == "person"}
            for word in re.finditer(r"[A-Z][\w'-]+", text):
                key = fold_chars(word.group(0))
                people = named.get(key)
                if not people or len(people) != 1 or not self._free(word.span(), found + out):
                    continue
                pid = next(iter(people))
                if first_seen[pid] < word.start():
                    out.append(self._person_entity(pid, text, _Match(*word.span(), ()), day))
        for hit in _TITLED.finditer(text):
            span = hit.span("name")
            if not self._free(span, found + out):
                continue
            key = fold_chars(hit.group("name"))
            title = hit.group("title").lower()
            courtesy = title in ("mr", "mrs", "ms", "madam")
            terms = [
                t
                for t in self._families_on(day).get(key, ())
                if (courtesy or title in t.title.lower())
                # "Mr Johnson" could be anyone: only a leader of a country named here.
                and (not courtesy or t.country in mentioned)
            ]
            if len({t.id for t in terms}) == 1:
                out.append(self._leader_entity(terms[0], text, *span))
        return out

    @staticmethod
    def _mentioned(found: list[Entity], day: date) -> set[str]:
        """Countries the item names, itself or through a leader tagged in it."""
        return {e.country for e in found if e.country and (e.kind == "country" or e.role)}

    def _families_on(self, day: date) -> dict[str, list[Term]]:
        """Leaders on the date by family name (kept for the last few dates seen)."""
        found = self._by_family.get(day)
        if found is None:
            found = {}
            for t in self.gazetteer.leaders_on(day):
                found.setdefault(self._family(t.id, t.country), []).append(t)
            if len(self._by_family) >= 64:
                self._by_family.pop(next(iter(self._by_family)))
            self._by_family[day] = found
        return found

    def _family(self, pid: str, country: str | None) -> str:
        words = fold_chars(self.gazetteer.persons[pid].name).split()
        return words[0] if country in _FAMILY_FIRST else words[-1]

    def _counterparts(self, text: str, day: date, found: list[Entity]) -> list[Entity]:
        """ "his U.S. counterpart": the holder of the last named leader's office there.

        A monarch is nobody's counterpart unless the other one is a monarch too; a
        prime minister's British counterpart is the British prime minister.
        """
        out: list[Entity] = []
        for hit in _COUNTERPART.finditer(text):
            before = [e for e in found if e.kind == "person" and e.role and e.end <= hit.start()]
            countries = [
                e.entity_id
                for e in found
                if e.kind == "country" and (e.start, e.end) == hit.span("demonym")
            ]
            if not before or len(countries) != 1 or not self._free(hit.span(), found):
                continue
            term = self._counterpart(before[-1].entity_id, countries[0], day)
            if term is not None:
                out.append(self._leader_entity(term, text, *hit.span()))
        return out

    def _counterpart(self, leader: str, iso3: str, day: date) -> Term | None:
        """The holder in ``iso3`` of the office ``leader`` holds on the day, if just one."""
        anchor = self.gazetteer.role_on(leader, day)
        if anchor is None or anchor.country == iso3:
            return None
        holders = self.gazetteer.leaders_on(day, iso3)
        if not self._is_monarch(anchor):
            holders = [t for t in holders if not self._is_monarch(t)]
        same = [t for t in holders if t.office == anchor.office] or holders
        return same[0] if len({t.id for t in same}) == 1 else None

    @staticmethod
    def _is_monarch(term: Term) -> bool:
        return any(w in term.title.lower() for w in _MONARCH_WORDS)

    def _seats(self, text: str, day: date, found: list[Entity]) -> list[Entity]:
        """ "the Kremlin said": the seat speaks for the office holder on the date."""
        out: list[Entity] = []
        for e in found:
            office = _SEAT_OFFICE.get(fold_chars(e.text))
            if e.kind != "country" or office is None:
                continue
            if not _SEAT_SPEAKS.match(text, e.end):
                continue
            holders = [t for t in self.gazetteer.leaders_on(day, e.entity_id) if t.office == office]
            if len({t.id for t in holders}) == 1:
                out.append(self._leader_entity(holders[0], text, e.start, e.end))
        return out

    def _local_indirect(
        self, text: str, day: date, found: list[Entity], cues: TagCues
    ) -> list[Entity]:
        """ "le président russe", "президент России", "法国总统": the holder on the date."""
        out: list[Entity] = []
        for e in found:
            if e.kind != "country":
                continue
            after = cues.role_after.match(text, e.end)
            before = cues.role_before.search(text, max(0, e.start - 40), e.start)
            for hit, span in (
                (after, (e.start, after.end()) if after else None),
                (before, (before.start(), e.end) if before else None),
            ):
                if hit is None or span is None or not self._free(span, found + out):
                    continue
                if cues.elect.search(text, max(0, span[0] - 20), min(len(text), span[1] + 15)):
                    break  # "le président élu du Brésil": not who holds the office now
                role = self._role_word(hit.group("role"), cues)
                term = self._holder(e.entity_id, role, day) if role else None
                if term is not None:
                    out.append(self._leader_entity(term, text, *span))
                    break
        return out

    @staticmethod
    def _role_word(said: str, cues: TagCues) -> str | None:
        """The English title word for a role word as written ("президентом" -> president)."""
        low = said.lower()
        best = max((k for k in cues.roles if low.startswith(k)), key=len, default=None)
        return cues.roles[best] if best is not None else None

    def _local_counterparts(
        self, text: str, day: date, found: list[Entity], cues: TagCues
    ) -> list[Entity]:
        """ "son homologue russe", "seinem russischen Amtskollegen", "نظيره الروسي"."""
        out: list[Entity] = []
        for e in found:
            if e.kind != "country":
                continue
            before = cues.counterpart_before.search(text, max(0, e.start - 30), e.start)
            if before is None:
                continue
            end = e.end
            if cues.counterpart_after is not None:
                after = cues.counterpart_after.match(text, e.end)
                if after is None:
                    continue
                end = after.end()
            span = (before.start(), end)
            leaders = [p for p in found if p.kind == "person" and p.role and p.end <= span[0]]
            if not leaders or not self._free(span, found + out):
                continue
            term = self._counterpart(leaders[-1].entity_id, e.entity_id, day)
            if term is not None:
                out.append(self._leader_entity(term, text, *span))
        return out

    def _pairs(
        self, text: str, found: list[Entity], pattern: re.Pattern[str] = _TWO
    ) -> list[Entity]:
        """ "the two leaders", "both presidents": the last two leaders of two states named
        before, one entity each on the same span."""
        out: list[Entity] = []
        english = pattern is _TWO
        for hit in pattern.finditer(text):
            role = (hit.groupdict().get("role") or "").lower()
            if english:
                word = {"premiers": "premier", "prime ministers": "prime minister"}.get(
                    role, role.rstrip("s")
                )
            else:
                word = "president" if role else ""
            picked: list[Entity] = []
            for e in sorted(found, key=lambda e: e.start, reverse=True):
                if e.kind != "person" or not e.role or e.end > hit.start():
                    continue
                if hit.start() - e.end > _PAIR_REACH:
                    break
                if word and word not in e.role.lower():
                    continue
                if all(p.country != e.country for p in picked):
                    picked.append(e)
                if len(picked) == 2:
                    break
            if len(picked) == 2:
                out.extend(
                    Entity(
                        **{
                            **e.asdict(),
                            "text": hit.group(0),
                            "start": hit.start(),
                            "end": hit.end(),
                        }
                    )
                    for e in reversed(picked)
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
