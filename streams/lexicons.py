"""The words each language uses for what the rules of tagging, dates and contacts look for.

English lives beside its rules (``contacts``, ``dates``, ``tagging``), where it grew with
them; here are French, Spanish, Portuguese, German, Russian, Arabic and Chinese, each as
the same few tables, so that one set of rules reads every language. The tables are
data: a reviewer who reads the language can check each line without reading the rules.

Conventions: patterns are matched against the text as written (not folded), with
``re.I`` where the language has case. Arabic attaches conjunctions and prepositions to
the next word (``وال``, ``بال``, ``ل``), so its patterns allow the prefixes (``_AR``);
Chinese has no spaces, so its patterns carry no word boundaries and its windows are
counted in fewer characters (``scale``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["CONTACT_CUES", "DATE_WORDS", "TAG_CUES", "ContactCues", "DateWords", "TagCues"]

#: A pattern that never matches: a rule the language has no words for.
NEVER = re.compile(r"(?!x)x")


def _words(*alternatives: str, flags: int = re.I) -> re.Pattern[str]:
    """One alternation on word boundaries."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", flags)


def _bare(*alternatives: str) -> re.Pattern[str]:
    """One alternation without word boundaries (Chinese)."""
    return re.compile("(?:" + "|".join(alternatives) + ")")


#: Arabic: the clitics a word may carry in front (and, so, with/by, to, like, the).
_AR = r"(?<![\u0621-\u064A])(?:[وف]?(?:[بلك]|ل?ل)?(?:ال)?)"


def _ar(*alternatives: str) -> re.Pattern[str]:
    """Arabic words with their attached prefixes, ending at a word's end."""
    return re.compile(_AR + "(?:" + "|".join(alternatives) + r")(?![\u0621-\u064A])")


# --- contacts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ContactCues:
    """What contact detection looks for in one language (see ``streams.contacts``)."""

    #: Contact words by type, most specific first.
    triggers: tuple[tuple[str, re.Pattern[str]], ...]
    #: A negation in the few words before the contact word ("ne ... pas", "не").
    negation: re.Pattern[str]
    #: A contact called off, put off or refused.
    cancelled: re.Pattern[str]
    #: Future or intent before the contact word (may have a group ``to``).
    planned: re.Pattern[str]
    #: Future or intent just after it ("prévue mardi").
    planned_after: re.Pattern[str]
    #: Talk of a contact nobody has fixed ("pourrait", "proposé").
    speculative: re.Pattern[str]
    #: Said of a contact before the item's time ("leur dernière rencontre").
    recalled: re.Pattern[str]
    #: The agency's opening ("PARIS, 2 juillet (AFP) -"): its date is not the event's.
    dateline: re.Pattern[str]
    #: The pluperfect among ``recalled``: with a recent day it is reported speech, not history.
    had: re.Pattern[str] = NEVER
    #: "les deux présidents": the other participant is named before (group ``role``).
    group: re.Pattern[str] = NEVER
    #: Plural role words of ``group`` -> the English title word they select.
    group_roles: dict[str, str] = field(default_factory=dict)
    #: A negation after the contact word (German "traf ihn nicht").
    negation_after: re.Pattern[str] = NEVER
    #: "il", "son": the leader named just before.
    pronoun: re.Pattern[str] = NEVER
    #: Someone who stands in for a leader: "l'envoyé de Poutine".
    proxy_before: re.Pattern[str] = NEVER
    proxy_after: re.Pattern[str] = NEVER
    #: Where a visit goes: "à", "en", "nach", "в".
    destination: re.Pattern[str] = NEVER
    #: "sa visite": the visitor named just before.
    his: re.Pattern[str] = NEVER
    #: A meeting of one side only, said after the word ("réunion du gouvernement").
    domestic_after: re.Pattern[str] = NEVER
    #: A private visit need not see the host.
    private: re.Pattern[str] = NEVER
    #: "depuis": what follows is a starting point, not the event's date.
    since: re.Pattern[str] = NEVER
    #: Quotations: a leader quoted takes part only in a contact the quotation reports.
    quotes: re.Pattern[str] = re.compile(r"[\"«“„「『][^\"«»“”„「」『』]*[\"»”“」』]")
    #: Characters per word relative to English: Chinese packs a word into two or three.
    scale: float = 1.0
    # What only the English rules have words for so far (they grew on 1987 wire copy).
    #: A meeting of one side only, said before the word ("a cabinet meeting").
    domestic_before: re.Pattern[str] = NEVER
    #: A call that is no phone call ("called for").
    not_a_call: re.Pattern[str] = NEVER
    #: "Putin called Trump": the verb before the second name.
    called: re.Pattern[str] = NEVER
    #: "was quoted as telling Chirac": they met.
    told: re.Pattern[str] = NEVER
    #: "visiting President X": a visitor named after the word.
    visiting: re.Pattern[str] = NEVER
    #: "talks ..., if successful, could": a condition after the word.
    conditional_after: re.Pattern[str] = NEVER
    #: "on behalf of X": someone else acts.
    on_behalf: re.Pattern[str] = NEVER
    #: "Gandhi's visit": the contact is a noun after the leader.
    possessive: re.Pattern[str] = NEVER
    #: Verbs whose "to" gives a purpose in the past ("left to attend"), not a plan.
    past_purpose: frozenset[str] = frozenset()
    #: "a visit by X": the visitor after the word.
    visit_by: re.Pattern[str] = NEVER
    #: "his visit here": the dateline's country is the host.
    visit_here: re.Pattern[str] = NEVER


_LATIN_DATELINE = re.compile(
    r"^\s*[A-ZÀ-ÝÑ][\w'’ .-]{1,40}?(?:,\s*[^()\n]{1,40}?)?\s*\([^)\n]{1,40}\)\s*"
    r"(?:--|-|–|—|\.-|\.\s*-)\s*"
)

