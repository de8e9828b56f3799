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
    target = tmp_path / "day.pdf"
    services.printing.day(DAY.isoformat(), target)
    agenda = page_text(read(target), 0)
    assert _broken_with_hyphens(agenda, "Konstantynopolitańczykowa-Brzęczyszczykiewicz"), agenda
    assert _broken_with_hyphens(agenda, "Produkcyjno-Handlowo-Usługowe"), agenda
