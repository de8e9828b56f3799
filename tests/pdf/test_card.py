"""The client card: exactly one page whatever the dossier holds, readable, searchable, with
the binder's own font embedded."""

from __future__ import annotations

import io
import re
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import insert

from app.errors import InvalidInput, NotFound
from app.pdf import PrintInfo, draw_card
from app.pdf.style import MIN_SIZE, new_canvas
from app.services.dossiers import NewDossier, find_dossier
from app.services.filing import ContactLog, NextStep
from app.store.models import ContactEvent
from tests.pdf.pdfcheck import BASE14, all_text, fonts, leftovers, read, type_sizes

NEXT = date(2026, 11, 26)
WORD = "a" * 500  # a 500-character word without a space


def print_card(services, dossier_id, tmp_path, page_size="A4"):
    target = tmp_path / "card.pdf"
    assert services.printing.card(dossier_id, target, page_size) == 1
    return read(target)


def left_out(services, dossier_id, page_size="A4"):
    """How many prepared parts of the card the page refused: the measuring must be exact."""
    info = PrintInfo("Anna Nowak", date(2026, 11, 24), page_size)
    canvas = new_canvas(io.BytesIO(), info, "test")
    return draw_card(canvas, services.dossiers.get(dossier_id), info)


def ordinary(services):
    """A dossier as a salesperson keeps it: contacts, two conversations, an offer, a form."""
    services.settings.update(owner_name="Anna Nowak", currency="PLN")
    dossier_id, _ = services.dossiers.create(NewDossier(
        name="Łukasz Żółć", company="Żółć i Synowie sp. z o.o.", position="Kierownik zakupów",
        phones=["mobile: +48 600 123 456", "office: +48 22 123 45 67"],
        emails=["work: lukasz@zolc.pl"], notes="Prefers calls before 10:00.",
        extra={"address": "ul. Długa 5, 00-238 Warszawa", "website": "zolc.pl"}))
    services.filing.log_contact(dossier_id, ContactLog(
        "call", "Presented the packaging line", "Wants a written offer"), NextStep(NEXT))
    services.filing.log_contact(dossier_id, ContactLog(
        "visit", "Went through the offer", "Checks with the CFO", "Offer with 3 % discount",
        "12500", "PLN"), NextStep(NEXT, "09:30", "Call about the quote", "high", True))
    template = services.forms.save_template("Visit report", [
        {"label": "Fleet size", "type": "number"}, {"label": "Wants a demo", "type": "yesno"}])
    form_id, _ = services.forms.add_form(dossier_id, template)
    services.forms.fill(form_id, {"fleet_size": "24", "wants_a_demo": "yes"})
    return dossier_id


def test_an_ordinary_card_is_one_page_with_what_the_meeting_needs(services, tmp_path):
    dossier_id = ordinary(services)
    reader = print_card(services, dossier_id, tmp_path)
    assert len(reader.pages) == 1
    text = all_text(reader)
    for expected in ("Łukasz Żółć", "Kierownik zakupów", "Żółć i Synowie sp. z o.o.",
                     "+48 600 123 456", "lukasz@zolc.pl", "ul. Długa 5, 00-238 Warszawa",
                     "Thursday, November 26, 2026", "09:30", "Call about the quote",
                     "Went through the offer", "Checks with the CFO", "Offer with 3 % discount",
                     "12,500.00", "Visit report", "Fleet size", "24", "yes",
                     "Prefers calls before 10:00.", "Presented the packaging line",
                     "Printed Nov 24, 2026 by Anna Nowak", dossier_id):
        assert expected in text, expected
    assert left_out(services, dossier_id) == 0
    assert reader.metadata.title == "Łukasz Żółć"


def test_the_card_is_set_in_the_embedded_unicode_font_never_below_9_pt(services, tmp_path):
    reader = print_card(services, ordinary(services), tmp_path)
    used = fonts(reader)
    assert used
    for base_font, embedded in used:
        assert "DejaVu" in base_font and embedded, base_font
        assert not any(name in base_font for name in BASE14)
    assert min(type_sizes(reader)) >= MIN_SIZE