_FR = ContactCues(
    triggers=(
        (
            "video_call",
            _words(
                r"visioconf[ée]rences?",
                r"vid[ée]oconf[ée]rences?",
                r"par (?:liaison )?vid[ée]o",
                r"en visio",
                r"appels? vid[ée]o",
                r"sommet virtuel",
                r"r[ée]union virtuelle",
                r"entretien virtuel",
            ),
        ),
        (
            "phone_call",
            _words(
                r"t[ée]l[ée]phon\w*",
                r"appels? t[ée]l[ée]phoniques?",
                r"au t[ée]l[ée]phone",
                r"par t[ée]l[ée]phone",
                r"(?:a|ont|avait) appel[ée](?! à)",
            ),
        ),
        (
            "letter",
            _words(
                r"lettres?",
                r"messages?",
                r"missives?",
                r"f[ée]licit\w+",
                r"condol[ée]ances",
                r"t[ée]l[ée]grammes?",
                r"a [ée]crit",
                r"v(?:œ|oe)ux",
            ),
        ),
        ("summit", _words(r"sommets?")),
        (
            "visit",
            _words(
                r"visites?",
                r"visit[ée]e?s?",
                r"visitera",
                r"en visite",
                r"se rend\w*",
                r"s'est rendue?",
                r"arriv[ée]e?s? (?:à|au|aux|en)",
                r"voyages?",
                r"tourn[ée]es?",
                r"d[ée]placements?",
            ),
        ),
        (
            "meeting",
            _words(
                r"rencontr\w+",
                r"entretiens?",
                r"entretenue?s?",
                r"s'entretien\w*",
                r"re[çc]u\w*",
                r"re[çc]oit",
                r"recevra",
                r"accueilli\w*",
                r"accueille\w*",
                r"r[ée]unie?s?",
                r"r[ée]unions?",
                r"pourparlers",
                r"discussions",
                r"t[êe]te-[àa]-t[êe]te",
                r"audience",
                r"entrevues?",
                r"serr[ée] la main",
            ),
        ),
    ),
    negation=_words(
        r"ne",
        r"n'",
        r"pas",
        r"jamais",
        r"aucune?",
        r"sans",
        r"refus\w*",
        r"d[ée]ment\w*",
        r"exclu\w*",
    ),
    cancelled=_words(
        r"annul\w+",
        r"report[ée]e?s?",
        r"ajourn\w+",
        r"boycott\w*",
        r"d[ée]command\w+",
        r"suspendu\w*",
    ),
    planned=_words(
        r"rencontrera\w*",
        r"recevra\w*",
        r"se rendra\w*",
        r"s'entretiendr\w+",
        r"visitera\w*",
        r"effectuera\w*",
        r"participera\w*",
        r"accueillera\w*",
        r"tiendra\w*",
        r"aura",
        r"auront",
        r"sera",
        r"seront",
        r"doit",
        r"doivent",
        r"devra\w*",
        r"devrai\w*",
        r"va",
        r"vont",
        r"pr[ée]vue?s?",
        r"pr[ée]voit",
        r"programm[ée]e?s?",
        r"prochaine?s?",
        r"invit\w+",
        r"attendue?s?",
        r"[àa] venir",
    ),
    planned_after=_words(
        r"pr[ée]vue?s?", r"programm[ée]e?s?", r"la semaine prochaine", r"le mois prochain"
    ),
    speculative=_words(
        r"pourrai\w*",
        r"[ée]ventuel\w*",
        r"possible\w*",
        r"peut-[êe]tre",
        r"si",
        r"souhait\w*",
        r"propos[ée]\w*",
        r"sugg[ée]r\w*",
        r"envisag\w*",
        r"appel[ée]? [àa]",
        r"esp[èe]r\w*",
        r"serai\w*",
    ),
    recalled=_words(
        r"pr[ée]c[ée]dente?s?",
        r"derni[èe]re rencontre",
        r"dernier entretien",
        r"s'[ée]taient",
        r"avaient",
        r"avait",
        r"ancien\w*",
        r"il y a \w+ ans",
        r"(?:\d+|deux|trois|plusieurs) reprises",
    ),
    had=_words(r"avai\w*", r"s'[ée]tai\w*"),
    dateline=_LATIN_DATELINE,
    group=_words(
        r"les deux (?:(?P<role>pr[ée]sidents|premiers ministres)|dirigeants|chefs d'[ÉE]tat|"
        r"hommes|responsables)"
    ),
    group_roles={
        "présidents": "president",
        "presidents": "president",
        "premiers ministres": "prime minister",
    },
    pronoun=re.compile(
        r"\b(?:[Ii]l|[Ee]lle)\s+(?:[\w'-]+\s+){0,2}$|\b(?:[Ss]on|[Ss]a|[Ss]es)\s+(?:[\w-]+\s+){0,2}$"
    ),
    proxy_before=re.compile(
        r"\b(?:envoy[ée]e?|[ée]missaire|(?<!premier )(?<!première )(?<!premiere )ministres?|ambassadeur|d[ée]l[ée]gation|conseill[eè]re?|"
        r"porte-parole|repr[ée]sentante?|[ée]pouse|fils|fille)\s+(?:sp[ée]ciale?\s+)?"
        r"(?:de|du|d')\s*(?:[\w.'-]+\s+){0,4}$",
        re.I,
    ),
    destination=re.compile(r"\b(?:à|au|aux|en|vers|dans)\s+(?:l'|la\s+|le\s+)?$", re.I),
    his=re.compile(r"\b(?:sa|son)\s+(?:[\w-]+\s+){0,3}$", re.I),
    domestic_after=re.compile(
        r"^\s+(?:du|de la|des|de l')\s*(?:conseil|cabinet|gouvernement|parti|comit[ée]|bureau)",
        re.I,
    ),
    private=_words(r"priv[ée]e?", r"personnelle?"),
    since=_words(r"depuis"),
)

_ES = ContactCues(
    triggers=(
        (
            "video_call",
            _words(
                r"videoconferencias?",
                r"videollamadas?",
                r"por v[ií]deo",
                r"cumbre virtual",
                r"reuni[óo]n virtual",
                r"encuentro virtual",
            ),
        ),
        (
            "phone_call",
            _words(
                r"telef[óo]nic\w+",
                r"por tel[ée]fono",
                r"telefone[óo]",
                r"llamadas?",
                r"llam[óo] a",
                r"convers[óo] por",
            ),
        ),
        (
            "letter",
            _words(
                r"cartas?",
                r"mensajes?",
                r"misivas?",
                r"felicit\w+",
                r"condolencias",
                r"telegramas?",
                r"escribi[óo]",
            ),
        ),
        ("summit", _words(r"cumbres?")),
        (
            "visit",
            _words(
                r"visitas?",
                r"visit[óo]",
                r"visitar[áa]?",
                r"de visita",
                r"viaj\w+",
                r"gira",
                r"lleg[óo] a",
                r"lleg[óo] hoy a",
                r"se desplaz\w+",
            ),
        ),
        (
            "meeting",
            _words(
                r"reuni[óo]n",
                r"reuniones",
                r"se reuni\w+",
                r"reunir\w*",
                r"encuentros?",
                r"se encontr\w+",
                r"convers[óo]",
                r"conversaciones",
                r"convers\w+ con",
                r"recibi[óo]",
                r"recibe",
                r"recibir[áa]",
                r"dialog\w+",
                r"di[áa]logo",
                r"mantuvo (?:un|una) (?:encuentro|reuni[óo]n)",
                r"audiencia",
                r"entrevist[óo]",
                r"se entrevist\w+",
                r"convers[ao]r",
                r"conversa",
            ),
        ),
    ),
    negation=_words(
        r"no", r"nunca", r"ning[úu]n\w*", r"sin", r"neg[óo]", r"rechaz\w+", r"descart\w+"
    ),
    cancelled=_words(
        r"cancel\w+",
        r"suspend\w+",
        r"aplaz\w+",
        r"pospu\w+",
        r"posterg\w+",
        r"boicot\w*",
        r"anul\w+",
    ),
    planned=_words(
        r"\w+rán?",  # the future tense: "visitará", "se reunirán"
        r"va a",
        r"van a",
        r"prev[ée]\w*",
        r"previst[ao]s?",
        r"program\w+",
        r"pr[óo]xim[ao]s?",
        r"invit\w+",
        r"esperad[ao]s?",
        r"tiene previsto",
        r"planea\w*",
        r"prevista",
    ),
    planned_after=_words(
        r"previst[ao]s?", r"programad[ao]s?", r"la pr[óo]xima semana", r"el pr[óo]ximo mes"
    ),
    speculative=_words(
        r"podr[ií]\w+",
        r"posib\w+",
        r"quiz[áa]s?",
        r"si",
        r"eventual\w*",
        r"propu\w+",
        r"propon\w+",
        r"suger\w+",
        r"espera",
        r"esperan",
        r"desea\w*",
        r"pidi[óo]",
        r"instó",
        r"llam[óo] a (?!su)",
    ),
    recalled=_words(
        r"anterior\w*",
        r"[úu]ltim[ao] (?:reuni[óo]n|encuentro|visita|conversaci[óo]n)",
        r"hab[ií]an?",
        r"ex-?\s?(?:president[ea]|primer ministro|mandatari[oa])\w*",
        r"hace \w+ a[ñn]os",
        r"(?:\d+|dos|tres|varias) ocasiones",
    ),
    had=_words(r"hab[ií]an?"),
    dateline=re.compile(
        r"^\s*[A-ZÁÉÍÓÚÑ][\w'’ .-]{1,40}?,\s*\d{1,2}\s+\w{3,10}\.?\s*\([^)\n]{1,30}\)\s*\.?-\s*|"
        + _LATIN_DATELINE.pattern
    ),
    group=_words(
        r"(?:los|ambos) (?:dos )?(?:(?P<role>presidentes|primeros ministros|jefes de gobierno)|"
        r"mandatarios|l[ií]deres|jefes de Estado|dirigentes|gobernantes)"
    ),
    group_roles={"presidentes": "president", "primeros ministros": "prime minister"},
    pronoun=re.compile(r"\b(?:[Ss]u|[Ss]us)\s+(?:[\w-]+\s+){0,2}$"),
    proxy_before=re.compile(
        r"\b(?:enviad[oa]|emisari[oa]|(?<!primer )(?<!primera )ministr[oa]s?|embajador[a]?|delegaci[óo]n|asesor[a]?|"
        r"portavoz|representante|espos[oa]|hij[oa])\s+(?:especial\s+)?(?:de|del)\s+(?:[\w.-]+\s+){0,4}$",
        re.I,
    ),
    destination=re.compile(r"\b(?:a|al|en|hacia)\s+(?:la\s+|el\s+)?$", re.I),
    his=re.compile(r"\b(?:su)\s+(?:[\w-]+\s+){0,3}$", re.I),
    domestic_after=re.compile(
        r"^\s+(?:del|de la|de los)\s*(?:gabinete|consejo|gobierno|partido|comit[ée])", re.I
    ),
    private=_words(r"privad[ao]", r"personal"),
    since=_words(r"desde"),
)

