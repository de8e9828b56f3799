"""Proposals from templates: a template filled for a dossier, printed to a PDF kept as one of
its documents and logged as an offer with its total; the lines' arithmetic; placeholders
that stay inert; template files handed out and refused when hostile; migration 0009."""

from __future__ import annotations

import io
import json
import sqlite3
from datetime import timedelta
from decimal import Decimal

import pytest
from pypdf import PdfReader

from app.errors import InvalidInput
from app.services import open_services
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep
from app.services.proposal_lines import fill, make_line, totals, unknown_placeholders
from app.services.proposals import EXPORT_FORMAT, MAX_IMPORT_BYTES
from app.store.schema import SCHEMA_HEAD
from tests.conftest import TODAY
from tests.helpers import binder_digest, undo_team_users
from tests.pdf.pdfcheck import BASE14, fonts

LETTER = ("Dear {client},\n\nas agreed, our offer for {company} comes to {total} "
          "({net} before tax).\n\nIt holds until {valid_until}.\n\nKind regards,\n{salesperson}")


@pytest.fixture
def client(services):
    services.settings.update(owner_name="Łukasz Żółć", currency="PLN")
    dossier_id, _ = services.dossiers.create(NewDossier(
        name="Ольга Кузнецова-Wiśniewska", company="Żuraw Sp. z o.o. Sp.k.",
        position="Dyrektor zakupów"))
    return dossier_id


@pytest.fixture
def template(services):
    template_id, _ = services.proposals.save_template(
        "Standard offer", "Offer for {company}", LETTER, 14, "23")
    return template_id


def _lines():
    return [make_line("Papier A4 80 g", "12", "89,90", "5", "23"),
            make_line("Dostawa i montaż", "1", "250", "", "8"),
            make_line("Toner", "3", "199.99", "10", "23")]


def _text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


# -- the round trip --------------------------------------------------------------------------

def test_a_proposal_is_kept_as_a_document_and_logged_as_an_offer(services, client, template):
    proposal = services.proposals.draft(client, template)
    assert proposal.subject == "Offer for Żuraw Sp. z o.o. Sp.k."
    assert proposal.body.startswith("Dear Ольга Кузнецова-Wiśniewska,")
    assert "{total}" in proposal.body  # the figures are filled when it is printed
    assert proposal.valid_until == TODAY + timedelta(days=14) and proposal.currency == "PLN"
    assert proposal.tax_rate == "23"
    proposal.lines = _lines()

    document_id, changes = services.proposals.save(proposal)

    assert changes.dossiers == {client}
    detail = services.dossiers.get(client)
    (kept,) = detail.attachments
    assert kept.id == document_id and kept.mime == "application/pdf"
    assert kept.filename == "Proposal Ольга Кузнецова-Wiśniewska 2026-11-24.pdf"
    (offer,) = detail.events
    assert (offer.amount, offer.currency, offer.kind) == ("2194.74", "PLN", "contact")
    assert "Offer for Żuraw Sp. z o.o. Sp.k." in offer.summary
    assert offer.offer.startswith("Offer for Żuraw") and "12 × Papier A4 80 g" in offer.offer
    assert detail.status == "active"
    text = _text(services.attachments.read(document_id).data)
    for expected in ("Łukasz Żółć", "Ольга Кузнецова-Wiśniewska", "Dyrektor zakupów",
                     "Papier A4 80 g", "Dostawa i montaż", "Toner", "1,024.86", "1,260.58",
                     "PLN 2,194.74", "PLN 1,814.83", "379.91", "valid until December 8, 2026"):
        assert expected in text, expected
    assert "{" not in text  # every placeholder filled
    reader = PdfReader(io.BytesIO(services.attachments.read(document_id).data))
    assert len(reader.pages) == 1
    assert all(embedded and not name.lstrip("/").startswith(BASE14)
               for name, embedded in fonts(reader))  # the Unicode font, carried along