@pytest.mark.parametrize("name", ["Łukasz Żółć", "Иван Иванович Иванов", "María Peña"])
def test_names_in_any_script_print_and_can_be_searched(services, tmp_path, name):
    dossier_id, _ = services.dossiers.create(NewDossier(name=name, phones=["+48 600 123 456"]))
    assert name in all_text(print_card(services, dossier_id, tmp_path))


# -- extreme dossiers: still exactly one page -------------------------------------------------

def with_300_events(services):
    dossier_id, _ = services.dossiers.create(NewDossier(name="Иван Иванович Иванов"))
    start = datetime(2020, 1, 1, tzinfo=UTC)
    with services.db.write() as session:
        pk = find_dossier(session, dossier_id).pk
        session.execute(insert(ContactEvent), [
            {"dossier_pk": pk, "uuid": str(uuid.uuid4()),
             "at": start + timedelta(days=n), "kind": "contact", "channel": "call",
             "summary": f"Conversation {n:03d} about the order",
             "outcome": "Will call back", "offer": "Samples" if n % 7 == 0 else "",
             "amount": "100.00" if n % 7 == 0 else None, "currency": "EUR" if n % 7 == 0 else "",
             "updated_at": start}
            for n in range(300)])
    return dossier_id


def with_50kb_of_notes(services):
    notes = "\n".join(f"Line {n:04d}: the client mentioned the warehouse again." for n in
                      range(900))[:50_000]
    return services.dossiers.create(NewDossier(name="María Peña", notes=notes))[0]


def with_40_form_fields(services):
    dossier_id, _ = services.dossiers.create(NewDossier(name="María Peña"))
    template = services.forms.save_template("Audit", [
        {"label": f"Question number {n}", "type": "text"} for n in range(40)])
    form_id, _ = services.forms.add_form(dossier_id, template)
    services.forms.fill(form_id, {f"question_number_{n}": f"Answer {n} " * 4 for n in range(40)})
    return dossier_id


def with_12_phones(services):
    return services.dossiers.create(NewDossier(
        name="Łukasz Żółć", phones=[f"line {chr(97 + n)}: +48 600 123 4{n:02d}" for n in range(12)],
        emails=[f"box{n}@zolc.pl" for n in range(8)]))[0]


def with_a_500_character_word(services):
    dossier_id, _ = services.dossiers.create(NewDossier(
        name="María " + "P" * 190, company=WORD[:200], position=WORD[:200], notes=WORD,
        extra={"address": WORD}, next_contact=NEXT, purpose=WORD))
    services.filing.log_contact(dossier_id, ContactLog("call", WORD, WORD, WORD),
                                NextStep(NEXT, purpose=WORD))
    return dossier_id


def with_only_a_name(services):
    return services.dossiers.create(NewDossier(name="María Peña"))[0]


def with_everything_at_once(services):
    dossier_id = with_300_events(services)
    template = services.forms.save_template("Audit", [
        {"label": f"Question {n}", "type": "text"} for n in range(40)])
    form_id, _ = services.forms.add_form(dossier_id, template)
    services.forms.fill(form_id, {f"question_{n}": WORD[:300] for n in range(40)})
    services.dossiers.update(
        dossier_id, phones=[f"+48 600 123 4{n:02d}" for n in range(12)],
        emails=[f"box{n}@example.com" for n in range(12)], notes=("Notes. " * 40 + "\n") * 180,
        address="Long street " * 100, tags=WORD[:400], company="Company " * 25)
    services.filing.schedule(dossier_id, NextStep(NEXT, "10:00", WORD, "high", True))
    return dossier_id


EXTREMES = [with_300_events, with_50kb_of_notes, with_40_form_fields, with_12_phones,
            with_a_500_character_word, with_only_a_name, with_everything_at_once]


