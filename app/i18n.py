"""The one translation and locale helper of the whole app: the window, the CLI and the PDFs
all call _() and n_() (gettext; the core must not need Qt), and dates and numbers are
formatted with Babel for the user's locale.

The catalogues are app/locale/<lang>/LC_MESSAGES/ringbinder.po, inside the package. A build
compiles them to .mo beside them; a source checkout has none, and the .po is compiled in
memory the first time a language is used (a few ms).

Babel loads on first use: a locale name Babel has data for under that very name (pl_PL, en)
is taken as it is, so that messages alone (the command line's quick reads) never import it.
"""

from __future__ import annotations

import gettext
import io
import locale as _locale
import os
import re
from datetime import date, datetime, time
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the binder's rules (and their holiday tables) load when first needed
    from babel import Locale

    from app.binder import Insert

LOCALE_DIR = Path(__file__).resolve().parent / "locale"  # inside the package, as data
DOMAIN = "ringbinder"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_locale_name = "en_US"


def _detect_locale() -> str:
    """The language the user chose in Ringbinder, else the system's (LC_ALL, LC_MESSAGES,
    LANG; C and POSIX mean none)."""
    from app.preferences import language

    chosen = language()
    if chosen:
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value in ("C", "POSIX") or value.startswith("C."):
            return "en"  # no country: A4 paper and the euro, not the US's
        if value:
            return value.split(".")[0]
    found = _locale.getlocale()[0]
    return found or "en"


_PLAIN_NAME = re.compile(r"([a-z]{2,3})(?:_([A-Z]{2}))?")


@lru_cache(maxsize=1)
def _babel_data() -> Path | None:
    """Babel's locale-data folder, found without importing Babel (None: not a folder)."""
    spec = find_spec("babel")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        data = Path(folder) / "locale-data"
        if data.is_dir():
            return data
    return None


@lru_cache(maxsize=16)
def _parse(name: str) -> tuple[str, str, str | None]:
    """(name, language, territory) as Babel's Locale.parse gives them; ValueError when Babel
    knows no such locale. A plain name with Babel's data under it is Babel's own name."""
    plain = _PLAIN_NAME.fullmatch(name)
    data = _babel_data()
    if plain and data is not None and (data / f"{name}.dat").is_file():
        return name, plain[1], plain[2]
    from babel import Locale, UnknownLocaleError

    try:
        parsed = Locale.parse(name)
    except UnknownLocaleError as exc:
        raise ValueError(str(exc)) from None
    return str(parsed), parsed.language, parsed.territory


@lru_cache(maxsize=16)
def _babel(name: str) -> Locale:
    """Babel's Locale of a name, parsed once: each of Babel's functions given the name parses
    it again, several times a call (a third of formatting a date or an amount)."""
    from babel import Locale

    return Locale.parse(name)


def set_locale(name: str | None = None) -> str:
    """Choose the language of messages and the format of dates; returns the name in force."""
    global _translation, _locale_name
    wanted = name or _detect_locale()
    try:
        _parse(wanted)
    except ValueError:
        wanted = "en_US"
    _locale_name = wanted
    _translation = catalogue(wanted)
    _day_names.cache_clear()
    _month_names.cache_clear()
    return wanted


def _languages(name: str) -> list[str]:
    """"pl_PL" -> ["pl_PL", "pl"]: the catalogue of the country, else of the language."""
    parsed, lang, _territory = _parse(name)
    return list(dict.fromkeys([parsed, lang]))


@lru_cache(maxsize=8)
def catalogue(name: str) -> gettext.NullTranslations:
    """The translations for a locale: its compiled .mo when one is as new as its .po, else
    the .po compiled in memory; English (the source) has none."""
    for code in _languages(name):
        folder = LOCALE_DIR / code / "LC_MESSAGES"
        po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as f:
                return gettext.GNUTranslations(f)
        if po.is_file():
            from babel.messages.mofile import write_mo
            from babel.messages.pofile import read_po

            with po.open("rb") as f:
                parsed = read_po(f, locale=code)
            compiled = io.BytesIO()
            write_mo(compiled, parsed)  # fuzzy entries are left out, as msgfmt does
            compiled.seek(0)
            return gettext.GNUTranslations(compiled)
    return gettext.NullTranslations()


