"""Without a paper size, a card prints on the paper of the user's locale."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from app.i18n import set_locale
from app.services.dossiers import NewDossier


@pytest.mark.parametrize(("locale", "width_pt"), [("en_US", 612), ("es_ES", 595),
                                                  ("pl_PL", 595), ("en_CA", 612)])
def test_the_default_paper_follows_the_locale(services, tmp_path, locale, width_pt):
    dossier_id, _ = services.dossiers.create(NewDossier(name="María Peña"))
    set_locale(locale)
    try:
        services.printing.card(dossier_id, tmp_path / "card.pdf")
    finally:
        set_locale("en_US")
    page = PdfReader(tmp_path / "card.pdf").pages[0]
    assert round(float(page.mediabox.width)) == width_pt
