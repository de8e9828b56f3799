"""Form templates in a small JSON file, to hand to colleagues: the file dialogs that ask
where, and the file written or read through FormService, a problem with it raised as a
TemplateFileError worded for the user.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from app.errors import RingbinderError
from app.i18n import _
from app.services.forms import MAX_IMPORT_BYTES


class TemplateFileError(RingbinderError):
    """A file of form templates that could not be written or read; nothing was changed."""


def ask_export_path(parent: QWidget, title: str | None = None,
                    name: str = "form-templates.json", kinds: str | None = None) -> Path | None:
    """Where to write the templates (a .json file unless another suffix is typed); form
    templates unless the title, file name and kinds of another sort are given."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, title or _("Export form templates"), name,
        kinds or _("Form templates (*.json)"))
    if not path:
        return None
    return Path(path) if Path(path).suffix else Path(path).with_suffix(".json")


def ask_import_path(parent: QWidget, title: str | None = None,
                    kinds: str | None = None) -> Path | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent, title or _("Import form templates"), "",
        kinds or _("Form templates (*.json);;All files (*)"))
    return Path(path) if path else None


def write_templates(services: Any, path: Path) -> None:
    """Write all saved templates to the file at `path`."""
    data = services.forms.export_templates()
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise TemplateFileError(_("Cannot write {file}: {reason}").format(
            file=path.name, reason=exc.strerror or exc)) from exc


def read_templates(services: Any, path: Path) -> list[str]:
    """Add (or update) the templates of the file at `path`, all or none; returns their ids."""
    try:
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise RingbinderError(_("This file is too large to be a file of form "
                                      "templates."))
        data = path.read_bytes()
        return services.forms.import_templates(data)
    except OSError as exc:
        raise TemplateFileError(_("Cannot read {file}: {reason}").format(
            file=path.name, reason=exc.strerror or exc)) from exc
    except RingbinderError as exc:
        raise TemplateFileError(_("{file} was not imported: {reason}").format(
            file=path.name, reason=exc)) from exc
