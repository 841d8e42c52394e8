"""Contact detection (``wire.tagged`` -> ``contacts.events``): leaders meeting leaders.

Rules over the tagged text, sentence by sentence (the field's coders work the same way,
with dictionaries of verbs and actors; what they miss is checked here: roles on the
event's date, recalled contacts, negation):

1. A sentence with a contact word (call, met, talks, visit, summit, letter, video
   conference...) and no negation of it ("did not meet", "called off").
2. Its participants: the leaders tagged in it, less those who only send someone ("Xi's
   envoy met Trump"). With one leader, "the two leaders" and the like take the other
   from the sentences before; a visit to a country takes its counterpart there as host.
   Leaders of one state never make a contact.
3. Its status: ``planned`` on future or intent ("will meet", "is expected to visit",
   "invited ... to visit", a date to come), ``past_reference`` when its date lies more
   than ten days before the item's, else ``occurred``.
4. Its date: the day the sentence names ("on Saturday" against the dateline), else none.
   Every participant must lead a state on that day (or on the item's, when undated):
   Trump in November 2016 was president-elect, so no contact.

One item gives at most one event per pair, type and status; later sentences about the
same contact add evidence and give a date if the first did not.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from streams.dates import When, anchor_date, find_dates
from streams.gazetteer import Gazetteer, Term, fold
from streams.lexicons import CONTACT_CUES, DATE_WORDS, ContactCues
from streams.records import ContactEvent, Entity, Evidence, Participant, TaggedItem
from streams.tagging import item_date, tagged_text

__all__ = ["ContactDetector", "event_key", "sentences"]

#: How far (characters) a contact word may stand from a leader's name and still be theirs.
_NEAR = 90
#: A recalled contact: its date ends this long before the item's.
PAST_AFTER = timedelta(days=10)

_W = r"(?:\w+\s+){0,3}"
#: Contact words by type, most specific first: a "phone call" is not a "meeting".
_TRIGGERS: list[tuple[str, re.Pattern[str]]] = [
    (
        "video_call",
        re.compile(
            r"\b(?:video[- ]?(?:call|conference|conferencing|link|talks?|chat)s?|"
            r"videoconferenc\w*|virtual (?:meeting|summit|talks))\b",
            re.I,
        ),
    ),
    (
        "phone_call",
        re.compile(
            r"\b(?:(?:tele)?phone[ds]?|(?:tele)?phone (?:call|conversation|talks?)s?|"
            r"by (?:tele)?phone|on the (?:tele)?phone|spoke by|"
            r"(?:a|the|their|his|her) (?:\w+ )?call|calls? (?:with|between))\b",
            re.I,
        ),
    ),
    (
        "letter",
        re.compile(
            r"\b(?:letters?|messages?|congratulat\w+|condolences?|telegrams?|"
            r"cables? of congratulation|wrote to|written to|greetings)\b",
            re.I,
        ),
    ),
    ("summit", re.compile(r"\bsummit(?:s|ry)?\b", re.I)),
    (
        "visit",
        re.compile(
            r"\b(?:visit|visits|visited|(?:is|was|while|on|when) visiting|visiting (?-i:(?=[a-z]))|"
            r"trip|tour|arrived in|arrives in|arrive in|arriving in|flew to|flies to|"
            r"travel(?:s|led|ed)? to|journey to|leaves? for|left for|leaving for)\b",
            re.I,
        ),
    ),
    (
        "meeting",
        re.compile(
            r"\b(?:met|meet|meets|meeting|meetings|talks|conferred|received|receives|"
            r"receiving|hosted|hosts|hosting|held discussions|sat down|tete-a-tete|"
            r"tête-à-tête|encounter|audience|discussed with|shook hands|"
            r"told visiting|telling visiting|welcomed)\b",
            re.I,
        ),
    ),
]
_VISIT_RANK = [kind for kind, _ in _TRIGGERS].index("visit")
#: Most specific first: what an item's event is called when its sentences differ.
_TYPE_ORDER = [kind for kind, _ in _TRIGGERS] + ["other"]
#: Meetings of one side only: "a cabinet meeting", "a party meeting".
_DOMESTIC = re.compile(
    r"\b(?:cabinet|party|board|committee|council|parliamentary|ministerial|staff|"
    r"shareholders'?|central committee|politburo|press|news|security council|caucus)\s+$",
    re.I,
)
#: A call that is not a phone call: "called for", "called on", "called it".
_NOT_A_CALL = re.compile(
    r"\b(?:call(?:s|ed)? (?:for|on|upon|it|off|the (?:talks|visit|meeting)))\b", re.I
)
_CALLED = re.compile(r"\b(?:called|calls|phoned|rang)\b\s+$", re.I)
#: "Reagan was quoted as telling Prime Minister Jacques Chirac": they met.
_TOLD = re.compile(r"\b(?:told|telling|tells)\s+(?:(?:[A-Z][\w.]*|the|prime|minister)\s+)*$")
_NEGATION = re.compile(
    r"\b(?:not|n't|never|no|nor|refused|refuses|declined|rejected|ruled out|rules out|"
    r"denied|denies|without|instead of)\b",
    re.I,
)
_CANCELLED = re.compile(
    r"\b(?:called off|cancel(?:l?ed|s|ling)?|postpone[ds]?|postponing|scrapped|"
    r"put off|shelved|snubbed|boycott\w*)\b",
    re.I,
)
_PLANNED = re.compile(
    r"\b(?:will|shall|'ll|(?P<to>\w+) to (?:meet|visit|hold|speak|talk|call|host|receive|"
    r"travel|attend|discuss|pay)|plans?|planned|planning|intends?|"
    r"expected|scheduled|due|set to|agreed to (?:meet|visit|hold|hoid|speak|talk|exchange)|"
    r"invit\w+|upcoming|forthcoming|next|later this|ahead of|prepar\w+|is to|are to|hopes|"
    r"arrangements?|preparations?|"
    r"when (?:he|she|they) (?:arrives?|meets?|visits?)|leaves? (?:for|on)|departs? (?:for|on)|"
    r"later in the (?:week|month|year))\b",
    re.I,
)
#: After the contact word: "talks between Reagan and Nakasone, scheduled for Thursday".
_PLANNED_AFTER = re.compile(
    r"\b(?:scheduled|expected|planned|due to|set for|next (?:week|month|year)|"
    r"later (?:this|in the) (?:week|month|year))\b",
    re.I,
)
#: "left to attend": a purpose in the past, not a plan.
_PAST_PURPOSE = frozenset(
    ["left", "went", "came", "flew", "travelled", "traveled", "arrived", "returned", "met"]
)
#: Talk of a contact that nobody has fixed: not an event, held or planned.
_SPECULATIVE = re.compile(
    r"\b(?:would|(?-i:may)|might|could|possible|possibly|perhaps|hopes? to|wants? to|"
    r"would like|proposed?|proposal|suggested|if|whether|consider\w*|urged?|called for|"
    r"offers?|offered|calls? for|seeks?|sought|asked for|request\w*|"
    r"working to set|try(?:ing)? to arrange|no date|unless|likely|unlikely)\b",
    re.I,
)
#: "Talks this week between X and Y, if successful, could ...": a condition, not news.
_CONDITIONAL_AFTER = re.compile(r",\s*if\b|\bif (?:successful|held|it goes ahead)\b", re.I)
#: Said of a contact before the item's time ("the last time they met", "had visited").
_RECALLED = re.compile(
    r"\b(?:the then|previous|previously|last met|first met|last (?:held|spoke|visited)|"
    r"had (?:met|visited|spoken|held|talked|sent|written|exchanged|hosted|received|been)|"
    r"earlier (?:meeting|visit|summit|call|talks)|former|ago|"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many) times)\b",
    re.I,
)
_HAD = re.compile(r"had\b", re.I)
#: "MOSCOW, Jan. 28 (Xinhua) --": the dateline's date is not the event's.
_DATELINE = re.compile(
    r"^\s*[A-Z][A-Za-z .,'/-]{1,40}?,?\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s*)?"
    r"(?:\([^)]{1,40}\)\s*)?(?:--|-|\u2014|\u2013)\s"
)
#: "the two leaders": the other participant is named before.
_GROUP = re.compile(
    r"\b(?:the two|both|the) (?:(?P<role>presidents|prime ministers|premiers|chancellors)|"
    r"leaders|heads of state|men|heads of government)\b",
    re.I,
)
#: "he met", "his meeting with": the leader named just before.
_PRONOUN = re.compile(
    r"\b(?:[Hh]e|[Ss]he)\s+(?:[\w-]+\s+){0,2}$|\b(?:[Hh]is|[Hh]er)\s+(?:[\w-]+\s+){0,2}$"
)
#: Someone who stands in for a leader: "Xi's envoy", "an aide to Chirac".
_PROXY = (
    r"(?:envoy|emissary|minister|ministers|ambassador|delegation|aide|aides|adviser|advisers|"
    r"advisor|official|officials|representative|spokesman|spokeswoman|spokesperson|son|"
    r"daughter|wife|husband|government|administration|party|office|chief of staff)"
)
_PROXY_AFTER = re.compile(rf"^(?:'s|')\s+(?:\w+\s+){{0,2}}{_PROXY}\b", re.I)
_PROXY_BEFORE = re.compile(rf"\b{_PROXY}\s+(?:to|of|for|from)\s+(?:[\w.-]+\s+){{0,4}}$", re.I)
_ON_BEHALF = re.compile(r"\bon behalf of\s+(?:\w+\s+){0,3}$", re.I)
_HIS = re.compile(r"\b(?:his|her)\s+(?:[\w-]+\s+){0,3}$", re.I)
_POSSESSIVE = re.compile(r"^'s?\s+(?:[\w-]+\s+){0,3}$")
_DESTINATION = re.compile(r"\b(?:to|in|into|at|for)\s+(?:the\s+)?$", re.I)
_MONARCH = ("king", "queen", "emperor", "grand duke", "prince", "sultan", "emir")

#: The English words of every rule; the other languages' are in ``streams.lexicons``.
ENGLISH = ContactCues(
    triggers=tuple(_TRIGGERS),
    negation=_NEGATION,
    cancelled=_CANCELLED,
    planned=_PLANNED,
    planned_after=_PLANNED_AFTER,
    speculative=_SPECULATIVE,
    recalled=_RECALLED,
    dateline=_DATELINE,
    had=_HAD,
    group=_GROUP,
    group_roles={"premiers": "premier", "prime ministers": "prime minister"},
    pronoun=_PRONOUN,
    proxy_before=_PROXY_BEFORE,
    proxy_after=_PROXY_AFTER,
    destination=_DESTINATION,
    his=_HIS,
    private=re.compile(r"\b(?:private|personal)\s+(?:\w+\s+)?$", re.I),
    since=re.compile(r"\bsince\b"),
    quotes=re.compile(r'"[^"]*"'),
    domestic_before=_DOMESTIC,
    not_a_call=_NOT_A_CALL,
    called=_CALLED,
    told=_TOLD,
    visiting=re.compile(r"\b[Vv]isiting (?=[A-Z])"),
    conditional_after=_CONDITIONAL_AFTER,
    on_behalf=_ON_BEHALF,
    possessive=_POSSESSIVE,
    past_purpose=_PAST_PURPOSE,
    visit_by=re.compile(r"[^.;]{0,40}\bby\s+(?:[A-Z][\w.-]*\s+)*$"),
    visit_here=re.compile(r"\b(?:visit|trip|stay)\s+here\b"),
)


def cues_for(language: str | None) -> ContactCues:
    """The cues of the item's language; English where wirefeed has none for it."""
    return CONTACT_CUES.get(language or "en", ENGLISH)


