"""The paper inserts: sheets 1 to 31, then the months, one page each."""

from __future__ import annotations

import pytest

from app.errors import InvalidInput
from tests.pdf.pdfcheck import fonts, page_text, read


def test_one_page_per_insert_days_then_months_from_next_month(services, tmp_path):
    target = tmp_path / "inserts.pdf"
    assert services.printing.inserts(target) == 31 + 12
    reader = read(target)
    assert len(reader.pages) == 43
    for day in (1, 15, 31):
        assert page_text(reader, day - 1).strip() == str(day)
    assert "December" in page_text(reader, 31) and "2026" in page_text(reader, 31)
    assert "January" in page_text(reader, 32) and "2027" in page_text(reader, 32)
    assert "November" in page_text(reader, 42) and "2027" in page_text(reader, 42)
    assert all("DejaVu" in base and embedded for base, embedded in fonts(reader))


def test_the_number_of_months_and_the_paper_can_be_chosen(services, tmp_path):
    target = tmp_path / "inserts.pdf"
    assert services.printing.inserts(target, months=0, page_size="Letter") == 31
    reader = read(target)
    assert len(reader.pages) == 31
    assert round(float(reader.pages[0].mediabox.width)) == 612


@pytest.mark.parametrize("months", [-1, 37])
def test_an_impossible_number_of_months_is_refused(services, tmp_path, months):
    with pytest.raises(InvalidInput, match="month inserts"):
        services.printing.inserts(tmp_path / "x.pdf", months=months)
    assert not (tmp_path / "x.pdf").exists()
