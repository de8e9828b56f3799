"""Proposals from templates: the letters a sales manager defines (kept in the binder, handed
out as a small JSON file like form templates), filled for a dossier, edited, printed to a
PDF that is kept as a document of the dossier and logged as an offer with its amount.

Keeping the PDF and logging the offer is one transaction: a failure leaves neither.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from app.errors import InvalidInput, NotFound
from app.filenames import safe_document_name
from app.i18n import _, money
from app.services import validate as v
from app.services.dossiers import find_dossier
from app.services.dto import Changes, DossierDetail
from app.services.proposal_lines import (
    Line,
    Totals,
    check_lines,
    check_placeholders,
    fill,
    letter_date,
    make_line,
    percent_text,
    totals,
)
from app.store import template_reads
from app.store.models import ContactEvent, ProposalTemplate

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.pdf.style import PrintInfo
    from app.services.binder import Services

EXPORT_FORMAT = "ringbinder-proposal-templates"
EXPORT_VERSION = 1
MAX_IMPORT_BYTES = 1024 * 1024
MAX_TEMPLATES = 200
MAX_SUBJECT = 300
MAX_BODY = 20_000
MAX_VALIDITY_DAYS = 366
DEFAULT_VALIDITY_DAYS = 30


def _managers_only() -> str:
    """Why a salesperson may not change a team binder's templates: they are the team's."""
    return _("Only a manager of this team binder can edit the team's proposal templates.")


@dataclass(frozen=True)
class ProposalTemplateView:
    id: str
    name: str
    subject: str
    body: str
    validity_days: int = DEFAULT_VALIDITY_DAYS
    tax_rate: str = ""  # a percentage as decimal text; "" for none


@dataclass
class Proposal:
    """A proposal as the salesperson edits it: the letter's subject and text (with any
    placeholders still to fill), the lines, until when it holds, in which currency."""

    dossier_id: str
    subject: str
    body: str
    valid_until: date
    currency: str
    lines: list[Line] = field(default_factory=list)
    template_id: str | None = None
    tax_rate: str = ""  # what a new line starts with
    channel: str = "email"  # how it went to the client, for the offer logged


@dataclass(frozen=True)
class Letter:
    """Everything the printed proposal shows, filled in and checked."""

    sender: str
    client: str
    position: str
    company: str
    address: str
    day: date
    subject: str
    body: str
    lines: tuple[Line, ...]
    totals: Totals
    currency: str
    valid_until: date
    day_text: str = ""  # the dates as the letter writes them ('December 8, 2026')
    valid_until_text: str = ""


def _check_template(name: Any, subject: Any, body: Any, validity_days: Any,
                    tax_rate: Any) -> tuple[str, str, str, int, str]:
    name = v.text_field("name", str(name or ""), required=True)
    subject = " ".join(str(subject or "").split())
    body = str(body or "").replace("\r\n", "\n").strip()
    if len(subject) > MAX_SUBJECT or len(body) > MAX_BODY or "\x00" in body + subject:
        raise InvalidInput(_("A proposal's subject is at most {subject} characters and its "
                             "letter at most {body}.").format(subject=MAX_SUBJECT, body=MAX_BODY))
    if not body:
        raise InvalidInput(_("The proposal template “{name}” needs the letter's text.")
                           .format(name=name))
    check_placeholders(subject + "\n" + body)
    if isinstance(validity_days, bool) or not isinstance(validity_days, int) \
            or not 1 <= validity_days <= MAX_VALIDITY_DAYS:
        raise InvalidInput(_("A proposal is valid from 1 to {max} days.").format(
            max=MAX_VALIDITY_DAYS))
    rate = ""
    if str(tax_rate or "").strip():
        rate = percent_text(make_line("-", 1, 0, tax=str(tax_rate)).tax)
    return name, subject, body, validity_days, rate


def _view(t: ProposalTemplate) -> ProposalTemplateView:
    return ProposalTemplateView(t.uuid, t.name, t.subject, t.body, t.validity_days, t.tax_rate)


class ProposalService:
    def __init__(self, services: Services) -> None:
        self._s = services

    # -- templates -------------------------------------------------------------------------
    @staticmethod
    def _template(session: Session, template_id: str) -> ProposalTemplate:
        found = template_reads.proposal_template(session, template_id)
        if found is None:
            raise NotFound(_("There is no proposal template '{id}'.").format(id=template_id))
        return found

    def templates(self) -> list[ProposalTemplateView]:
        with self._s.db.read() as session:
            rows = template_reads.proposal_templates(session)
            return [_view(t) for t in rows]

    def template(self, template_id: str) -> ProposalTemplateView:
        with self._s.db.read() as session:
            return _view(self._template(session, template_id))

    def save_template(self, name: str, subject: str, body: str,
                      validity_days: int = DEFAULT_VALIDITY_DAYS, tax_rate: str = "",
                      template_id: str | None = None) -> tuple[str, Changes]:
        """Add a template (or change the one of `template_id`); refused, changing nothing,
        when a placeholder is unknown."""
        self._s.people.require_manager(_managers_only())
        checked = _check_template(name, subject, body, validity_days, tax_rate)
        with self._s.db.write() as session:
            if template_id is None:
                template = ProposalTemplate()
                session.add(template)
            else:
                template = self._template(session, template_id)
            (template.name, template.subject, template.body, template.validity_days,
             template.tax_rate) = checked
        return template.uuid, Changes(templates=True)

    def delete_template(self, template_id: str) -> Changes:
        """Proposals already made are PDFs in their dossiers and stay as they are."""
        self._s.people.require_manager(_managers_only())
        with self._s.db.write() as session:
            session.delete(self._template(session, template_id))
        return Changes(templates=True)

    def export_templates(self) -> bytes:
        return json.dumps({
            "format": EXPORT_FORMAT, "version": EXPORT_VERSION,
            "templates": [{"id": t.id, "name": t.name, "subject": t.subject, "body": t.body,
                           "validity_days": t.validity_days, "tax_rate": t.tax_rate}
                          for t in self.templates()],
        }, ensure_ascii=False, indent=2).encode("utf-8")

    def import_templates(self, data: bytes) -> tuple[list[str], Changes]:
        """Add (or update, by id) the templates of an exported file: all of them, or none
        with the reason why."""
        self._s.people.require_manager(_managers_only())
        not_ours = _("This is not a file of proposal templates.")
        if len(data) > MAX_IMPORT_BYTES:
            raise InvalidInput(_("This file is too large to be a file of proposal templates."))
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            raise InvalidInput(not_ours) from None
        if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
            raise InvalidInput(not_ours)
        version = document.get("version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise InvalidInput(not_ours)
        if version > EXPORT_VERSION:
            raise InvalidInput(_("These proposal templates come from a newer Ringbinder."))
        items = document.get("templates")
        if not isinstance(items, list) or len(items) > MAX_TEMPLATES:
            raise InvalidInput(not_ours)
        checked = []
        for item in items:
            if not isinstance(item, dict):
                raise InvalidInput(not_ours)
            template_id = item.get("id")
            if template_id is not None and not (isinstance(template_id, str) and re.fullmatch(
                    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", template_id)):
                raise InvalidInput(not_ours)
            for key in ("name", "subject", "body", "tax_rate"):
                if not isinstance(item.get(key, ""), str):
                    raise InvalidInput(not_ours)
            checked.append((template_id, _check_template(
                item.get("name"), item.get("subject", ""), item.get("body"),
                item.get("validity_days", DEFAULT_VALIDITY_DAYS), item.get("tax_rate", ""))))
        ids = []
        with self._s.db.write() as session:
            for template_id, values in checked:
                template = None
                if template_id:
                    template = template_reads.proposal_template(session, template_id)
                if template is None:
                    template = ProposalTemplate()
                    if template_id:
                        template.uuid = template_id
                    session.add(template)
                (template.name, template.subject, template.body, template.validity_days,
                 template.tax_rate) = values
                session.flush()
                ids.append(template.uuid)
        return ids, Changes(templates=True)

    # -- proposals -------------------------------------------------------------------------
    def _values(self, detail: DossierDetail, subject: str, day: date) -> dict[str, str]:
        return {"client": detail.name, "position": detail.position, "company": detail.company,
                "salesperson": self._s.salesperson, "date": letter_date(day),
                "offer": subject}

    def draft(self, dossier_id: str, template_id: str | None) -> Proposal:
        """A new proposal for the dossier from the template: the client's placeholders
        filled; the figures' ({total}, {net}, {valid_until}) filled when it is printed."""
        detail = self._s.dossiers.get(dossier_id)
        settings = self._s.settings.get()
        today = self._s.clock.today()
        if template_id is None:  # a blank letter, with a subject naming the client
            subject = _("Offer for {company}") if detail.company else _("Offer for {client}")
            template = ProposalTemplateView("", "", subject, "")
        else:
            template = self.template(template_id)
        subject = fill(template.subject, self._values(detail, "", today))
        values = self._values(detail, subject, today)
        # the currency the client was last offered in (a Polish client's PLN in a binder kept
        # in euros), else the binder's
        currency = next((e.currency for e in sorted(detail.events, key=lambda e: e.at,
                                                     reverse=True) if e.currency),
                        settings.currency)
        return Proposal(detail.id, subject, fill(template.body, values),
                        today + timedelta(days=template.validity_days), currency,
                        template_id=template_id or None, tax_rate=template.tax_rate)

    def letter(self, proposal: Proposal) -> Letter:
        """The proposal checked and filled in, as it prints."""
        check_lines(proposal.lines)
        subject = " ".join(proposal.subject.split())
        if not subject:
            raise InvalidInput(_("A proposal needs a subject."))
        if len(subject) > MAX_SUBJECT or len(proposal.body) > MAX_BODY:
            raise InvalidInput(_("A proposal's subject is at most {subject} characters and its "
                                 "letter at most {body}.").format(subject=MAX_SUBJECT,
                                                                  body=MAX_BODY))
        today = self._s.clock.today()
        if proposal.valid_until < today:
            raise InvalidInput(_("A proposal cannot be valid only until a day gone by."))
        currency = v.parse_currency(proposal.currency)
        detail = self._s.dossiers.get(proposal.dossier_id)
        summed = totals(proposal.lines)
        values = self._values(detail, subject, today)
        values.update(net=money(str(summed.net), currency),
                      total=money(str(summed.total), currency),
                      valid_until=letter_date(proposal.valid_until))
        return Letter(self._s.salesperson, detail.name, detail.position,
                      detail.company, detail.address, today, fill(subject, values),
                      fill(proposal.body, values), tuple(proposal.lines), summed, currency,
                      proposal.valid_until, values["date"], values["valid_until"])

    def render(self, proposal: Proposal) -> bytes:
        """The proposal's PDF, on the binder's paper."""
        letter, info = self.printable(proposal)
        return render_letter(letter, info)

    def printable(self, proposal: Proposal) -> tuple[Letter, PrintInfo]:
        """What `render_letter` prints, read from the binder: on the thread of the services,
        so that a worker can print without touching the binder."""
        return self.letter(proposal), self._s.printing.info()

    def file_name(self, letter: Letter) -> str:
        return safe_document_name(_("Proposal {client} {date}.pdf").format(
            client=letter.client, date=letter.day.isoformat()))

    def save(self, proposal: Proposal) -> tuple[str, Changes]:
        """Print the proposal, keep the PDF as a document of its dossier and log it as an
        offer with its total, in one transaction; returns the document's id."""
        letter, info = self.printable(proposal)
        return self.keep(proposal, letter, render_letter(letter, info))

    def keep(self, proposal: Proposal, letter: Letter, data: bytes) -> tuple[str, Changes]:
        """Keep `data`, the PDF of `letter` (printed by `render_letter`, in a worker), as a
        document of the proposal's dossier and log it as an offer with its total: both in one
        transaction, or neither."""
        name = self.file_name(letter)
        channel = v.parse_channel(proposal.channel)
        summary = _("Proposal “{subject}” sent").format(subject=letter.subject)
        outcome = _("Proposal valid until {date}").format(
            date=letter_date(letter.valid_until))
        offer = "; ".join(f"{percent_text(line.quantity)} × {line.product}"
                          for line in letter.lines)
        offer = v.text_field("offer", f"{letter.subject}: {offer}"[:10_000])
        with self._s.db.write() as session:
            dossier = find_dossier(session, proposal.dossier_id)
            if dossier.archived:
                raise InvalidInput(_("{name} is archived; restore the dossier first.").format(
                    name=dossier.full_name))
            attachment = self._s.attachments.keep(session, dossier, name, data,
                                                  "application/pdf")
            session.add(ContactEvent(
                dossier_pk=dossier.pk, at=self._s.clock.now(), kind="contact",
                channel=channel, summary=v.text_field("summary", summary),
                outcome=outcome, offer=offer, amount=str(letter.totals.total),
                currency=letter.currency))
            if dossier.status == "prospect":
                dossier.status = "active"
        return attachment.uuid, Changes({dossier.uuid})


def render_letter(letter: Letter, info: PrintInfo) -> bytes:
    """The PDF of a letter filled in: reportlab only, no binder, so a worker thread can print
    it while the window goes on (3,000 lines take seconds)."""
    from app.pdf.proposal import render_proposal

    out = io.BytesIO()
    render_proposal(letter, info, out)
    return out.getvalue()
