"""The day's batch: the agenda sheet of an insert, then one card per dossier, in one file."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.errors import Cancelled, InvalidInput
from app.services.dossiers import NewDossier
from tests.pdf.pdfcheck import all_text, fonts, leftovers, page_text, read

DAY = date(2026, 11, 25)
NAMES = ["Łukasz Żółć", "Иван Иванович Иванов", "María Peña", "Ann Lee", "Jan Kowalski"]


@pytest.fixture
def day_insert(services):
    """Five dossiers under tomorrow's insert, two with a time, one high priority."""
    times = ["09:30", None, "08:15", None, None]
    for name, at, n in zip(NAMES, times, range(5), strict=True):
        services.dossiers.create(NewDossier(
            name=name, company=f"Company {n}", phones=[f"+48 600 123 45{n}"], next_contact=DAY,
            time=at, purpose=f"Purpose {n}", priority="high" if n == 3 else None))
    services.dossiers.create(NewDossier(name="Not today", next_contact=DAY + timedelta(1)))
    return [row.name for row in services.views.list_insert(DAY.isoformat())]


def test_a_days_batch_is_the_agenda_then_one_card_per_dossier(services, tmp_path, day_insert):
    target = tmp_path / "day.pdf"
    pages = services.printing.day(DAY.isoformat(), target)
    reader = read(target)
    assert pages == len(reader.pages) == 1 + 5
    agenda = " ".join(page_text(reader, 0).split())  # names may wrap in their cells
    assert "25" in agenda and "Wednesday" in agenda and "November 2026" in agenda
    for n, name in enumerate(NAMES):
        assert name in agenda
        assert f"Company {n}" in agenda and f"Purpose {n}" in agenda
        assert f"+48 600 123 45{n}" in agenda
    assert "Not today" not in all_text(reader)
    assert agenda.index("08:15") < agenda.index("09:30")  # working order
    for page, name in enumerate(day_insert, start=1):  # the cards follow the agenda's order
        assert page_text(reader, page).startswith(name)
    assert all("DejaVu" in base and embedded for base, embedded in fonts(reader))


def test_progress_follows_the_cards_and_cancel_leaves_no_file(services, tmp_path, day_insert):
    seen = []
    services.printing.day(DAY.isoformat(), tmp_path / "day.pdf",
                          progress=lambda done, total: seen.append((done, total)))
    assert seen == [(n, 5) for n in range(6)]

    target = tmp_path / "cancelled.pdf"
    calls = []
    with pytest.raises(Cancelled):
        services.printing.day(DAY.isoformat(), target,
                              progress=lambda done, total: calls.append(done),
                              cancelled=lambda: len(calls) > 2)
    assert not target.exists()
    assert leftovers(tmp_path) == []


def test_an_empty_insert_prints_its_agenda_alone(services, tmp_path):
    target = tmp_path / "empty.pdf"
    assert services.printing.day("today", target) == 1
    assert "Nothing is filed under this insert." in page_text(read(target), 0)


def test_a_long_insert_continues_its_agenda_and_lists_everyone(services, tmp_path):
    month = date(2027, 3, 1)
    names = [f"Client {n:02d}" for n in range(45)]
    for n, name in enumerate(names):
        services.dossiers.create(NewDossier(name=name, next_contact=month + timedelta(n % 28)))
    target = tmp_path / "month.pdf"
    pages = services.printing.day("2027-03", target)
    reader = read(target)
    agenda_pages = pages - len(names)
    assert agenda_pages == 2
    agenda = " ".join(" ".join(page_text(reader, n) for n in range(agenda_pages)).split())
    assert "March" in agenda and "Mar 1, 2027" in agenda
    assert all(name in agenda for name in names)
    assert "(continued)" in page_text(reader, 1)


def test_an_unknown_insert_is_refused_before_anything_is_written(services, tmp_path):
    with pytest.raises(InvalidInput, match="no insert"):
        services.printing.day("2031-01-01", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    assert leftovers(tmp_path) == []