@pytest.mark.parametrize(("make", "page_size"), [
    *((make, "A4") for make in EXTREMES), (with_everything_at_once, "Letter"),
    (with_a_500_character_word, "Letter")], ids=lambda v: getattr(v, "__name__", v))
def test_an_extreme_dossier_still_prints_on_exactly_one_page(services, tmp_path, make,
                                                             page_size):
    dossier_id = make(services)
    reader = print_card(services, dossier_id, tmp_path, page_size)
    assert len(reader.pages) == 1
    assert left_out(services, dossier_id, page_size) == 0
    assert min(type_sizes(reader)) >= MIN_SIZE
    text = all_text(reader)
    assert "a" * 61 not in text  # the unbreakable word is clipped, not run off the page
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (
        (595, 842) if page_size == "A4" else (612, 792))


def test_the_oldest_history_goes_first(services, tmp_path):
    text = all_text(print_card(services, with_300_events(services), tmp_path))
    assert "Conversation 299 about the order" in text  # the last conversation
    assert "Conversation 298 about the order" in text  # the newest of the history
    assert "Conversation 000 about the order" not in text
    assert "earlier events in the binder" in text


def test_long_notes_are_clipped_with_a_visible_mark(services, tmp_path):
    text = all_text(print_card(services, with_50kb_of_notes(services), tmp_path))
    assert "Line 0000: the client mentioned the warehouse again." in text
    assert "Line 0899" not in text
    left = re.search(r"… ([\d,]+) more characters in the binder", text)
    assert left and 40_000 < int(left.group(1).replace(",", "")) < 50_000


def test_forms_too_long_for_the_page_say_so(services, tmp_path):
    dossier_id = with_everything_at_once(services)
    text = all_text(print_card(services, dossier_id, tmp_path))
    assert "Question 0" in text
    assert "more fields in the binder" in text
    assert "+ 6 more in the binder" in text  # 12 phones, 6 on the card


def test_an_amended_conversation_prints_as_corrected(services, tmp_path):
    dossier_id, _ = services.dossiers.create(NewDossier(name="María Peña"))
    services.filing.log_contact(dossier_id, ContactLog("call", "Talked prices", "Wants 50 %"))
    original = services.dossiers.get(dossier_id).events[0].id
    services.filing.amend(original, ContactLog("call", "Talked prices", "Wants 5 %"))
    text = all_text(print_card(services, dossier_id, tmp_path))
    assert "Wants 5 %" in text and "Wants 50 %" not in text


def test_an_archived_dossier_says_so_instead_of_a_next_step(services, tmp_path):
    dossier_id, _ = services.dossiers.create(NewDossier(name="María Peña"))
    services.filing.archive(dossier_id, "lost: went with a competitor")
    text = all_text(print_card(services, dossier_id, tmp_path))
    assert "Archived" in text and "lost: went with a competitor" in text


def test_the_qr_code_dials_the_main_phone(services):
    from app.pdf.card import _qr

    dossier_id, _ = services.dossiers.create(NewDossier(
        name="María Peña", phones=["+34 612 34 56 78", "+34 913 45 67 89"]))
    code = _qr(services.dossiers.get(dossier_id))[0]
    assert code.value == "tel:+34612345678"
    assert _qr(services.dossiers.get(with_only_a_name(services))) == []


def test_an_unknown_id_or_paper_writes_nothing(services, tmp_path):
    dossier_id = with_only_a_name(services)
    with pytest.raises(NotFound):
        services.printing.card("0badc0de-0000-4000-8000-000000000000", tmp_path / "x.pdf")
    with pytest.raises(InvalidInput, match="paper size"):
        services.printing.card(dossier_id, tmp_path / "x.pdf", "A5")
    assert not (tmp_path / "x.pdf").exists()
    assert leftovers(tmp_path) == []


def test_printing_replaces_an_old_file_only_when_the_new_one_is_complete(services, tmp_path):
    target = tmp_path / "card.pdf"
    target.write_bytes(b"the previous card")
    with pytest.raises(NotFound):
        services.printing.card("0badc0de-0000-4000-8000-000000000000", target)
    assert target.read_bytes() == b"the previous card"
    services.printing.card(with_only_a_name(services), target)
    assert len(PdfReader(str(target)).pages) == 1
    assert leftovers(tmp_path) == []


