"""The card's page shared by importance, read back as the salesperson reads it: every form
with its required fields, notes before old history, no heading without rows under it."""

from __future__ import annotations

import pytest

from tests.pdf.heavy import COMPETITOR, DIRECTIONS, FORMS, SHORTER_NOTES, salespersons_dossier
from tests.pdf.pdfcheck import all_text, read

PAPERS = ["A4", "Letter"]


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
    assert "continued in the binder" not in text
    assert "Offer 50" in text  # the offers came first


@pytest.mark.parametrize("page_size", PAPERS)
def test_long_notes_get_the_room_old_history_had(services, tmp_path, page_size):
    """4,266 characters: twice what used to print (about 300), the history giving way."""
    text = card_text(services, salespersons_dossier(services), tmp_path, page_size)
    start = text.index("The buyer keeps")
    end = text.index("… continued in the binder")
    assert end - start > 600
    assert "Conversation 40 on the order" not in text


@pytest.mark.parametrize("page_size", PAPERS)
def test_a_heading_always_has_rows_under_it(services, tmp_path, page_size):
    """However the page is shared, 'Recent history' never stands alone over its count."""
    for notes in ("", SHORTER_NOTES, SHORTER_NOTES * 2):
        dossier_id = salespersons_dossier(services, notes)
        text = card_text(services, dossier_id, tmp_path, page_size)
        if "RECENT HISTORY" in text:
            after = text[text.index("RECENT HISTORY"):]
            assert after.split()[2:3] != ["…"], after[:80]
            assert "Conversation 57 on the order" in after
        else:
            assert "earlier events in the binder" not in text
