"""Form templates from a sales manager, filled in on dossiers."""

from __future__ import annotations

import json

import pytest

from app.errors import InvalidInput
from app.services import open_services
from app.services.dossiers import NewDossier

VISIT_REPORT = [
    {"label": "Fleet size", "type": "number", "required": True},
    {"label": "Decision maker", "type": "text"},
    {"label": "Next budget round", "type": "date"},
    {"label": "Interest", "type": "choice", "choices": ["low", "medium", "high"],
     "required": True},
    {"label": "Wants a demo", "type": "yesno"},
    {"label": "Notes", "type": "longtext"},
]


@pytest.fixture
def template(services):
    return services.forms.save_template("Visit report", VISIT_REPORT, "After every visit")


def test_a_form_is_added_filled_and_shown_with_the_dossier(services, template, clock,
                                                           binder_address):
    dossier_id, _ = services.dossiers.create(NewDossier(name="Piotr Zieliński"))
    form_id, _ = services.forms.add_form(dossier_id, template)
    still_missing, _ = services.forms.fill(form_id, {"fleet_size": "1 250", "interest": "high",
                                                     "wants_a_demo": "yes",
                                                     "next_budget_round": "2027-03-01"})
    assert still_missing == []
    services.close()
    with open_services(binder_address, clock) as reopened:
        (form,) = reopened.dossiers.get(dossier_id).forms
        assert form.title == "Visit report"
        assert form.values == {"fleet_size": "1250", "interest": "high", "wants_a_demo": True,
                               "next_budget_round": "2027-03-01"}
        assert [f["label"] for f in form.fields][:2] == ["Fleet size", "Decision maker"]


def test_required_fields_left_empty_are_reported(services, template):
    dossier_id, _ = services.dossiers.create(NewDossier(name="Piotr Zieliński"))
    form_id, _ = services.forms.add_form(dossier_id, template)
    still_missing, _ = services.forms.fill(form_id, {"decision_maker": "Mrs Nowak"})
    assert still_missing == ["Fleet size", "Interest"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("fleet_size", "many", "needs a number"),
    ("interest", "enormous", "one of: low, medium, high"),
    ("next_budget_round", "2027-02-30", "not a day of the calendar"),
    ("wants_a_demo", "perhaps", "yes or no"),
    ("no_such_field", "x", "no field"),
])
def test_bad_values_are_refused_and_nothing_is_saved(services, template, field, value, message):
    dossier_id, _ = services.dossiers.create(NewDossier(name="Piotr Zieliński"))
    form_id, _ = services.forms.add_form(dossier_id, template)
    services.forms.fill(form_id, {"decision_maker": "Mrs Nowak"})
    with pytest.raises(InvalidInput, match=message):
        services.forms.fill(form_id, {"decision_maker": "Mr Kowalski", field: value})
    assert services.dossiers.get(dossier_id).forms[0].values == {"decision_maker": "Mrs Nowak"}


def test_templates_travel_as_a_json_file_and_come_back_the_same(services, template, tmp_path,
                                                                clock, _empty_binder_file):
    exported = services.forms.export_templates()
    document = json.loads(exported)
    assert document["format"] == "ringbinder-form-templates" and document["version"] == 1
    other = tmp_path / "colleague.rbinder"
    other.write_bytes(_empty_binder_file.read_bytes())
    with open_services(other, clock) as colleague:
        assert colleague.forms.import_templates(exported) == [template]
        (imported,) = colleague.forms.templates()
        assert imported.name == "Visit report"
        assert imported.fields == services.forms.templates()[0].fields
        colleague.forms.import_templates(exported)  # again: updated, not doubled
        assert len(colleague.forms.templates()) == 1


@pytest.mark.parametrize("data", [
    b"not json", b"[]", b'{"format": "something-else"}',
    b'{"format": "ringbinder-form-templates", "version": 99, "templates": []}',
    b'{"format": "ringbinder-form-templates", "version": 1, "templates": [{"name": "x", '
    b'"fields": [{"label": "a", "type": "colour"}]}]}',
    b'{"format": "ringbinder-form-templates", "version": 1, "templates": [{"name": "", '
    b'"fields": [{"label": "a"}]}]}',
    "\ufeff{\"format\": 1}".encode(),
])
def test_a_bad_template_file_is_refused_and_changes_nothing(services, template, data):
    with pytest.raises(InvalidInput):
        services.forms.import_templates(data)
    assert [t.id for t in services.forms.templates()] == [template]


def test_a_template_needs_fields_with_labels_and_choices(services):
    with pytest.raises(InvalidInput, match="at least one field"):
        services.forms.save_template("Empty", [])
    with pytest.raises(InvalidInput, match="needs its choices"):
        services.forms.save_template("X", [{"label": "Interest", "type": "choice"}])
    with pytest.raises(InvalidInput, match="cannot be empty"):
        services.forms.save_template("X", [{"label": " ", "type": "text"}])
    same = services.forms.save_template("Twice", [{"label": "Notes"}, {"label": "Notes"}])
    assert [f.name for f in services.forms.templates()[0].fields] == ["notes", "notes_2"]
    assert same


def test_filled_forms_keep_their_fields_when_the_template_changes(services, template):
    dossier_id, _ = services.dossiers.create(NewDossier(name="Piotr Zieliński"))
    form_id, _ = services.forms.add_form(dossier_id, template)
    services.forms.save_template("Visit report v2", [{"label": "Only this"}],
                                 template_id=template)
    services.forms.delete_template(template)
    (form,) = services.dossiers.get(dossier_id).forms
    assert form.title == "Visit report" and len(form.fields) == len(VISIT_REPORT)
    services.forms.fill(form_id, {"interest": "low"})