def test_a_proposal_is_drafted_in_the_currency_the_client_was_last_offered(
        services, client, template):
    assert services.proposals.draft(client, template).currency == "PLN"  # the binder's
    services.filing.log_contact(client, ContactLog("call", "Quote", "noted", "Pumps", "900",
                                                   "EUR"), NextStep(TODAY + timedelta(days=3)))
    assert services.proposals.draft(client, template).currency == "EUR"


def test_a_refused_save_keeps_neither_the_document_nor_the_offer(services, client, template):
    proposal = services.proposals.draft(client, template)
    proposal.lines = _lines()
    services.attachments.limit = 100  # the PDF is larger: refused inside the transaction
    before = binder_digest(services.path)
    with pytest.raises(InvalidInput):
        services.proposals.save(proposal)
    detail = services.dossiers.get(client)
    assert detail.attachments == [] and detail.events == []
    assert binder_digest(services.path) == before


def test_a_proposal_needs_lines_a_subject_and_a_day_to_come(services, client, template):
    proposal = services.proposals.draft(client, template)
    with pytest.raises(InvalidInput, match="at least one line"):
        services.proposals.save(proposal)
    proposal.lines = _lines()
    proposal.valid_until = TODAY - timedelta(days=1)
    with pytest.raises(InvalidInput, match="gone by"):
        services.proposals.save(proposal)
    proposal.valid_until, proposal.subject = TODAY, "  "
    with pytest.raises(InvalidInput, match="subject"):
        services.proposals.save(proposal)
    assert services.dossiers.get(client).attachments == []


# -- the arithmetic --------------------------------------------------------------------------

def test_lines_are_discounted_taxed_and_rounded_half_up_to_the_cent():
    line = make_line("Toner", "3", "199.99", "10", "23")
    assert (line.gross, line.net, line.tax_amount, line.total) == (
        Decimal("599.97"), Decimal("539.97"), Decimal("124.19"), Decimal("664.16"))
    # 0.125 → 0.13 (half up, not to even); tax on the rounded net
    half = make_line("Sample", "1", "0.25", "50", "0")
    assert half.net == Decimal("0.13")
    taxed = make_line("Pen", "1", "0.50", "", "5")  # 0.025 of tax → 0.03
    assert taxed.tax_amount == Decimal("0.03") and taxed.total == Decimal("0.53")
    summed = totals(_lines())
    assert (summed.net, summed.tax, summed.total, summed.discount) == (
        Decimal("1814.83"), Decimal("379.91"), Decimal("2194.74"), Decimal("113.94"))


def test_numbers_are_read_as_typed_and_bad_ones_refused():
    typed = make_line("A", "1 250,5", "2,40", "", "")  # as the window's fields take them
    assert (typed.quantity, typed.unit_price, typed.net) == (
        Decimal("1250.50"), Decimal("2.40"), Decimal("3001.20"))
    for args, problem in ((("", "1", "1"), "product"), (("A", "0", "1"), "above zero"),
                          (("A", "1", "abc"), "not a number"), (("A", "1", "1", "120"), "0 to 100"),
                          (("A", "", "1"), "empty")):
        with pytest.raises(InvalidInput, match=problem):
            make_line(*args)


def test_figures_are_kept_as_typed_and_only_each_lines_net_and_tax_rounded():
    screws = make_line("Screw", "10 000", "0.125")  # not 0.12 a piece: 1,200.00
    assert (screws.unit_price, screws.net) == (Decimal("0.125"), Decimal("1250.00"))
    glass = make_line("Glass", "1.005", "100", "12.345", "23")
    assert glass.quantity == Decimal("1.005")
    assert glass.net == Decimal("88.09")  # 100.5 less 12.345 %: 88.093…
    assert glass.tax_amount == Decimal("20.26")  # 23 % of the rounded net, half up
    assert make_line("A", "2.50000", "1").quantity == Decimal("2.5")  # zeros are no decimals
    assert make_line("A", "1e9", "0").quantity == Decimal("1e9")  # the bound itself is taken


