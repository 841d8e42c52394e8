"""Language identification of items (py3langid: its model ships inside the package).

Every CleanItem carries the language its text is written in, because tagging, dates and
contact detection read each language with its own words. A language the source declares
(ninjs ``language``, ``<html lang>``, a feed's ``language``) is kept unless the text says
otherwise with confidence: feeds mislabel, a declared ``en`` on French copy would make
the French cues unused.
"""

from __future__ import annotations

import re
import threading
from typing import Any

__all__ = ["CONFIDENT", "SUPPORTED", "identify", "item_language", "primary", "warm"]

#: Languages whose contacts wirefeed reads (the others are identified and passed on).
SUPPORTED = ("en", "fr", "es", "pt", "de", "ru", "ar", "zh")
#: Languages the identifier chooses among: the major wire languages. Closing the set keeps
#: short texts from drifting to rare neighbours (Wu Chinese for Mandarin, Galician for
#: Portuguese).
CANDIDATES = (
    *SUPPORTED,
    *("it", "nl", "tr", "ja", "ko", "vi", "id", "ms", "pl", "uk", "fa", "he", "hi", "bn"),
    *("sv", "no", "da", "fi", "cs", "sk", "hu", "ro", "bg", "sr", "hr", "el", "th", "ur"),
    *("sw", "ca", "tl"),
)
#: Below this probability the text is too short or mixed to overrule what was declared.
CONFIDENT = 0.9
#: With nothing declared, a guess this likely is still better than none.
GUESS = 0.5
#: Enough text to tell languages apart; more costs time and tells nothing more.
SAMPLE_CHARS = 250
#: Fewer letters than this: no opinion (a headline of two names is every language).
MIN_LETTERS = 12

_LETTERS = re.compile(r"[^\W\d_]")
_lock = threading.Lock()
_identifier: Any = None


def primary(tag: str | None) -> str | None:
    """The primary subtag of a BCP 47 tag, lower case: "pt-BR" -> "pt", "zh_Hans" -> "zh"."""
    if not tag:
        return None
    head = re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
    return head if re.fullmatch(r"[a-z]{2,3}", head) else None


def _model() -> Any:
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                model.set_languages(list(CANDIDATES))
                _identifier = model
    return _identifier


#: English function words: a fifth of the words of English prose or more, few of any other
#: language's written in ASCII alone.
_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "was",
        "for",
        "on",
        "that",
        "with",
        "said",
        "by",
        "at",
        "it",
        "as",
        "from",
        "has",
        "have",
        "will",
        "be",
        "are",
        "were",
        "an",
        "its",
        "his",
        "her",
        "their",
        "this",
        "which",
        "would",
        "after",
    ]
)


def _plainly_english(sample: str) -> bool:
    """ASCII text with English function words everywhere: no need to ask the model.

    Most of the wire is English; the model costs a fifth of a millisecond an item, which
    is a fifth of what every stage together costs in one process.
    """
    if not sample.isascii():
        return False
    words = sample.lower().split()
    return len(words) >= 12 and 5 * sum(w in _ENGLISH for w in words) >= len(words)


def identify(text: str) -> tuple[str | None, float]:
    """(language, probability) of ``text``; (None, 0.0) when it is too short to say."""
    sample = text[:SAMPLE_CHARS]
    if _plainly_english(sample):
        return "en", 1.0
    if len(_LETTERS.findall(sample)) < MIN_LETTERS:
        return None, 0.0
    language, probability = _model().classify(sample)
    return str(language), float(probability)


def item_language(headline: str, body: str, declared: str | None = None) -> str | None:
    """The item's language: the declared one, checked against the text.

    ASCII text declared English is taken at its word: none of the other languages wirefeed
    reads fits in ASCII (each writes accents or another script within a few lines), so the
    check would cost the model's time and could change no rule that applies.
    """
    said = primary(declared)
    text = f"{headline}\n{body}" if headline else body
    if said == "en" and text[:SAMPLE_CHARS].isascii():
        return said
    found, probability = identify(text)
    if found is not None and probability >= CONFIDENT:
        return found
    return said or (found if probability >= GUESS else None)


def warm() -> None:
    """Load the model now (about a second) rather than on the first item."""
    _model()