_PT = ContactCues(
    triggers=(
        (
            "video_call",
            _words(
                r"videoconfer[êe]ncias?",
                r"videochamadas?",
                r"por v[ií]deo",
                r"c[úu]pula virtual",
                r"reuni[ãa]o virtual",
                r"encontro virtual",
            ),
        ),
        (
            "phone_call",
            _words(
                r"telefon\w+",
                r"por telefone",
                r"liga[çc][ãa]o",
                r"liga[çc][õo]es",
                r"ligou para",
                r"chamada telef[ôo]nica",
            ),
        ),
        (
            "letter",
            _words(
                r"cartas?",
                r"mensagens?",
                r"felicit\w+",
                r"condol[êe]ncias",
                r"telegramas?",
                r"escreveu",
            ),
        ),
        ("summit", _words(r"c[úu]pulas?", r"cimeiras?")),
        (
            "visit",
            _words(
                r"visitas?",
                r"visitou",
                r"visitar[áa]?",
                r"em visita",
                r"viag\w+",
                r"viaj\w+",
                r"chegou a",
                r"chegou ao",
                r"chegou [àa]",
                r"desembarc\w+",
            ),
        ),
        (
            "meeting",
            _words(
                r"reuni[ãa]o",
                r"reuni[õo]es",
                r"se reuniu",
                r"reuniu-se",
                r"reunir\w*",
                r"encontros?",
                r"encontrou",
                r"se encontr\w+",
                r"encontrar\w*",
                r"recebeu",
                r"recebe",
                r"receber[áa]",
                r"convers\w+",
                r"di[áa]logo",
                r"audi[êe]ncia",
            ),
        ),
    ),
    negation=_words(
        r"n[ãa]o", r"nunca", r"nenhu\w+", r"sem", r"neg\w+", r"recus\w+", r"descart\w+"
    ),
    cancelled=_words(
        r"cancel\w+", r"suspens\w+", r"suspend\w+", r"adi\w+", r"boicot\w*", r"anul\w+"
    ),
    planned=_words(
        r"\w+rá",  # the future tense: "visitará", "receberá", "irão"
        r"\w+rão",
        r"vai",
        r"v[ãa]o",
        r"dever[áa]",
        r"deve",
        r"previst[ao]s?",
        r"program\w+",
        r"pr[óo]xim[ao]s?",
        r"convid\w+",
        r"esperad[ao]s?",
        r"pretende",
        r"planej\w+",
    ),
    planned_after=_words(
        r"previst[ao]s?", r"programad[ao]s?", r"na pr[óo]xima semana", r"no pr[óo]ximo m[êe]s"
    ),
    speculative=_words(
        r"poder\w+",
        r"poss[ií]v\w+",
        r"talvez",
        r"eventual\w*",
        r"propos\w+",
        r"prop[ôo]s",
        r"suger\w+",
        r"espera",
        r"desej\w+",
        r"pediu",
    ),
    recalled=_words(
        r"anterior\w*",
        r"[úu]ltim[ao] (?:reuni[ãa]o|encontro|visita|conversa)",
        r"havia\w*",
        r"tinha\w*",
        r"ex-\w+",
        r"h[áa] \w+ anos",
        r"(?:\d+|duas|tr[êe]s|v[áa]rias) ocasi[õo]es",
    ),
    had=_words(r"havia\w*", r"tinha\w*"),
    dateline=re.compile(
        r"^\s*[A-ZÁÉÍÓÚÂÊÔÃÕÇ][\w'’ .-]{1,40}?\s*\([^)\n]{1,30}\)\s*(?:-|–|—)\s*|"
        + _LATIN_DATELINE.pattern
    ),
    group=_words(
        r"(?:os dois|ambos os) (?:(?P<role>presidentes|primeiros-ministros)|l[ií]deres|chefes de Estado|mandat[áa]rios|dirigentes)"
    ),
    group_roles={"presidentes": "president", "primeiros-ministros": "prime minister"},
    pronoun=re.compile(
        r"\b(?:[Ee]le|[Ee]la)\s+(?:[\w-]+\s+){0,2}$|\b(?:[Ss]eu|[Ss]ua)\s+(?:[\w-]+\s+){0,2}$"
    ),
    proxy_before=re.compile(
        r"\b(?:enviad[oa]|emiss[áa]ri[oa]|(?<!primeiro-)(?<!primeira-)ministr[oa]s?|embaixador[a]?|delega[çc][ãa]o|assessor[a]?|"
        r"porta-voz|representante|espos[oa]|filh[oa])\s+(?:especial\s+)?(?:de|do|da)\s+(?:[\w.-]+\s+){0,4}$",
        re.I,
    ),
    destination=re.compile(r"\b(?:a|ao|à|em|no|na|para)\s+$", re.I),
    his=re.compile(r"\b(?:sua|seu)\s+(?:[\w-]+\s+){0,3}$", re.I),
    domestic_after=re.compile(
        r"^\s+(?:do|da|dos)\s*(?:gabinete|conselho|governo|partido|comit[êe]|minist[ée]rio)", re.I
    ),
    private=_words(r"privad[ao]", r"pessoal"),
    since=_words(r"desde"),
)

