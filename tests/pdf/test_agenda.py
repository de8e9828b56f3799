"""The day sheet (agenda) as it is read on paper: names whole, the overdue pile mentioned."""

from __future__ import annotations

import re
from datetime import date

from app.services.dossiers import NewDossier
from tests.pdf.pdfcheck import page_text, read

DAY = date(2026, 11, 25)
DOUBLE = ["Łukasz Żółć-Wiśniewski", "Anna Kowalska-Wiśniewska"]


def test_double_surnames_keep_their_hyphen_on_high_priority_rows(services, tmp_path):
    for n, name in enumerate(DOUBLE):
        for priority in ("high", None):
            services.dossiers.create(NewDossier(
                name=name, company=f"Company {n}", next_contact=DAY, priority=priority,
                phones=["+48 600 123 456"]))
    target = tmp_path / "day.pdf"
    services.printing.day(DAY.isoformat(), target)
    agenda = page_text(read(target), 0)
    joined = agenda.replace("-\n", "-")  # a name may wrap after its hyphen, never lose it
    for name in DOUBLE:
        assert joined.count(name) == 2, (name, agenda)
        assert name.replace("-", "") not in agenda.replace("\n", "")


LONG_COMPANY = ("Przedsiębiorstwo Produkcyjno-Handlowo-Usługowe Jażdżyk, Wiśniewski, Nowak, "
                "Kowalczyk, Zieliński i Wspólnicy Spółka Komandytowa Oddział w Warszawie Sp.k.")


def test_a_long_company_wraps_whole_with_its_legal_form(services, tmp_path):
    """Never clipped with '…': the legal form at the end is part of the company's name."""
    services.dossiers.create(NewDossier(
        name="Ewa Lis", company=LONG_COMPANY, position="Dyrektor ds. zakupów i logistyki",
        next_contact=DAY))
    target = tmp_path / "day.pdf"
    services.printing.day(DAY.isoformat(), target)
    reader = read(target)
    for page in (0, 1):  # the agenda, then the card
        text = " ".join(page_text(reader, page).split())
        assert LONG_COMPANY in text.replace("- ", "-"), text
        assert "…" not in text


def _broken_with_hyphens(text: str, word: str) -> bool:
    """`word` is in the text, each line break inside it after a hyphen: its own, or one
    added where it was broken (never a letter just cut off at the line's end)."""
    parts = []
    for char in word:
        parts.append("(?:-\n)?" if parts else "")
        parts.append("-(?:\n)?" if char == "-" else re.escape(char))
    return re.search("".join(parts), text) is not None


def test_a_word_too_long_for_its_column_is_broken_with_a_hyphen(services, tmp_path):
    long_name = "Maria Konstantynopolitańczykowa-Brzęczyszczykiewicz"
    for priority in ("high", None):
        services.dossiers.create(NewDossier(name=long_name, company=LONG_COMPANY,
                                            next_contact=DAY, priority=priority))
    services.dossiers.create(NewDossier(name="Ирина Голубева", company="ИП «Голубев-Тихонов»",
                                        next_contact=DAY))
    target = tmp_path / "day.pdf"
    services.printing.day(DAY.isoformat(), target)
    agenda = page_text(read(target), 0)
    assert _broken_with_hyphens(agenda, "Konstantynopolitańczykowa-Brzęczyszczykiewicz"), agenda
    assert _broken_with_hyphens(agenda, "Produkcyjno-Handlowo-Usługowe"), agenda
    assert _broken_with_hyphens(agenda, "«Голубев-Тихонов»"), agenda  # inside its quotes


def test_the_day_sheet_mentions_the_overdue_pile_oldest_first(services, clock, tmp_path):
    """Eight dossiers whose day has passed: counted, the five oldest listed, the way to print
    them all given; the overdue insert's own sheet is the list itself."""
    for n in range(8):
        clock.set_today(date(2026, 11, 2 + n))
        services.dossiers.create(NewDossier(name=f"Late {n}", next_contact=clock.today(),
                                            phones=[f"+48 600 000 00{n}"]))
    clock.set_today(date(2026, 11, 24))
    services.dossiers.create(NewDossier(name="Due today", next_contact=DAY))
    target = tmp_path / "day.pdf"
    services.printing.day(DAY.isoformat(), target)
    reader = read(target)
    assert len(reader.pages) == 2  # the sheet and one card: the overdue ones have none
    agenda = " ".join(page_text(reader, 0).split())
    assert "1 dossier · 8 overdue" in agenda
    assert "8 OVERDUE DOSSIERS, NOT ON THIS SHEET" in agenda
    for n in range(5):
        assert f"Late {n}" in agenda and f"+48 600 000 00{n}" in agenda
    assert "Late 5" not in agenda
    assert agenda.index("Late 0") < agenda.index("Late 4")  # the oldest first
    assert "… and 3 more: print them all with “ringbinder print day overdue”." in agenda

    services.printing.day("overdue", target)
    assert "NOT ON THIS SHEET" not in " ".join(page_text(read(target), 0).split())
