"""Reading a date as people type it: "15", "1.12", "15 dec", "fri", "+3", "tomorrow", a full
date in the locale's format, or ISO, in the UI's language and in English.

A salesperson picks the next contact many times a day, and nearly always in the next weeks:
these forms reach any day of the next two months in at most four keys. A day or a day and
month without a year means the next such day (today counts); a weekday means the next one
after today. Anything that is not one day of the calendar is refused with a message that
says why, never read as today; so is a weekday written beside a date that falls on another
("Mon 10 Dec" when 10 Dec is a Thursday), as either may be the slip.

Offsets: "+3" or "+3d" days, "+2w" weeks, "+1m" months (clamped to the month's end: 31 Jan
+1m is the last day of February), "+1y" years, "-1" yesterday; besides English letters the
UI language's own, which clash with none of the English ones:
es d(ía) s(emana) m(es) a(ño), pl d(zień) t(ydzień) m(iesiąc) r(ok), ru д н м г. A unit may
also be written out as a prefix of its word ("+2 weeks", "+2 semanas", "+2 недели").

This module lives beside app/dates.py rather than in app/binder/: it speaks the user's
language (messages and Babel's names), which the pure filing rules must not need.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from app.binder.limits import DATE_MAX, DATE_MIN
from app.errors import InvalidInput
from app.i18n import (
    MonthWidth,
    _,
    current_locale,
    month_label,
    month_name,
    short_date,
    weekday_name,
)

ENGLISH = "en"
MAX_OFFSET_DIGITS = 5  # "+99999" days is already past the binder's last day


class DateInputError(InvalidInput):
    """What the user typed is not one day of the calendar (the message says why)."""


def _plain(text: str) -> str:
    """Lower case without diacritics, dots or commas: "Środa" -> "sroda", "дек." -> "дек"."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("ł", "l"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[.,]", " ", text).split())


# -- words Babel does not give: the relative days and the units of an offset ---------------
_RELATIVE: dict[str, dict[int, tuple[str, ...]]] = {
    "en": {-1: ("yesterday",), 0: ("today",), 1: ("tomorrow",), 2: ("day after tomorrow",)},
    "es": {-1: ("ayer",), 0: ("hoy",), 1: ("mañana",), 2: ("pasado mañana",)},
    "pl": {-1: ("wczoraj",), 0: ("dziś", "dzisiaj"), 1: ("jutro",), 2: ("pojutrze",)},
    "ru": {-1: ("вчера",), 0: ("сегодня",), 1: ("завтра",), 2: ("послезавтра",)},
}
_UNITS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {"d": ("days",), "w": ("weeks",), "m": ("months",), "y": ("years",)},
    "es": {"d": ("días",), "w": ("semanas",), "m": ("meses",), "y": ("años",)},
    "pl": {"d": ("dzień", "dni"), "w": ("tydzień", "tygodnie", "tygodni"),
           "m": ("miesiąc", "miesiące", "miesięcy"), "y": ("rok", "lata", "lat")},
    "ru": {"d": ("день", "дня", "дней"), "w": ("неделя", "недели", "недель"),
           "m": ("месяц", "месяца", "месяцев"), "y": ("год", "года", "лет")},
}
# the two-letter weekdays a language also writes (Babel's shortest Polish forms are "wto", "śro")
_TWO_LETTER_DAYS = {"pl": ("pn", "wt", "śr", "cz", "pt", "sb", "nd")}
# words that may stand around a written date: "1 de diciembre de 2026", "10 дек. 2026 г."
_FILLERS = frozenset({"de", "del", "г", "r", "the", "of"})

MIN_WEEKDAY, MIN_MONTH, MIN_RELATIVE = 2, 3, 3  # letters a prefix needs


@dataclass(frozen=True)
class _Names:
    """The words of one locale (and English), plain, each with what it means."""

    language: str
    order: str  # "dmy", "mdy" or "ymd": the order of the locale's short date
    separator: str  # the locale's short date separator, for the examples of a message
    weekdays: tuple[tuple[str, int], ...]  # (word, Monday=0 …)
    months: tuple[tuple[str, int], ...]  # (word, January=1 …)
    relative: tuple[tuple[str, int], ...]  # (word, days from today)
    units: tuple[tuple[str, str], ...]  # (word, "d"/"w"/"m"/"y")


