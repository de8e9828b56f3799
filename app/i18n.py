"""The core's translation and locale helper (the Qt UI uses tr(); the core must not need Qt).

Strings go through gettext with catalogs under resources/locale; dates and numbers are
formatted with Babel for the user's locale.
"""

from __future__ import annotations

import gettext
import locale as _locale
import os
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton, get_day_names, get_month_names
from babel.numbers import format_currency, format_decimal

from app.binder import Insert, InsertKind

LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "locale"
DOMAIN = "ringbinder"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_locale_name = "en_US"


def _detect_locale() -> str:
    for var in ("LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(var, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value.split(".")[0]
    found = _locale.getlocale()[0]
    return found or "en_US"


def set_locale(name: str | None = None) -> str:
    """Choose the language of messages and the format of dates; returns the name in force."""
    global _translation, _locale_name
    wanted = name or _detect_locale()
    try:
        Locale.parse(wanted)
    except (ValueError, UnknownLocaleError):
        wanted = "en_US"
    _locale_name = wanted
    _translation = gettext.translation(
        DOMAIN, localedir=str(LOCALE_DIR), languages=[wanted], fallback=True
    )
    _day_names.cache_clear()
    _month_names.cache_clear()
    return wanted


def current_locale() -> str:
    return _locale_name


def _(message: str) -> str:
    """Translate a user-visible message of the core."""
    return _translation.gettext(message)


def n_(singular: str, plural: str, count: int, **values: object) -> str:
    """Translate and fill a message that depends on a number ("1 dossier", "3 dossiers");
    the UI uses it too, since Qt's plural forms need a compiled catalogue even for English."""
    return _translation.ngettext(singular, plural, count).format(count=count, **values)


@lru_cache(maxsize=8)
def _day_names(width: str) -> dict[int, str]:
    return dict(get_day_names(width, locale=_locale_name))


@lru_cache(maxsize=8)
def _month_names(width: str, context: str) -> dict[int, str]:
    return dict(get_month_names(width, context=context, locale=_locale_name))


def weekday_name(day: date, width: str = "abbreviated") -> str:
    return _day_names(width)[day.weekday()]


def month_name(month: int, width: str = "wide") -> str:
    return _month_names(width, "stand-alone")[month]


def month_label(year: int, month: int) -> str:
    """'December 2026', 'diciembre de 2026', 'grudzień 2026': the locale's own pattern."""
    return format_skeleton("yMMMM", date(year, month, 1), locale=_locale_name)


def long_date(day: date) -> str:
    return format_date(day, "full", locale=_locale_name)


def short_date(day: date) -> str:
    return format_date(day, "medium", locale=_locale_name)


def short_date_time(moment: datetime) -> str:
    """'Nov 30, 2026 12:56': when a backup was taken."""
    return f"{short_date(moment.date())} {moment:%H:%M}"


def money(amount: str, currency: str = "") -> str:
    """'€1,250.50', '1 250,50 zł': an exact decimal amount as the locale writes it."""
    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError):
        return f"{amount} {currency}".strip()
    if currency:
        try:
            return format_currency(value, currency, locale=_locale_name)
        except (ValueError, KeyError):
            pass
    text = format_decimal(value, format="#,##0.00", locale=_locale_name)
    return f"{text} {currency}".strip()


def insert_label(insert: Insert, first_day: bool = False) -> str:
    """'Mon 23', with the month where a month starts ('Tue 1 Dec'); 'December 2026'; 'Overdue'."""
    if insert.kind is InsertKind.DAY and insert.day is not None:
        day = insert.day
        label = f"{weekday_name(day)} {day.day}"
        if first_day or day.day == 1:
            label += f" {month_name(day.month, 'abbreviated')}"
        return label
    if insert.kind is InsertKind.MONTH and insert.month is not None:
        return month_label(*insert.month)
    return {
        InsertKind.OVERDUE: _("Overdue"),
        InsertKind.LATER: _("Later"),
        InsertKind.UNDATED: _("Undated"),
        InsertKind.ARCHIVE: _("Archive"),
    }[insert.kind]


set_locale()
