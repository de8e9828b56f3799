"""The reads of the reports on one's own work (app/services/reports.py), in plain SQL on a
sqlite3 cursor, as app/store/queries.py: a period's contacts, the dates contacts were agreed
for, the dossiers archived, the first contact of each.  Timestamps come back as their stored
UTC text; the service places them on the user's own calendar."""

from __future__ import annotations

from datetime import date

from app.store.reading import Cursor


def contacts_between(cur: Cursor, first_utc: str, last_utc: str) -> list[tuple]:
    """(dossier id, at, channel, offer, amount, currency) of the contacts logged from one
    stored timestamp up to (not including) another, oldest first.  Corrections ('amend')
    and archive or restore lines are not contacts."""
    return cur.execute(
        "SELECT d.uuid, e.at, e.channel, e.offer, e.amount, e.currency "
        "FROM contact_events e JOIN dossiers d ON d.pk = e.dossier_pk "
        "WHERE e.kind = 'contact' AND e.at >= ? AND e.at < ? ORDER BY e.at",
        (first_utc, last_utc)).fetchall()


def agreed_between(cur: Cursor, first: date, last: date) -> list[tuple[str, str]]:
    """(dossier id, date) of every next contact planned for a day from `first` to `last`:
    the dates agreed when a contact was logged (the history keeps them) and the dates the
    open dossiers are filed under now."""
    span = (first.isoformat(), last.isoformat())
    return cur.execute(
        "SELECT d.uuid, e.next_contact FROM contact_events e "
        "JOIN dossiers d ON d.pk = e.dossier_pk "
        "WHERE e.next_contact BETWEEN ? AND ? "
        "UNION SELECT uuid, next_contact FROM dossiers "
        "WHERE archived = FALSE AND next_contact BETWEEN ? AND ?", span + span).fetchall()


def archived_between(cur: Cursor, first_utc: str, last_utc: str) -> list[tuple]:
    """(dossier id, archived at, reason, status, created at, first contact at or None) of
    the dossiers archived (and still in the archive) between two stored timestamps."""
    return cur.execute(
        "SELECT d.uuid, d.archived_at, d.archive_reason, d.status, d.created_at, "
        "(SELECT min(e.at) FROM contact_events e WHERE e.dossier_pk = d.pk "
        " AND e.kind = 'contact') "
        "FROM dossiers d WHERE d.archived = TRUE AND d.archived_at >= ? AND d.archived_at < ? "
        "ORDER BY d.archived_at", (first_utc, last_utc)).fetchall()
