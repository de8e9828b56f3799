"""The reports on paper: one or two pages, the picture then the table, the known binder's
figures in the reader's own words and numbers, our fonts only."""

from __future__ import annotations

from datetime import date

import pytest

from app.i18n import set_locale
from tests.pdf.pdfcheck import BASE14, all_text, fonts, page_text, read, type_sizes
from tests.report_binder import build


@pytest.fixture
def built(services, clock):
    return build(services, clock)


def _pdf(services, kind: str, tmp_path, first: date | None = None, last: date | None = None):
    report = services.reports.report(kind, first, last)
    target = tmp_path / f"{kind}.pdf"
    pages = services.reports.save_pdf(report, target, "A4")
    reader = read(target)
    assert len(reader.pages) == pages
    return reader


def test_activity_prints_figures_chart_and_table_on_one_page(services, built, tmp_path):
    reader = _pdf(services, "activity", tmp_path)
    assert len(reader.pages) == 1
    text = page_text(reader, 0)
    assert "Contacts: 12 (Call 6, Visit 2, Meeting 1, E-mail 2, Letter 1)" in text
    assert "Contacts per day, by channel" in text  # the picture's title
    assert "Nov 10, 2026" in text  # a row of the table, the date as the locale writes it
    assert "postponed: 2" in text
    assert all(name.split("+")[-1].startswith("DejaVu") for name, _e in fonts(reader))
    assert not any(name.startswith(BASE14) for name, _e in fonts(reader))
    assert min(type_sizes(reader)) >= 9


def test_pipeline_prints_amounts_as_money_and_the_funnel(services, built, tmp_path):
    text = all_text(_pdf(services, "pipeline", tmp_path))
    assert "€3,000.50" in text and "1,750.25" in text
    assert "Clients contacted" in text and "Given an offer" in text and "Orders" in text
    assert "Sales cycle (days from first contact to order): 14" in text
    assert "November 2026" in text


def test_lost_prints_reasons_for_the_period_and_the_year(services, built, tmp_path):
    text = all_text(_pdf(services, "lost", tmp_path))
    assert "Lost in the period: 3" in text
    assert "In the last 12 months: 4" in text
    assert "went with a competitor" in text and "not interested" in text


def test_workload_shows_the_week_that_is_filling_up(services, built, tmp_path):
    reader = _pdf(services, "workload", tmp_path)
    assert len(reader.pages) == 1
    text = page_text(reader, 0)
    assert "1 day over capacity" in text
    assert "Busiest week: from Nov 30, 2026, 5 dossiers" in text
    assert "Dossiers per week" in text


def test_a_year_of_activity_stays_within_two_pages(services, built, tmp_path):
    reader = _pdf(services, "activity", tmp_path, date(2025, 11, 25), date(2026, 11, 24))
    assert len(reader.pages) <= 2
    assert "Contacts per week" in all_text(reader)


def test_printed_in_polish_with_polish_dates_and_money(services, built, tmp_path):
    set_locale("pl_PL")
    try:
        text = all_text(_pdf(services, "pipeline", tmp_path))
    finally:
        set_locale("en_US")
    assert "listopad 2026" in text
    assert "3000,50 €" in text.replace("\u00a0", " ").replace(" ", " ") or \
        "3 000,50 €" in text.replace("\u00a0", " ")
