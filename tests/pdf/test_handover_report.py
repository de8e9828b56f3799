"""The handover report as the colleague reads it: who handed the work over, and for each
client what is needed to carry on (offers, e-mails, notes, the forms' answers)."""

from __future__ import annotations

import re
from datetime import date

from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep
from tests.pdf.pdfcheck import all_text, read


def test_the_report_carries_what_the_colleague_needs(services, tmp_path):
    services.settings.update(currency="PLN")  # no owner's name set
    dossier_id, _ = services.dossiers.create(NewDossier(
        name="Łukasz Żółć", company="Żółć i Synowie Sp.k.", phones=["+48 600 123 456"],
        emails=["work: lukasz@zolc.pl"], next_contact=date(2026, 11, 26),
        notes="Prefers calls before 10:00. The competitor offered 4.20 PLN a carton. "
              + "Long story about the warehouse. " * 30 + "THE END OF THE NOTES"))
    services.filing.log_contact(dossier_id, ContactLog(
        "visit", "Went through the offer", "Checks with the CFO", "Offer with 3 % discount",
        "53860.50", "PLN"), NextStep(date(2026, 11, 26), "09:30", "Call about the quote"))
    template = services.forms.save_template("Visit report", [
        {"label": "Fleet size", "type": "number"}, {"label": "Left empty", "type": "text"},
        {"label": "Interest", "type": "text", "required": True}])
    form_id, _ = services.forms.add_form(dossier_id, template)
    services.forms.fill(form_id, {"interest": "High", "fleet_size": "24"})
    source = tmp_path / "work.rbh"
    services.handover.export(source, ids=[dossier_id], to_person="Ana Ruiz")
    target = tmp_path / "report.pdf"
    services.handover.report(source, target, page_size="A4")
    text = " ".join(all_text(read(target)).replace("\xa0", " ").split())
    assert "the salesperson → Ana Ruiz" in text
    assert "— →" not in text
    assert "lukasz@zolc.pl" in text
    assert "Offer with 3 % discount PLN 53,860.50" in text
    assert re.search("PLN[ \xa0]53,860.50", all_text(read(target)))  # on one line
    assert "Visit report Interest: High; Fleet size: 24" in text  # the required one first
    assert "Left empty" not in text  # only what was filled in
    assert "The competitor offered 4.20 PLN a carton" in text
    assert "THE END OF THE NOTES" not in text  # trimmed: the file has the rest
