"""The user's own preferences, which belong to no binder: the language the app speaks and
the paper it prints on, how long before an appointment it reminds.

Kept as a small JSON file in the user's configuration folder (platformdirs), read by the
CLI and the window alike; RINGBINDER_PREFERENCES names another file (tests do). A missing or
unreadable file means the defaults: nothing the user set is worth refusing to start for.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

# the languages the app is translated into, by the name each has in itself
LANGUAGES = {"en_US": "English", "es_ES": "Español", "pl_PL": "Polski", "ru_RU": "Русский"}
PAPERS = ("A4", "Letter")
MAX_BYTES = 64 * 1024
BINDER_SUFFIX = ".rbinder"


def default_binder_path() -> Path:
    """Where the user's binder lives unless they choose another file."""
    from platformdirs import user_data_path

    return user_data_path("Ringbinder", appauthor=False) / f"binder{BINDER_SUFFIX}"


def path() -> Path:
    override = os.environ.get("RINGBINDER_PREFERENCES")
    if override:
        return Path(override)
    from platformdirs import user_config_path  # loaded when needed: a tool's start counts

    return user_config_path("Ringbinder", appauthor=False) / "preferences.json"


def load() -> dict[str, Any]:
    try:
        with path().open("rb") as f:
            data = json.loads(f.read(MAX_BYTES + 1)[:MAX_BYTES] or b"{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def language() -> str:
    """The language the user chose ("pl_PL"), or "" for the system's."""
    value = load().get("language", "")
    return value if value in LANGUAGES else ""


def paper() -> str:
    """The paper the user chose ("A4" or "Letter"), or "" for the one of their locale."""
    value = load().get("paper", "")
    return value if value in PAPERS else ""


REMINDER_LEAD_DEFAULT = 15
REMINDER_LEAD_MAX = 240


def reminder_lead() -> int:
    """Minutes before an agreed time that the window reminds of it (0: at the time)."""
    value = load().get("reminder_lead", REMINDER_LEAD_DEFAULT)
    if isinstance(value, bool) or not isinstance(value, int):
        return REMINDER_LEAD_DEFAULT
    return min(max(value, 0), REMINDER_LEAD_MAX)


def save(**changes: Any) -> None:
    """Change some preferences; the file is replaced whole (never left half-written)."""
    data = {**load(), **changes}
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    import tempfile

    fd, temp = tempfile.mkstemp(prefix=".preferences.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=2)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