def test_the_qr_code_is_a_level_m_code_of_the_tel_link_and_encoded_once():
    """segno with a fixed mask: a valid QR code of the same version as any encoder makes."""
    import segno

    from app.pdf.qr import qr_modules, qr_path

    value = "tel:+48600123456"
    modules = qr_modules(value)
    reference = segno.make_qr(value, error="m", mask=0, boost_error=False)
    assert len(modules) == len(reference.matrix) == 21 + 4 * (reference.version - 1)
    assert modules == tuple(tuple(bool(m) for m in row) for row in reference.matrix)
    count, path = qr_path(value)  # the rectangles drawn cover the dark modules, no others
    drawn = set()
    for rectangle in path.split("\n"):
        column, y, run, _height, _op = rectangle.split()
        drawn |= {(count - 1 - int(y), int(column) + i) for i in range(int(run))}
    assert drawn == {(r, c) for r, row in enumerate(modules) for c, dark in enumerate(row) if dark}
    assert qr_path(value) is qr_path(value)  # a switchboard's number on 100 cards: encoded once


def test_in_the_binder_since_is_the_day_the_clock_made_it(services, clock, tmp_path):
    """Stamps come from the services' clock (`--today`, tests), never the wall clock: a card
    printed the day its dossier was made says so, not a day after its own print date."""
    from datetime import time

    clock.set_time(time(12, 0))
    dossier_id, _ = services.dossiers.create(NewDossier(name="Ewa Lis"))
    services.dossiers.update(dossier_id, phones=["+48 600 000 001"])
    text = all_text(print_card(services, dossier_id, tmp_path))
    assert "in the binder since Nov 24, 2026" in text
    assert "Printed Nov 24, 2026" in text
    detail = services.dossiers.get(dossier_id)
    assert detail.created_at.astimezone().date() == date(2026, 11, 24)


def test_amounts_keep_the_currency_off_the_digits(services, tmp_path):
    """CLDR's currency spacing in en_US: 'PLN 12,500.00', never 'PLN12,500.00'."""
    text = all_text(print_card(services, ordinary(services), tmp_path)).replace("\xa0", " ")
    assert "PLN 12,500.00" in text
    assert "PLN12" not in text


def test_a_separator_never_ends_or_starts_a_line(services, tmp_path):
    """History rows of every length with an offer after a '·': wherever a row wraps, the
    '·' stays between its neighbours, on their line."""
    dossier_id, _ = services.dossiers.create(NewDossier(name="María Peña"))
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    with services.db.write() as session:
        pk = find_dossier(session, dossier_id).pk
        session.execute(insert(ContactEvent), [
            {"dossier_pk": pk, "uuid": str(uuid.uuid4()), "at": start + timedelta(days=n),
             "kind": "contact", "channel": "call",
             "summary": "Talked " + "about prices " * (n // 6) + "word" * (n % 6),
             "outcome": "", "offer": "Samples", "amount": "100.00", "currency": "EUR",
             "updated_at": start}
            for n in range(40)])
    reader = print_card(services, dossier_id, tmp_path)
    lines = [line.strip() for line in all_text(reader).splitlines()]
    assert sum("· Samples" in line.replace("\xa0", " ") for line in lines) > 10
    assert not [line for line in lines if line.endswith("·") or line.startswith("·")]


def test_dates_of_offers_and_history_stay_on_one_line_in_russian(services, tmp_path):
    from app.i18n import set_locale

    dossier_id = ordinary(services)
    set_locale("ru_RU")
    try:
        text = all_text(print_card(services, dossier_id, tmp_path))
    finally:
        set_locale("en_US")
    assert "24 нояб. 2026 г." in text
    assert "\nг." not in text  # the year's "г." never wraps under its date