def test_each_refused_figure_says_its_own_cause():
    for args, problem in (
            (("A", "-1", "1"), "The quantity of “A” cannot be negative."),
            (("A", "1", "-5"), "The price of “A” cannot be negative."),
            (("A", "1", "1", "-5"), "The discount of “A” is a percentage from 0 to 100."),
            (("A", "1", "1", "", "-8"), "The tax of “A” is a percentage from 0 to 100."),
            (("A", "1000000001", "1"), "The quantity of “A” is at most 1,000,000,000."),
            (("A", "1", "2e9"), "The price of “A” is at most 1,000,000,000."),
            (("A", "1", "0.12345"), "The price of “A” has at most 4 decimals."),
            (("A", "1.00001", "1"), "The quantity of “A” has at most 4 decimals."),
            (("A", "NaN", "1"), "The quantity “NaN” is not a number."),
            (("A", "1", "Infinity"), "The price “Infinity” is not a number.")):
        with pytest.raises(InvalidInput) as refused:
            make_line(*args)
        assert str(refused.value) == problem


# -- placeholders ----------------------------------------------------------------------------

def test_placeholders_are_substituted_and_attacks_stay_text():
    values = {"client": "Ana", "company": "Acme"}
    assert fill("Dear {client} of {company}", values) == "Dear Ana of Acme"
    hostile = "{0.__class__} {client.__init__.__globals__} {client!r} {{client}} {unknown}"
    assert fill(hostile, values) == "{0.__class__} {client.__init__.__globals__} {client!r} " \
                                    "{Ana} {unknown}"
    assert unknown_placeholders(hostile) == ["{0.__class__}", "{client.__init__.__globals__}",
                                             "{client!r}", "{unknown}"]


def test_a_template_with_an_unknown_placeholder_is_refused(services):
    for body in ("Dear {clinet}", "{0.__class__.__mro__}", "Hi {client.__dict__}"):
        with pytest.raises(InvalidInput, match="Unknown placeholder"):
            services.proposals.save_template("Bad", "Offer", body)
    assert services.proposals.templates() == []


def test_text_typed_into_a_proposal_prints_as_typed(services, client, template):
    proposal = services.proposals.draft(client, template)
    proposal.body = "Attack: {0.__class__} {client.__init__} {nothing}; for {client}."
    proposal.lines = [make_line("A", "1", "10")]
    letter = services.proposals.letter(proposal)
    assert letter.body == ("Attack: {0.__class__} {client.__init__} {nothing}; "
                           "for Ольга Кузнецова-Wiśniewska.")
    assert "{0.__class__}" in _text(services.proposals.render(proposal))


def test_a_price_past_the_cent_prints_as_typed(services, client, template):
    proposal = services.proposals.draft(client, template)
    proposal.lines = [make_line("Wkręt 4×40", "10000", "0,125", "", "0"),
                      make_line("Szkło", "1.005", "100", "", "0")]
    text = _text(services.proposals.render(proposal))
    assert "PLN 0.125" in text and "PLN 1,250.00" in text  # not 0.12 a piece: 1,200.00
    assert "1.005" in text and "PLN 100.50" in text and "PLN 1,350.50" in text


# -- template files --------------------------------------------------------------------------

def test_templates_are_exported_and_imported_into_another_binder(services, template, tmp_path,
                                                                 clock, _empty_binder_file):
    data = services.proposals.export_templates()
    assert json.loads(data)["format"] == EXPORT_FORMAT
    other = tmp_path / "other.rbinder"
    other.write_bytes(_empty_binder_file.read_bytes())
    with open_services(other, clock) as colleague:
        ids, changes = colleague.proposals.import_templates(data)
        assert ids == [template] and changes.templates
        (copy,) = colleague.proposals.templates()
        assert (copy.name, copy.subject, copy.body, copy.validity_days, copy.tax_rate) == (
            "Standard offer", "Offer for {company}", LETTER, 14, "23")
        colleague.proposals.import_templates(data)  # again: updated by id, not doubled
        assert len(colleague.proposals.templates()) == 1


