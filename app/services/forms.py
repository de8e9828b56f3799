"""Forms a sales manager defines and salespeople fill in on their dossiers.

Templates travel as a small JSON file so a manager can hand them out.  A filled form keeps the
fields as they were when it was added, so later changes to a template never garble it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from app.errors import InvalidInput, NotFound
from app.i18n import _
from app.services import validate as v
from app.services.dossiers import find_dossier
from app.services.dto import Changes, FieldSpec
from app.store import template_reads
from app.store.fold import fold
from app.store.models import FilledForm, FormTemplate

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.binder import Services

FIELD_TYPES = ("text", "longtext", "number", "date", "choice", "yesno")
EXPORT_FORMAT = "ringbinder-form-templates"
EXPORT_VERSION = 1
MAX_FIELDS = 200
MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _managers_only() -> str:
    """Why a salesperson may not change a team binder's templates: they are the team's."""
    return _("Only a manager of this team binder can edit the team's form templates.")


@dataclass(frozen=True)
class TemplateView:
    id: str
    name: str
    description: str
    fields: tuple[FieldSpec, ...]


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", fold(label)).strip("_")[:60] or "field"


def check_fields(raw: Any) -> list[dict[str, Any]]:
    """A template's fields, each {"name", "label", "type", "required", "choices"}, checked."""
    if not isinstance(raw, list) or not raw:
        raise InvalidInput(_("A form needs at least one field."))
    if len(raw) > MAX_FIELDS:
        raise InvalidInput(_("A form has at most {max} fields.").format(max=MAX_FIELDS))
    fields, names = [], set()
    for item in raw:
        if not isinstance(item, dict):
            raise InvalidInput(_("Each field of a form is described by its label and type."))
        label = v.text_field("label of a field", str(item.get("label", "")), required=True)
        kind = str(item.get("type", "text"))
        if kind not in FIELD_TYPES:
            raise InvalidInput(_("The field '{label}' has an unknown type '{type}'.").format(
                label=label, type=kind))
        choices = [str(c).strip() for c in item.get("choices") or [] if str(c).strip()]
        if kind == "choice" and not choices:
            raise InvalidInput(_("The choice field '{label}' needs its choices.").format(
                label=label))
        name = _slug(str(item.get("name") or label))
        base, n = name, 2
        while name in names:
            name, n = f"{base}_{n}", n + 1
        names.add(name)
        fields.append({"name": name, "label": label, "type": kind,
                       "required": bool(item.get("required", False)),
                       "choices": choices if kind == "choice" else []})
    return fields


def check_value(field: dict[str, Any], raw: Any) -> Any:
    """The stored form of a value typed into a field (None when left empty)."""
    label = field["label"]
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    kind = field["type"]
    if kind == "yesno":
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in ("yes", "true", "1", _("yes")):
            return True
        if text in ("no", "false", "0", _("no")):
            return False
        raise InvalidInput(_("'{label}' is yes or no.").format(label=label))
    text = str(raw).strip()
    if kind == "number":
        try:
            number = Decimal(text.replace(",", ".").replace(" ", ""))
        except InvalidOperation:
            raise InvalidInput(_("'{label}' needs a number, not '{value}'.").format(
                label=label, value=text)) from None
        if not number.is_finite():
            raise InvalidInput(_("'{label}' needs a number.").format(label=label))
        return str(number)
    if kind == "date":
        return v.parse_date(text).isoformat()
    if kind == "choice":
        if text not in field["choices"]:
            raise InvalidInput(_("'{label}' is one of: {choices}.").format(
                label=label, choices=", ".join(field["choices"])))
        return text
    return v.text_field("longtext" if kind == "longtext" else "text", text)


def missing(fields: list[dict[str, Any]], values: dict[str, Any]) -> list[str]:
    """The labels of required fields still empty."""
    return [f["label"] for f in fields if f["required"] and values.get(f["name"]) is None]


