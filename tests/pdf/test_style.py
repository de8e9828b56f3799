"""The small rules every printed page follows: clean text, known paper, local amounts."""

from __future__ import annotations

import pytest

from app.errors import InvalidInput
from app.i18n import money, set_locale
from app.pdf.style import MAX_WORD, locale_page_size, markup, page_size_name, style, tidy


def test_text_is_cleaned_and_absurd_words_are_clipped():
    assert tidy("  a\tb\r\nc\x00\x07 ") == "a b\nc"
    clipped = tidy("see " + "x" * 500 + " now")
    assert clipped == "see " + "x" * MAX_WORD + "… now"
    assert tidy("word " * 100, limit=20) == ("word " * 4).strip() + "…"
    assert markup("<b>Tom & Jerry</b>\nnext") == "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt;<br/>next"


def test_paper_sizes():
    assert page_size_name("a4") == "A4" and page_size_name(" LETTER ") == "Letter"
    with pytest.raises(InvalidInput, match="A4 or Letter"):
        page_size_name("A5")
    assert locale_page_size("en_US") == "Letter" and locale_page_size("pl_PL") == "A4"


def test_no_style_below_the_readable_size():
    with pytest.raises(ValueError, match="readable minimum"):
        style("tiny", 8)


def test_amounts_follow_the_locale():
    try:
        assert money("12500.00", "PLN") == "PLN\xa012,500.00"  # CLDR's currency spacing
        assert money("12500.00", "EUR") == "€12,500.00"
        assert money("-12500.00", "CHF") == "-CHF\xa012,500.00"
        assert money("1250.5", "") == "1,250.50"
        set_locale("pl_PL")
        assert money("12500.00", "PLN") == "12\xa0500,00\xa0zł"
    finally:
        set_locale("en_US")


@pytest.mark.parametrize("name", ["en_US", "en", "pl_PL", "es", "ru_RU", "de_AT", "pt_BR"])
def test_dates_and_amounts_are_babels_for_the_locale_name(name: str) -> None:
    """The formats are written with Babel's Locale parsed once per name: the same text Babel
    writes given the name itself."""
    from datetime import date, datetime

    from babel.dates import format_date, format_time
    from babel.numbers import format_currency, format_decimal

    from app.i18n import current_locale, long_date, short_date, short_time

    try:
        set_locale(name)
        locale = current_locale()
        day, moment = date(2026, 2, 3), datetime(2026, 2, 3, 14, 5)
        assert short_date(day) == format_date(day, "medium", locale=locale)
        assert long_date(day) == format_date(day, "full", locale=locale)
        assert short_time(moment) == format_time(moment, "short", locale=locale)
        assert money("-1234.5", "EUR") == format_currency(-1234.5, "EUR", locale=locale)
        assert money("1234.5") == format_decimal(1234.5, format="#,##0.00", locale=locale)
    finally:
        set_locale("en_US")
