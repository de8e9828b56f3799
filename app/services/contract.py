"""The JSON shapes of `tabs`, `list`, `search` and `show`: a public contract (see README).

Add keys if you must; never rename or remove one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.services.dto import DossierDetail
    from app.services.rows import DossierRow, Tab
from app.store.vocabulary import PRIORITY_NAMES


def tab_json(tab: Tab) -> dict[str, Any]:
    return {"key": tab.key, "kind": tab.kind.value, "label": tab.label, "count": tab.count,
            "over_capacity": tab.over_capacity}


def row_json(row: DossierRow | DossierDetail) -> dict[str, Any]:
    return {
        "id": row.id, "name": row.name, "company": row.company, "position": row.position,
        "phone": row.phone,
        "next_contact": row.next_contact.isoformat() if row.next_contact else None,
        "time": row.time, "purpose": row.purpose,
        "priority": PRIORITY_NAMES[row.priority], "fixed": row.fixed,
    }


def detail_json(d: DossierDetail, insert_key: str) -> dict[str, Any]:
    out = row_json(d)
    out.update({
        "insert": insert_key,
        "phones": [{"label": p.label, "number": p.number} for p in d.phones],
        "emails": [{"label": e.label, "address": e.address} for e in d.emails],
        "address": d.address, "website": d.website, "source": d.source,
        "segment": d.segment, "tags": d.tags, "department": d.department,
        "birthday": d.birthday.isoformat() if d.birthday else None,
        "status": d.status, "notes": d.notes, "archived": d.archived,
        "archive_reason": d.archive_reason,
        "events": [{
            "id": e.id, "at": e.at.isoformat().replace("+00:00", "Z"), "kind": e.kind,
            "channel": e.channel, "summary": e.summary, "outcome": e.outcome,
            "offer": e.offer, "amount": e.amount, "currency": e.currency,
            "next_contact": e.next_contact.isoformat() if e.next_contact else None,
            "amends": e.amends,
        } for e in d.events],
        "attachments": [{
            "id": a.id, "filename": a.filename, "mime": a.mime, "size": a.size,
            "added_at": a.added_at.isoformat().replace("+00:00", "Z"), "trashed": a.trashed,
        } for a in d.attachments],
        "forms": [{"id": f.id, "title": f.title, "template": f.template, "fields": f.fields,
                   "values": f.values} for f in d.forms],
    })
    return out
