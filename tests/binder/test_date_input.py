"""A date typed as people type it: one table per language of what each input gives on a
fixed day, and the inputs that name no day, refused with a message that says why."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.date_input import DateInputError, describe, format_input, parse_date
from app.i18n import set_locale

T1 = date(2026, 11, 24)  # a Tuesday
T2 = date(2026, 12, 31)  # a Thursday, the last day of the year
T3 = date(2027, 1, 31)  # a Sunday, a month's last day before a short February
T4 = date(2028, 2, 28)  # a Monday, the day before a 29 February


def d(text: str) -> date:
    return date.fromisoformat(text)


ENGLISH = [  # en_US: month first
    (T1, "24", "2026-11-24"), (T1, "23", "2026-12-23"), (T1, "15", "2026-12-15"),
    (T1, "30", "2026-11-30"), (T1, "31", "2026-12-31"), (T1, "1", "2026-12-01"),
    (T1, "12/1", "2026-12-01"), (T1, "12-1", "2026-12-01"), (T1, "12.1", "2026-12-01"),
    (T1, "11/24", "2026-11-24"), (T1, "11/23", "2027-11-23"), (T1, "2/29", "2028-02-29"),
    (T1, "12/1/2026", "2026-12-01"), (T1, "12/1/26", "2026-12-01"),
    (T1, "12012026", "2026-12-01"), (T1, "120126", "2026-12-01"), (T1, "1201", "2026-12-01"),
    (T1, "2026-12-01", "2026-12-01"), (T1, "2027-2-28", "2027-02-28"),
    (T1, "dec 15", "2026-12-15"), (T1, "15 dec", "2026-12-15"), (T1, "15 December", "2026-12-15"),
    (T1, "DEC 15", "2026-12-15"), (T1, "jan 1", "2027-01-01"), (T1, "nov 23", "2027-11-23"),
    (T1, "feb 29", "2028-02-29"), (T1, "dec 10, 2026", "2026-12-10"),
    (T1, "December 10, 2026", "2026-12-10"), (T1, "Thursday, December 10, 2026", "2026-12-10"),
    (T1, "thu 10 dec", "2026-12-10"), (T1, "Tue Dec 1", "2026-12-01"),
    (T1, "tue", "2026-12-01"), (T1, "tu", "2026-12-01"), (T1, "Tuesday", "2026-12-01"),
    (T1, "wed", "2026-11-25"), (T1, "fri", "2026-11-27"), (T1, "mo", "2026-11-30"),
    (T1, "sun", "2026-11-29"), (T1, "+3", "2026-11-27"), (T1, "+3d", "2026-11-27"),
    (T1, "+2w", "2026-12-08"), (T1, "+2 weeks", "2026-12-08"), (T1, "+1m", "2026-12-24"),
    (T1, "+1y", "2027-11-24"), (T1, "+0", "2026-11-24"), (T1, "-1", "2026-11-23"),
    (T1, "today", "2026-11-24"), (T1, "tod", "2026-11-24"), (T1, "tomorrow", "2026-11-25"),
    (T1, "tom", "2026-11-25"), (T1, "day after tomorrow", "2026-11-26"),
    (T1, "yesterday", "2026-11-23"),
    (T2, "1", "2027-01-01"), (T2, "31", "2026-12-31"), (T2, "30", "2027-01-30"),
    (T2, "+1", "2027-01-01"), (T2, "+1m", "2027-01-31"), (T2, "+2m", "2027-02-28"),
    (T2, "fri", "2027-01-01"), (T2, "thu", "2027-01-07"), (T2, "12/31", "2026-12-31"),
    (T2, "12/30", "2027-12-30"), (T2, "tomorrow", "2027-01-01"), (T2, "1/1", "2027-01-01"),
    (T3, "+1m", "2027-02-28"), (T3, "30", "2027-03-30"), (T3, "29", "2027-03-29"),
    (T3, "28", "2027-02-28"), (T3, "31", "2027-01-31"), (T3, "2/29", "2028-02-29"),
    (T3, "sun", "2027-02-07"), (T3, "mon", "2027-02-01"), (T3, "-1", "2027-01-30"),
    (T4, "29", "2028-02-29"), (T4, "+1", "2028-02-29"), (T4, "+1m", "2028-03-28"),
    (T4, "+1y", "2029-02-28"), (T4, "2/29", "2028-02-29"), (T4, "2/29/2028", "2028-02-29"),
    (T4, "+12m", "2029-02-28"), (T4, "tomorrow", "2028-02-29"), (T4, "30", "2028-03-30"),
    (T4, "mon", "2028-03-06"),
]

SPANISH = [  # es_ES: day first
    (T1, "15", "2026-12-15"), (T1, "1/12", "2026-12-01"), (T1, "1.12", "2026-12-01"),
    (T1, "1-12", "2026-12-01"), (T1, "01/12/2026", "2026-12-01"), (T1, "1/12/26", "2026-12-01"),
    (T1, "01122026", "2026-12-01"), (T1, "011226", "2026-12-01"), (T1, "0112", "2026-12-01"),
    (T1, "2026-12-01", "2026-12-01"), (T1, "15 dic", "2026-12-15"),
    (T1, "15 diciembre", "2026-12-15"), (T1, "15 de diciembre", "2026-12-15"),
    (T1, "DIC 15", "2026-12-15"), (T1, "1 de diciembre de 2026", "2026-12-01"),
    (T1, "jueves, 10 de diciembre de 2026", "2026-12-10"), (T1, "10 dic 2026", "2026-12-10"),
    (T1, "jue 10 dic", "2026-12-10"), (T1, "mar 15 dic", "2026-12-15"),  # mar: martes here
    (T1, "15 ene", "2027-01-15"), (T1, "15 mar", "2027-03-15"), (T1, "29 feb", "2028-02-29"),
    (T1, "29/2", "2028-02-29"), (T1, "23/11", "2027-11-23"), (T1, "24/11", "2026-11-24"),
    (T1, "mar", "2026-12-01"), (T1, "martes", "2026-12-01"), (T1, "ma", "2026-12-01"),
    (T1, "mie", "2026-11-25"), (T1, "miércoles", "2026-11-25"), (T1, "MIERCOLES", "2026-11-25"),
    (T1, "vie", "2026-11-27"), (T1, "sab", "2026-11-28"), (T1, "sáb", "2026-11-28"),
    (T1, "do", "2026-11-29"), (T1, "lu", "2026-11-30"), (T1, "ju", "2026-11-26"),
    (T1, "fri", "2026-11-27"), (T1, "hoy", "2026-11-24"), (T1, "mañana", "2026-11-25"),
    (T1, "manana", "2026-11-25"), (T1, "man", "2026-11-25"), (T1, "pasado mañana", "2026-11-26"),
    (T1, "pas", "2026-11-26"), (T1, "ayer", "2026-11-23"), (T1, "today", "2026-11-24"),
    (T1, "tomorrow", "2026-11-25"), (T1, "+3", "2026-11-27"), (T1, "+1s", "2026-12-01"),
    (T1, "+2 semanas", "2026-12-08"), (T1, "+1m", "2026-12-24"), (T1, "+1 mes", "2026-12-24"),
    (T1, "+1a", "2027-11-24"), (T1, "+1w", "2026-12-01"), (T1, "-1", "2026-11-23"),
    (T2, "1", "2027-01-01"), (T2, "1/1", "2027-01-01"), (T2, "31/12", "2026-12-31"),
    (T2, "+2m", "2027-02-28"), (T2, "vie", "2027-01-01"),
    (T3, "+1m", "2027-02-28"), (T3, "30", "2027-03-30"), (T3, "29/2", "2028-02-29"),
    (T3, "dom", "2027-02-07"),
    (T4, "29", "2028-02-29"), (T4, "29/2/2028", "2028-02-29"), (T4, "+1a", "2029-02-28"),
    (T4, "mañana", "2028-02-29"),
]

POLISH = [  # pl_PL: day first, dots
    (T1, "15", "2026-12-15"), (T1, "1.12", "2026-12-01"), (T1, "1/12", "2026-12-01"),
    (T1, "1-12", "2026-12-01"), (T1, "1.12.", "2026-12-01"), (T1, "01.12.2026", "2026-12-01"),
    (T1, "1.12.26", "2026-12-01"), (T1, "01122026", "2026-12-01"), (T1, "011226", "2026-12-01"),
    (T1, "0112", "2026-12-01"), (T1, "2026-12-01", "2026-12-01"),
    (T1, "15 grudnia", "2026-12-15"), (T1, "15 grudzień", "2026-12-15"),
    (T1, "15 gru", "2026-12-15"), (T1, "15 GRU", "2026-12-15"), (T1, "gru 15", "2026-12-15"),
    (T1, "10 grudnia 2026", "2026-12-10"), (T1, "czwartek, 10 grudnia 2026", "2026-12-10"),
    (T1, "czw 10 gru", "2026-12-10"),
    (T1, "15 stycznia", "2027-01-15"), (T1, "15 sty", "2027-01-15"),
    (T1, "29 lutego", "2028-02-29"), (T1, "29.02", "2028-02-29"), (T1, "23.11", "2027-11-23"),
    (T1, "1 maja", "2027-05-01"), (T1, "15 października", "2027-10-15"),
    (T1, "wt", "2026-12-01"), (T1, "wtorek", "2026-12-01"), (T1, "sr", "2026-11-25"),
    (T1, "śr", "2026-11-25"), (T1, "środa", "2026-11-25"), (T1, "sroda", "2026-11-25"),
    (T1, "śro", "2026-11-25"), (T1, "cz", "2026-11-26"), (T1, "czw", "2026-11-26"),
    (T1, "pt", "2026-11-27"), (T1, "piątek", "2026-11-27"), (T1, "sb", "2026-11-28"),
    (T1, "sob", "2026-11-28"), (T1, "nd", "2026-11-29"), (T1, "niedz", "2026-11-29"),
    (T1, "pn", "2026-11-30"), (T1, "pon", "2026-11-30"), (T1, "dziś", "2026-11-24"),
    (T1, "dzis", "2026-11-24"), (T1, "dzisiaj", "2026-11-24"), (T1, "dzi", "2026-11-24"),
    (T1, "jutro", "2026-11-25"), (T1, "jut", "2026-11-25"), (T1, "pojutrze", "2026-11-26"),
    (T1, "poj", "2026-11-26"), (T1, "wczoraj", "2026-11-23"), (T1, "tomorrow", "2026-11-25"),
    (T1, "+3", "2026-11-27"), (T1, "+1t", "2026-12-01"), (T1, "+2 tygodnie", "2026-12-08"),
    (T1, "+1m", "2026-12-24"), (T1, "+1 miesiąc", "2026-12-24"), (T1, "+1r", "2027-11-24"),
    (T1, "+1d", "2026-11-25"), (T1, "-1", "2026-11-23"),
    (T2, "1", "2027-01-01"), (T2, "+2m", "2027-02-28"), (T2, "pt", "2027-01-01"),
    (T2, "31.12", "2026-12-31"),
    (T3, "+1m", "2027-02-28"), (T3, "30", "2027-03-30"), (T3, "29.2", "2028-02-29"),
    (T4, "29", "2028-02-29"), (T4, "+1r", "2029-02-28"), (T4, "jutro", "2028-02-29"),
    (T4, "1.3", "2028-03-01"),
]

RUSSIAN = [  # ru_RU: day first, dots
    (T1, "15", "2026-12-15"), (T1, "1.12", "2026-12-01"), (T1, "1/12", "2026-12-01"),
    (T1, "01.12.2026", "2026-12-01"), (T1, "1.12.26", "2026-12-01"),
    (T1, "01122026", "2026-12-01"), (T1, "011226", "2026-12-01"), (T1, "0112", "2026-12-01"),
    (T1, "2026-12-01", "2026-12-01"), (T1, "15 дек", "2026-12-15"),
    (T1, "15 декабря", "2026-12-15"), (T1, "15 декабрь", "2026-12-15"),
    (T1, "15 ДЕК", "2026-12-15"), (T1, "15 дек.", "2026-12-15"),
    (T1, "10 дек. 2026 г.", "2026-12-10"), (T1, "четверг, 10 декабря 2026 г.", "2026-12-10"),
    (T1, "чт 10 дек", "2026-12-10"),
    (T1, "15 янв", "2027-01-15"), (T1, "15 января", "2027-01-15"),
    (T1, "29 февраля", "2028-02-29"), (T1, "29 фев", "2028-02-29"), (T1, "1 мая", "2027-05-01"),
    (T1, "1 май", "2027-05-01"), (T1, "15 июня", "2027-06-15"), (T1, "15 июл", "2027-07-15"),
    (T1, "1 мар", "2027-03-01"), (T1, "23.11", "2027-11-23"),
    (T1, "вт", "2026-12-01"), (T1, "вторник", "2026-12-01"), (T1, "ср", "2026-11-25"),
    (T1, "среда", "2026-11-25"), (T1, "чт", "2026-11-26"), (T1, "пт", "2026-11-27"),
    (T1, "пятница", "2026-11-27"), (T1, "сб", "2026-11-28"), (T1, "вс", "2026-11-29"),
    (T1, "пн", "2026-11-30"), (T1, "пон", "2026-11-30"), (T1, "по", "2026-11-30"),
    (T1, "сегодня", "2026-11-24"), (T1, "сег", "2026-11-24"), (T1, "завтра", "2026-11-25"),
    (T1, "зав", "2026-11-25"), (T1, "послезавтра", "2026-11-26"), (T1, "пос", "2026-11-26"),
    (T1, "вчера", "2026-11-23"), (T1, "today", "2026-11-24"),
    (T1, "+3", "2026-11-27"), (T1, "+1н", "2026-12-01"), (T1, "+2 недели", "2026-12-08"),
    (T1, "+1м", "2026-12-24"), (T1, "+1 месяц", "2026-12-24"), (T1, "+1г", "2027-11-24"),
    (T1, "+1д", "2026-11-25"), (T1, "+1w", "2026-12-01"), (T1, "-1", "2026-11-23"),
    (T2, "1", "2027-01-01"), (T2, "+2м", "2027-02-28"), (T2, "пт", "2027-01-01"),
    (T3, "+1м", "2027-02-28"), (T3, "29.02", "2028-02-29"), (T3, "30", "2027-03-30"),
    (T4, "29", "2028-02-29"), (T4, "+1г", "2029-02-28"), (T4, "завтра", "2028-02-29"),
]


def _table(locale: str, rows: list[tuple[date, str, str]]) -> list:
    return [pytest.param(locale, today, text, d(want), id=f"{locale}-{today}-{text}")
            for today, text, want in rows]


@pytest.mark.parametrize(("locale", "today", "text", "want"), [
    *_table("en_US", ENGLISH), *_table("es_ES", SPANISH), *_table("pl_PL", POLISH),
    *_table("ru_RU", RUSSIAN)])
def test_a_typed_date_gives_the_day_meant(locale, today, text, want):
    assert parse_date(text, today, locale=locale) == want


def test_the_tables_are_large_enough():
    for rows in (ENGLISH, SPANISH, POLISH, RUSSIAN):
        assert len(rows) >= 40


@pytest.fixture
def english():
    set_locale("en_US")
    yield
    set_locale("en_US")


REFUSED = [  # en_US, on T1
    ("", "Type a date: for example 15, 12/1, fri, +3 or tomorrow."),
    ("   ", "Type a date: for example 15, 12/1, fri, +3 or tomorrow."),
    ("abc", "'abc' is not a date. Type for example 15, 12/1, fri, +3 or tomorrow."),
    ("t", "'t' is not a date. Type for example 15, 12/1, fri, +3 or tomorrow."),
    ("123", "'123' is not a date. Type for example 15, 12/1, fri, +3 or tomorrow."),
    ("1/2/3/4", "'1/2/3/4' is not a date. Type for example 15, 12/1, fri, +3 or tomorrow."),
    ("15 dec fri x", "'15 dec fri x' is not a date. Type for example 15, 12/1, fri, +3 or "
                     "tomorrow."),
    ("2/31", "'2/31': February has no day 31."),
    ("feb 30", "'feb 30': February has no day 30."),
    ("2/29/2027", "'2/29/2027': February 2027 has no day 29."),
    ("2026-02-30", "'2026-02-30': February 2026 has no day 30."),
    ("32", "'32': a month has days 1 to 31."),
    ("0", "'0': a month has days 1 to 31."),
    ("13/1", "'13/1': there is no month 13."),
    ("13/1/2027", "'13/1/2027': there is no month 13."),
    ("1/1/202", "'1/1/202': write the year with 2 or 4 digits."),
    ("3000-01-01", "'3000-01-01' is outside the dates Ringbinder can file under "
                   "(1900-01-01 to 2999-12-31)."),
    ("1/1/1899", "'1/1/1899' is outside the dates Ringbinder can file under "
                 "(1900-01-01 to 2999-12-31)."),
    ("-50000", "'-50000' is outside the dates Ringbinder can file under "
               "(1900-01-01 to 2999-12-31)."),
    ("+1000y", "'+1000y' is too far away."),
    ("+99999999", "'+99999999' is too far away."),
    ("+1x", "'+1x': after the number write d (days), w (weeks), m (months) or y (years)."),
    ("dec", "'dec': which day of the month? Type for example 15 dec."),
    ("Mon 10 Dec", "Dec 10, 2026 is a Thursday, not a Monday."),
    ("Monday, December 10, 2026", "Dec 10, 2026 is a Thursday, not a Monday."),
    ("wed 12/1/2026", "'wed 12/1/2026' is not a date. Type for example 15, 12/1, fri, +3 or "
                      "tomorrow."),
    ("thu fri 10 dec", "Dec 10, 2026 is a Thursday, not a Friday."),
    ("sat dec 10 2027", "Dec 10, 2027 is a Friday, not a Saturday."),
]


@pytest.mark.parametrize(("text", "message"), REFUSED, ids=[t or "empty" for t, _m in REFUSED])
def test_what_names_no_day_is_refused_with_the_reason(english, text, message):
    with pytest.raises(DateInputError) as refused:
        parse_date(text, T1)
    assert str(refused.value) == message


@pytest.mark.parametrize(("locale", "text", "message"), [
    ("en_US", "Mon 10 Dec", "Dec 10, 2026 is a Thursday, not a Monday."),
    ("es_ES", "lun 10 dic", "El 10 dic 2026 es jueves, no lunes."),
    ("es_ES", "lunes, 10 de diciembre de 2026", "El 10 dic 2026 es jueves, no lunes."),
    ("pl_PL", "pon 10 gru", "10 gru 2026 to czwartek, nie poniedziałek."),
    ("ru_RU", "пн 10 дек", "10 дек. 2026\u202fг. — четверг, а не понедельник."),
])
def test_a_weekday_that_is_not_the_dates_is_refused_naming_the_real_one(locale, text, message):
    """Either the weekday or the date is a slip: neither is guessed."""
    set_locale(locale)
    try:
        with pytest.raises(DateInputError) as refused:
            parse_date(text, T1)
        assert str(refused.value) == message
    finally:
        set_locale("en_US")


def test_a_refusal_speaks_the_users_language():
    set_locale("pl_PL")
    try:
        with pytest.raises(DateInputError, match="luty"):
            parse_date("31.2", T1)
        with pytest.raises(DateInputError, match=r"1\.12"):  # the example in the locale's order
            parse_date("", T1)
    finally:
        set_locale("en_US")


def test_the_ui_language_is_the_default(english):
    assert parse_date("12/1", T1) == date(2026, 12, 1)
    set_locale("ru_RU")
    assert parse_date("1.12", T1) == date(2026, 12, 1)
    assert parse_date("завтра", T1) == date(2026, 11, 25)


def test_another_languages_words_are_not_understood(english):
    """Only the UI's language and English: "jutro" in an English window is refused."""
    with pytest.raises(DateInputError):
        parse_date("jutro", T1)