@lru_cache(maxsize=8)
def _names(locale: str, language: str) -> _Names:
    from babel import Locale
    from babel.dates import get_date_format, get_day_names, get_month_names

    languages = tuple(dict.fromkeys((language, ENGLISH)))
    weekdays: list[tuple[str, int]] = []
    months: list[tuple[str, int]] = []
    for where in dict.fromkeys((locale, ENGLISH)):
        babel = Locale.parse(where)
        for width in ("wide", "abbreviated", "short"):
            weekdays += [(_plain(n), d) for d, n in get_day_names(width, locale=babel).items()]
        month_widths: tuple[MonthWidth, ...] = ("wide", "abbreviated")
        for width in month_widths:
            for context in ("format", "stand-alone"):
                months += [(_plain(n), m) for m, n in
                           get_month_names(width, context=context, locale=babel).items()]
    for lang in languages:
        weekdays += [(_plain(n), d) for d, n in enumerate(_TWO_LETTER_DAYS.get(lang, ()))]
    relative = [(_plain(w), days) for lang in languages
                for days, words in _RELATIVE.get(lang, {}).items() for w in words]
    units = [(_plain(w), unit) for lang in languages
             for unit, words in _UNITS.get(lang, {}).items() for w in words]
    pattern = get_date_format("short", locale=Locale.parse(locale)).pattern
    fields = re.sub(r"'[^']*'", "", pattern)
    order = "".join(sorted("dmy", key=lambda f: fields.lower().find(f)))
    found = re.search(r"[dMy]+([^dMy\s'])", pattern)
    return _Names(language, order if len(set(order)) == 3 else "dmy",
                  found[1] if found else "/", tuple(dict.fromkeys(weekdays)),
                  tuple(dict.fromkeys(months)), tuple(relative), tuple(units))


def _lookup(word: str, table: Iterable[tuple[str, int | str]], shortest: int
            ) -> set[int | str]:
    """What `word` means in `table`: the meaning of the word it equals, else of every word it
    is a prefix of (at least `shortest` letters)."""
    entries = list(table)
    exact = {meaning for name, meaning in entries if name == word}
    if exact or len(word) < shortest:
        return exact
    return {meaning for name, meaning in entries if name.startswith(word)}


def _refuse(message: str) -> DateInputError:
    return DateInputError(message)


def _example(names: _Names) -> str:
    """"1.12", "12/1": the day-and-month example in the locale's order."""
    parts = {"d": "1", "m": "12"}
    return names.separator.join(parts[f] for f in names.order if f != "y")


def _not_a_date(text: str, names: _Names) -> DateInputError:
    return _refuse(_("'{text}' is not a date. Type for example 15, {day_month}, fri, +3 or "
                     "tomorrow.").format(text=text, day_month=_example(names)))


def _outside(text: str) -> DateInputError:
    return _refuse(_("'{text}' is outside the dates Ringbinder can file under "
                     "({first} to {last}).").format(
        text=text, first=DATE_MIN.isoformat(), last=DATE_MAX.isoformat()))


def _day(year: int, month: int, day: int, text: str) -> date:
    """The day, or the reason there is no such day."""
    if not 1 <= month <= 12:
        raise _refuse(_("'{text}': there is no month {month}.").format(text=text, month=month))
    if not DATE_MIN.year <= year <= DATE_MAX.year:
        raise _outside(text)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise _refuse(_("'{text}': {month} has no day {day}.").format(
            text=text, month=month_label(year, month), day=day))
    return date(year, month, day)


def _next_day_of_month(day: int, today: date, text: str) -> date:
    """The next `day`-th of a month, today included (31 on 30 Nov is 31 Dec)."""
    if not 1 <= day <= 31:
        raise _refuse(_("'{text}': a month has days 1 to 31.").format(text=text))
    year, month = today.year, today.month
    if day < today.day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    while day > calendar.monthrange(year, month)[1]:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return date(year, month, day)


def _next_day_and_month(day: int, month: int, today: date, text: str) -> date:
    """The next `day` of `month`, today included (29 Feb: the next leap year's)."""
    if not 1 <= month <= 12:
        raise _refuse(_("'{text}': there is no month {month}.").format(text=text, month=month))
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:  # 2000: a leap year
        raise _refuse(_("'{text}': {month} has no day {day}.").format(
            text=text, month=month_name(month), day=day))
    for year in range(today.year, today.year + 9):  # a 29 February comes within 8 years
        if day <= calendar.monthrange(year, month)[1] and date(year, month, day) >= today:
            return date(year, month, day)
    raise AssertionError("unreachable: every day of a month comes within 8 years")


