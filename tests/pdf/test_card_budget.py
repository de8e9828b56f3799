"""The card's page shared by importance, read back as the salesperson reads it: every form
with its required fields, notes before old history, every section there with its rows or
its heading over a count of them, on one page whatever the dossier holds."""

from __future__ import annotations

import io
import re
from datetime import date

import pytest

from app.pdf import PrintInfo, draw_card
from app.pdf.style import new_canvas, tidy
from tests.pdf.heavy import (
    COMPETITOR,
    DIRECTIONS,
    FILLER,
    FORMS,
    NOTES,
    SHORTER_NOTES,
    salespersons_dossier,
)
from tests.pdf.pdfcheck import all_text, read

PAPERS = ["A4", "Letter"]
# as long as notes can be and still print whole beside the offers and 60 events
# (about 1,800 characters: a 4 KB note never fits a card whole, see full_card)
PAGE_OF_NOTES = FILLER * 22 + COMPETITOR + ". " + DIRECTIONS + "."
LEFT = re.compile(r"… ([\d,]+) more characters in the binder")


def card_text(services, dossier_id, tmp_path, page_size):
    target = tmp_path / f"card-{page_size}.pdf"
    assert services.printing.card(dossier_id, target, page_size) == 1
    reader = read(target)
    assert len(reader.pages) == 1
    return " ".join(all_text(reader).replace("\xa0", " ").split())


@pytest.mark.parametrize("page_size", PAPERS)
def test_every_form_prints_with_its_required_fields_first(services, tmp_path, page_size):
    text = card_text(services, salespersons_dossier(services), tmp_path, page_size)
    for title in FORMS:
        assert title in text, title
    assert "Interest High" in text  # the required field of the first form, filled
    for title in FORMS[1:]:
        assert f"{title[:5]} must Yes" in text
    assert text.count("more fields in the binder") == len(FORMS)  # counted per form
    assert "… more fields in the binder" not in text


@pytest.mark.parametrize("page_size", PAPERS)
def test_notes_print_whole_before_old_history_does(services, tmp_path, page_size):
    text = card_text(services, salespersons_dossier(services, SHORTER_NOTES), tmp_path,
                     page_size)
    assert COMPETITOR in text and DIRECTIONS in text
    assert "more characters in the binder" not in text
    assert "Offer 50" in text  # the offers came first


@pytest.mark.parametrize("page_size", PAPERS)
def test_long_notes_get_the_room_old_history_had(services, tmp_path, page_size):
    """4,266 characters: twice what used to print (about 300), the history giving way."""
    text = card_text(services, salespersons_dossier(services), tmp_path, page_size)
    start = text.index("The buyer keeps")
    end = LEFT.search(text).start()
    assert end - start > 600
    assert "Conversation 40 on the order" not in text


def sections(text):
    """Each section's heading and the first words under it (up to the next heading)."""
    found = {}
    for heading in ("OFFERS MADE", "FORMS", "NOTES", "RECENT HISTORY"):
        assert text.count(heading) == 1, heading  # every section there, once
        found[heading] = text[text.index(heading) + len(heading):].split()[:8]
    return found


@pytest.mark.parametrize("page_size", PAPERS)
def test_every_section_prints_its_rows_or_counts_them(services, tmp_path, page_size):
    """However the page is shared, no section vanishes: each prints rows under its heading,
    or, when the page is full, its heading over how many the binder holds."""
    for notes in ("", SHORTER_NOTES, SHORTER_NOTES * 2, NOTES):
        text = card_text(services, salespersons_dossier(services, notes), tmp_path, page_size)
        found = sections(text) if notes else {
            k: v for k, v in sections(text + " NOTES").items() if k != "NOTES"}
        assert found["OFFERS MADE"][:3] == ["Nov", "24,", "2026"]  # the latest offer's row
        assert found["FORMS"][:2] == ["Visit", "report"]
        history = found["RECENT HISTORY"]
        if history[0] == "…":  # no row fits: the page is full, and says what it left out
            assert " ".join(history[:7]) == "… 59 earlier events in the binder"
            assert "NOTES FROM THE MEETING" not in text
        else:
            assert history[4:6] == ["Conversation", "58"], history  # the latest row
    empty = card_text(services, salespersons_dossier(services, ""), tmp_path, page_size)
    assert "Conversation 57 on the order" in empty  # without notes the history has rows


def full_card(services, notes):
    """The fullest card a salesperson keeps: the issue's dossier (60 events with offers,
    four forms of 25 fields) with 12 phones, 6 e-mails and 12 documents besides. Its header,
    contacts and boxes take 305 pt of A4's 730; a 4 KB note alone needs 470 more at 9 pt,
    so it is cut, and says so."""
    dossier_id = salespersons_dossier(services, notes)
    services.dossiers.update(
        dossier_id, phones=[f"line {chr(97 + n)}: +48 600 123 4{n:02d}" for n in range(12)],
        emails=[f"box{n}@zolc.pl" for n in range(6)])
    for n in range(12):
        services.attachments.add(dossier_id, f"proposal-{n + 1:02d}.pdf", b"%PDF-1.4\n" * 8)
    return dossier_id


