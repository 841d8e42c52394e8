"""Dates in text, resolved against the item's own day."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from streams.dates import anchor_date, find_dates

SATURDAY = date(2017, 1, 28)


def _one(text: str, anchor: date = SATURDAY, *, future: bool = False) -> tuple[date, date]:
    found = find_dates(text, anchor, future=future)
    assert len(found) == 1, found
    return found[0].first, found[0].last


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("during a phone conversation on Saturday", date(2017, 1, 28)),
        ("they met on Thursday", date(2017, 1, 26)),
        ("talks yesterday", date(2017, 1, 27)),
        ("talks today", date(2017, 1, 28)),
        ("on Jan. 28", date(2017, 1, 28)),
        ("on January 20", date(2017, 1, 20)),
        ("on 20 January", date(2017, 1, 20)),
        ("on Dec. 30", date(2016, 12, 30)),  # no year: the nearest December 30 is last year's
        ("on April 5-6", date(2017, 4, 5)),
        ("on April 5, 2016", date(2016, 4, 5)),
        ("2016-11-14", date(2016, 11, 14)),
        ("last Monday", date(2017, 1, 23)),
        ("two days ago", date(2017, 1, 26)),
    ],
)
def test_a_single_day(text: str, day: date) -> None:
    assert _one(text) == (day, day)


def test_a_weekday_in_a_plan_is_the_next_one() -> None:
    """ "will meet on Wednesday" in a Saturday item is the coming Wednesday."""
    assert _one("will meet on Wednesday", future=True) == (date(2017, 2, 1),) * 2
    assert _one("met on Wednesday") == (date(2017, 1, 25),) * 2


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("last week", date(2017, 1, 16), date(2017, 1, 22)),
        ("earlier this month", date(2017, 1, 1), date(2017, 1, 28)),
        ("later this month", date(2017, 1, 28), date(2017, 1, 31)),
        ("in mid-November", date(2016, 11, 10), date(2016, 11, 21)),
        ("in November", date(2016, 11, 1), date(2016, 11, 30)),
        ("in early March", date(2016, 3, 1), date(2016, 3, 10)),
        ("next month", date(2017, 2, 1), date(2017, 2, 28)),
        ("last year", date(2016, 1, 1), date(2016, 12, 31)),
        ("in 2015", date(2015, 1, 1), date(2015, 12, 31)),
        ("recently", date(2017, 1, 14), date(2017, 1, 28)),
    ],
)
def test_a_window_of_days(text: str, first: date, last: date) -> None:
    assert _one(text) == (first, last)


def test_a_month_to_come_in_a_plan() -> None:
    assert _one("will visit in March", future=True) == (date(2017, 3, 1), date(2017, 3, 31))


def test_may_the_verb_is_no_date() -> None:
    """ "may meet" is a modal; "in May" with a capital is the month."""
    assert find_dates("the two may meet", SATURDAY) == []
    assert find_dates("in may they could meet", SATURDAY) == []
    assert _one("talks in May") == (date(2016, 5, 1), date(2016, 5, 31))


def test_offsets_point_at_the_expression() -> None:
    text = "They spoke by phone on Saturday and will meet next month."
    found = find_dates(text, SATURDAY)
    assert [text[w.start : w.end] for w in found] == ["Saturday", "next month"]


def test_the_dateline_gives_the_anchor_with_the_publication_year() -> None:
    """ "MOSCOW, Jan. 28" published early on Jan. 29 is the 28th; a date far off is ignored."""
    assert anchor_date(date(2017, 1, 29), "Jan. 28") == date(2017, 1, 28)
    assert anchor_date(date(2017, 1, 2), "Dec 31") == date(2016, 12, 31)
    assert anchor_date(date(2017, 1, 29), "July 4") == date(2017, 1, 29)
    assert anchor_date(date(2017, 1, 29), None) == date(2017, 1, 29)


@given(st.text(max_size=200))
def test_never_raises(text: str) -> None:
    for w in find_dates(text, SATURDAY):
        assert 0 <= w.start < w.end <= len(text)
        assert w.first <= w.last


@pytest.mark.parametrize(
    ("language", "text", "day"),
    [
        ("fr", "s'est entretenu jeudi avec", date(2017, 1, 26)),
        ("fr", "samedi dernier", date(2017, 1, 21)),
        ("fr", "le 20 janvier 2017", date(2017, 1, 20)),
        ("fr", "hier soir", date(2017, 1, 27)),
        ("es", "el pasado jueves", date(2017, 1, 26)),
        ("es", "el 20 de enero de 2017", date(2017, 1, 20)),
        ("es", "ayer", date(2017, 1, 27)),
        ("pt", "na quinta-feira", date(2017, 1, 26)),
        ("pt", "em 20 de janeiro", date(2017, 1, 20)),
        ("de", "am Donnerstag", date(2017, 1, 26)),
        ("de", "am 20. Januar 2017", date(2017, 1, 20)),
        ("de", "gestern", date(2017, 1, 27)),
        ("ru", "в четверг", date(2017, 1, 26)),
        ("ru", "20 января 2017 года", date(2017, 1, 20)),
        ("ru", "в прошлую субботу", date(2017, 1, 21)),
        ("ar", "يوم الخميس", date(2017, 1, 26)),
        ("ar", "في 20 يناير", date(2017, 1, 20)),
        ("ar", "أمس", date(2017, 1, 27)),
        ("zh", "周四", date(2017, 1, 26)),
        ("zh", "2017年1月20日", date(2017, 1, 20)),
        ("zh", "上周六", date(2017, 1, 21)),
        ("zh", "昨天", date(2017, 1, 27)),
    ],
)
def test_a_single_day_in_other_languages(language: str, text: str, day: date) -> None:
    found = find_dates(text, SATURDAY, language=language)
    assert [(w.first, w.last) for w in found] == [(day, day)]


@pytest.mark.parametrize(
    ("language", "text", "day"),
    [
        ("fr", "se rendra mercredi", date(2017, 2, 1)),
        ("de", "am kommenden Mittwoch", date(2017, 2, 1)),
        ("ru", "в среду", date(2017, 2, 1)),
        ("zh", "下周三", date(2017, 2, 1)),
    ],
)
def test_a_weekday_to_come_in_other_languages(language: str, text: str, day: date) -> None:
    found = find_dates(text, SATURDAY, future=True, language=language)
    assert [w.day for w in found] == [day]


def test_another_languages_words_are_not_read_as_english() -> None:
    """ "mai" (May in French and German) is a month there, not in English text."""
    assert find_dates("le 3 mai", SATURDAY, language="fr")[0].day == date(2017, 5, 3)
    assert find_dates("el lunes", SATURDAY, language="en") == []
