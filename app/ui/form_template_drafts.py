"""What the form-template editor keeps while it is open: the templates as saved, and the edits
of any of them not saved yet (new templates included), so that switching between templates
loses nothing and closing knows what would be lost.

A template is known by a key: its id once saved, "new:<n>" before.  Its state is a dict with
"name", "description" and "fields" (as FieldsTable.fields() reads them).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.services.forms import TemplateView

NEW_PREFIX = "new:"


def empty_state() -> dict[str, Any]:
    return {"name": "", "description": "", "fields": []}


def is_new(key: str) -> bool:
    return key.startswith(NEW_PREFIX)


def typed_name(state: dict[str, Any] | None) -> str:
    return (state or {}).get("name", "").strip()


def _normal(fields: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Fields as comparable tuples (choices only count for a choice field)."""
    return [(f.get("label", "").strip(), f.get("type", "text"), bool(f.get("required")),
             tuple(f.get("choices") or ()) if f.get("type") == "choice" else ())
            for f in fields]


class TemplateDrafts:
    """TemplateDrafts(): the saved templates (`saved`, by id) and the unsaved states, by key."""

    def __init__(self) -> None:
        self.saved: dict[str, TemplateView] = {}  # by template id
        self._drafts: dict[str, dict[str, Any]] = {}  # key -> unsaved state
        self._new_keys: list[str] = []
        self._new_count = 0

    def load(self, templates: Iterable[TemplateView]) -> None:
        """Take the templates as the binder has them now; drafts and new ones are kept."""
        self.saved = {t.id: t for t in templates}

    def listed(self) -> list[str]:
        """The keys of the templates as listed: the saved ones, then the new ones in the order
        they were made."""
        return [*self.saved, *self._new_keys]

    def add(self, state: dict[str, Any]) -> str:
        """A new template, not saved yet; returns its key."""
        self._new_count += 1
        key = f"{NEW_PREFIX}{self._new_count}"
        self._new_keys.append(key)
        self._drafts[key] = state
        return key

    def drop(self, key: str) -> None:
        """Forget the edits of a template (saved or deleted meanwhile)."""
        self._drafts.pop(key, None)
        if key in self._new_keys:
            self._new_keys.remove(key)

    def known(self, key: str) -> bool:
        """Whether the template is still there (saved, or new)."""
        return key in self.saved or is_new(key)

    def draft(self, key: str) -> dict[str, Any] | None:
        return self._drafts.get(key)

    def state(self, key: str) -> dict[str, Any]:
        """The state to show: as left when last shown, else as saved."""
        return self.draft(key) or self.clean(key)

    def clean(self, key: str) -> dict[str, Any]:
        """The state of a template as saved (empty for a new one)."""
        saved = self.saved.get(key)
        if saved is None:
            return empty_state()
        return {"name": saved.name, "description": saved.description,
                "fields": [f.as_json() for f in saved.fields]}

    def dirty(self, key: str, state: dict[str, Any] | None) -> bool:
        """Whether `state` differs from the template as saved."""
        if state is None:
            return is_new(key)
        if is_new(key):  # new: unsaved as soon as anything is typed
            return bool(state["name"].strip() or state["description"].strip() or any(
                f["label"].strip() or f["choices"] for f in state["fields"]))
        clean = self.clean(key)
        return (state["name"].strip(), state["description"].strip(),
                _normal(state["fields"])) != (clean["name"], clean["description"],
                                              _normal(clean["fields"]))

    def keep(self, key: str, state: dict[str, Any]) -> None:
        """Keep the state of a template while another is shown (only when it has edits)."""
        if self.dirty(key, state) or is_new(key):
            self._drafts[key] = state
        else:
            self._drafts.pop(key, None)
