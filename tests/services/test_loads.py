"""How full the days are, and the nearest day with room: what the date field, the log dialog
and refiling show beside a date."""

from __future__ import annotations

from datetime import date

from app.binder.capacity import Load
from app.services.dossiers import NewDossier
from tests.conftest import TODAY  # Tuesday 24 November 2026

WED, THU, FRI, SAT, MON = (date(2026, 11, 25), date(2026, 11, 26), date(2026, 11, 27),
                           date(2026, 11, 28), date(2026, 11, 30))


def fill(services, day: date, count: int) -> None:
    for n in range(count):
        services.dossiers.create(NewDossier(f"Client {day} {n}", next_contact=day))


def test_a_days_load_counts_its_open_dossiers_against_the_capacity(services):
    services.settings.update(daily_capacity=3)
    fill(services, THU, 3)
    archived = services.dossiers.create(NewDossier("Gone", next_contact=THU))[0]
    services.filing.archive(archived, "lost")

    load = services.loads.load(THU)
    assert (load.count, load.capacity, load.has_room) == (3, 3, False)
    assert load.level is Load.FULL and load.after_adding().level is Load.OVER
    assert services.loads.load(WED).count == 0 and services.loads.load(WED).has_room


def test_the_nearest_day_with_room_is_the_day_itself_then_the_closest_working_day(services):
    services.settings.update(daily_capacity=2)
    fill(services, THU, 2)
    fill(services, FRI, 2)
    assert services.loads.nearest_with_room(WED) == WED
    # Thursday is full: Friday is full too, Wednesday (a day before) has room
    assert services.loads.nearest_with_room(THU) == WED
    # only later days: the weekend is skipped
    assert services.loads.nearest_with_room(THU, earlier=False) == MON


def test_nothing_earlier_than_today_is_offered(services):
    services.settings.update(daily_capacity=1)
    fill(services, TODAY, 1)
    assert services.loads.nearest_with_room(TODAY) == WED


def test_without_a_capacity_every_day_has_room(services):
    services.settings.update(daily_capacity=0)
    fill(services, THU, 40)
    assert services.loads.nearest_with_room(THU) == THU
    assert services.loads.load(THU).level is Load.LIGHT


def test_in_working_days_mode_a_monday_counts_the_weekend_filed_under_it(services):
    services.settings.update(daily_capacity=3, tab_mode="working_days")
    fill(services, SAT, 2)  # filed under Monday's tab, as the strip counts them
    fill(services, MON, 1)
    assert services.loads.load(MON).count == 3 and not services.loads.load(MON).has_room
    assert services.loads.load(SAT).count == 3
    assert services.loads.nearest_with_room(MON, earlier=False) == date(2026, 12, 1)
