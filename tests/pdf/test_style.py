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
        assert money("12500.00", "PLN") == "PLN12,500.00"
        assert money("1250.5", "") == "1,250.50"
        set_locale("pl_PL")
        assert money("12500.00", "PLN") == "12\xa0500,00\xa0zł"
    finally:
        set_locale("en_US")