_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "gen",
        "lt",
        "col",
        "sen",
        "rep",
        "gov",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "inc",
        "co",
        "corp",
        "ltd",
        "jr",
        "sr",
        "prof",
        "vs",
        "sgt",
        "capt",
        "maj",
        "adm",
        "rev",
        "messrs",
    ]
)
#: Full stops: Latin and Cyrillic ones with a space after; Chinese and Arabic ones with or
#: without (Chinese sets none).
#: English as it always was: . ! ? and a space, or a line break.
_ENGLISH_END = re.compile(r"[.!?][\"')\]]*\s+|\n+")
_SENTENCE_END = re.compile(
    r"[.!?\u061f][\"')\]\u00bb\u201d]*\s+"  # . ! ? and Arabic ?, closing quotes, a space
    r"|[\u3002\uff01\uff1f\uff1b][\u201d\u300d\u300f\uff09]*\s*"  # Chinese stops
    r"|\n+"
)


#: Month names of every language with dates (for "18. Mai" inside a sentence).
_MONTH_NAMES = frozenset(
    name.lower() for words in DATE_WORDS.values() for forms in words.months for name in forms
)


def _masked(
    sentence: str, trigger: tuple[int, int], quotes: list[tuple[int, int]], cues: ContactCues
) -> str:
    """The sentence with its dateline and the quotations around other things blanked."""
    spans = [q for q in quotes if not q[0] <= trigger[0] < q[1]]
    opening = cues.dateline.match(sentence)
    if opening is not None:
        spans.append((0, opening.end()))
    chars = list(sentence)
    for s, e in spans:
        chars[s:e] = " " * (e - s)
    return "".join(chars)