_DE = ContactCues(
    triggers=(
        (
            "video_call",
            _words(
                r"Videokonferenz\w*",
                r"Videoschalte\w*",
                r"Videotelefonat\w*",
                r"per Video",
                r"virtuelle[nrm]? (?:Gipfel|Treffen)",
                r"Videogipfel\w*",
            ),
        ),
        (
            "phone_call",
            _words(
                r"Telefonat\w*",
                r"telefonier\w+",
                r"Telefongespr[äa]ch\w*",
                r"telefonisch\w*",
                r"am Telefon",
                r"rief \w+ an",
                r"Anruf\w*",
            ),
        ),
        (
            "letter",
            _words(
                r"Brief\w*",
                r"Schreiben",
                r"Botschaft\w*",
                r"Gl[üu]ckw[üu]nsch\w*",
                r"gratulier\w+",
                r"Kondolenz\w*",
                r"Beileid\w*",
                r"Telegramm\w*",
                r"schrieb",
            ),
        ),
        ("summit", _words(r"Gipfel\w*", r"Gipfeltreffen\w*")),
        (
            "visit",
            _words(
                r"Besuch\w*",
                r"besucht\w*",
                r"besuchen",
                r"reist\w*",
                r"Reise\w*",
                r"traf in \w+ ein",
                r"eingetroffen",
                r"Staatsbesuch\w*",
                r"Antrittsbesuch\w*",
            ),
        ),
        (
            "meeting",
            _words(
                r"traf\w*",
                r"getroffen",
                r"treffen",
                r"trifft",
                r"Treffen\w*",
                r"empfing",
                r"empfangen",
                r"empf[äa]ngt",
                r"Gespr[äa]ch\w*",
                r"Unterredung\w*",
                r"beriet\w*",
                r"berieten",
                r"zusammengekommen",
                r"kam\w* \w+ zusammen",
                r"Begegnung\w*",
                r"Audienz",
            ),
        ),
    ),
    negation=_words(
        r"nicht",
        r"kein\w*",
        r"nie",
        r"niemals",
        r"ohne",
        r"lehnte\w*",
        r"abgelehnt",
        r"dementiert\w*",
    ),
    negation_after=re.compile(r"^\s*(?:\w+\s+){0,3}nicht\b", re.I),
    cancelled=_words(
        r"abgesagt",
        r"sagte\w* \w+ ab",
        r"Absage",
        r"verschoben",
        r"verschiebt",
        r"abgebrochen",
        r"boykott\w*",
        r"gestrichen",
    ),
    planned=_words(
        r"wird",
        r"werden",
        r"will",
        r"wollen",
        r"soll",
        r"sollen",
        r"geplant\w*",
        r"plant",
        r"planen",
        r"erwartet",
        r"n[äa]chste[nrms]?",
        r"kommende[nrms]?",
        r"bevorstehend\w*",
        r"eingeladen",
        r"l[äa]dt\w*",
        r"Einladung",
        r"vorgesehen\w*",
    ),
    planned_after=_words(
        r"geplant\w*",
        r"vorgesehen\w*",
        r"n[äa]chste Woche",
        r"n[äa]chsten Monat",
        r"kommende Woche",
    ),
    speculative=_words(
        r"k[öo]nnte\w*",
        r"m[öo]glich\w*",
        r"vielleicht",
        r"wenn",
        r"falls",
        r"ob",
        r"vorgeschlagen",
        r"schlug\w* vor",
        r"Vorschlag",
        r"hofft\w*",
        r"w[üu]rde\w*",
        r"m[öo]chte\w*",
        r"forderte\w*",
    ),
    recalled=_words(
        r"vorig\w*",
        r"vorherig\w*",
        r"letzte[nrms]? (?:Treffen|Begegnung|Besuch|Telefonat|Gespr[äa]ch)",
        r"hatte\w*",
        r"ehemalig\w*",
        r"fr[üu]her\w*",
        r"vor \w+ Jahren",
    ),
    had=_words(r"hatte\w*"),
    dateline=re.compile(
        r"^\s*[A-ZÄÖÜ][\w'’ ./-]{1,40}?\s*\([^)\n]{1,30}\)\s*(?:-|–|—)\s*|"
        + _LATIN_DATELINE.pattern
    ),
    group=_words(
        r"(?:die beiden|beide) (?:(?P<role>Pr[äa]sidenten|Regierungschefs|Premierminister|Kanzler)|Staatschefs|Politiker|Spitzenpolitiker|Staats- und Regierungschefs)"
    ),
    group_roles={
        "präsidenten": "president",
        "prasidenten": "president",
        "premierminister": "prime minister",
        "regierungschefs": "prime minister",
        "kanzler": "chancellor",
    },
    pronoun=re.compile(
        r"\b(?:[Ee]r|[Ss]ie)\s+(?:[\w-]+\s+){0,2}$|\b(?:[Ss]ein\w*|[Ii]hr\w*)\s+(?:[\w-]+\s+){0,2}$"
    ),
    proxy_before=re.compile(
        r"\b(?:Gesandte[nr]?|Sondergesandte[nr]?|Minister(?!pr[äa]sident)\w*|Botschafter\w*|Delegation|Berater\w*|Sprecher\w*|Vertreter\w*|Ehefrau|Sohn|Tochter)\s+(?:von|des|der)\s+(?:[\w.-]+\s+){0,4}$",
        re.I,
    ),
    proxy_after=re.compile(
        r"^s?\s+(?:\w+\s+){0,1}(?:Gesandte[nr]?|Sondergesandte[nr]?|Au[ßs]enminister\w*|Berater\w*|Sprecher\w*)\b"
    ),
    destination=re.compile(r"\b(?:nach|in|im|ins|zu|zum|zur)\s+(?:die\s+|der\s+|den\s+)?$", re.I),
    his=re.compile(r"\b(?:sein\w*|ihr\w*)\s+(?:[\w-]+\s+){0,3}$", re.I),
    private=_words(r"privat\w*", r"pers[öo]nlich\w*"),
    since=_words(r"seit"),
)

_RU = ContactCues(
    triggers=(
        (
            "video_call",
            _words(
                r"видеоконференц\w*",
                r"видеосвяз\w*",
                r"видеозвон\w*",
                r"онлайн-встреч\w*",
                r"виртуальн\w+ (?:саммит|встреч)\w*",
                r"в режиме видео\w*",
                r"по видео\w*",
            ),
        ),
        (
            "phone_call",
            _words(
                r"телефонн\w+",
                r"по телефону",
                r"телефонный разговор\w*",
                r"созвонил\w*",
                r"позвонил\w*",
                r"звон\w+",
            ),
        ),
        (
            "letter",
            _words(
                r"письм\w*",
                r"послани\w+",
                r"телеграмм\w*",
                r"поздрави\w+",
                r"поздравлени\w+",
                r"поздравительн\w+",
                r"соболезновани\w+",
                r"направил\w* \w+ обращени\w+",
            ),
        ),
        ("summit", _words(r"саммит\w*", r"на высшем уровне")),
        (
            "visit",
            _words(
                r"визит\w*",
                r"посети\w+",
                r"посещени\w+",
                r"прибыл\w*",
                r"прибуд\w+",
                r"поездк\w+",
                r"турне",
                r"отправил\w* в",
                r"находящ\w+ с визитом",
            ),
        ),
        (
            "meeting",
            _words(
                r"встреч\w+",
                r"встрети\w+",
                r"встретя\w*",
                r"переговор\w+",
                r"принял\w*",
                r"принимает",
                r"примет",
                r"беседова\w+",
                r"бесед\w+",
                r"провел\w* переговоры",
                r"обсудил\w*",
                r"обсуди\w+",
                r"аудиенци\w+",
            ),
        ),
    ),
    negation=_words(
        r"не", r"ни", r"никогда", r"без", r"отказал\w*", r"отказ\w*", r"опроверг\w*", r"исключил\w*"
    ),
    cancelled=_words(
        r"отмен\w+",
        r"отложен\w*",
        r"отложил\w*",
        r"перенес\w*",
        r"перенесен\w*",
        r"сорван\w*",
        r"бойкот\w*",
    ),
    planned=_words(
        r"буд\w+",
        r"проведет",
        r"проведут",
        r"встретится",
        r"встретятся",
        r"посетит",
        r"примет",
        r"совершит",
        r"отправится",
        r"планир\w+",
        r"намерен\w*",
        r"намечен\w*",
        r"запланирован\w*",
        r"ожида\w+",
        r"предстоящ\w+",
        r"пригласил\w*",
        r"приглашени\w+",
        r"следующ\w+",
        r"должен",
        r"должны",
        r"собирается",
    ),
    planned_after=_words(
        r"запланирован\w*", r"намечен\w*", r"на следующей неделе", r"в следующем месяце"
    ),
    speculative=_words(
        r"мог\w*",
        r"может",
        r"могут",
        r"возможн\w*",
        r"если",
        r"ли",
        r"предлож\w+",
        r"надеется",
        r"надеются",
        r"хотел\w*",
        r"призвал\w*",
        r"не исключ\w+",
        r"вероятно",
    ),
    recalled=_words(
        r"предыдущ\w+",
        r"прошл\w+ встреч\w+",
        r"последн\w+ (?:встреч|переговор|визит)\w*",
        r"бывш\w+",
        r"\w+ лет назад",
        r"(?:\d+|два|три|несколько) раз\w*",
    ),
    dateline=re.compile(
        r"^\s*[А-ЯЁ][А-ЯЁ -]{1,30},\s*\d{1,2}\s+\w+\.?\s*(?:/[^/\n]{1,20}/\.?|\([^)\n]{1,30}\)\s*[-–—]?)\s*"
    ),
    group=_words(
        r"(?:оба|обоих|обе|двух|два|двое) (?:(?P<role>президент\w*|премьер\w*)|лидер\w*|глав\w* государств\w*|руководител\w*)"
    ),
    group_roles={
        "президента": "president",
        "президентов": "president",
        "президенты": "president",
        "премьера": "prime minister",
        "премьеров": "prime minister",
    },
    pronoun=re.compile(r"(?:^|\s)(?:[Оо]н|[Оо]на)\s+(?:[\w-]+\s+){0,2}$"),
    proxy_before=re.compile(
        r"\b(?:посланник\w*|спецпосланник\w*|(?<!премьер-)министр\w*|посол|посла|делегаци\w+|советник\w*|помощник\w*|пресс-секретар\w+|представител\w+|супруг\w*|сын|дочь)\s+(?:[\w.-]+\s+){0,4}$",
        re.I,
    ),
    destination=re.compile(r"(?:^|\s)(?:в|во|на)\s+$", re.I),
    his=re.compile(r"(?:^|\s)(?:свой|своего|своем|своём|его|ее|её)\s+(?:[\w-]+\s+){0,3}$", re.I),
    private=_words(r"частн\w+", r"личн\w+"),
    since=_words(r"с тех пор", r"начиная с"),
)

