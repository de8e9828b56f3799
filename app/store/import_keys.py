"""What an import matches its contacts against, read from the binder: every phone, e-mail
and name with its dossier. A large binder holds some 400,000 of these rows, so they are
read on the driver's own cursor, in the caller's transaction, the cursor handed out as it is:
plain text columns need none of SQLAlchemy's result processing."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy.orm import Session

from app.store.driver import cursor_of


def phone_owners(session: Session) -> Iterator[tuple[str, str, str]]:
    """(E.164 number, dossier UUID, full name) of every phone that has its E.164 form, in
    the order they were stored."""
    return iter(cursor_of(session).execute(
        "SELECT p.e164, d.uuid, d.full_name FROM phones p JOIN dossiers d "
        "ON d.pk = p.dossier_pk WHERE p.e164 != '' ORDER BY p.pk"))


def email_owners(session: Session) -> Iterator[tuple[str, str, str]]:
    """(address as typed, dossier UUID, full name) of every e-mail, in the order they were
    stored; the caller lowers the address as Python does (SQLite's lower() is ASCII only)."""
    return iter(cursor_of(session).execute(
        "SELECT e.address, d.uuid, d.full_name FROM emails e JOIN dossiers d "
        "ON d.pk = e.dossier_pk ORDER BY e.pk"))


def dossier_names(session: Session) -> Iterator[tuple[str, str, str, str]]:
    """(UUID, full name, sort name, company) of every dossier, in the order they were
    filed."""
    return iter(cursor_of(session).execute(
        "SELECT uuid, full_name, sort_name, company FROM dossiers ORDER BY pk"))