def _year(digits: str, text: str) -> int:
    if len(digits) == 2:
        return 2000 + int(digits)
    if len(digits) == 4:
        return int(digits)
    raise _refuse(_("'{text}': write the year with 2 or 4 digits.").format(text=text))


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not DATE_MIN.year <= year <= DATE_MAX.year:
        raise OverflowError
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


_OFFSET = re.compile(r"([+-])\s*(\d+)\s*(\w*)")
_NUMERIC = re.compile(r"\d+(?:[./\-\s]+\d+)*[./\-]?")


def _offset(match: re.Match[str], today: date, names: _Names, text: str) -> date:
    sign, digits, unit = match.groups()
    if len(digits) > MAX_OFFSET_DIGITS:
        raise _refuse(_("'{text}' is too far away.").format(text=text))
    count = int(digits) * (-1 if sign == "-" else 1)
    kinds = _lookup(unit, names.units, 1) if unit else {"d"}
    if len(kinds) != 1:
        raise _refuse(_("'{text}': after the number write d (days), w (weeks), m (months) or y "
                        "(years).").format(text=text))
    kind = kinds.pop()
    try:
        if kind == "d":
            return today + timedelta(days=count)
        if kind == "w":
            return today + timedelta(weeks=count)
        return _add_months(today, count * (12 if kind == "y" else 1))
    except OverflowError:
        raise _refuse(_("'{text}' is too far away.").format(text=text)) from None


def _numeric(plain: str, today: date, names: _Names, text: str) -> date:
    """Digits with or without separators, in the locale's order; a four-digit year first is
    read year-month-day whatever the locale."""
    parts = [p for p in re.split(r"[./\-\s]+", plain) if p]
    if len(parts) == 1:
        digits = parts[0]
        if len(digits) <= 2:
            return _next_day_of_month(int(digits), today, text)
        if len(digits) not in (4, 6, 8):
            raise _not_a_date(text, names)
        if len(digits) == 4:
            parts = [digits[:2], digits[2:]]
        elif names.order == "ymd":
            parts = [digits[:-4], digits[-4:-2], digits[-2:]]
        else:
            parts = [digits[:2], digits[2:4], digits[4:]]
    if len(parts) == 2:
        if any(len(p) > 2 for p in parts):
            raise _not_a_date(text, names)
        fields = dict(zip([f for f in names.order if f != "y"], parts, strict=True))
        return _next_day_and_month(int(fields["d"]), int(fields["m"]), today, text)
    if len(parts) != 3:
        raise _not_a_date(text, names)
    order = "ymd" if len(parts[0]) == 4 else names.order
    fields = dict(zip(order, parts, strict=True))
    if len(fields["d"]) > 2 or len(fields["m"]) > 2:
        raise _not_a_date(text, names)
    return _day(_year(fields["y"], text), int(fields["m"]), int(fields["d"]), text)


