"""What a kept document is, in a word a salesperson knows ('PDF', 'JPEG image', 'Word
document'), never a raw MIME type; and whether printing can put it on paper (a PDF's pages,
a PNG or JPEG image as a page) or only name it ('in the binder')."""

from __future__ import annotations

from pathlib import PurePath
from typing import Literal

from app.i18n import N_, _

Printable = Literal["pdf", "image", "other"]

_BY_MIME = {
    "application/pdf": N_("PDF"),
    "image/jpeg": N_("JPEG image"),
    "image/png": N_("PNG image"),
    "image/gif": N_("GIF image"),
    "image/webp": N_("WebP image"),
    "image/tiff": N_("TIFF image"),
    "application/msword": N_("Word document"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
        N_("Word document"),
    "application/vnd.ms-excel": N_("Excel spreadsheet"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
        N_("Excel spreadsheet"),
    "application/vnd.ms-powerpoint": N_("PowerPoint presentation"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation":
        N_("PowerPoint presentation"),
    "application/vnd.oasis.opendocument.text": N_("OpenDocument text"),
    "application/vnd.oasis.opendocument.spreadsheet": N_("OpenDocument spreadsheet"),
    "application/vnd.oasis.opendocument.presentation": N_("OpenDocument presentation"),
    "application/rtf": N_("RTF document"),
    "text/rtf": N_("RTF document"),
    "text/plain": N_("Text file"),
    "text/csv": N_("CSV table"),
    "text/html": N_("Web page"),
    "message/rfc822": N_("E-mail"),
    "application/vnd.ms-outlook": N_("E-mail"),
    "text/calendar": N_("Calendar file"),
    "text/vcard": N_("Contact card"),
    "text/x-vcard": N_("Contact card"),
    "application/zip": N_("ZIP archive"),
}
_BY_SUFFIX = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
              ".png": "image/png", ".doc": "application/msword",
              ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml."
                       "document",
              ".xls": "application/vnd.ms-excel",
              ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              ".odt": "application/vnd.oasis.opendocument.text",
              ".ods": "application/vnd.oasis.opendocument.spreadsheet",
              ".eml": "message/rfc822", ".msg": "application/vnd.ms-outlook",
              ".txt": "text/plain", ".csv": "text/csv"}


def _mime(mime: str, filename: str) -> str:
    """The stored type, or the name's when the stored one says nothing."""
    mime = (mime or "").split(";")[0].strip().lower()
    if mime in _BY_MIME:
        return mime
    return _BY_SUFFIX.get(PurePath(filename).suffix.lower(), mime)


def kind_name(mime: str, filename: str) -> str:
    """'PDF', 'JPEG image', 'Word document'; 'Image' or 'File' for a type without a word."""
    mime = _mime(mime, filename)
    if mime in _BY_MIME:
        return _(_BY_MIME[mime])
    if mime.startswith("image/"):
        return _("Image")
    return _("File")


def printable(mime: str, filename: str) -> Printable:
    """'pdf' (its pages are printed), 'image' (a PNG or JPEG printed as a page) or 'other'."""
    mime = _mime(mime, filename)
    if mime == "application/pdf":
        return "pdf"
    if mime in ("image/jpeg", "image/png"):
        return "image"
    return "other"
