"""Working days: weekends and a country's public holidays (from the `holidays` package, loaded
only when a country is set)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

WEEKEND = frozenset({5, 6})  # Saturday, Sunday


@lru_cache(maxsize=64)
def _holidays_of(country: str, year: int) -> frozenset[date]:
    import holidays  # a large package: loaded only for a binder that names a country

    return frozenset(holidays.country_holidays(country, years=year).keys())


def is_supported_country(country: str) -> bool:
    import holidays

    return country.upper() in holidays.list_supported_countries()


def supported_countries() -> list[str]:
    """The two-letter codes of the countries whose holidays are known (no aliases: GB, not
    also UK), for a list to choose from."""
    import holidays

    return sorted(holidays.list_supported_countries(include_aliases=False))


class WorkCalendar:
    """Answers "is this a working day?" for one country (or weekends only when none is set)."""

    def __init__(self, country: str | None = None) -> None:
        self.country = country.upper() if country else None
        if self.country and not is_supported_country(self.country):
            raise ValueError(f"unknown holiday country {country!r}")

    def is_holiday(self, day: date) -> bool:
        return bool(self.country) and day in _holidays_of(self.country, day.year)

    def is_working(self, day: date) -> bool:
        return day.weekday() not in WEEKEND and not self.is_holiday(day)

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_working(day):
            day += timedelta(days=1)
        return day
