"""Language identification: the language of every item, the declared one checked."""

from __future__ import annotations

from collections.abc import Callable

import orjson
import pytest

from streams import cleanup
from streams.language import identify, item_language, primary
from streams.records import RawItem

#: One sentence of wire copy per language, written for these tests.
SAMPLES = {
    "en": "The prime minister told parliament on Tuesday that the budget would be cut again.",
    "fr": "Le gouvernement a annoncé mardi une nouvelle hausse des prix de l'électricité.",
    "es": "El Gobierno anunció este martes una nueva subida del precio de la electricidad.",
    "pt": "O governo anunciou nesta terça-feira um novo aumento no preço da eletricidade.",
    "de": "Die Regierung hat am Dienstag eine weitere Erhöhung der Strompreise angekündigt.",
    "ru": "Правительство во вторник объявило о новом повышении цен на электроэнергию.",
    "ar": "أعلنت الحكومة يوم الثلاثاء عن زيادة جديدة في أسعار الكهرباء في البلاد.",
    "zh": "政府周二宣布电价将再次上涨，这是今年以来的第二次调整。",
}


@pytest.mark.parametrize("language", sorted(SAMPLES))
def test_each_supported_language_is_identified(language: str) -> None:
    found, probability = identify(SAMPLES[language])
    assert found == language
    assert probability >= 0.9


def test_too_little_text_gives_no_opinion() -> None:
    """Two names are every language: the declared one stands."""
    assert identify("Putin, Xi") == (None, 0.0)
    assert item_language("Putin, Xi", "", "fr") == "fr"
    assert item_language("Putin, Xi", "", None) is None


def test_a_declared_language_is_kept_when_the_text_agrees() -> None:
    assert item_language("", SAMPLES["pt"], "pt-BR") == "pt"


def test_a_wrong_declaration_gives_way_to_a_confident_reading() -> None:
    """A feed that says "en" for French copy would leave the French cues unused."""
    assert item_language("", SAMPLES["fr"], "en") == "fr"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("pt-BR", "pt"), ("zh_Hans", "zh"), ("EN", "en"), ("", None), (None, None), ("x-1", None)],
)
def test_primary_subtag(tag: str | None, expected: str | None) -> None:
    assert primary(tag) == expected


def test_cleanup_sets_the_language_of_an_item_that_declares_none(
    raw_factory: Callable[..., RawItem],
) -> None:
    raw = raw_factory(
        orjson.dumps({"headline": "Hausse des prix", "body_text": SAMPLES["fr"]}).decode(),
        fmt="ninjs",
    )
    assert cleanup.clean(raw).language == "fr"


def test_english_declared_on_ascii_text_is_taken_at_its_word() -> None:
    """No other language wirefeed reads fits in ASCII: the model is not asked."""
    malay = "Harga minyak naik lagi pada hari Selasa di pasar dunia, kata para pedagang."
    assert item_language("", malay, "en") == "en"
    assert item_language("", malay, None) != "en"
    assert item_language("", SAMPLES["de"], "en") == "de"  # umlauts: checked, and overruled
