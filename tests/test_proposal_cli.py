"""`ringbinder proposal`: a proposal from the command line, kept and logged as the window's;
bad lines and unknown templates refused with one line, and nothing kept."""

from __future__ import annotations

import io

from pypdf import PdfReader

from app.services import open_services
from app.services.dossiers import NewDossier
from tests.cli.test_cli import assert_refused, run_cli
from tests.helpers import binder_digest


def _binder(binder_path, clock):
    with open_services(binder_path, clock) as services:
        services.settings.update(currency="EUR", owner_name="Anna Nowak")
        dossier_id, _ = services.dossiers.create(NewDossier("Ana Ruiz", company="Vidrios Núñez"))
        services.proposals.save_template("Estándar", "Oferta para {company}",
                                         "Estimada {client}:\n\ntotal {total}.", 15, "21")
    return dossier_id


def test_a_proposal_is_kept_logged_and_copied(binder_path, clock, tmp_path):
    dossier_id = _binder(binder_path, clock)
    copy = tmp_path / "oferta.pdf"
    run = run_cli(binder_path, "proposal", dossier_id[:8], "--template", "estándar",
                  "--line", "Vidrio templado;4;120,50;10", "--line", "Montaje;1;80;;0",
                  "-o", str(copy))
    assert run.code == 0, run.err
    document_id = run.out.strip()
    with open_services(binder_path, clock) as services:
        detail = services.dossiers.get(dossier_id)
        kept = services.attachments.read(document_id).data
    assert [a.id for a in detail.attachments] == [document_id]
    (offer,) = detail.events
    assert (offer.amount, offer.currency, offer.summary) == (
        "604.90", "EUR", "Proposal “Oferta para Vidrios Núñez” sent")
    assert copy.read_bytes() == kept
    text = PdfReader(io.BytesIO(kept)).pages[0].extract_text()
    assert "Estimada Ana Ruiz:" in text and "total €604.90." in text
    assert "Vidrio templado" in text and "December 9, 2026" in text


def test_bad_lines_and_unknown_templates_are_refused_and_keep_nothing(binder_path, clock):
    dossier_id = _binder(binder_path, clock)
    before = binder_digest(binder_path)
    assert_refused(run_cli(binder_path, "proposal", dossier_id, "--line", "Vidrio;4"),
                   "product;quantity;price")
    assert_refused(run_cli(binder_path, "proposal", dossier_id, "--line", "Vidrio;4;x"),
                   "not a number")
    assert_refused(run_cli(binder_path, "proposal", dossier_id, "--template", "Nope",
                           "--line", "Vidrio;1;1"), "Nope", "Estándar")
    assert_refused(run_cli(binder_path, "proposal", dossier_id), "at least one line")
    assert binder_digest(binder_path) == before


def test_a_copy_that_cannot_be_written_is_refused_before_anything_is_kept(binder_path, clock,
                                                                         tmp_path):
    dossier_id = _binder(binder_path, clock)
    before = binder_digest(binder_path)
    (tmp_path / "folder.pdf").mkdir()
    for target, fragments in ((tmp_path / "missing" / "oferta.pdf", ("no folder", "missing")),
                              (tmp_path / "folder.pdf", ("is a folder",)),
                              (tmp_path / "oferta.txt", (".pdf",))):
        assert_refused(run_cli(binder_path, "proposal", dossier_id, "--line", "Vidrio;1;10",
                               "-o", str(target)), *fragments)
    assert binder_digest(binder_path) == before  # nothing kept, nothing logged: retry freely


def test_a_copy_failing_after_the_offer_is_logged_says_the_id_kept(binder_path, clock,
                                                                   tmp_path):
    dossier_id = _binder(binder_path, clock)
    copy = tmp_path / "oferta.pdf"
    (tmp_path / "oferta.pdf.part").mkdir()  # what the copy is written through is in the way
    run = run_cli(binder_path, "proposal", dossier_id, "--line", "Vidrio;1;10", "-o", str(copy))
    assert run.code == 1
    document_id = run.out.strip()
    assert run.err.startswith(f"ringbinder: kept as {document_id}; the copy was not written: ")
    assert run.err.count("\n") == 1 and not copy.exists()
    with open_services(binder_path, clock) as services:
        detail = services.dossiers.get(dossier_id)
    assert [a.id for a in detail.attachments] == [document_id] and len(detail.events) == 1