def test_describe_names_the_weekday(english):
    assert describe(date(2026, 12, 10), T1) == "Thu 10 Dec"
    assert describe(date(2027, 1, 4), T1) == "Mon 4 Jan 2027"


@pytest.mark.parametrize(("locale", "shown"), [
    ("en_US", "12/1/2026"), ("es_ES", "1/12/2026"), ("pl_PL", "1.12.2026"),
    ("ru_RU", "01.12.2026"), ("de_DE", "01.12.2026"), ("ja_JP", "2026/12/01")])
def test_what_a_field_shows_reads_back_as_the_same_day(locale, shown):
    day = date(2026, 12, 1)
    assert format_input(day, locale=locale) == shown
    assert parse_date(shown, T2, locale=locale) == day


@pytest.mark.parametrize("locale", ["en_US", "es_ES", "pl_PL", "ru_RU"])
def test_every_day_of_the_next_two_months_costs_at_most_four_keys(locale):
    """A day number, a day and month, or days ahead: the shortest that names the day."""
    order = "md" if locale == "en_US" else "dm"
    for ahead in range(62):
        day = T1 + timedelta(days=ahead)
        numbers = {"d": str(day.day), "m": str(day.month)}
        typed = [str(day.day), "/".join(numbers[f] for f in order), f"+{ahead}"]
        fits = [t for t in typed if len(t) <= 4 and parse_date(t, T1, locale=locale) == day]
        assert fits, day
