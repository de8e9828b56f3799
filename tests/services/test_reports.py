"""Reports on one's own work, checked against a binder whose every figure is known
(tests/report_binder.py): what the salesperson reads in the window, on paper and in JSON."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.errors import InvalidInput
from app.services.reports import is_won, months_back
from tests.conftest import TODAY
from tests.report_binder import EXPECTED, build


@pytest.fixture
def built(services, clock):
    return build(services, clock)


def test_activity_counts_the_period_s_contacts_by_channel_week_and_day(services, built):
    report = services.reports.activity()
    assert (report.first, report.last) == (date(2026, 10, 28), TODAY)
    assert report.contacts == EXPECTED["contacts"]  # the call of 20 Oct is before the period
    assert report.by_channel == EXPECTED["by_channel"]
    weeks = {week: n for week, _start, n in report.by_week}
    assert weeks == {"2026-W44": 0, "2026-W45": 4, "2026-W46": 3, "2026-W47": 4,
                     "2026-W48": 1}
    assert len(report.days) == 28
    by_day = {d.day: d.by_channel for d in report.days if d.contacts}
    assert by_day[date(2026, 11, 10)] == {"visit": 1}
    assert by_day[date(2026, 11, 5)] == {"call": 1}


def test_activity_worked_against_planned_and_postponed(services, built):
    report = services.reports.activity()
    assert report.worked == 6
    # Alpha, Beta and Charlie had dates agreed in the period, Hotel is filed in it
    assert report.planned == 4
    # Charlie's 9 Nov (moved on to the 20th) and Hotel's 19 Nov (still overdue)
    assert report.postponed == 2


def test_pipeline_sums_amounts_exactly_per_currency_and_month(services, built):
    report = services.reports.pipeline()
    assert report.offers == EXPECTED["offers"]
    assert report.amounts == {"EUR": Decimal("3000.50"), "PLN": Decimal("1750.25")}
    data = report.to_json()
    assert data["amounts"] == EXPECTED["amounts"]
    assert [m["month"] for m in data["by_month"]] == ["2026-10", "2026-11"]
    assert data["by_month"][0] == {"month": "2026-10", "offers": 0, "amounts": {}}
    assert data["by_month"][1]["offers"] == 5


def test_pipeline_conversion_and_sales_cycle(services, built):
    report = services.reports.pipeline()
    assert (report.contacted, report.offered, report.orders) == (6, 4, 1)
    assert report.cycle_days == EXPECTED["cycle_days"]  # Alpha: first call 2 Nov, won 16 Nov


def test_pipeline_of_a_period_without_the_order(services, built):
    report = services.reports.pipeline(date(2026, 11, 17), date(2026, 11, 24))
    assert (report.offers, report.orders, report.cycle_days) == (2, 0, None)
    assert report.to_json()["amounts"] == {"PLN": "1250.25"}


def test_lost_by_reason_in_the_period_and_the_last_12_months(services, built):
    report = services.reports.lost()
    assert report.lost == EXPECTED["lost"]
    assert report.by_reason == EXPECTED["by_reason"]
    assert list(report.by_reason) == ["not interested", "went with a competitor"]
    assert report.won == 1
    # Gamma (1 Sep 2026) counts in the year; "too expensive" (Oct 2025) is too old
    assert report.year_lost == EXPECTED["lost_12_months"]
    assert report.year_by_reason == {"not interested": 3, "went with a competitor": 1}
    assert report.year_first == date(2025, 11, 25)


def test_workload_shows_the_coming_twelve_weeks_against_capacity(services, built):
    report = services.reports.workload()
    assert len(report.days) == 84
    assert report.first == TODAY
    loads = {d.day: (d.count, d.capacity) for d in report.days}
    assert loads[date(2026, 12, 3)] == (3, 2)
    assert loads[date(2026, 11, 30)] == (1, 2)
    assert report.overdue == 1  # Hotel, still on 19 Nov
    assert report.days[9].level == "over"
    assert report.weeks[0][0] == TODAY and report.weeks[1][0] == date(2026, 11, 30)
    assert report.weeks[1][1] == 5  # Echo, Charlie and the three on Thursday


def test_json_shapes_are_the_documented_contract(services, built):
    activity = services.reports.activity().to_json()
    assert {"from", "to", "contacts", "by_channel", "by_week", "worked", "planned",
            "postponed"} <= set(activity)
    assert set(activity["by_week"][0]) >= {"week", "contacts"}
    pipeline = services.reports.pipeline().to_json()
    assert {"from", "to", "offers", "amounts", "orders", "cycle_days"} <= set(pipeline)
    assert all(isinstance(v, str) for v in pipeline["amounts"].values())
    lost = services.reports.lost().to_json()
    assert {"from", "to", "lost", "by_reason"} <= set(lost)
    workload = services.reports.workload().to_json()
    assert set(workload[0]) >= {"date", "count", "capacity"}
    assert workload[0]["date"] == "2026-11-24"


def test_a_period_ending_before_it_starts_is_refused(services):
    with pytest.raises(InvalidInput):
        services.reports.activity(date(2026, 11, 20), date(2026, 11, 1))


def test_won_is_read_from_the_reason_in_any_shipped_language():
    assert is_won("lost", "won: contract signed")
    assert is_won("active", "ganado")
    assert is_won("active", "Wygrana – umowa podpisana")
    assert is_won("active", "сделка заключена")
    assert not is_won("active", "wonky product")
    assert not is_won("lost", "not interested")


def test_twelve_months_back_end_on_the_day():
    assert months_back(date(2026, 11, 24), 12) == date(2025, 11, 25)
    assert months_back(date(2026, 3, 31), 1) == date(2026, 3, 1)


def test_a_period_given_by_one_end(services):
    assert services.reports.period(date(2026, 9, 1), None) == (date(2026, 9, 1), TODAY)
    assert services.reports.period(None, date(2026, 10, 31)) == (date(2026, 10, 4),
                                                                  date(2026, 10, 31))
    assert services.reports.period(date(2026, 12, 1), None) == (date(2026, 12, 1),
                                                                 date(2026, 12, 28))


def test_a_year_of_activity_is_pictured_week_by_week_with_readable_labels(services, built):
    from app.services.report_views import MAX_LABELS, chart

    picture = chart(services.reports.activity(date(2025, 11, 25), TODAY))
    assert picture.title == "Contacts per week, by channel"
    assert len(picture.labels) == 53
    assert 0 < len([label for label in picture.labels if label]) <= MAX_LABELS
    assert sum(sum(s.values) for s in picture.series) == 13  # Early Bird's call counts too
