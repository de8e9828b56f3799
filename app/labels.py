"""The names of the binder's fixed vocabulary (channels, statuses) as people read them: one
table for the window, the printed card and the CLI, so each is translated once."""

from __future__ import annotations

from datetime import date

from app.i18n import _
from app.store.stamps import parse_utc
from app.store.vocabulary import PRIORITY_HIGH, PRIORITY_LOW, PRIORITY_NORMAL

__all__ = [
    "PRIORITY_HIGH",
    "PRIORITY_LOW",
    "PRIORITY_NORMAL",
    "card_field_names",
    "channel_names",
    "event_kind_names",
    "status_names",
    "status_title",
    "stored_day",
]


def stored_day(text: str) -> date:
    """The local day of a timestamp as the binder stores it (a handover carries them so)."""
    return parse_utc(text).astimezone().date()


def card_field_names() -> dict[str, str]:
    """A card's fields as its editor labels them, in its order."""
    return {"name": _("Name"), "position": _("Position"), "company": _("Company"),
            "department": _("Department"), "phones": _("Phones"), "emails": _("E-mails"),
            "address": _("Address"), "website": _("Website"), "source": _("How we met"),
            "segment": _("Segment"), "tags": _("Tags"), "status": _("Status"),
            "notes": _("Notes")}


def channel_names() -> dict[str, str]:
    """Channel key -> its name, in the order offered."""
    return {"call": _("Call"), "visit": _("Visit"), "meeting": _("Meeting"),
            "email": _("E-mail"), "letter": _("Letter"), "other": _("Other")}


def event_kind_names() -> dict[str, str]:
    """What happened to a dossier, for a history line that is not a conversation."""
    return {"archive": _("Archived"), "restore": _("Restored"), "note": _("Note")}


def status_names() -> dict[str, str]:
    """A dossier's status as a choice in a list (lower case, it is read inside sentences)."""
    return {"prospect": _("prospect"), "active": _("active"), "dormant": _("dormant"),
            "won": _("won"), "lost": _("lost")}


def status_title(status: str) -> str:
    """What the client is to us, as a card's header says it."""
    return {"prospect": _("Prospect"), "active": _("Active client"), "dormant": _("Dormant"),
            "won": _("Won"), "lost": _("Lost")}.get(status, status)