class FormService:
    def __init__(self, services: Services) -> None:
        self._s = services

    # -- templates -------------------------------------------------------------------------
    @staticmethod
    def _template(session: Session, template_id: str) -> FormTemplate:
        found = template_reads.form_template(session, template_id)
        if found is None:
            raise NotFound(_("There is no form template '{id}'.").format(id=template_id))
        return found

    def templates(self) -> list[TemplateView]:
        with self._s.db.read() as session:
            rows = template_reads.form_templates(session)
            return [TemplateView(t.uuid, t.name, t.description,
                                 tuple(FieldSpec.from_json(f) for f in t.fields)) for t in rows]

    def save_template(self, name: str, fields: list[dict[str, Any]], description: str = "",
                      template_id: str | None = None) -> str:
        self._s.people.require_manager(_managers_only())
        name = v.text_field("name", name, required=True)
        description = v.text_field("notes", description)
        checked = check_fields(fields)
        with self._s.db.write() as session:
            if template_id is None:
                template = FormTemplate(name=name, description=description, fields=checked)
                session.add(template)
            else:
                template = self._template(session, template_id)
                template.name, template.description = name, description
                template.fields = checked
        return template.uuid

    def delete_template(self, template_id: str) -> None:
        """Filled forms keep their own copy of the fields and stay as they are."""
        self._s.people.require_manager(_managers_only())
        with self._s.db.write() as session:
            session.delete(self._template(session, template_id))

    def export_templates(self, template_ids: list[str] | None = None) -> bytes:
        chosen = [t for t in self.templates() if template_ids is None or t.id in template_ids]
        return json.dumps({
            "format": EXPORT_FORMAT, "version": EXPORT_VERSION,
            "templates": [{"id": t.id, "name": t.name, "description": t.description,
                           "fields": [f.as_json() for f in t.fields]} for t in chosen],
        }, ensure_ascii=False, indent=2).encode("utf-8")

    def import_templates(self, data: bytes) -> list[str]:
        """Add (or update, by id) the templates of an exported file, all or none."""
        self._s.people.require_manager(_managers_only())
        if len(data) > MAX_IMPORT_BYTES:
            raise InvalidInput(_("This file is too large to be a file of form templates."))
        try:
            document = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError):
            raise InvalidInput(_("This is not a file of form templates.")) from None
        if not isinstance(document, dict) or document.get("format") != EXPORT_FORMAT:
            raise InvalidInput(_("This is not a file of form templates."))
        if not isinstance(document.get("version"), int) or document["version"] > EXPORT_VERSION:
            raise InvalidInput(_("These form templates come from a newer Ringbinder."))
        items = document.get("templates")
        if not isinstance(items, list):
            raise InvalidInput(_("This is not a file of form templates."))
        checked = []
        for item in items:
            if not isinstance(item, dict):
                raise InvalidInput(_("This is not a file of form templates."))
            template_id = item.get("id")
            if template_id is not None and not re.fullmatch(r"[0-9a-f-]{36}", str(template_id)):
                raise InvalidInput(_("This is not a file of form templates."))
            checked.append((template_id, v.text_field("name", str(item.get("name", "")), True),
                            v.text_field("notes", str(item.get("description", ""))),
                            check_fields(item.get("fields"))))
        ids = []
        with self._s.db.write() as session:
            for template_id, name, description, fields in checked:
                template = None
                if template_id:
                    template = template_reads.form_template(session, template_id)
                if template is None:
                    template = FormTemplate(name=name, description=description, fields=fields)
                    if template_id:
                        template.uuid = template_id
                    session.add(template)
                else:
                    template.name, template.description = name, description
                    template.fields = fields
                session.flush()
                ids.append(template.uuid)
        return ids

    # -- filled forms ----------------------------------------------------------------------
    def add_form(self, dossier_id: str, template_id: str) -> tuple[str, Changes]:
        with self._s.db.write() as session:
            dossier = find_dossier(session, dossier_id)
            template = self._template(session, template_id)
            form = FilledForm(dossier_pk=dossier.pk, template_uuid=template.uuid,
                              title=template.name, fields=list(template.fields), values={},
                              created_at=self._s.clock.now())
            session.add(form)
        return form.uuid, Changes({dossier.uuid})

    def _form(self, session: Session, form_id: str, lock: bool = False) -> FilledForm:
        found = template_reads.filled_form(session, form_id, lock)
        if found is None:
            raise NotFound(_("There is no form '{id}'.").format(id=form_id))
        return found

    def fill(self, form_id: str, values: dict[str, Any]) -> tuple[list[str], Changes]:
        """Save values typed into a form; returns the required fields still empty."""
        with self._s.db.write() as session:
            form = self._form(session, form_id, lock=True)  # another's answers kept
            by_name = {f["name"]: f for f in form.fields}
            merged = dict(form.values)
            for name, raw in values.items():
                if name not in by_name:
                    raise InvalidInput(_("The form has no field '{name}'.").format(name=name))
                merged[name] = check_value(by_name[name], raw)
            form.values = merged
            return missing(form.fields, merged), Changes({form.dossier.uuid})

    def remove_form(self, form_id: str) -> Changes:
        with self._s.db.write() as session:
            form = self._form(session, form_id)
            changes = Changes({form.dossier.uuid})
            session.delete(form)
        return changes


