"""A dossier as a busy salesperson keeps it (the issue's card): 60 events, several offers,
4 KB of notes whose end matters, four forms of 25 fields, a long company with its legal form."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert

from app.services.dossiers import NewDossier, find_dossier
from app.services.filing import ContactLog, NextStep
from app.store.models import ContactEvent

COMPANY = ("Przedsiębiorstwo Produkcyjno-Handlowo-Usługowe Jażdżyk, Wiśniewski "
           "i Wspólnicy Sp.k.")
COMPETITOR = "The competitor offered 4.20 PLN a carton with free delivery"
DIRECTIONS = "Directions: gate 3 from ul. Fabryczna, the office is on the second floor"
FILLER = "The buyer keeps a spreadsheet of every supplier's price and delivery time. "
NOTES = (FILLER * 54 + COMPETITOR + ". " + "Wants to hear about pallets and returns. " * 2
         + DIRECTIONS + ".")  # 4,266 characters, the ones that matter at the end
SHORTER_NOTES = FILLER * 7 + COMPETITOR + ". " + DIRECTIONS + "."
FORMS = ["Visit report", "Packaging audit", "Fleet survey", "Credit check"]


def salespersons_dossier(services, notes: str = NOTES) -> str:
    """The card the issue describes; returns the dossier's id."""
    dossier_id, _ = services.dossiers.create(NewDossier(
        name="Łukasz Żółć", company=COMPANY, position="Kierownik zakupów",
        phones=["mobile: +48 600 123 456", "office: +48 22 123 45 67"],
        emails=["work: lukasz@zolc.pl", "orders: zamowienia@zolc.pl"], notes=notes,
        extra={"address": "ul. Długa 5, 00-238 Warszawa"}))
    start = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
    with services.db.write() as session:
        pk = find_dossier(session, dossier_id).pk
        session.execute(insert(ContactEvent), [
            {"dossier_pk": pk, "uuid": str(uuid.uuid4()), "at": start + timedelta(days=7 * n),
             "kind": "contact", "channel": "call", "summary": f"Conversation {n:02d} on the order",
             "outcome": "Will call back", "offer": f"Offer {n:02d}" if n % 10 == 0 else "",
             "amount": f"{1000 + n}.00" if n % 10 == 0 else None,
             "currency": "PLN" if n % 10 == 0 else "", "updated_at": start}
            for n in range(59)])
    services.filing.log_contact(dossier_id, ContactLog(
        "visit", "Went through the offer", "Checks with the CFO", "Offer with 3 % discount",
        "53860.50", "PLN"), NextStep(date(2026, 11, 26), "09:30", "Call about the quote"))
    for n, title in enumerate(FORMS):
        fields = [{"label": f"{title[:5]} note {i}", "type": "text"} for i in range(24)]
        fields.append({"label": "Interest" if n == 0 else f"{title[:5]} must", "type": "text",
                       "required": True})
        template = services.forms.save_template(title, fields)
        form_id, _ = services.forms.add_form(dossier_id, template)
        values = {f"{title[:5].lower().replace(' ', '_')}_note_{i}": f"answer {i}"
                  for i in range(0, 24, 3)}
        values["interest" if n == 0 else f"{title[:5].lower().replace(' ', '_')}_must"] = \
            "High" if n == 0 else "Yes"
        services.forms.fill(form_id, values)
    return dossier_id