def left_out(services, dossier_id, page_size):
    """How many prepared parts of the card the page refused: the measuring must be exact."""
    info = PrintInfo("Anna Nowak", date(2026, 11, 24), page_size)
    return draw_card(new_canvas(io.BytesIO(), info, "test"), services.dossiers.get(dossier_id),
                     info)


def printed_notes(text):
    """The notes as printed (between their heading and the count line) and that count."""
    start = text.index("NOTES") + len("NOTES ")
    left = LEFT.search(text, start)
    return text[start:left.start()].strip(), int(left.group(1).replace(",", ""))


@pytest.mark.parametrize("page_size", PAPERS)
def test_a_full_card_cuts_a_4_kb_note_and_counts_what_it_leaves(services, tmp_path,
                                                                page_size):
    dossier_id = full_card(services, NOTES)
    text = card_text(services, dossier_id, tmp_path, page_size)
    assert left_out(services, dossier_id, page_size) == 0
    shown, left = printed_notes(text)
    assert shown.startswith("The buyer keeps a spreadsheet")
    # 4 lines, or 2 on Letter: the documents' heading and count line take the rest
    assert len(shown) > {"A4": 400, "Letter": 200}[page_size]
    assert abs(len(shown) + left - len(tidy(NOTES))) <= 2  # the count is the characters left
    assert "+ 6 more in the binder" in text  # 12 phones, 6 on the card
    found = sections(text)
    assert found["OFFERS MADE"][3:7] == ["Offer", "with", "3", "%"]
    assert all(title in text for title in FORMS)


@pytest.mark.parametrize("page_size", PAPERS)
def test_a_full_card_says_how_much_history_it_had_no_room_for(services, tmp_path, page_size):
    """The history gives way to the notes, down to its heading over its count: it never
    vanishes from a full card as if the client had none."""
    text = card_text(services, full_card(services, NOTES), tmp_path, page_size)
    history = sections(text)["RECENT HISTORY"]
    assert " ".join(history[:7]) == "… 59 earlier events in the binder"
    assert "Conversation" not in text


@pytest.mark.parametrize("page_size", PAPERS)
def test_notes_the_page_can_hold_print_whole_before_old_history(services, tmp_path,
                                                                page_size):
    """Notes of a page's length (set at 9 pt) print to their last sentence, the history
    giving them its rows and keeping its count line; short notes leave it more rows."""
    dossier_id = salespersons_dossier(services, PAGE_OF_NOTES)
    for form in services.dossiers.get(dossier_id).forms:
        services.forms.remove_form(form.id)
    text = card_text(services, dossier_id, tmp_path, page_size)
    assert text.count(DIRECTIONS) == 1 and COMPETITOR in text
    assert "more characters in the binder" not in text
    assert "earlier events in the binder" in text
    rows = len(re.findall(r"Conversation \d\d on the order", text))
    services.dossiers.update(dossier_id, notes=SHORTER_NOTES)
    text = card_text(services, dossier_id, tmp_path, page_size)
    assert len(re.findall(r"Conversation \d\d on the order", text)) >= rows + 5


@pytest.mark.parametrize("page_size", PAPERS)
def test_a_huge_note_prints_its_beginning_and_counts_the_rest(services, tmp_path, page_size):
    notes = "\n".join(f"Visit {n:04d}: the buyer asked again about pallets and returns."
                      for n in range(800))  # 50 KB
    dossier_id = full_card(services, notes)
    text = card_text(services, dossier_id, tmp_path, page_size)
    assert left_out(services, dossier_id, page_size) == 0
    shown, left = printed_notes(text)
    assert shown.startswith("Visit 0000: the buyer asked again")
    assert "Visit 0799" not in text
    assert 45_000 < left < len(notes)
    assert abs(len(shown) + left - len(notes)) <= 2
    assert "earlier events in the binder" in text


@pytest.mark.parametrize("page_size", PAPERS)
def test_thirty_forms_leave_the_notes_and_history_their_lines(services, tmp_path, page_size):
    """Forms past what the page holds are counted; the notes keep at least a first line
    and their count, the history its count: nothing after the forms is pushed off."""
    dossier_id = salespersons_dossier(services)
    for n in range(26):
        services.forms.add_form(dossier_id, services.forms.save_template(f"Survey {n}", [
            {"label": "Budget", "type": "text", "required": True},
            {"label": "Remarks", "type": "text"}]))
    text = card_text(services, dossier_id, tmp_path, page_size)
    assert left_out(services, dossier_id, page_size) == 0
    assert re.search(r"… \d+ more forms in the binder", text)
    found = sections(text)
    assert found["NOTES"][:4] == ["The", "buyer", "keeps", "a"]
    shown, left = printed_notes(text)
    assert abs(len(shown) + left - len(tidy(NOTES))) <= 2
    assert " ".join(found["RECENT HISTORY"][:7]) == "… 59 earlier events in the binder"