def _words(plain: str, today: date, names: _Names, text: str) -> date:
    """A day with a month's name ("15 dec", "dec 15 2026", "15 grudnia"), a weekday, or a
    relative word ("tomorrow", "pasado mañana")."""
    tokens = [t for t in plain.split() if t not in _FILLERS]
    numbers = [t for t in tokens if t.isdigit()]
    words = [t for t in tokens if not t.isdigit()]
    if not numbers:
        days = _lookup(plain, names.relative, MIN_RELATIVE)
        weekdays = _lookup(plain, names.weekdays, MIN_WEEKDAY)
        if len(days) == 1 and not weekdays:
            return today + timedelta(days=int(days.pop()))
        if len(weekdays) == 1 and not days:
            ahead = (int(weekdays.pop()) - today.weekday() - 1) % 7 + 1
            return today + timedelta(days=ahead)
        if days or weekdays:
            raise _refuse(_("'{text}' could mean more than one day: type a few more "
                            "letters.").format(text=text))
        if len(words) == 1 and len(_lookup(words[0], names.months, MIN_MONTH)) == 1:
            raise _refuse(_("'{text}': which day of the month? Type for example 15 {month}."
                            ).format(text=text, month=words[0]))
        raise _not_a_date(text, names)
    month_words = [w for w in words if _lookup(w, names.months, MIN_MONTH)]
    if len(month_words) > 1:  # "mar 15 dic": beside a month, "mar" is martes, not marzo
        month_words = [w for w in month_words
                       if not _lookup(w, names.weekdays, MIN_WEEKDAY)] or month_words
    day_words = [w for w in words
                 if w not in month_words and _lookup(w, names.weekdays, MIN_WEEKDAY)]
    rest = [w for w in words if w not in month_words and w not in day_words]
    if len(month_words) != 1 or rest or len(numbers) > 2:
        raise _not_a_date(text, names)
    months = _lookup(month_words[0], names.months, MIN_MONTH)
    if len(months) != 1:
        raise _refuse(_("'{text}' could mean more than one month: type a few more "
                        "letters.").format(text=text))
    month = int(months.pop())
    day_digits = numbers[0]
    if len(numbers) == 2 and len(numbers[0]) == 4:  # "2026 dec 15"
        numbers = [numbers[1], numbers[0]]
        day_digits = numbers[0]
    if len(day_digits) > 2:
        raise _not_a_date(text, names)
    if len(numbers) == 1:
        when = _next_day_and_month(int(day_digits), month, today, text)
    else:
        when = _day(_year(numbers[1], text), month, int(day_digits), text)
    for word in day_words:  # "Thursday, December 10, 2026": the weekday must be the day's
        _same_weekday(when, _lookup(word, names.weekdays, MIN_WEEKDAY))
    return when


def _same_weekday(day: date, meant: set[int | str]) -> None:
    """Refuse a weekday typed beside a date it is not the weekday of ("Mon 10 Dec" when 10
    Dec is a Thursday): one of the two is a slip, and guessing which would file the dossier
    on a day the user did not mean."""
    if day.weekday() in meant:
        return
    typed = day + timedelta(days=int(min(meant, key=int)) - day.weekday())  # that week's
    raise _refuse(_("{date} is a {weekday}, not a {typed}.").format(
        date=short_date(day), weekday=weekday_name(day, "wide"),
        typed=weekday_name(typed, "wide")))


def _locale_names(locale: str | None, language: str | None) -> _Names:
    locale = locale or current_locale()
    if language is None:
        from babel import Locale

        language = Locale.parse(locale).language
    return _names(locale, language)


def day_month_example(locale: str | None = None) -> str:
    """"1.12", "12/1": the first of December as a day and month are typed in the locale."""
    return _example(_locale_names(locale, None))


def parse_date(text: str, today: date, *, language: str | None = None,
               locale: str | None = None) -> date:
    """The day `text` names, seen from `today`, in the UI's language (or `language`, with the
    locale `locale` for the order of numbers and the names of months) and in English; raises
    DateInputError with a message for the user when it names no single day."""
    names = _locale_names(locale, language)
    shown = text.strip()
    if not shown:
        raise _refuse(_("Type a date: for example 15, {day_month}, fri, +3 or tomorrow."
                        ).format(day_month=_example(names)))
    plain = _plain(shown)
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", shown):  # ISO, whatever the locale
        year, month, day = (int(p) for p in shown.split("-"))
        when = _day(year, month, day, shown)
    elif match := _OFFSET.fullmatch(plain):
        when = _offset(match, today, names, shown)
    elif _NUMERIC.fullmatch(plain):
        when = _numeric(plain.rstrip("./-"), today, names, shown)
    else:
        when = _words(plain, today, names, shown)
    if not DATE_MIN <= when <= DATE_MAX:
        raise _outside(shown)
    return when


def describe(day: date, today: date) -> str:
    """'Thu 10 Dec', with the year when it is not this year's: the user sees at once which
    day a date field understood, and on which weekday it falls."""
    text = f"{weekday_name(day)} {day.day} {month_name(day.month, 'abbreviated')}"
    if day.year != today.year:
        text += f" {day.year}"
    return text


def format_input(day: date, *, locale: str | None = None) -> str:
    """'12/1/2026', '1.12.2026': a day as a date field shows it, in the locale's short form
    with a four-digit year, so that what the field shows reads back as the same day."""
    from babel import Locale
    from babel.dates import format_date, get_date_format

    babel = Locale.parse(locale or current_locale())
    pattern = re.sub(r"y+", "yyyy", get_date_format("short", locale=babel).pattern)
    return format_date(day, pattern, locale=babel)
