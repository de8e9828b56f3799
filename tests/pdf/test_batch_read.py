"""The batch read of a day pack (app.services.print_reads): the same cards as one read per
card, in a number of statements that does not grow with the cards."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

import pytest
from sqlalchemy import event

from app.errors import NotFound
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep
from app.services.print_reads import read_details
from tests.pdf.pdfcheck import page_text, read
from tests.pdf.test_card import EXTREMES, ordinary

DAY = date(2026, 11, 25)


def everything(services):
    """One of each kind of dossier the card tests print, plus an amended conversation and a
    document, all filed under DAY."""
    ids = [ordinary(services), *(make(services) for make in EXTREMES)]
    services.filing.log_contact(ids[1], ContactLog("call", "Talked prices", "Wants 50 %"))
    amended = services.dossiers.get(ids[1]).events[0].id
    services.filing.amend(amended, ContactLog("call", "Talked prices", "Wants 5 %"))
    services.attachments.add(ids[0], "offer.pdf", b"%PDF-1.4 an offer")
    services.filing.archive(ids[2], "lost: went with a competitor")
    services.filing.restore(ids[2], "back in touch")
    for dossier_id in ids:
        services.filing.schedule(dossier_id, NextStep(DAY, purpose="Visit"))
    return ids


def test_the_batch_read_gives_what_the_per_card_read_gives(services):
    ids = everything(services)
    batch = list(read_details(services.db.reader, [*ids, "no-such-id"], chunk=3))
    assert batch[-1] is None
    assert batch[:-1] == [services.dossiers.get(i) for i in ids]


def test_a_day_pack_is_the_agenda_then_the_single_cards_text(services, tmp_path):
    ids = everything(services)
    rows = services.views.list_insert(DAY.isoformat())
    assert sorted(r.id for r in rows) == sorted(ids)
    pack = read(tmp_path / "day.pdf") if services.printing.day(
        DAY.isoformat(), tmp_path / "day.pdf") else None
    assert pack is not None
    cards = [page_text(pack, n) for n in range(1, len(pack.pages))]
    singles = []
    for row in rows:
        services.printing.card(row.id, tmp_path / "card.pdf")
        single = read(tmp_path / "card.pdf")
        assert len(single.pages) == 1
        singles.append(page_text(single, 0))
    assert cards == singles


def test_a_card_by_the_beginning_of_its_id_and_an_unknown_id(services, tmp_path):
    dossier_id = ordinary(services)
    services.printing.card(dossier_id[:8].upper(), tmp_path / "short.pdf")
    services.printing.card(dossier_id, tmp_path / "full.pdf")
    assert page_text(read(tmp_path / "short.pdf"), 0) == page_text(read(tmp_path / "full.pdf"), 0)
    with pytest.raises(NotFound):
        services.printing.card("0000dead-0000", tmp_path / "none.pdf")
    with pytest.raises(NotFound):
        services.printing.selection([dossier_id, "0000dead-0000"], tmp_path / "none.pdf")


@contextlib.contextmanager
def statements(services):
    """Every SQL statement the binder's connections run meanwhile (SQLAlchemy's and those
    on the driver's own cursors alike), from sqlite3's trace callback."""
    seen: list[str] = []

    def trace(dbapi_connection, _record, _proxy):
        dbapi_connection.set_trace_callback(seen.append)

    def untrace(dbapi_connection, _record):
        dbapi_connection.set_trace_callback(None)

    engine = services.db.engine
    event.listen(engine, "checkout", trace)
    event.listen(engine, "checkin", untrace)
    services.db.trace_reads(seen.append)  # the plain reads' own connection too
    try:
        yield seen
    finally:
        services.db.trace_reads(None)
        event.remove(engine, "checkout", trace)
        event.remove(engine, "checkin", untrace)


MAX_STATEMENTS = 15  # a day pack's, whatever its number of cards (before: 6 more per card)


def test_a_day_pack_runs_a_bounded_number_of_statements(services, tmp_path):
    def add(first, last):
        for n in range(first, last):
            dossier_id, _ = services.dossiers.create(NewDossier(
                name=f"Client {n:02d}", phones=[f"+48 600 123 {n:03d}"], next_contact=DAY))
            services.filing.log_contact(dossier_id, ContactLog("call", f"Talk {n}", "Fine"),
                                        NextStep(DAY))

    def count(cards):
        services.printing.day(DAY.isoformat(), tmp_path / "warm.pdf")  # caches filled
        with statements(services) as seen:
            services.printing.day(DAY.isoformat(), tmp_path / "day.pdf")
        assert len(read(tmp_path / "day.pdf").pages) >= 1 + cards
        assert 0 < len(seen) <= MAX_STATEMENTS, seen
        return len(seen)

    services.dossiers.create(NewDossier(name="Not today", next_contact=DAY + timedelta(1)))
    add(0, 2)
    few = count(2)
    add(2, 40)
    assert count(40) == few


def test_the_binder_can_be_written_while_a_day_pack_is_drawn(services, tmp_path):
    """A read on a writable binder holds its write lock: the pack reads its cards in short
    reads and draws them outside, so the window's saves go on meanwhile."""
    ids = [services.dossiers.create(NewDossier(name=f"Client {n}", next_contact=DAY))[0]
           for n in range(3)]
    written = []

    def progress(done, _total):
        if done == 1:  # a card drawn, the others not yet
            services.filing.schedule(ids[2], NextStep(DAY, purpose="Moved meanwhile"))
            written.append(done)

    assert services.printing.day(DAY.isoformat(), tmp_path / "day.pdf", progress=progress) == 4
    assert written == [1]