_AR_CUES = ContactCues(
    triggers=(
        (
            "video_call",
            _ar(
                r"تقنية الفيديو",
                r"الاتصال المرئي",
                r"اتصال مرئي",
                r"اتصالا مرئيا",
                r"فيديو",
                r"قمة افتراضية",
                r"اجتماع افتراضي",
                r"افتراضي[ةا]?",
            ),
        ),
        (
            "phone_call",
            _ar(
                r"اتصالا هاتفيا",
                r"اتصال هاتفي",
                r"اتصالاً هاتفياً",
                r"مكالمة هاتفية",
                r"هاتفيا",
                r"هاتفياً",
                r"هاتفي[ةا]?",
                r"اتصل",
                r"تلقى اتصالا",
                r"الهاتف",
            ),
        ),
        (
            "letter",
            _ar(
                r"رسالة", r"رسائل", r"برقية", r"برقيات", r"تهنئة", r"هنأ", r"يهنئ", r"تعزية", r"عزى"
            ),
        ),
        ("summit", _ar(r"قمة", r"القمة")),
        (
            "visit",
            _ar(
                r"زيارة",
                r"زيارته",
                r"زار",
                r"يزور",
                r"سيزور",
                r"وصل إلى",
                r"وصل",
                r"جولة",
                r"توجه إلى",
            ),
        ),
        (
            "meeting",
            _ar(
                r"التقى",
                r"يلتقي",
                r"سيلتقي",
                r"لقاء",
                r"اجتماع",
                r"اجتمع",
                r"استقبل",
                r"يستقبل",
                r"سيستقبل",
                r"محادثات",
                r"مباحثات",
                r"بحث مع",
                r"عقد",
                r"جلسة مباحثات",
            ),
        ),
    ),
    negation=_ar(r"لم", r"لن", r"لا", r"ليس", r"دون", r"بدون", r"رفض", r"نفى", r"نفت", r"ينفي"),
    cancelled=_ar(
        r"إلغاء", r"ألغى", r"ألغيت", r"تأجيل", r"أرجئ", r"أرجأ", r"تأجلت", r"أجل", r"مقاطعة"
    ),
    planned=_ar(
        r"خطط",
        r"خطة",
        r"سيزور",
        r"سيلتقي",
        r"سيستقبل",
        r"سيجري",
        r"ستجري",
        r"سيعقد",
        r"ستعقد",
        r"سيتوجه",
        r"سيقوم",
        r"سيشارك",
        r"سيصل",
        r"سيبحث",
        r"ستبحث",
        r"من المقرر",
        r"من المتوقع",
        r"المقبل",
        r"المقبلة",
        r"القادم",
        r"القادمة",
        r"يعتزم",
        r"تعتزم",
        r"دعا",
        r"دعوة",
        r"المرتقب",
        r"المرتقبة",
        r"يرتقب",
    ),
    planned_after=_ar(r"المقرر", r"المقبل", r"المقبلة", r"الأسبوع المقبل", r"الشهر المقبل"),
    speculative=_ar(
        r"ربما", r"يمكن", r"إذا", r"اقترح", r"اقتراح", r"يأمل", r"محتمل", r"المحتمل", r"احتمال"
    ),
    recalled=_ar(
        r"السابق", r"السابقة", r"كان(?:ت|ا|وا)?\s+(?:\S+\s+){0,3}قد", r"سبق", r"منذ \S+ سنوات"
    ),
    dateline=re.compile(r"^\s*[^\n/]{1,40}?\s*/\s*[^/\n]{1,20}\s*/\s*"),
    group=_ar(
        r"(?P<role>الرئيسين|الرئيسان)",
        r"الزعيمين",
        r"الزعيمان",
        r"الجانبين",
        r"الجانبان",
        r"القائدين",
        r"الطرفين",
    ),
    group_roles={"الرئيسين": "president", "الرئيسان": "president"},
    proxy_before=re.compile(
        r"(?:مبعوث|المبعوث|وزير|وزيرة|سفير|وفد|مستشار|المتحدث|ممثل|نجل|زوجة)\S*\s+(?:\S+\s+){0,4}$"
    ),
    destination=re.compile(r"(?:إلى|في)\s+$"),
    since=_ar(r"منذ"),
    scale=0.8,
)