def _file(**template: object) -> bytes:
    item = {"name": "T", "subject": "S", "body": "Dear {client}", **template}
    return json.dumps({"format": EXPORT_FORMAT, "version": 1, "templates": [item]}).encode()


@pytest.mark.parametrize("data, problem", [
    (b"\xff\xfe not json", "not a file of proposal templates"),
    (b"[]", "not a file of proposal templates"),
    (json.dumps({"format": "ringbinder-form-templates", "version": 1,
                 "templates": []}).encode(), "not a file of proposal templates"),
    (json.dumps({"format": EXPORT_FORMAT, "version": 99, "templates": []}).encode(), "newer"),
    (b"[" * 100_000 + b"]" * 100_000, "not a file of proposal templates"),
    (_file(id="../../etc/passwd"), "not a file of proposal templates"),
    (_file(body="{0.__class__.__init__.__globals__}"), "Unknown placeholder"),
    (_file(validity_days="30; DROP TABLE"), "valid from 1"),
    (_file(name=""), "cannot be empty"),
    (_file(body={"nested": True}), "not a file of proposal templates"),
    (_file(tax_rate="150"), "0 to 100"),
    (b" " * (MAX_IMPORT_BYTES + 1), "too large"),
])
def test_hostile_template_files_are_refused_and_change_nothing(services, template, data,
                                                               problem):
    before = binder_digest(services.path)
    with pytest.raises(InvalidInput, match=problem):
        services.proposals.import_templates(data)
    assert binder_digest(services.path) == before
    assert [t.id for t in services.proposals.templates()] == [template]


def test_one_bad_template_in_a_file_keeps_out_the_good_ones(services):
    good = {"name": "Good", "subject": "S", "body": "Dear {client}"}
    bad = {"name": "Bad", "subject": "S", "body": "Dear {clinet}"}
    data = json.dumps({"format": EXPORT_FORMAT, "version": 1,
                       "templates": [good, bad]}).encode()
    with pytest.raises(InvalidInput, match="clinet"):
        services.proposals.import_templates(data)
    assert services.proposals.templates() == []


def test_a_template_is_changed_and_deleted(services, template):
    services.proposals.save_template("Winter offer", "Winter", "Hello {client}", 7, "",
                                     template_id=template)
    (changed,) = services.proposals.templates()
    assert (changed.id, changed.name, changed.validity_days, changed.tax_rate) == (
        template, "Winter offer", 7, "")
    services.proposals.delete_template(template)
    assert services.proposals.templates() == []


# -- migration 0009 ----------------------------------------------------------------------------

def test_a_binder_at_0008_gets_the_templates_table_and_keeps_its_dossiers(binder_path, clock):
    with open_services(binder_path, clock) as services:
        services.dossiers.create(NewDossier("Ana Ruiz", next_contact=TODAY))
    conn = sqlite3.connect(binder_path)  # what 0009's downgrade leaves
    undo_team_users(conn)
    conn.execute("DROP TABLE proposal_templates")
    conn.execute("UPDATE alembic_version SET version_num = '0008_schedule_stamps'")
    conn.commit()
    kept = conn.execute("SELECT uuid, full_name, next_contact FROM dossiers").fetchall()
    conn.close()

    with open_services(binder_path, clock) as services:  # migrates to head
        template_id, _ = services.proposals.save_template("T", "S", "Dear {client}")
        assert [t.id for t in services.proposals.templates()] == [template_id]
    conn = sqlite3.connect(binder_path)
    try:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (SCHEMA_HEAD,)]
        assert conn.execute("SELECT uuid, full_name, next_contact FROM dossiers"
                            ).fetchall() == kept
    finally:
        conn.close()