def sentences(text: str, language: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a full stop after an abbreviation or initial is not one."""
    spans: list[tuple[int, int]] = []
    start = 0
    english = language in (None, "en") or language not in CONTACT_CUES
    for m in (_ENGLISH_END if english else _SENTENCE_END).finditer(text):
        if "\n" not in m.group(0):
            before = text[start : m.start()].split()
            last = before[-1].lower().rstrip(".") if before else ""
            nxt = text[m.end() : m.end() + 2].lstrip("\"'(\u00ab\u201c")[:1]
            initial = len(last) == 1 and last.isalpha()
            # A lower-case word after the stop: an abbreviation. Scripts without case
            # (Arabic, Chinese) say nothing either way.
            uncased = nxt.isalpha() and not nxt.isupper() and not nxt.islower()
            abbreviated = (
                last in _ABBREVIATIONS or initial or (nxt and not nxt.isupper() and not uncased)
            )
            # "am 18. Mai": a German ordinal date, not a full stop.
            ordinal = (
                language == "de"
                and last.isdigit()
                and len(last) <= 2
                and text[m.end() :].split(" ", 1)[0].rstrip(".,").lower() in _MONTH_NAMES
            )
            if (abbreviated or ordinal) and not (text[m.start()] in "!?" and nxt.isupper()):
                continue
        if text[start : m.start()].strip():
            spans.append((start, m.start() + (0 if m.group(0).startswith("\n") else 1)))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def event_key(participants: list[Participant]) -> str:
    """The pair's key (sorted participant ids): every event of a pair meets on one partition."""
    ids = sorted(p.qid or f"{p.name.casefold()}|{p.country}" for p in participants)
    return hashlib.blake2b("|".join(ids).encode(), digest_size=12).hexdigest()


@dataclass
class _Found:
    type: str
    status: str
    people: tuple[str, ...]
    day: date | None
    evidence: list[str] = field(default_factory=list)


class ContactDetector:
    """Finds contacts between national leaders in a tagged item (see the module docstring)."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer
        self._capitals: dict[str, set[str]] | None = None
        self._names: set[str] | None = None

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            self._gazetteer = Gazetteer.load()
        return self._gazetteer

    def detect(self, item: TaggedItem, now: datetime | None = None) -> list[ContactEvent]:
        """One event per contact the item reports."""
        text = tagged_text(item)
        published = item_date(item)
        anchor = anchor_date(published, item.dateline.date_text if item.dateline else None)
        leaders = [e for e in item.entities if e.kind == "person" and e.role]
        if len({e.country for e in leaders}) < 1:
            return []
        cues = cues_for(item.language)
        found: list[_Found] = []
        recent: list[list[Entity]] = []
        for start, end in sentences(text, item.language):
            sentence = text[start:end]
            here = [e for e in leaders if start <= e.start and e.end <= end]
            before = [e for named in recent[-2:] for e in named]  # the two sentences before
            hit = self._contact_in(text, start, end, here, before, item, anchor, cues)
            recent.append(here)
            if hit is None:
                continue
            self._merge(found, hit, sentence)
        detected = now or datetime.now(tz=item.received_at.tzinfo)
        # Recalled contacts first: they are the pair's history when its news is judged.
        found.sort(key=lambda f: f.status != "past_reference")
        return [self._event(item, f, detected, anchor) for f in found]

    # --------------------------------------------------------------- one sentence

    def _contact_in(
        self,
        text: str,
        start: int,
        end: int,
        here: list[Entity],
        before: list[Entity],
        item: TaggedItem,
        anchor: date,
        cues: ContactCues,
    ) -> _Found | None:
        """The contact the sentence reports: the first contact word that gives one."""
        sentence = text[start:end]
        if cues.cancelled.search(sentence):
            return None
        people = [e for e in here if not self._proxy(text, e, start, cues)]
        quotes = [m.span() for m in cues.quotes.finditer(sentence)]
        for kind, trigger in self._triggers(sentence, here, start, cues):
            # A leader named inside a quotation takes part only in a contact it reports.
            inside = [q for q in quotes if q[0] <= trigger[0] < q[1]]
            speakers = [
                e
                for e in people
                if not any(q[0] <= e.start - start < q[1] for q in quotes)
                or any(q[0] <= e.start - start < q[1] for q in inside)
            ]
            # Cues count in the sentence's own words: not in the dateline, not in a
            # quotation that is not about this contact.
            plain = _masked(sentence, trigger, quotes, cues)
            if self._negated(plain, trigger, cues):
                return None
            found = speakers
            if len({e.country for e in found}) < 2:
                found = speakers + self._partners(
                    text, sentence, start, speakers, before, kind, trigger, item, cues
                )
            if len({e.country for e in found}) < 2:
                continue
            spans = [(e.start - start, e.end - start) for e in found if e.start >= start]
            if self._speculative(plain, trigger, spans, cues):
                return None
            return self._dated(plain, start, kind, trigger, found, anchor, cues, item.language)
        return None

    def _dated(
        self,
        sentence: str,
        start: int,
        kind: str,
        trigger: tuple[int, int],
        people: list[Entity],
        anchor: date,
        cues: ContactCues,
        language: str | None,
    ) -> _Found | None:
        """Status and date of the contact, and who led a state on that date."""
        planned = self._planned(
            sentence, trigger, [(e.start - start, e.end - start) for e in people], cues
        )
        opening = cues.dateline.match(sentence)
        dates = [
            w
            for w in find_dates(sentence, anchor, future=planned, language=language)
            if opening is None or w.start >= opening.end()
        ]
        when = self._nearest(sentence, dates, trigger, cues)
        status = "planned" if planned else "occurred"
        if when is not None:
            if when.first > anchor or (when.first == anchor < when.last):  # "later this month"
                status = "planned"
            elif when.last < anchor - PAST_AFTER or (
                when.day is None and when.first < anchor - 2 * PAST_AFTER
            ):  # "in mid-November", "last month": background, not news
                status = "past_reference"
        recent_day = when is not None and when.day is not None and status == "occurred"
        recalled = cues.recalled.search(sentence)
        if status == "occurred" and recalled and not (recent_day and cues.had.match(recalled[0])):
            # "they last met", "the then president-elect"; but "said he had spoken with X
            # on Friday" is reported speech about this week's news.
            status = "past_reference"
        if status == "planned" and when is not None and when.last <= anchor:
            when = None  # "invited him to visit, a spokesman said on Thursday": not its day
        day = when.day if when is not None else None
        on = day or (when.last if when is not None and status == "past_reference" else anchor)
        ids = self._leaders_on(people, on)
        states = {t.country for p in ids if (t := self.gazetteer.role_on(p, on)) is not None}
        if len(states) < 2:
            return None
        return _Found(kind, status, tuple(ids), day)

    def _triggers(
        self, sentence: str, here: list[Entity], offset: int, cues: ContactCues
    ) -> list[tuple[str, tuple[int, int]]]:
        """Contact words of the sentence, best first: near a leader, most specific first."""
        spans = [(e.start - offset, e.end - offset) for e in here]
        near = _NEAR * cues.scale
        candidates: list[tuple[bool, int, int, int, str, tuple[int, int]]] = []
        for rank, (kind, pattern) in enumerate(cues.triggers):
            rank = min(rank, _VISIT_RANK)  # a visit or a meeting: the nearer word decides
            for m in pattern.finditer(sentence):
                if kind == "phone_call" and cues.not_a_call.match(sentence, m.start()):
                    continue
                if kind in ("meeting", "summit") and (
                    cues.domestic_before.search(sentence[: m.start()])
                    or cues.domestic_after.match(sentence, m.end())
                ):
                    continue
                gap = min(
                    (max(s - m.end(), m.start() - e, 0) for s, e in spans), default=len(sentence)
                )
                candidates.append((gap > near, rank, gap, _TYPE_ORDER.index(kind), kind, m.span()))
        # "visiting West German President Weizsaecker": a visit, where nothing else says more.
        for m in cues.visiting.finditer(sentence):
            gap = min((max(s - m.end(), m.start() - e, 0) for s, e in spans), default=99)
            candidates.append((gap > near, _VISIT_RANK + 1, gap, 0, "visit", m.span()))
        # "Putin called Trump", "Reagan was quoted as telling Chirac".
        for s, e in spans:
            if cues.called.search(sentence[:s]):
                candidates.append((False, 1, 0, 0, "phone_call", (s, e)))
            elif cues.told.search(sentence[:s]):
                candidates.append((False, _VISIT_RANK, 0, 0, "meeting", (s, e)))
        return [(kind, span) for *_, kind, span in sorted(candidates)]

    @staticmethod
    def _negated(sentence: str, trigger: tuple[int, int], cues: ContactCues) -> bool:
        """A negation in the few words before the contact word governs it (or, in German,
        a "nicht" just after it)."""
        window = sentence[max(0, trigger[0] - round(40 * cues.scale)) : trigger[0]]
        return bool(cues.negation.search(window) or cues.negation_after.match(sentence, trigger[1]))

    @staticmethod
    def _speculative(
        sentence: str, trigger: tuple[int, int], people: list[tuple[int, int]], cues: ContactCues
    ) -> bool:
        """Talk of a contact nobody has fixed: "could meet", "proposed a summit".

        After a possessive ("during Gandhi's visit") only what qualifies the leader counts.
        """
        window = sentence[max(0, trigger[0] - round(80 * cues.scale)) : trigger[0]]
        for s, e in people:
            if e <= trigger[0] and cues.possessive.match(sentence[e : trigger[0]]):
                window = sentence[max(0, s - 25) : s]
                break
        after = sentence[trigger[1] : trigger[1] + round(90 * cues.scale)]
        return bool(cues.speculative.search(window) or cues.conditional_after.search(after))

    @staticmethod
    def _planned(
        sentence: str, trigger: tuple[int, int], people: list[tuple[int, int]], cues: ContactCues
    ) -> bool:
        """Future or intent around the contact word.

        After a possessive ("Carlsson's visit") the contact is a noun: only what qualifies
        it counts ("Carlsson's planned visit", "ahead of Carlsson's visit").
        """
        before = sentence[max(0, trigger[0] - round(100 * cues.scale)) : trigger[1]]
        for s, e in people:
            if e <= trigger[0] and cues.possessive.match(sentence[e : trigger[0]]):
                before = sentence[max(0, s - 25) : s] + sentence[e : trigger[1]]
                break
        after = sentence[trigger[1] : trigger[1] + round(60 * cues.scale)]
        return cues.planned_after.search(after) is not None or any(
            (m.groupdict().get("to") or "").lower() not in cues.past_purpose
            for m in cues.planned.finditer(before)
        )

    @staticmethod
    def _nearest(
        sentence: str, dates: list[When], trigger: tuple[int, int], cues: ContactCues
    ) -> When | None:
        """The date nearest the contact word, leaving out what follows a "since"."""
        usable = [
            w
            for w in dates
            if not (w.start >= trigger[1] and cues.since.search(sentence[trigger[1] : w.start]))
        ]
        if not usable:
            return None
        return min(usable, key=lambda w: min(abs(w.start - trigger[1]), abs(trigger[0] - w.end)))

    @staticmethod
    def _proxy(text: str, e: Entity, start: int, cues: ContactCues) -> bool:
        """Whether the leader is only named for someone else: "Xi's envoy", "aide to Chirac"."""
        after = text[e.end : e.end + 60]
        before = text[max(start, e.start - round(40 * cues.scale)) : e.start]
        return bool(
            cues.proxy_after.match(after)
            or cues.proxy_before.search(before)
            or cues.on_behalf.search(before)
        )

    def _partners(
        self,
        text: str,
        sentence: str,
        start: int,
        people: list[Entity],
        before: list[Entity],
        kind: str,
        trigger: tuple[int, int],
        item: TaggedItem,
        cues: ContactCues,
    ) -> list[Entity]:
        """The other side when the sentence names one leader (or none)."""
        countries = {e.country for e in people}
        others: list[Entity] = []
        for e in reversed(before):
            if e.country not in countries and all(o.country != e.country for o in others):
                others.append(e)
        group = cues.group.search(sentence)
        if group:
            role = (group.groupdict().get("role") or "").lower()
            if role:
                fallback = role.rstrip("s") if cues is ENGLISH else ""
                word = cues.group_roles.get(role, fallback)
                others = [o for o in others if word in (o.role or "").lower()]
            need = 2 - len(countries)
            if len(others) >= need > 0:
                return others[:need]
            return []
        if len(people) == 1 and others and cues.pronoun.search(sentence[: trigger[0]]):
            # "he", "his": the person named last, who must be a leader of another state.
            named = [
                e
                for e in item.entities
                if e.kind == "person"
                and e.start < start + trigger[0]
                and not (start <= e.start and e in people)
            ]
            if self._unknown_person(text, start, start + trigger[0], item):
                return []  # "Abe met Reagan during his visit": Abe, whom we left untagged
            if named and named[-1].role and named[-1].country not in countries:
                return [named[-1]]
            return []
        if kind == "visit" and len(people) == 1:
            host = self._host(text, start, start + len(sentence), people[0], trigger, item, cues)
            if host is not None:
                return [host]
        return []

    def _host(
        self,
        text: str,
        start: int,
        end: int,
        visitor: Entity,
        trigger: tuple[int, int],
        item: TaggedItem,
        cues: ContactCues,
    ) -> Entity | None:
        """The leader of the country visited, in the visitor's office there.

        The place is the one the visit word points at: "visit to the Soviet Union",
        "arrived in Bonn", "his China visit"; not any place the sentence names.
        """
        t_start, t_end = start + trigger[0], start + trigger[1]
        if cues.private.search(text[max(start, t_start - 30) : t_start]) or (
            cues is not ENGLISH and cues.private.match(text, t_end, t_end + 12)
        ):
            return None  # a private visit need not see the host
        adjective = cues.visiting.match(text, t_start, t_end + 1) is not None
        if adjective:
            # "visiting West German President ...": the visitor follows the word.
            if not re.fullmatch(r"\s*(?:[A-Z][\w.-]*\s+)*", text[t_end : visitor.start]):
                return None
        elif not (
            (visitor.end <= t_start and t_start - visitor.end <= 60)
            or (visitor.end <= t_start and cues.his.search(text[visitor.end : t_start]))
            or cues.visit_by.match(text[t_end : visitor.start])
        ):
            # The visitor is the subject before the word ("Nakasone will visit", "Gandhi's
            # visit", "his visit"), or "a visit by" them; not a leader named elsewhere ("to
            # visit Japan since President Reagan announced").
            return None
        places = (
            []
            if adjective
            else [
                e
                for e in item.entities
                if e.kind == "country"
                and e.country != visitor.country
                and (
                    (
                        t_end <= e.start <= t_end + 40
                        and (
                            e.start - t_end <= 1  # "will visit Washington"
                            or cues.destination.search(text[max(t_start, e.start - 12) : e.start])
                        )
                    )
                    or (e.end <= t_start and t_start - e.end <= 2)
                )
            ]
        )
        where = {e.entity_id for e in places}
        trigger_text = text[start:end]
        if not where and (
            re.search(r"\b[Vv]isiting\s+(?:[A-Z][\w.-]*\s+)*$", text[start : visitor.start])
            or cues.visit_here.search(trigger_text)
        ):
            # "visiting West German President ..." in an item datelined La Paz.
            home = self._dateline_country(item)
            if home is not None and home != visitor.country:
                where = {home}
        if len(where) != 1:
            return None
        day = item_date(item)
        visiting = self.gazetteer.role_on(visitor.entity_id, day)
        if visiting is None:
            return None
        host = self._counterpart(visiting, next(iter(where)), day)
        if host is None:
            return None
        return Entity(
            entity_id=host.id,
            kind="person",
            text=visitor.text,
            start=visitor.start,
            end=visitor.end,
            name=host.name,
            country=host.country,
            role=host.title,
        )

    def _unknown_person(self, text: str, start: int, end: int, item: TaggedItem) -> bool:
        """Whether a name the gazetteer knows, but the tagger left out, stands in the span."""
        if self._names is None:
            self._names = {
                fold(form)
                for form, kind, _ in self.gazetteer.surface_forms()
                if kind in ("person_name", "person_alias") and " " not in form.strip()
            }
        covered = [(e.start, e.end) for e in item.entities]
        for m in re.finditer(r"\b[A-Z][\w'-]+", text[start:end]):
            s, e = start + m.start(), start + m.end()
            if fold(m.group(0)) in self._names and not any(a <= s and e <= b for a, b in covered):
                return True
        return False

    def _dateline_country(self, item: TaggedItem) -> str | None:
        """The country of the dateline's place, where the gazetteer knows it as a capital."""
        place = item.dateline.place if item.dateline else None
        if not place:
            return None
        if self._capitals is None:
            capitals: dict[str, set[str]] = {}
            for c in self.gazetteer.countries.values():
                if not c.former:
                    for name in c.capitals:
                        capitals.setdefault(fold(name), set()).add(c.iso3)
            self._capitals = capitals
        found = self._capitals.get(fold(place.split(",")[0]), set())
        return next(iter(found)) if len(found) == 1 else None

    def _counterpart(self, anchor: Term, iso3: str, day: date) -> Term | None:
        holders = self.gazetteer.leaders_on(day, iso3)
        regular = [t for t in holders if t.status != "co"] or holders
        if not any(w in anchor.title.lower() for w in _MONARCH):
            regular = [t for t in regular if not any(w in t.title.lower() for w in _MONARCH)]
        same = [t for t in regular if t.office == anchor.office] or regular
        return same[0] if len({t.id for t in same}) == 1 else None

    def _leaders_on(self, people: list[Entity], day: date) -> list[str]:
        """Distinct people who lead a state on the day (a leader-elect does not)."""
        return sorted(
            {e.entity_id for e in people if self.gazetteer.role_on(e.entity_id, day) is not None}
        )

    # --------------------------------------------------------------- events

    @staticmethod
    def _merge(found: list[_Found], hit: _Found, sentence: str) -> None:
        """One event per pair and status in an item: the headline, the lead and later
        sentences all tell of the same contact. Its date is the first one given; its type
        the most specific any sentence names ("welcomed" in a story of a state visit).
        """
        for f in found:
            if (f.status, f.people) == (hit.status, hit.people) and (
                f.status != "past_reference" or f.day is None or hit.day in (None, f.day)
            ):
                f.day = f.day or hit.day
                if _TYPE_ORDER.index(hit.type) < _TYPE_ORDER.index(f.type):
                    f.type = hit.type
                if len(f.evidence) < 3:
                    f.evidence.append(sentence.strip())
                return
        hit.evidence.append(sentence.strip())
        found.append(hit)

    def _event(self, item: TaggedItem, f: _Found, detected: datetime, anchor: date) -> ContactEvent:
        g = self.gazetteer
        on = f.day or item_date(item)
        participants = []
        for pid in f.people:
            term = g.role_on(pid, on) or g.role_on(pid, item_date(item))
            person = g.persons[pid]
            participants.append(
                Participant(
                    name=person.name,
                    country=term.country if term else "",
                    role=term.title if term else "",
                    qid=pid if re.fullmatch(r"Q\d+", pid) else None,
                )
            )
        evidence = [Evidence(item_id=item.item_id, source=item.source, text=t) for t in f.evidence]
        return ContactEvent(
            event_key=event_key(participants),
            item_id=item.item_id,
            source=item.source,
            type=f.type,
            status=f.status,
            participants=participants,
            evidence=evidence,
            received_at=item.received_at,
            detected_at=detected,
            date=f.day.isoformat() if f.day else None,
            reported_on=anchor.isoformat(),
        )