_ZH = ContactCues(
    triggers=(
        (
            "video_call",
            _bare(
                r"视频会晤",
                r"视频通话",
                r"视频连线",
                r"视频会议",
                r"视频峰会",
                r"以视频方式",
                r"云会晤",
            ),
        ),
        ("phone_call", _bare(r"通电话", r"通话", r"电话", r"致电")),
        (
            "letter",
            _bare(
                r"致信",
                r"复信",
                r"信函",
                r"贺电",
                r"贺信",
                r"致贺",
                r"唁电",
                r"慰问电",
                r"口信",
                r"致函",
                r"来信",
                r"祝贺",
            ),
        ),
        ("summit", _bare(r"峰会", r"首脑会议", r"高峰会")),
        (
            "visit",
            _bare(
                r"国事访问",
                r"正式访问",
                r"访问",
                r"到访",
                r"出访",
                r"抵达",
                r"访华",
                r"访俄",
                r"访美",
                r"访法",
                r"访德",
                r"之行",
            ),
        ),
        (
            "meeting",
            _bare(
                r"会见",
                r"会晤",
                r"会谈",
                r"举行会谈",
                r"见面",
                r"接见",
                r"晤谈",
                r"交谈",
                r"面谈",
                r"座谈",
            ),
        ),
    ),
    negation=_bare(r"没有", r"并未", r"未能", r"未", r"不会", r"不再", r"拒绝", r"否认", r"无意"),
    cancelled=_bare(r"取消", r"推迟", r"延期", r"搁置", r"抵制", r"中止"),
    planned=_bare(
        r"将",
        r"将要",
        r"即将",
        r"计划",
        r"拟",
        r"预计",
        r"定于",
        r"打算",
        r"准备",
        r"邀请",
        r"应邀",
        r"下周",
        r"下月",
        r"明年",
        r"稍后",
    ),
    planned_after=_bare(r"将于", r"定于", r"计划于"),
    speculative=_bare(
        r"可能", r"或将", r"或许", r"如果", r"是否", r"提议", r"建议", r"希望", r"有望"
    ),
    recalled=_bare(r"此前", r"上次", r"曾经", r"曾", r"前任", r"以前", r"多次", r"年前"),
    dateline=re.compile(
        r"^\s*(?:新华社|中新社|人民网)?[^\n，。]{0,12}?\d{1,2}月\d{1,2}日电\s*(?:（[^）\n]{0,20}）)?\s*"
    ),
    group=_bare(r"(?P<role>两国元首|两位总统|两国总统)", r"两国领导人", r"两位领导人", r"双方"),
    group_roles={"两位总统": "president", "两国总统": "president"},
    proxy_before=_bare(r"特使", r"外长", r"部长", r"大使", r"代表团", r"顾问", r"发言人", r"代表"),
    destination=re.compile(r"(?:赴|前往|到|抵达|在)$"),
    since=_bare(r"自从", r"以来"),
    quotes=re.compile(r"[“「『][^”」』]*[”」』]"),
    scale=0.45,
)

CONTACT_CUES: dict[str, ContactCues] = {
    "fr": _FR,
    "es": _ES,
    "pt": _PT,
    "de": _DE,
    "ru": _RU,
    "ar": _AR_CUES,
    "zh": _ZH,
}


# --- dates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DateWords:
    """Day and month names and the relative words a language dates events with."""

    #: Monday first: every form of each weekday's name.
    weekdays: tuple[tuple[str, ...], ...]
    #: January first: every form of each month's name.
    months: tuple[tuple[str, ...], ...]
    #: Words for a day relative to the item's: "hier" -> -1.
    relative: dict[str, int]
    #: Words before or after a weekday that mean the past one or the coming one.
    last: tuple[str, ...] = ()
    next: tuple[str, ...] = ()
    #: "la semaine dernière" and the like, by (which, unit).
    spans: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: Day-month order with the language's glue words ("2 de julio de 2019").
    day_month: str = r"(?P<day>\d{1,2})(?:er|º|°|\.)?\s+(?:de\s+)?(?P<month>{months})\.?(?:\s+(?:de\s+)?(?P<year>(?:19|20)\d\d))?"
    #: Whether the patterns stand on word boundaries (not in Chinese).
    bounded: bool = True
    #: A day of the month alone ("习近平1日同..."): the latest such day, not after the item's.
    day_only: str | None = None
    #: A month of a year ("en décembre 2018", "в марте 2023 года"): a window, not a day.
    month_year: str = r"(?P<month>{months})\.?\s+(?:de\s+|del\s+)?(?P<year>(?:19|20)\d\d)"


def _forms(*names: str) -> tuple[str, ...]:
    return tuple(names)


