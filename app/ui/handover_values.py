"""Field groups of a handover merge as a salesperson reads them: a label per group and each
value as plain text, so that a conflict shows both sides in full rather than as raw JSON;
and the merge summary's counts and conflict choices as plain sentences.

The value shapes are those of `app.handover.merge.field_values`.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from app.i18n import _, long_date, n_, short_date, short_time
from app.labels import PRIORITY_HIGH, PRIORITY_LOW, status_names, stored_day

MINE, THEIRS = "mine", "theirs"  # the two sides of a conflict, as the merge names them


def group_label(group: str) -> str:
    """The name of a field group as the card calls it ("filing" is the next contact)."""
    labels = {
        "name": _("Name"), "position": _("Position"), "company": _("Company"),
        "address": _("Address"), "website": _("Website"), "source": _("Source"),
        "segment": _("Segment"), "tags": _("Tags"), "status": _("Status"),
        "notes": _("Notes"), "filing": _("Next contact"), "phones": _("Phones"),
        "emails": _("E-mails"),
    }
    return labels.get(group, group)


def empty_text() -> str:
    """What an empty value reads as: cleared on one side is a real difference."""
    return _("(empty)")


def _status(key: str) -> str:
    return status_names().get(key, key)


def _day(text: Any) -> str:
    """An ISO date as a heading writes a day; anything unreadable as it came."""
    try:
        return long_date(date.fromisoformat(str(text)))
    except ValueError:
        return str(text)


def _time(text: Any) -> str:
    try:
        return short_time(time.fromisoformat(str(text)))
    except ValueError:
        return str(text)


def _stamp(text: Any) -> str:
    """A stored timestamp as a list writes a day (the day is what matters here)."""
    try:
        return short_date(stored_day(str(text)))
    except ValueError:
        return str(text)


def _filing(value: dict[str, Any]) -> str:
    lines = []
    if value.get("next_contact"):
        when = _day(value["next_contact"])
        if value.get("next_time"):
            when = _("{day}, {time}").format(day=when, time=_time(value["next_time"]))
        lines.append(when)
    elif not value.get("archived"):
        lines.append(_("No date (undated)"))
    if value.get("purpose"):
        lines.append(_("Purpose: {purpose}").format(purpose=value["purpose"]))
    if value.get("priority") == PRIORITY_HIGH:
        lines.append(_("High priority"))
    elif value.get("priority") == PRIORITY_LOW:
        lines.append(_("Low priority"))
    if value.get("fixed"):
        lines.append(_("Fixed appointment"))
    if value.get("archived"):
        reason = value.get("archive_reason") or ""
        line = _("Archived: {reason}").format(reason=reason) if reason else _("Archived")
        if value.get("archived_at"):
            line = _("{archived} (on {day})").format(archived=line,
                                                       day=_stamp(value["archived_at"]))
        lines.append(line)
    return "\n".join(lines)


def _labelled(label: str, text: str) -> str:
    return f"{label}: {text}" if label else text


def _generic(value: Any) -> str:
    """Any other shape, readable rather than lost (a newer file may bring new groups)."""
    if isinstance(value, dict):
        return "\n".join(str(v) for v in value.values() if v not in (None, ""))
    if isinstance(value, list | tuple):
        return "\n".join(_generic(v) if isinstance(v, dict) else
                         ", ".join(str(x) for x in v if x) if isinstance(v, list | tuple)
                         else str(v) for v in value)
    return "" if value is None else str(value)


def format_value(group: str, value: Any) -> str:
    """The whole value of a group as readable text, one item per line; `empty_text()` when
    there is nothing, so that a cleared field is visibly different from a filled one."""
    text = ""
    try:
        if value is None:
            text = ""
        elif group == "name":
            text = value.get("full_name") or ""
        elif group == "status":
            text = _status(value.get("status") or "")
        elif group == "filing":
            text = _filing(value)
        elif group == "phones":
            text = "\n".join(_labelled(label, number or e164)
                             for label, number, e164 in value)
        elif group == "emails":
            text = "\n".join(_labelled(label, address) for label, address in value)
        elif isinstance(value, dict) and len(value) == 1:
            text = str(next(iter(value.values())) or "")
        else:
            text = _generic(value)
    except (AttributeError, TypeError, ValueError):
        text = _generic(value)
    return text if text.strip() else empty_text()


def choice_tally(choices: list[str]) -> str:
    """ "3 keep this binder's value, 2 take the file's": how the conflicts are decided."""
    mine = sum(1 for c in choices if c == MINE)
    return ", ".join((
        n_("{count} keeps this binder's value", "{count} keep this binder's value", mine),
        n_("{count} takes the file's", "{count} take the file's", len(choices) - mine)))


COUNTED = ("new", "updated", "events_added", "documents_added", "documents_updated",
           "forms_added", "forms_updated", "templates_added")  # the order a salesperson reads


def count_sentences(summary: dict[str, Any]) -> list[str]:
    """What the merge brings, one plain sentence per kind; nothing said of what is zero
    (keys a summary lacks, from an older service, count as zero)."""
    n = {key: int(summary.get(key, 0) or 0) for key in COUNTED}
    sentences = (  # literal calls, so that the messages can be extracted for translation
        n_("{count} new dossier", "{count} new dossiers", n["new"]),
        n_("{count} dossier updated", "{count} dossiers updated", n["updated"]),
        n_("{count} history entry added", "{count} history entries added", n["events_added"]),
        n_("{count} document added", "{count} documents added", n["documents_added"]),
        n_("{count} document updated", "{count} documents updated", n["documents_updated"]),
        n_("{count} form added", "{count} forms added", n["forms_added"]),
        n_("{count} form updated", "{count} forms updated", n["forms_updated"]),
        n_("{count} form template added", "{count} form templates added",
           n["templates_added"]),
    )
    return [text for key, text in zip(COUNTED, sentences, strict=True) if n[key]]


def conflicts_tally(choices: list[str]) -> str:
    """ "5 conflicts — 3 keep this binder's value, 2 take the file's"."""
    return (n_("{count} conflict", "{count} conflicts", len(choices)) + " — "
            + choice_tally(choices))
