"""The stored vocabularies of a dossier (statuses, channels, event kinds, priorities), apart
from the models so that a reader without SQLAlchemy (the command line's quick reads, the JSON
contract) names a priority as the binder stores it."""

from __future__ import annotations

STATUSES = ("prospect", "active", "dormant", "won", "lost")
CHANNELS = ("call", "visit", "meeting", "email", "letter", "other")
EVENT_KINDS = ("contact", "archive", "restore", "amend", "note")
PRIORITY_HIGH, PRIORITY_NORMAL, PRIORITY_LOW = 1, 2, 3
PRIORITIES = {"high": PRIORITY_HIGH, "normal": PRIORITY_NORMAL, "low": PRIORITY_LOW}
PRIORITY_NAMES = {v: k for k, v in PRIORITIES.items()}
