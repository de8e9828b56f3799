"""The handover report: the handed-over dossiers on paper, by insert, for a reader without
the app. Read back with pypdf: names, headings in strip order, embedded fonts; and the CLI
refuses a wrong passphrase, a damaged file or an unwritable place with exit 2 and no file."""

from __future__ import annotations

import dataclasses
import io
import re
import uuid
from datetime import timedelta

import pytest
from pypdf import PdfReader

from app.binder import build_strip
from app.handover import container
from app.handover.agenda import report_day
from app.pdf.handover_report import render_handover_report
from app.pdf.style import PrintInfo
from tests.cli.test_cli import assert_refused, held_by_another_process, run_cli
from tests.conftest import TODAY
from tests.handover.conftest import CLIENTS, PASSPHRASE
from tests.helpers import binder_digest
from tests.pdf.pdfcheck import BASE14, all_text, fonts, leftovers, read, type_sizes

NAMES = [c[0] for c in CLIENTS]


def squash(text: str) -> str:
    """Text without any white space: a name wrapped over two lines still reads as one."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "pass.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path


@pytest.fixture
def period_file(filled, tmp_path):
    """The next month's work (four dossiers), encrypted; the binder closed."""
    path = tmp_path / "period.rbh"
    filled.services.handover.export(path, start=TODAY, end=TODAY + timedelta(days=30),
                                    to_person="Ana Ruiz", passphrase=PASSPHRASE)
    return path


@pytest.fixture
def chosen_file(filled, tmp_path):
    """All six dossiers, undated and archived too, chosen by id, not encrypted."""
    path = tmp_path / "chosen.rbh"
    filled.services.handover.export(path, ids=list(filled.ids.values()), to_person="Ana Ruiz")
    return path


def report(binder, source, out, *extra):
    return run_cli(binder, "handover", "report", str(source), "-o", str(out), *extra)


def assert_in_order(text: str, *parts: str) -> None:
    """Each part occurs in the text, after the one before it."""
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part!r} not after {parts}"
        at = found


def test_the_period_report_groups_dossiers_under_their_day(filled, period_file, secret,
                                                           tmp_path):
    binder = filled.services.path
    filled.services.close()
    out = tmp_path / "report.pdf"
    run = report(binder, period_file, out, "--passphrase-file", str(secret))
    assert run.code == 0, run.err
    assert run.out == f"Wrote {out} (1 page).\n"
    text = all_text(read(out))
    flat = squash(text)
    # the report's today is the period's first day: Małgorzata is due that very day
    assert "Łucja Kowalczyk → Ana Ruiz" in text
    assert "Nov 24, 2026" in text and "Dec 24, 2026" in text
    assert_in_order(flat, "Handover",
                    "TUE24NOV", squash(NAMES[0]), "Next:Nov24,2026", "Last:Visit",
                    "Wizyta—Zainteresowany",
                    "FRI27NOV", squash(NAMES[1]), "Встреча—Ждётдоговор",
                    "TUE8DEC", squash(NAMES[2]), "Next:Dec8,2026—OfertadlaJosé",
                    "MON14DEC", squash(NAMES[3]), "Handoverreport·page1")
    assert "+48600123456" in flat and "+7912345-67-89" in flat  # the phones
    for left_out in NAMES[4:]:  # undated and archived: not in the period
        assert squash(left_out) not in flat


def test_chosen_dossiers_follow_the_strip_order_undated_and_archive_last(
        filled, chosen_file, tmp_path):
    binder = filled.services.path
    filled.services.close()
    out = tmp_path / "report.pdf"
    assert report(binder, chosen_file, out).code == 0
    text = all_text(read(out))
    flat = squash(text)
    for name in NAMES:
        assert squash(name) in flat, name
    # no period: the strip stands on the day the file was made
    handover = container.open_file(chosen_file.read_bytes())
    strip = build_strip(report_day(handover))
    assert report_day(handover) == handover.header.created_at.astimezone().date()
    by_name = {d.full_name: strip.insert_for(d.next_contact, d.archived)
               for d in handover.workload.dossiers}
    position = {insert.key: i for i, insert in enumerate(strip)}
    assert len({insert.key for insert in by_name.values()}) == len(NAMES)  # one each
    ordered = sorted(NAMES, key=lambda n: position[by_name[n].key])
    assert_in_order(flat, *(squash(n) for n in ordered))
    assert_in_order(flat, "UNDATED·1DOSSIER", squash(NAMES[4]), "ARCHIVE·1DOSSIER",
                    squash(NAMES[5]), "Archived—Cerróelnegocio")


