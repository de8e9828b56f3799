"""Binders written before document names were checked may hold names a handover file carried
(`../../x`, `..\\evil.bat`, a NUL byte, 255 characters): migration 0005 makes them safe base
names, leaves every other name as it was, and opening such a document stays in its folder."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from pathlib import Path

from app.clock import FixedClock
from app.services import attachments, open_services
from tests.conftest import TODAY

DATA = Path(__file__).resolve().parent.parent / "data"
STAMP = "2026-11-24T23:10:00.000000Z"
NAMES = {  # as stored by an older Ringbinder -> after the migration
    "../../../.config/autostart/evil.desktop": "evil.desktop",
    "..\\..\\evil.bat": "evil.bat",
    "a\x00b.pdf": "ab.pdf",
    "n" * 251 + ".pdf": "n" * 196 + ".pdf",
    "..": "document",
    "presupuesto nº 117 — Łódź.pdf": "presupuesto nº 117 — Łódź.pdf",
}


def _old_binder_with_documents(tmp_path: Path) -> tuple[Path, str]:
    """binder-0001 as a user has it, with documents stored under these names (raw SQL: no
    version of the app that writes them is left)."""
    path = tmp_path / "binder-0001.rbinder"
    shutil.copyfile(DATA / "binder-0001.rbinder", path)
    with sqlite3.connect(path) as conn:
        pk, ana = conn.execute(
            "SELECT pk, uuid FROM dossiers WHERE full_name = 'Ana Ruiz'").fetchone()
        for n, name in enumerate(NAMES, start=1):
            data = f"document {n}".encode()
            conn.execute(
                "INSERT INTO attachments (pk, dossier_pk, filename, mime, size, sha256, "
                "added_at, trashed_at, uuid, updated_at) VALUES (?, ?, ?, 'text/plain', ?, ?, "
                "?, NULL, ?, ?)", (n, pk, name, len(data), hashlib.sha256(data).hexdigest(),
                                   STAMP, f"00000000-0000-4000-8000-{n:012}", STAMP))
            conn.execute("INSERT INTO attachment_blobs (attachment_pk, data) VALUES (?, ?)",
                         (n, data))
    conn.close()
    return path, ana


def test_an_old_binder_s_document_names_are_made_safe_when_it_is_opened(
        tmp_path, monkeypatch):
    path, ana = _old_binder_with_documents(tmp_path)
    shared = tmp_path / "tmp"
    shared.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(shared))
    monkeypatch.setattr(attachments, "_private", None)
    with open_services(path, FixedClock(TODAY)) as services:  # migrates to head
        documents = services.attachments.list(ana)
        assert [d.filename for d in documents] == list(NAMES.values())
        for n, document in enumerate(documents, start=1):
            opened = services.attachments.open_copy(document.id)
            assert opened.read_bytes() == f"document {n}".encode()
            assert opened.name == document.filename
    evil = list(tmp_path.rglob("evil.*"))
    assert len(evil) == 2 and all(attachments.private_folder() in f.parents for f in evil)
    with sqlite3.connect(path) as conn:  # a name cleaned is no change by the user
        assert {r[0] for r in conn.execute("SELECT updated_at FROM attachments")} == {STAMP}
        (version,) = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    conn.close()
    assert version >= "0005_safe_document_names"