DATE_WORDS: dict[str, DateWords] = {
    "fr": DateWords(
        weekdays=(
            _forms("lundi"),
            _forms("mardi"),
            _forms("mercredi"),
            _forms("jeudi"),
            _forms("vendredi"),
            _forms("samedi"),
            _forms("dimanche"),
        ),
        months=(
            _forms("janvier", "janv"),
            _forms("février", "fevrier", "févr"),
            _forms("mars"),
            _forms("avril"),
            _forms("mai"),
            _forms("juin"),
            _forms("juillet", "juil"),
            _forms("août", "aout"),
            _forms("septembre", "sept"),
            _forms("octobre", "oct"),
            _forms("novembre", "nov"),
            _forms("décembre", "decembre", "déc"),
        ),
        relative={
            "hier": -1,
            "avant-hier": -2,
            "aujourd'hui": 0,
            "ce matin": 0,
            "ce soir": 0,
            "demain": 1,
            "après-demain": 2,
        },
        last=("dernier",),
        next=("prochain",),
        spans={
            "la semaine dernière": ("last", "week"),
            "la semaine passée": ("last", "week"),
            "cette semaine": ("this", "week"),
            "la semaine prochaine": ("next", "week"),
            "le mois dernier": ("last", "month"),
            "le mois prochain": ("next", "month"),
            "l'an dernier": ("last", "year"),
            "l'année dernière": ("last", "year"),
            "l'an prochain": ("next", "year"),
        },
    ),
    "es": DateWords(
        weekdays=(
            _forms("lunes"),
            _forms("martes"),
            _forms("miércoles", "miercoles"),
            _forms("jueves"),
            _forms("viernes"),
            _forms("sábado", "sabado"),
            _forms("domingo"),
        ),
        months=(
            _forms("enero", "ene"),
            _forms("febrero", "feb"),
            _forms("marzo", "mar"),
            _forms("abril", "abr"),
            _forms("mayo", "may"),
            _forms("junio", "jun"),
            _forms("julio", "jul"),
            _forms("agosto", "ago"),
            _forms("septiembre", "setiembre", "sep", "sept"),
            _forms("octubre", "oct"),
            _forms("noviembre", "nov"),
            _forms("diciembre", "dic"),
        ),
        relative={
            "ayer": -1,
            "anteayer": -2,
            "hoy": 0,
            "esta mañana": 0,
            "esta tarde": 0,
            "pasado mañana": 2,
        },
        last=("pasado",),
        next=("próximo", "proximo", "que viene"),
        spans={
            "la semana pasada": ("last", "week"),
            "esta semana": ("this", "week"),
            "la próxima semana": ("next", "week"),
            "la semana próxima": ("next", "week"),
            "el mes pasado": ("last", "month"),
            "el próximo mes": ("next", "month"),
            "el año pasado": ("last", "year"),
            "el próximo año": ("next", "year"),
        },
    ),
    "pt": DateWords(
        weekdays=(
            _forms("segunda-feira", "segunda"),
            _forms("terça-feira", "terca-feira", "terça"),
            _forms("quarta-feira", "quarta"),
            _forms("quinta-feira", "quinta"),
            _forms("sexta-feira", "sexta"),
            _forms("sábado", "sabado"),
            _forms("domingo"),
        ),
        months=(
            _forms("janeiro", "jan"),
            _forms("fevereiro", "fev"),
            _forms("março", "marco", "mar"),
            _forms("abril", "abr"),
            _forms("maio", "mai"),
            _forms("junho", "jun"),
            _forms("julho", "jul"),
            _forms("agosto", "ago"),
            _forms("setembro", "set"),
            _forms("outubro", "out"),
            _forms("novembro", "nov"),
            _forms("dezembro", "dez"),
        ),
        relative={
            "ontem": -1,
            "anteontem": -2,
            "hoje": 0,
            "nesta manhã": 0,
            "amanhã": 1,
            "amanha": 1,
        },
        last=("passado", "passada"),
        next=("próximo", "próxima", "proximo", "proxima", "que vem"),
        spans={
            "na semana passada": ("last", "week"),
            "semana passada": ("last", "week"),
            "nesta semana": ("this", "week"),
            "esta semana": ("this", "week"),
            "na próxima semana": ("next", "week"),
            "no mês passado": ("last", "month"),
            "no próximo mês": ("next", "month"),
            "no ano passado": ("last", "year"),
            "no próximo ano": ("next", "year"),
        },
    ),
    "de": DateWords(
        weekdays=(
            _forms("Montag", "montags"),
            _forms("Dienstag", "dienstags"),
            _forms("Mittwoch", "mittwochs"),
            _forms("Donnerstag", "donnerstags"),
            _forms("Freitag", "freitags"),
            _forms("Samstag", "Sonnabend", "samstags"),
            _forms("Sonntag", "sonntags"),
        ),
        months=(
            _forms("Januar", "Jänner", "Jan"),
            _forms("Februar", "Feb"),
            _forms("März", "Maerz"),
            _forms("April", "Apr"),
            _forms("Mai"),
            _forms("Juni"),
            _forms("Juli"),
            _forms("August", "Aug"),
            _forms("September", "Sept", "Sep"),
            _forms("Oktober", "Okt"),
            _forms("November", "Nov"),
            _forms("Dezember", "Dez"),
        ),
        relative={
            "gestern": -1,
            "vorgestern": -2,
            "heute": 0,
            "heute morgen": 0,
            "morgen": 1,
            "übermorgen": 2,
        },
        last=("vergangenen", "letzten", "vorigen"),
        next=("kommenden", "nächsten"),
        spans={
            "vergangene woche": ("last", "week"),
            "letzte woche": ("last", "week"),
            "in der vergangenen woche": ("last", "week"),
            "diese woche": ("this", "week"),
            "in dieser woche": ("this", "week"),
            "nächste woche": ("next", "week"),
            "kommende woche": ("next", "week"),
            "im vergangenen monat": ("last", "month"),
            "vergangenen monat": ("last", "month"),
            "nächsten monat": ("next", "month"),
            "im vergangenen jahr": ("last", "year"),
            "vergangenes jahr": ("last", "year"),
            "letztes jahr": ("last", "year"),
            "nächstes jahr": ("next", "year"),
        },
    ),
    "ru": DateWords(
        weekdays=(
            _forms("понедельник", "понедельника"),
            _forms("вторник", "вторника"),
            _forms("среду", "среда", "среды"),
            _forms("четверг", "четверга"),
            _forms("пятницу", "пятница", "пятницы"),
            _forms("субботу", "суббота", "субботы"),
            _forms("воскресенье", "воскресенья"),
        ),
        months=(
            _forms("января", "январь", "январе"),
            _forms("февраля", "февраль", "феврале"),
            _forms("марта", "март", "марте"),
            _forms("апреля", "апрель", "апреле"),
            _forms("мая", "май", "мае"),
            _forms("июня", "июнь", "июне"),
            _forms("июля", "июль", "июле"),
            _forms("августа", "август", "августе"),
            _forms("сентября", "сентябрь", "сентябре"),
            _forms("октября", "октябрь", "октябре"),
            _forms("ноября", "ноябрь", "ноябре"),
            _forms("декабря", "декабрь", "декабре"),
        ),
        relative={
            "вчера": -1,
            "позавчера": -2,
            "сегодня": 0,
            "накануне": -1,
            "завтра": 1,
            "послезавтра": 2,
        },
        last=("прошлый", "прошлую", "прошлое", "минувший", "минувшую", "минувшее"),
        next=("следующий", "следующую", "следующее", "ближайший", "ближайшую", "ближайшее"),
        spans={
            "на прошлой неделе": ("last", "week"),
            "на минувшей неделе": ("last", "week"),
            "на этой неделе": ("this", "week"),
            "на следующей неделе": ("next", "week"),
            "в прошлом месяце": ("last", "month"),
            "в следующем месяце": ("next", "month"),
            "в прошлом году": ("last", "year"),
            "в следующем году": ("next", "year"),
        },
        day_month=r"(?P<day>\d{1,2})\s+(?P<month>{months})(?:\s+(?P<year>(?:19|20)\d\d)(?:\s*г(?:ода|\.)?)?)?",
    ),
    "ar": DateWords(
        weekdays=(
            _forms("الاثنين", "الإثنين"),
            _forms("الثلاثاء"),
            _forms("الأربعاء", "الاربعاء"),
            _forms("الخميس"),
            _forms("الجمعة"),
            _forms("السبت"),
            _forms("الأحد", "الاحد"),
        ),
        months=(
            _forms("يناير", "كانون الثاني"),
            _forms("فبراير", "شباط"),
            _forms("مارس", "آذار"),
            _forms("أبريل", "ابريل", "نيسان"),
            _forms("مايو", "أيار"),
            _forms("يونيو", "يونيه", "حزيران"),
            _forms("يوليو", "يوليه", "تموز"),
            _forms("أغسطس", "آب"),
            _forms("سبتمبر", "أيلول"),
            _forms("أكتوبر", "اكتوبر", "تشرين الأول"),
            _forms("نوفمبر", "تشرين الثاني"),
            _forms("ديسمبر", "كانون الأول"),
        ),
        relative={"أمس": -1, "امس": -1, "اليوم": 0, "غدا": 1, "غداً": 1},
        last=("الماضي", "الفائت"),
        next=("المقبل", "القادم"),
        spans={
            "الأسبوع الماضي": ("last", "week"),
            "هذا الأسبوع": ("this", "week"),
            "الأسبوع المقبل": ("next", "week"),
            "الأسبوع القادم": ("next", "week"),
            "الشهر الماضي": ("last", "month"),
            "الشهر المقبل": ("next", "month"),
            "العام الماضي": ("last", "year"),
            "العام المقبل": ("next", "year"),
        },
        day_month=r"(?P<day>\d{1,2})\s+(?P<month>{months})(?:\s+(?P<year>(?:19|20)\d\d))?",
    ),
    "zh": DateWords(
        weekdays=(
            _forms("周一", "星期一", "礼拜一"),
            _forms("周二", "星期二", "礼拜二"),
            _forms("周三", "星期三", "礼拜三"),
            _forms("周四", "星期四", "礼拜四"),
            _forms("周五", "星期五", "礼拜五"),
            _forms("周六", "星期六", "礼拜六"),
            _forms("周日", "星期日", "星期天", "礼拜天", "周天"),
        ),
        months=tuple(_forms(f"{n}月") for n in range(1, 13)),
        relative={
            "昨天": -1,
            "昨日": -1,
            "前天": -2,
            "今天": 0,
            "今日": 0,
            "当天": 0,
            "明天": 1,
            "明日": 1,
        },
        last=("上",),
        next=("下",),
        spans={
            "上周": ("last", "week"),
            "本周": ("this", "week"),
            "下周": ("next", "week"),
            "上月": ("last", "month"),
            "下月": ("next", "month"),
            "去年": ("last", "year"),
            "明年": ("next", "year"),
        },
        day_month=r"(?:(?P<year>(?:19|20)\d\d)年)?(?P<month>{months})(?P<day>\d{1,2})日",
        bounded=False,
        day_only=r"(?<![月\d])(?P<day>\d{1,2})日(?!电)",
        month_year=r"(?P<year>(?:19|20)\d\d)年(?P<month>{months})(?!\d)",
    ),
}


# --- tagging -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TagCues:
    """How a language refers to a leader without the name (see ``streams.tagging``).

    Both work from a tagged country (a name or demonym), so that the country is always
    one the gazetteer knows: "le président russe", "президент России", "法国总统".
    """

    #: A role word just before a country (group ``role``), searched in the text before it.
    role_before: re.Pattern[str] = NEVER
    #: A role word just after a country (group ``role``), matched where the country ends.
    role_after: re.Pattern[str] = NEVER
    #: Role words (their start, lower case) -> the English title word they mean.
    roles: dict[str, str] = field(default_factory=dict)
    #: "son homologue russe": the counterpart of the last leader named. Before the country,
    #: and (German, Russian) after it: "seinem russischen Amtskollegen".
    counterpart_before: re.Pattern[str] = NEVER
    counterpart_after: re.Pattern[str] | None = None
    #: "les deux présidents": the last two leaders of two states named before (group ``role``).
    two: re.Pattern[str] = NEVER
    #: Endings a name may take in this language ("Путин" -> "Путиным"; German "Putins").
    name_endings: tuple[str, ...] = ()
    #: Clitics a word may carry in front ("وبوتين").
    prefixes: tuple[str, ...] = ()
    #: "le président élu", "избранный президент", "当选...总统": not the holder on the date.
    elect: re.Pattern[str] = NEVER


