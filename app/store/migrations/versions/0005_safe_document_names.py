"""Document names are names, never paths: names a handover file carried into older binders
(`../../x`, `..\\evil.bat`, a NUL byte, 255 characters, CON) become safe base names.

The rule is a frozen copy of app.filenames.safe_document_name as it was when this revision
was written: a migration must do the same thing to every binder whatever the app becomes
later, and the migrations import nothing of the app's.

Revision ID: 0005_safe_document_names
Revises: 0004_handover_log
"""

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0005_safe_document_names"
down_revision = "0004_handover_log"
branch_labels = None
depends_on = None

MAX_CHARS = 200
MAX_BYTES = 200
FALLBACK = "document"
RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")})
SEPARATORS = re.compile(r"[/\\]")
WINDOWS_INVALID = re.compile(r'[<>:"|?*]')
SHORT_EXTENSION = re.compile(r"\.[^\s.]{1,15}")
BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _kept(c: str) -> str:
    if 0xD800 <= ord(c) <= 0xDFFF:
        return "\ufffd"
    if c in BIDI or unicodedata.category(c) in ("Cc", "Zl", "Zp"):
        return ""
    return c


def _fit(text: str, chars: int, size: int) -> str:
    text = text[:chars]
    while len(text.encode("utf-8")) > size:
        text = text[:-1]
    return text


def safe_name(name: str) -> str:
    text = unicodedata.normalize("NFC", "".join(_kept(c) for c in name))
    parts = [part.strip() for part in SEPARATORS.split(text) if part.strip(". ")]
    base = WINDOWS_INVALID.sub("_", parts[-1] if parts else "").rstrip(". ")
    dot = base.rfind(".")
    extension = base[dot:] if dot > 0 and SHORT_EXTENSION.fullmatch(base[dot:]) else ""
    chars, size = MAX_CHARS - len(extension), MAX_BYTES - len(extension.encode("utf-8"))
    stem = _fit(base[:len(base) - len(extension)], chars, size).rstrip(". ") or FALLBACK
    if (stem + extension).split(".", 1)[0].rstrip(" ").upper() in RESERVED:
        stem = _fit("_" + stem, chars, size).rstrip(". ")
    return stem + extension


def upgrade() -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT pk, filename FROM attachments")).all()
    changed = [{"pk": pk, "name": safe_name(name)} for pk, name in rows
               if safe_name(name) != name]
    if changed:
        conn.execute(sa.text("UPDATE attachments SET filename = :name WHERE pk = :pk"),
                     changed)


def downgrade() -> None:
    pass  # the old names are not kept: a path is no name to go back to
