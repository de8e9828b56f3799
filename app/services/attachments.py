"""Documents kept inside the binder: proposals, estimates, correspondence, schedules.

The bytes live in the binder file itself, so one file carries everything; removing a document
moves it to a trash it can be restored from.
"""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from app.errors import InvalidInput, NotFound
from app.filenames import safe_document_name
from app.i18n import _
from app.services.dossiers import find_dossier
from app.services.dto import AttachmentView, Changes
from app.store import attachment_reads
from app.store.models import Attachment, AttachmentBlob, Dossier

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.binder import Services

DEFAULT_LIMIT = 25 * 1024 * 1024
_private: Path | None = None  # this run's folder for documents opened with another app


def private_folder() -> Path:
    """This run's own temporary folder (0700, made by mkdtemp), where documents are written
    to be opened with another application: never the shared temporary folder itself."""
    global _private
    if _private is None or not _private.is_dir():  # a cleaner may have removed it
        try:
            _private = Path(tempfile.mkdtemp(prefix="ringbinder-")).resolve()
        except OSError as exc:
            raise InvalidInput(_("Cannot make a temporary folder: {error}").format(
                error=exc.strerror or exc)) from exc
    return _private


def write_inside(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` as the file `name` right inside `folder` (the whole file, or nothing),
    refused if the name would lead anywhere else: a document's name may come from a file
    someone else made."""
    base = folder.resolve()
    target = Path(os.path.abspath(base / name)) if "\x00" not in name else None
    if target is None or target.parent != base or target.name in ("", ".", ".."):
        raise InvalidInput(_("Refused to write {name!r}: it would not be inside {folder}.")
                           .format(name=name, folder=base))
    partial = target.with_name(target.name + ".part")
    try:
        partial.unlink(missing_ok=True)
        with partial.open("xb") as out:  # exclusive: never through a link left there
            out.write(data)
        partial.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):  # a folder in its way: the message, not a crash
            partial.unlink(missing_ok=True)
        raise InvalidInput(_("Cannot write {path}: {error}").format(
            path=target, error=exc.strerror or exc)) from exc
    return target


@dataclass(frozen=True)
class Document:
    view: AttachmentView
    data: bytes


def _view(a: Attachment) -> AttachmentView:
    return AttachmentView(a.uuid, a.filename, a.mime, a.size, a.added_at, a.trashed_at is not None)


class AttachmentService:
    def __init__(self, services: Services, limit: int = DEFAULT_LIMIT) -> None:
        self._s = services
        self.limit = limit

    def _find(self, session: Session, attachment_id: str) -> Attachment:
        found = attachment_reads.attachment(session, attachment_id)
        if found is None:
            raise NotFound(_("There is no document '{id}' in this binder.").format(
                id=attachment_id))
        return found

    def add(self, dossier_id: str, filename: str, data: bytes,
            mime: str | None = None) -> tuple[str, Changes]:
        """Keep a copy of a document in the dossier under a safe base name (the name may
        come from anywhere); refused past the size limit."""
        self._check(filename, data)
        with self._s.db.write() as session:
            dossier = find_dossier(session, dossier_id)
            attachment = self.keep(session, dossier, filename, data, mime)
        return attachment.uuid, Changes({dossier.uuid})

    def _check(self, filename: str, data: bytes) -> str:
        if not filename.strip():
            raise InvalidInput(_("A document needs a file name."))
        name = safe_document_name(filename)
        if len(data) > self.limit:
            raise InvalidInput(_(
                "{name} is {size:.1f} MB; documents of up to {limit:.0f} MB can be kept in "
                "the binder.").format(name=name, size=len(data) / 2**20,
                                      limit=self.limit / 2**20))
        return name

    def keep(self, session: Session, dossier: Dossier, filename: str, data: bytes,
             mime: str | None = None) -> Attachment:
        """The document added to the dossier inside the caller's transaction (a proposal
        is kept and logged as an offer together)."""
        name = self._check(filename, data)
        kind = mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
        attachment = Attachment(dossier_pk=dossier.pk, filename=name, mime=kind,
                                size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                                added_at=self._s.clock.now())
        attachment.blob = AttachmentBlob(data=data)
        session.add(attachment)
        return attachment

    def add_file(self, dossier_id: str, path: Path) -> tuple[str, Changes]:
        try:
            size = path.stat().st_size
            if size > self.limit:  # refuse before reading a huge file into memory
                raise InvalidInput(_(
                    "{name} is {size:.1f} MB; documents of up to {limit:.0f} MB can be kept "
                    "in the binder.").format(name=path.name, size=size / 2**20,
                                             limit=self.limit / 2**20))
            data = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(_("Cannot read {path}: {error}").format(
                path=path, error=exc.strerror or exc)) from exc
        return self.add(dossier_id, path.name, data)

    def _checked(self, path: Path) -> int:
        """The size of a file that can be kept; refused (nothing read) if it cannot."""
        try:
            info = path.stat()
        except OSError as exc:
            raise InvalidInput(_("Cannot read {path}: {error}").format(
                path=path, error=exc.strerror or exc)) from exc
        if not stat.S_ISREG(info.st_mode):
            raise InvalidInput(_("{path} is not a file.").format(path=path))
        if info.st_size > self.limit:
            raise InvalidInput(_(
                "{name} is {size:.1f} MB; documents of up to {limit:.0f} MB can be kept "
                "in the binder.").format(name=path.name, size=info.st_size / 2**20,
                                         limit=self.limit / 2**20))
        return info.st_size

    def add_files(self, dossier_id: str, paths: list[Path]) -> tuple[list[str], Changes]:
        """Keep copies of several files in the dossier, all or none: every file is checked
        (there, a file, within the limit) before any is read, then all are added in one
        write, which a file that cannot be read (or grew past the limit) undoes whole."""
        if not paths:
            raise InvalidInput(_("Give at least one file to keep."))
        for path in paths:
            self._checked(path)
        ids = []
        with self._s.db.write() as session:
            dossier = find_dossier(session, dossier_id)
            for path in paths:
                try:
                    with path.open("rb") as stream:
                        data = stream.read(self.limit + 1)  # never more than the limit
                except OSError as exc:
                    raise InvalidInput(_("Cannot read {path}: {error}").format(
                        path=path, error=exc.strerror or exc)) from exc
                if len(data) > self.limit:
                    self._checked(path)  # grown since: refused in the same words
                name = safe_document_name(path.name)
                attachment = Attachment(
                    dossier_pk=dossier.pk, filename=name,
                    mime=mimetypes.guess_type(name)[0] or "application/octet-stream",
                    size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                    added_at=self._s.clock.now())
                attachment.blob = AttachmentBlob(data=data)
                session.add(attachment)
                session.flush()  # its id now, and its bytes on their way to the file
                ids.append(attachment.uuid)
            changed = Changes({dossier.uuid})
        return ids, changed

    def read(self, attachment_id: str) -> Document:
        """The document and its bytes, checked against the digest taken when it was added."""
        with self._s.db.read() as session:
            attachment = self._find(session, attachment_id)
            data = session.get_one(AttachmentBlob, attachment.pk).data
            if hashlib.sha256(data).hexdigest() != attachment.sha256:
                raise InvalidInput(_("The document {name} is damaged in the binder.").format(
                    name=attachment.filename))
            return Document(_view(attachment), data)

    def save_copy(self, attachment_id: str, target: Path) -> Path:
        """Write the document to the file the user chose (the whole file, or nothing)."""
        document = self.read(attachment_id)
        return write_inside(target.parent, target.name, document.data)

    def open_copy(self, attachment_id: str) -> Path:
        """Write the document into this run's private folder, for the system's application
        to open: under its safe name, in a subfolder per content so that two documents of
        the same name do not overwrite each other."""
        document = self.read(attachment_id)
        folder = private_folder() / hashlib.sha256(document.data).hexdigest()[:16]
        try:
            folder.mkdir(mode=0o700, exist_ok=True)
        except OSError as exc:
            raise InvalidInput(_("Cannot write {path}: {error}").format(
                path=folder, error=exc.strerror or exc)) from exc
        return write_inside(folder, safe_document_name(document.view.filename), document.data)

    def _set_trashed(self, attachment_id: str, trashed: bool) -> Changes:
        with self._s.db.write() as session:
            attachment = self._find(session, attachment_id)
            attachment.trashed_at = self._s.clock.now() if trashed else None
            dossier = attachment.dossier
            return Changes({dossier.uuid})

    def trash(self, attachment_id: str) -> Changes:
        return self._set_trashed(attachment_id, True)

    def restore(self, attachment_id: str) -> Changes:
        return self._set_trashed(attachment_id, False)

    def list(self, dossier_id: str, trashed: bool = False) -> list[AttachmentView]:
        with self._s.db.read() as session:
            dossier = find_dossier(session, dossier_id)
            rows = attachment_reads.of_dossier(session, dossier.pk, trashed)
            return [_view(a) for a in rows]
