"""A handover file is made by someone else: the names of its documents are names, never paths.
Whatever a file calls a document, new or renamed, the binder keeps a safe base name, and
opening it writes inside this run's private folder only."""

from __future__ import annotations

import dataclasses
import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from app.handover import container
from app.handover import payload as p
from app.services import Services, attachments
from tests.handover.conftest import Filled
from tests.helpers import binder_digest

HOSTILE = {  # the name in the file -> the name kept
    "../../../.config/autostart/evil.desktop": "evil.desktop",
    "..\\..\\evil.bat": "evil.bat",
    "a\x00b.pdf": "ab.pdf",
    "n" * 251 + ".pdf": "n" * 196 + ".pdf",
    "..": "document",
    "CON.txt": "_CON.txt",
}


def hostile_file(services: Services, dossier_id: str, target: Path,
                 names: dict[str, str] | None = None, *,
                 renamed: dict[str, str] | None = None) -> Path:
    """A real handover of one dossier, altered as an attacker would: documents added under
    `names` (document id -> name), and its documents in `renamed` (id -> name) renamed,
    later than any change here."""
    handover = services.handover.workload(ids=[dossier_id])
    (dossier,) = handover.workload.dossiers
    later = datetime.now(UTC) + timedelta(hours=1)  # records are stamped in real time
    documents = [dataclasses.replace(d, filename=renamed[d.uuid], updated_at=later)
                 if d.uuid in (renamed or {}) else d for d in dossier.documents]
    for doc_id, name in (names or {}).items():
        data = name.encode("utf-8", "surrogatepass")
        documents.append(p.Document(
            uuid=doc_id, updated_at=later, filename=name, mime="text/plain", size=len(data),
            sha256=hashlib.sha256(data).hexdigest(), added_at=later, trashed_at=None,
            data=data))
    dossier = dataclasses.replace(dossier, documents=documents)
    altered = dataclasses.replace(handover, workload=dataclasses.replace(
        handover.workload, dossiers=[dossier]))
    target.write_bytes(container.pack(altered))
    return target






def test_document_names_from_a_hostile_file_are_kept_as_safe_names(
        filled: Filled, colleague, tmp_path, shared_tmp):
    first = next(iter(filled.ids.values()))
    ids = {str(uuid.uuid4()): name for name in HOSTILE}
    path = hostile_file(filled.services, first, tmp_path / "hostile.rbh", ids)
    summary = colleague.handover.merge(path)
    assert summary["documents_added"] == 3 + len(HOSTILE)
    kept = {d.id: d.filename for d in colleague.attachments.list(first)}
    assert {kept[i] for i in ids} == set(HOSTILE.values())
    assert sorted(kept.values()) == sorted([*HOSTILE.values(), "oferta.pdf", "umowa.txt",
                                            "empty.bin"])
    # opened, each lands in the private folder, nowhere else
    for doc_id in ids:
        opened = colleague.attachments.open_copy(doc_id)
        assert attachments.private_folder() in opened.parents
        assert opened.name == kept[doc_id]
    everything = [f for f in tmp_path.rglob("*") if f.is_file()]
    written = [f for f in everything if shared_tmp in f.parents]
    assert len(written) == len(HOSTILE)
    assert not [f for f in everything if f.name in ("evil.desktop", "evil.bat")
                and f not in written]
    # taken over again, the same file changes nothing
    before = binder_digest(colleague.path)
    again = colleague.handover.merge(path)
    assert again["documents_added"] == again["documents_updated"] == 0
    assert binder_digest(colleague.path) == before


def test_a_later_handover_cannot_rename_a_document_to_a_path(filled: Filled, colleague,
                                                            tmp_path):
    owner = filled.services
    first = next(iter(filled.ids.values()))
    colleague.handover.merge(hostile_file(owner, first, tmp_path / "first.rbh"))
    offer = next(d.id for d in colleague.attachments.list(first) if d.filename == "oferta.pdf")
    renames = {offer: "..\\..\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\run.bat"}
    summary = colleague.handover.merge(
        hostile_file(owner, first, tmp_path / "renamed.rbh", renamed=renames))
    assert summary["documents_updated"] == 1
    assert "run.bat" in [d.filename for d in colleague.attachments.list(first)]
    renames = {offer: "../../../../etc/cron.d/\x00job"}
    colleague.handover.merge(hostile_file(owner, first, tmp_path / "again.rbh",
                                          renamed=renames))
    assert "job" in [d.filename for d in colleague.attachments.list(first)]
