"""Insert labels and dates follow the user's locale."""

from __future__ import annotations

from datetime import date

import pytest

from app.binder import build_strip
from app.i18n import insert_label, set_locale


@pytest.fixture
def locale_restored():
    yield
    set_locale("en_US")


@pytest.mark.parametrize(("locale", "month", "weekday"), [
    ("en_US", "December 2026", "Tue"),
    ("es_ES", "diciembre de 2026", "mar"),
    ("pl_PL", "grudzień 2026", "wt."),
    ("ru_RU", "декабрь 2026\u202fг.", "вт"),
])
def test_labels_follow_the_locale(locale_restored, locale, month, weekday):
    set_locale(locale)
    strip = build_strip(date(2026, 11, 24))
    today = strip.get("2026-11-24")
    december = strip.get("2026-12")
    assert insert_label(today).startswith(weekday)
    assert insert_label(december).lower() == month.lower()


def test_unknown_locale_falls_back_to_english(locale_restored):
    assert set_locale("xx_NOPE") == "en_US"
    assert insert_label(build_strip(date(2026, 11, 24)).get("overdue")) == "Overdue"


def test_counted_messages_agree_with_their_number():
    from app.i18n import n_

    assert n_("{count} dossier", "{count} dossiers", 1) == "1 dossier"
    assert n_("{count} dossier", "{count} dossiers", 3) == "3 dossiers"
    assert n_("Moved {count} dossier to {key}.", "Moved {count} dossiers to {key}.", 2,
              key="undated") == "Moved 2 dossiers to undated."


@pytest.mark.parametrize(("locale", "week"), [
    ("en_US", "Mo Tu We Th Fr Sa Su"),
    ("es_ES", "lu ma mi ju vi sá do"),
    ("pl_PL", "pn wt śr cz pt sb nd"),
    ("ru_RU", "пн вт ср чт пт сб вс"),
])
def test_the_strips_weekdays_are_the_usual_two_letters(locale_restored, locale, week):
    from app.i18n import weekday_letters

    set_locale(locale)
    monday = date(2026, 11, 23)
    assert " ".join(weekday_letters(date.fromordinal(monday.toordinal() + i))
                    for i in range(7)) == week


@pytest.mark.parametrize(("locale", "typed", "amount"), [
    ("en_US", "1,250.50", "1250.50"), ("es_ES", "1.250,50", "1250.50"),
    ("pl_PL", "1 250,50", "1250.50"), ("es_ES", "1250.50", "1250.50"),
    ("en_US", "1250,5", "1250.50"), ("ru_RU", "1\u00a0250,50", "1250.50"),
])
def test_amounts_are_read_as_the_locale_writes_them(locale_restored, locale, typed, amount):
    from app.services.validate import parse_amount

    set_locale(locale)
    assert parse_amount(typed) == amount