def language() -> str:
    """The language of the messages in force ("pl", "es", "ru", "en")."""
    return _parse(_locale_name)[1]


def current_locale() -> str:
    return _locale_name


def _(message: str) -> str:
    """Translate a user-visible message of the core."""
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """gettext's ngettext over the catalogue in force (argparse's own messages use it)."""
    return _translation.ngettext(singular, plural, count)


def translate_argparse() -> None:
    """argparse's own words ("usage:", "options", "the following arguments are required")
    from our catalogue, where `make catalogues` extracts them from argparse.py itself."""
    import argparse

    # argparse looks both names up at call time; its stub declares neither
    argparse._ = _  # type: ignore[attr-defined]  # not in argparse's stub
    argparse.ngettext = ngettext  # type: ignore[attr-defined]  # not in argparse's stub


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it here: it is translated where
    it is shown, by _() on a variable (a field's name in an error message)."""
    return message


def n_(singular: str, plural: str, count: int, **values: object) -> str:
    """Translate and fill a message that depends on a number ("1 dossier", "3 dossiers");
    the UI uses it too, since Qt's plural forms need a compiled catalogue even for English."""
    return _translation.ngettext(singular, plural, count).format(count=count, **values)


DayWidth = Literal["abbreviated", "narrow", "short", "wide"]  # CLDR's widths, as Babel takes them
MonthWidth = Literal["abbreviated", "narrow", "wide"]


@lru_cache(maxsize=8)
def _day_names(width: DayWidth) -> dict[int, str]:
    from babel.dates import get_day_names

    return dict(get_day_names(width, locale=_babel(_locale_name)))


@lru_cache(maxsize=8)
def _month_names(width: MonthWidth, context: Literal["format", "stand-alone"]) -> dict[int, str]:
    from babel.dates import get_month_names

    return dict(get_month_names(width, context=context, locale=_babel(_locale_name)))


def _names() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None:
    """The strip's names for the locale in force from app/i18n_names.py (the app's own
    languages, CLDR's words as Babel gives them), None for another locale (Babel then)."""
    from app.i18n_names import NAMES

    return NAMES.get(_locale_name)


def weekday_name(day: date, width: DayWidth = "abbreviated") -> str:
    names = _names() if width == "abbreviated" else None
    if names is not None:
        return names[0][day.weekday()]
    return _day_names(width)[day.weekday()]


# the two letters a calendar's day columns are headed with, as each language writes them
# (CLDR has no such width: cutting "pon." or "sob." to two letters gives "po", "so")
_TWO_LETTERS = {
    "en": ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"),
    "es": ("lu", "ma", "mi", "ju", "vi", "sá", "do"),
    "pl": ("pn", "wt", "śr", "cz", "pt", "sb", "nd"),
    "ru": ("пн", "вт", "ср", "чт", "пт", "сб", "вс"),
}


def weekday_letters(day: date) -> str:
    """'Tu', 'wt', 'вт': a weekday in two letters, for the strip's day tabs."""
    letters = _TWO_LETTERS.get(language())
    if letters is not None:
        return letters[day.weekday()]
    return _day_names("short")[day.weekday()].rstrip(".")[:2]


def month_name(month: int, width: MonthWidth = "wide") -> str:
    names = _names() if width == "abbreviated" else None
    if names is not None:
        return names[1][month - 1]
    return _month_names(width, "stand-alone")[month]


def month_label(year: int, month: int) -> str:
    """'December 2026', 'diciembre de 2026', 'grudzień 2026': the locale's own pattern."""
    names = _names()
    if names is not None:
        return names[2][month - 1].replace("{year}", str(year))
    return _month_label(year, month, _locale_name)


@lru_cache(maxsize=64)  # the strip labels a dozen months on every count
def _month_label(year: int, month: int, locale: str) -> str:
    from babel.dates import format_skeleton

    return format_skeleton("yMMMM", date(year, month, 1), locale=_babel(locale))


def long_date(day: date) -> str:
    from babel.dates import format_date

    return format_date(day, "full", locale=_babel(_locale_name))


def short_date(day: date) -> str:
    from babel.dates import format_date

    return format_date(day, "medium", locale=_babel(_locale_name))


def short_time(moment: datetime | time) -> str:
    """'14:45', '2:45 PM': a time of day as the locale writes it."""
    from babel.dates import format_time

    return format_time(moment, "short", locale=_babel(_locale_name))


def short_date_time(moment: datetime) -> str:
    """'24 Nov 2026, 14:45': a moment in a list (a history entry, a backup, an import) — the
    one style of the app for a moment, its date as short_date writes a day."""
    return f"{short_date(moment.date())}, {short_time(moment)}"


def territory() -> str | None:
    """The country of the locale in force ("PL"), None without one (C, POSIX, "en")."""
    return _parse(_locale_name)[2]


def default_currency() -> str:
    """The currency of the locale's country (PLN in Poland), EUR without a country."""
    from babel.numbers import get_territory_currencies

    country = territory()
    if country:
        found = get_territory_currencies(country, tender=True)
        if found:
            return str(found[0])
    return "EUR"


def money(amount: str, currency: str = "", exact: bool = False) -> str:
    """'€1,250.50', '1 250,50 zł': an exact decimal amount as the locale writes it;
    `exact` keeps decimals past the cent (a unit price of '€0.125')."""
    from decimal import Decimal, InvalidOperation

    from babel.numbers import format_currency, format_decimal, get_currency_symbol

    try:
        value = Decimal(amount)
    except (InvalidOperation, TypeError):
        return f"{amount} {currency}".strip()
    if currency:
        try:
            text = format_currency(value, currency, locale=_babel(_locale_name),
                                   decimal_quantization=not exact)
            symbol = get_currency_symbol(currency, locale=_babel(_locale_name))
        except (ValueError, KeyError):
            pass
        else:
            return _currency_spaced(text, symbol)
    text = format_decimal(value, format="#,##0.00", locale=_babel(_locale_name),
                          decimal_quantization=not exact)
    return f"{text} {currency}".strip()


def file_size(size: int) -> str:
    """'512 bytes', '340 kB', '1.2 MB' ('1,2 MB', '1,2 МБ'): a document's size as the
    locale writes numbers and units."""
    from babel.units import format_unit

    if size < 1000:
        return n_("{count} byte", "{count} bytes", size)
    if size < 1000 * 1024:
        return format_unit(round(size / 1024), "digital-kilobyte", length="short",
                           locale=_babel(_locale_name))
    return format_unit(size / 2**20, "digital-megabyte", length="short", format="#,##0.0",
                       locale=_babel(_locale_name))


def _currency_spaced(text: str, symbol: str) -> str:
    """CLDR's currency spacing, which Babel leaves out: a symbol of letters ('PLN', 'CHF')
    is kept off the digits by a no-break space ('PLN 53,860.50', not 'PLN53,860.50');
    signs ('€', '$', 'zł' already spaced) are left as the locale writes them."""
    import unicodedata

    at = text.find(symbol) if symbol else -1
    if at < 0:
        return text
    end = at + len(symbol)
    if (end < len(text) and text[end].isdigit()
            and unicodedata.category(symbol[-1])[0] not in "SZ"):
        return f"{text[:end]}\u00a0{text[end:]}"
    if (at > 0 and text[at - 1].isdigit()
            and unicodedata.category(symbol[0])[0] not in "SZ"):
        return f"{text[:at]}\u00a0{text[at:]}"
    return text


def insert_label(insert: Insert, first_day: bool = False) -> str:
    from app.binder import InsertKind

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