def test_fonts_are_the_embedded_dejavu_and_no_type_is_below_9pt(filled, chosen_file,
                                                                 tmp_path):
    out = tmp_path / "report.pdf"
    assert filled.services.handover.report(chosen_file, out) == 1
    reader = read(out)
    used = fonts(reader)
    assert used and all("DejaVuSans" in name and embedded for name, embedded in used), used
    assert not any(base in name for name, _embedded in used for base in BASE14)
    assert min(type_sizes(reader)) >= 9
    assert reader.metadata.title == "Handover Łucja Kowalczyk → Ana Ruiz"


def test_a_long_handover_goes_on_over_pages_with_every_dossier_once(filled, chosen_file):
    handover = container.open_file(chosen_file.read_bytes())
    first = next(d for d in handover.workload.dossiers
                 if d.next_contact and not d.archived)
    many = [dataclasses.replace(first, uuid=str(uuid.uuid4()), full_name=f"Łukasz Nowak {i:03}",
                                sort_name=f"Nowak {i:03}",
                                next_contact=TODAY + timedelta(days=i % 3),
                                purpose="Umówić spotkanie", next_time="09:30", fixed=True)
            for i in range(90)]
    long = dataclasses.replace(handover, workload=dataclasses.replace(
        handover.workload, dossiers=many))
    out = io.BytesIO()
    info = PrintInfo("Łucja Kowalczyk", TODAY, "Letter")
    pages = render_handover_report(out, long, info)
    reader = PdfReader(out)
    assert pages == len(reader.pages) > 2
    flat = squash(all_text(reader))
    for i in range(90):
        assert flat.count(f"ŁukaszNowak{i:03}") == 1
    assert "(CONTINUED)" in flat
    assert "Next:Nov24,2026,09:30(fixed)—Umówićspotkanie" in flat
    for page in range(1, pages + 1):
        assert f"Handoverreport·page{page}" in flat


def test_an_empty_handover_prints_one_page_saying_so(filled, chosen_file):
    handover = container.open_file(chosen_file.read_bytes())
    empty = dataclasses.replace(handover, workload=dataclasses.replace(
        handover.workload, dossiers=[]))
    out = io.BytesIO()
    assert render_handover_report(out, empty, PrintInfo("", TODAY)) == 1
    assert "Nothing was handed over." in all_text(PdfReader(out))


def test_a_wrong_passphrase_exits_2_and_writes_nothing(filled, period_file, tmp_path):
    binder = filled.services.path
    filled.services.close()
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    before = binder_digest(binder)
    assert_refused(report(binder, period_file, folder / "r.pdf", "--passphrase-file",
                          str(wrong)), "passphrase")
    assert_refused(report(binder, period_file, folder / "r.pdf"))  # none given
    assert list(folder.iterdir()) == []
    assert binder_digest(binder) == before


def test_a_damaged_file_or_an_unwritable_place_exits_2_and_writes_nothing(
        filled, chosen_file, tmp_path):
    binder = filled.services.path
    filled.services.close()
    data = bytearray(chosen_file.read_bytes())
    data[len(data) // 2] ^= 0x40
    damaged = tmp_path / "damaged.rbh"
    damaged.write_bytes(bytes(data))
    folder = tmp_path / "out"
    folder.mkdir()
    assert_refused(report(binder, damaged, folder / "r.pdf"))
    assert_refused(report(binder, tmp_path / "missing.rbh", folder / "r.pdf"))
    assert_refused(report(binder, chosen_file, tmp_path / "no" / "such" / "r.pdf"))
    assert_refused(report(binder, chosen_file, folder), "is a folder")
    assert list(folder.iterdir()) == [] and leftovers(tmp_path) == []


def test_the_report_reads_a_binder_another_ringbinder_holds(filled, chosen_file, tmp_path):
    binder = filled.services.path
    filled.services.close()
    before = binder_digest(binder)
    out = tmp_path / "report.pdf"
    with held_by_another_process(binder):
        run = report(binder, chosen_file, out)
    assert run.code == 0, run.err
    assert run.err == ""
    assert len(read(out).pages) == 1
    assert binder_digest(binder) == before
