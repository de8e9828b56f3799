"""`ringbinder attach ID FILE...` and `ringbinder documents ID [--json]`: documents kept in a
dossier from a script (the proposal a tool wrote, the scan of a signed order), under the
window's rules: at most 25 MB each, stored under a safe name, all the files or none."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli_read import out, write_json
from app.i18n import _

if TYPE_CHECKING:
    from app.services import Services
    from app.services.dto import AttachmentView


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `attach` and `documents` on the CLI's subcommands."""
    attach = sub.add_parser("attach", help=_(
        "keep files in a dossier (up to 25 MB each, all or none); prints each new "
        "document's id"))
    attach.add_argument("id")
    attach.add_argument("files", nargs="+", type=Path, metavar="FILE")
    documents = sub.add_parser("documents", help=_("the documents kept in a dossier"))
    documents.add_argument("id")
    documents.add_argument("--json", action="store_true")


def cmd_attach(services: Services, args: argparse.Namespace) -> int:
    ids, _changes = services.attachments.add_files(args.id, list(args.files))
    for attachment_id in ids:
        out(attachment_id)
    return 0


def document_json(doc: AttachmentView) -> dict[str, object]:
    """A document as `documents --json` writes it."""
    return {"id": doc.id, "name": doc.filename, "mime": doc.mime, "size": doc.size,
            "added": doc.added_at.isoformat().replace("+00:00", "Z")}  # as `show --json`


def cmd_documents(services: Services, args: argparse.Namespace) -> int:
    from app.document_kinds import kind_name
    from app.i18n import file_size, short_date_time

    docs = services.attachments.list(args.id)
    if args.json:
        write_json([document_json(d) for d in docs])
        return 0
    if not docs:
        out(_("(none)"))
        return 0
    rows = [(d.id, d.filename, kind_name(d.mime, d.filename),
             short_date_time(d.added_at.astimezone()), file_size(d.size)) for d in docs]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row[:4], widths, strict=True)]
        out("  ".join([*cells, row[4]]))
    return 0


HANDLERS = {"attach": cmd_attach, "documents": cmd_documents}
