"""`ringbinder print card|day|inserts`: the three kinds of PDF from the command line, refused
cleanly (exit 2, one line, no file) for an unknown id or a place that cannot be written."""

from __future__ import annotations

import pytest

from tests.cli.test_cli import add, assert_refused, held_by_another_process, run_cli
from tests.pdf.pdfcheck import all_text, leftovers, read

NO_SUCH_ID = "0badc0de-0000-4000-8000-000000000000"


@pytest.fixture
def filed(binder_path):
    ids = [add(binder_path, name, "--next", "2026-11-24", "--phone", "+34 612 34 56 78")
           for name in ("María Peña", "Łukasz Żółć")]
    return binder_path, ids


def test_print_card_day_and_inserts(filed, tmp_path):
    binder, ids = filed
    card = run_cli(binder, "print", "card", ids[0][:8], "-o", str(tmp_path / "card.pdf"))
    assert card.code == 0, card.err
    assert card.out == f"Wrote {tmp_path / 'card.pdf'} (1 page).\n"
    assert "María Peña" in all_text(read(tmp_path / "card.pdf"))

    day = run_cli(binder, "print", "day", "today", "-o", str(tmp_path / "day.pdf"))
    assert day.code == 0, day.err
    assert day.out == f"Wrote {tmp_path / 'day.pdf'} (3 pages).\n"
    assert len(read(tmp_path / "day.pdf").pages) == 3

    inserts = run_cli(binder, "print", "inserts", "-o", str(tmp_path / "i.pdf"), "--months", "3")
    assert inserts.code == 0, inserts.err
    assert len(read(tmp_path / "i.pdf").pages) == 34


def test_print_card_on_letter_paper(filed, tmp_path):
    binder, ids = filed
    run = run_cli(binder, "print", "card", ids[1], "-o", str(tmp_path / "c.pdf"), "--letter")
    assert run.code == 0, run.err
    box = read(tmp_path / "c.pdf").pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)


@pytest.mark.parametrize(("args", "fragment"), [
    (("card", NO_SUCH_ID), "no dossier"),
    (("day", "2031-01-01"), "no insert"),
    (("inserts", "--months", "99"), "month inserts"),
])
def test_bad_input_is_refused_and_no_file_is_left(filed, tmp_path, args, fragment):
    binder, _ids = filed
    target = tmp_path / "out.pdf"
    assert_refused(run_cli(binder, "print", *args, "-o", str(target)), fragment)
    assert not target.exists()
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("where", ["missing/folder/card.pdf", "binder.rbinder/card.pdf", "."])
def test_a_place_that_cannot_be_written_is_refused(filed, tmp_path, where):
    binder, ids = filed
    target = tmp_path / where
    assert_refused(run_cli(binder, "print", "card", ids[0], "-o", str(target)))
    assert not (tmp_path / "missing").exists()
    assert leftovers(tmp_path) == []


def test_printing_reads_a_binder_the_app_holds(filed, tmp_path):
    binder, ids = filed
    with held_by_another_process(binder):
        run = run_cli(binder, "print", "card", ids[0], "-o", str(tmp_path / "card.pdf"))
    assert run.code == 0, run.err
    assert len(read(tmp_path / "card.pdf").pages) == 1