TAG_CUES: dict[str, TagCues] = {
    "fr": TagCues(
        elect=_words(r"[ée]lue?s?", r"nouvellement [ée]lue?"),
        role_before=re.compile(
            r"\b(?P<role>pr[ée]sidente?|premi(?:er|[èe]re) ministre|chanceli[èe]re?|roi|reine|[ée]mir)"
            r"\s+(?:de la\s+|du\s+|des\s+|de\s+|d')?$",
            re.I,
        ),
        roles={
            "président": "president",
            "presidente": "president",
            "premier ministre": "prime minister",
            "première ministre": "prime minister",
            "chancel": "chancellor",
            "roi": "king",
            "reine": "queen",
            "émir": "emir",
            "emir": "emir",
        },
        counterpart_before=re.compile(r"\b(?:son|sa|leur)\s+homologue\s+$", re.I),
        two=_words(
            r"les deux (?:(?P<role>pr[ée]sidents|premiers ministres)|dirigeants|chefs d'[ÉE]tat)"
        ),
    ),
    "es": TagCues(
        elect=_words(r"electa?s?", r"reci[ée]n elegid[oa]"),
        role_before=re.compile(
            r"\b(?P<role>president[ea]|primer[ao] ministr[ao]|jef[ea] del Gobierno|canciller|rey|reina|emir)"
            r"\s+(?:de la\s+|del\s+|de los\s+|de\s+)?$",
            re.I,
        ),
        roles={
            "president": "president",
            "primer ministro": "prime minister",
            "primera ministra": "prime minister",
            "jefe del gobierno": "prime minister",
            "jefa del gobierno": "prime minister",
            "canciller": "chancellor",
            "rey": "king",
            "reina": "queen",
            "emir": "emir",
        },
        counterpart_before=re.compile(r"\b(?:su|sus)\s+hom[óo]log[oa]s?\s+$", re.I),
        two=_words(
            r"(?:los|ambos) (?:dos )?(?:(?P<role>presidentes|primeros ministros)|mandatarios|l[ií]deres|jefes de Estado|dirigentes)"
        ),
    ),
    "pt": TagCues(
        elect=_words(r"eleit[oa]s?"),
        role_before=re.compile(
            r"\b(?P<role>president[ea]|primeir[ao]-ministr[ao]|chanceler|rei|rainha|emir)"
            r"\s+(?:d[oa]s?\s+|de\s+)?$",
            re.I,
        ),
        roles={
            "president": "president",
            "primeiro-ministro": "prime minister",
            "primeira-ministra": "prime minister",
            "chanceler": "chancellor",
            "rei": "king",
            "rainha": "queen",
            "emir": "emir",
        },
        counterpart_before=re.compile(
            r"\b(?:seu|sua|ao|o|do|com o)\s+(?:hom[óo]log[oa]|colega)\s+$", re.I
        ),
        two=_words(
            r"(?:os dois|ambos os) (?:(?P<role>presidentes|primeiros-ministros)|l[ií]deres|chefes de Estado|mandat[áa]rios)"
        ),
    ),
    "de": TagCues(
        elect=_words(r"gew[äa]hlte\w*", r"designierte\w*", r"k[üu]nftige\w*"),
        role_after=re.compile(
            r"\s+(?P<role>Pr[äa]sident\w*|Premierminister\w*|Regierungschef\w*|Kanzler\w*|Staatschef\w*|K[öo]nig\w*|Emir\w*)"
        ),
        role_before=re.compile(
            r"\b(?P<role>Pr[äa]sident\w*|Premierminister\w*|Regierungschef\w*|Kanzler\w*|K[öo]nig\w*)\s+(?:von\s+|des\s+|der\s+)?$"
        ),
        roles={
            "präsident": "president",
            "prasident": "president",
            "staatschef": "president",
            "premierminister": "prime minister",
            "regierungschef": "prime minister",
            "kanzler": "chancellor",
            "königin": "queen",
            "könig": "king",
            "konig": "king",
            "emir": "emir",
        },
        counterpart_before=re.compile(r"\b(?:sein\w*|ihr\w*|de[mn])\s+$", re.I),
        counterpart_after=re.compile(r"\s+(?:Amtskolleg\w*|Kolleg\w*|Amtskollegin\w*)"),
        two=_words(
            r"(?:die beiden|beide) (?:(?P<role>Pr[äa]sidenten|Regierungschefs)|Staatschefs|Politiker)"
        ),
        name_endings=("s",),
    ),
    "ru": TagCues(
        elect=_words(r"избранн\w+", r"новоизбранн\w+"),
        role_before=re.compile(
            r"(?<!\w)(?P<role>президент\w*|премьер-министр\w*|премьер\w*|канцлер\w*|корол\w+|эмир\w*|глав\w+ правительства)\s+$",
            re.I,
        ),
        role_after=re.compile(
            r"\s+(?P<role>президент\w*|премьер-министр\w*|премьер\w*|канцлер\w*|лидер\w*)", re.I
        ),
        roles={
            "президент": "president",
            "премьер": "prime minister",
            "канцлер": "chancellor",
            "королев": "queen",
            "корол": "king",
            "эмир": "emir",
            "глав": "prime minister",
            "лидер": "president",
        },
        counterpart_before=re.compile(
            r"(?<!\w)(?:со\s+)?(?:своим|своего|свой|своему|своём|своем)\s+$", re.I
        ),
        counterpart_after=re.compile(r"\s+(?:коллег\w*|визави)", re.I),
        two=_words(
            r"(?:оба|обоих|двух|два) (?:(?P<role>президент\w*)|лидер\w*|глав\w* государств\w*)"
        ),
        name_endings=("ого", "ому", "ым", "ом", "ой", "ем", "им", "а", "у", "е", "ы", "и", "ю"),
    ),
    "ar": TagCues(
        elect=_ar(r"المنتخب", r"المنتخبة", r"المنتخبين"),
        role_before=re.compile(
            r"(?P<role>الرئيس|رئيس الوزراء|رئيس وزراء|رئيس حكومة|المستشار|المستشارة|الملك|الملكة|أمير|الأمير)\s+$"
        ),
        roles={
            "الرئيس": "president",
            "رئيس الوزراء": "prime minister",
            "رئيس وزراء": "prime minister",
            "رئيس حكومة": "prime minister",
            "المستشار": "chancellor",
            "الملكة": "queen",
            "الملك": "king",
            "أمير": "emir",
            "الأمير": "emir",
        },
        counterpart_before=re.compile(r"(?:[وبل]|مع\s+)?نظير(?:ه|ته|هم|يه)\s+$"),
        two=re.compile(r"(?:(?P<role>الرئيسين|الرئيسان)|الزعيمين|الزعيمان|القائدين)"),
        prefixes=("وبال", "وال", "بال", "فال", "لل", "وب", "ول", "ال", "و", "ف", "ب", "ل", "ك"),
    ),
    "zh": TagCues(
        elect=_bare(r"当选", r"候任", r"新当选"),
        role_after=re.compile(r"(?P<role>国家主席|总统|总理|首相|国王|女王|埃米尔)"),
        roles={
            "国家主席": "president",
            "总统": "president",
            "总理": "prime minister",
            "首相": "prime minister",
            "国王": "king",
            "女王": "queen",
            "埃米尔": "emir",
        },
        two=re.compile(r"(?:(?P<role>两国总统|两位总统)|两国元首|两国领导人|两位领导人)"),
    ),
}
