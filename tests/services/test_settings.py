"""The binder's settings: every refused value named by its setting (a form shows each under
its field), nothing written while one is refused, and the holiday countries offered by name."""

from __future__ import annotations

import pytest

from app.errors import InvalidInput
from app.i18n import set_locale
from app.services.settings import SettingsService, holiday_countries


def test_every_refused_setting_is_named_and_nothing_is_written(services):
    before = services.settings.get()
    wanted = {"currency": "XYZ", "phone_region": "??", "horizon_months": 4,
              "daily_capacity": 5, "holiday_country": "ZZ", "recent_days": -1}
    problems = services.settings.problems(**wanted)
    assert set(problems) == {"currency", "phone_region", "horizon_months", "holiday_country",
                             "recent_days"}
    assert problems["currency"] == "'XYZ' is not a currency code (EUR, PLN, …)."
    with pytest.raises(InvalidInput, match="'\\?\\?' is not a phone region"):
        services.settings.update(**wanted)  # the first refusal, as the command line says it
    assert SettingsService(services).get() == before  # read again from the file
    assert services.settings.problems(currency=" pln ", holiday_country="es") == {}


def test_the_holiday_countries_are_offered_by_name_in_the_users_language():
    set_locale("es_ES")
    try:
        offered = holiday_countries()
    finally:
        set_locale("en_US")
    codes = [code for code, _name in offered]
    assert ("ES", "España") in offered and ("PL", "Polonia") in offered
    assert "GB" in codes and "UK" not in codes  # one entry a country, no aliases
    names = [name for _code, name in offered]
    assert names.index("Antártida") < names.index("Antigua y Barbuda")  # by name, as read
