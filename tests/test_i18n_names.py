"""app/i18n_names.py, the strip's day and month names for the app's own languages, is what
Babel's CLDR data says: the table spares the command line loading Babel to label the tabs.

After a Babel upgrade changes a name, write the table again:
    python -m tests.test_i18n_names
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from app import i18n_names

LOCALES = ("en", "en_US", "es", "es_ES", "pl", "pl_PL", "ru", "ru_RU")
TARGET = Path(__file__).resolve().parents[1] / "app" / "i18n_names.py"
YEAR = 2026


def table() -> dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    from babel.dates import format_skeleton, get_day_names, get_month_names

    made = {}
    for name in LOCALES:
        days = get_day_names("abbreviated", locale=name)
        months = get_month_names("abbreviated", context="stand-alone", locale=name)
        labels = []
        for month in range(1, 13):
            label = format_skeleton("yMMMM", date(YEAR, month, 1), locale=name)
            assert label.count(str(YEAR)) == 1, label
            labels.append(label.replace(str(YEAR), "{year}"))
        made[name] = (tuple(days[i] for i in range(7)), tuple(months[m] for m in range(1, 13)),
                      tuple(labels))
    return made


def source() -> str:
    import babel

    lines = ['"""The strip\'s names in the app\'s own languages, from Babel\'s CLDR data (Babel '
             f'{babel.__version__}):',
             "abbreviated weekdays (Monday first), abbreviated stand-alone months and the",
             "'yMMMM' month label with {year} for the year, so that labelling the tabs needs no",
             "Babel. Written by `python -m tests.test_i18n_names`; tests/test_i18n_names.py checks",
             'it against Babel."""', "", "NAMES = {"]
    for name, (days, months, labels) in table().items():
        lines.append(f"    {name!r}: (")
        for values in (days, months, labels):
            lines.append("        (")
            lines.extend(f"            {value!r}," for value in values)
            lines.append("        ),")
        lines.append("    ),")
    lines.append("}")
    return "\n".join(lines) + "\n"


def test_the_table_is_babels():
    assert table() == i18n_names.NAMES, "run python -m tests.test_i18n_names"


def test_the_labels_are_babels_for_any_year():
    from babel.dates import format_skeleton

    from app.i18n import current_locale, month_label, set_locale

    before = current_locale()
    try:
        for name in LOCALES:
            set_locale(name)
            for year, month in ((1900, 1), (2027, 5), (2999, 12)):
                assert month_label(year, month) == format_skeleton(
                    "yMMMM", date(year, month, 1), locale=name)
    finally:
        set_locale(before)


if __name__ == "__main__":
    TARGET.write_text(source(), encoding="utf-8")
    sys.stdout.write(f"wrote {TARGET}\n")
