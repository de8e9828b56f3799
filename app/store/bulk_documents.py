"""Documents filed in bulk, each with its bytes: the demo files a proposal on some hundred
dossiers at once, too many for the unit of work to be worth its cost. The rows are written
in one INSERT per table, their keys given here so that each blob goes with its document.
Documents are not in the search index: nothing is left to keep in step."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.store.bulk_run import executor, new_keys
from app.store.models import Attachment


@dataclass(frozen=True)
class NewDocument:
    """One document to file, as stored: `added_at` (UTC text) is also its updated_at; it is
    filed untrashed. `filename` must already be a safe base name."""

    dossier_pk: int
    uuid: str
    added_at: str
    filename: str
    mime: str
    sha256: str
    data: bytes


_ROWS = ("INSERT INTO attachments (pk, dossier_pk, uuid, updated_at, filename, mime, size, "
         "sha256, added_at, trashed_at) VALUES (?,?,?,?,?,?,?,?,?,NULL)")
_BLOBS = "INSERT INTO attachment_blobs (attachment_pk, data) VALUES (?,?)"


def insert_documents(session: Session, documents: Sequence[NewDocument]) -> list[int]:
    """File `documents` in the session's transaction, under new keys (bulk_run.new_keys);
    returns their keys, in order."""
    if not documents:
        return []
    pks = new_keys(session, Attachment, len(documents))
    run = executor(session)
    run(_ROWS, [(pk, d.dossier_pk, d.uuid, d.added_at, d.filename, d.mime, len(d.data),
                 d.sha256, d.added_at) for pk, d in zip(pks, documents, strict=True)])
    run(_BLOBS, [(pk, d.data) for pk, d in zip(pks, documents, strict=True)])
    return pks
