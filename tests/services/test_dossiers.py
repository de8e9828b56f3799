"""Creating, reading and editing dossiers (the client card) on a real binder file."""

from __future__ import annotations

from datetime import UTC, date, timedelta

import pytest
from sqlalchemy import text

from app.errors import InvalidInput, NotFound
from app.services.dossiers import NewDossier
from tests.conftest import TODAY
from tests.helpers import binder_digest


def total(services) -> int:
    return sum(tab.count for tab in services.views.tabs())


def create(services, name: str = "Ana López", **fields) -> str:
    dossier_id, _changes = services.dossiers.create(NewDossier(name, **fields))
    return dossier_id


# -- create and show ------------------------------------------------------------------------

def test_create_then_show_returns_everything_typed(services):
    dossier_id, changes = services.dossiers.create(NewDossier(
        name="  Łukasz Wróblewski ", company="Hydro-Tech Sp. z o.o.",
        position="Kierownik zakupów",
        phones=["mobile: +48 600 123 456", "+34612345678", "office: +7 (912) 345-67-89"],
        emails=["Lukasz.W@Hydro-Tech.PL", "office: biuro@hydro-tech.pl"],
        next_contact=TODAY + timedelta(days=3), time="9:30", purpose="Call about the quote",
        priority="high", fixed=True, notes="Prefers mornings.",
        extra={"address": "ul. Długa 5, Kraków", "website": "hydro-tech.pl",
               "source": "trade fair", "segment": "industry", "tags": "pumps, key account",
               "status": "active"},
    ))
    assert changes.dossiers == {dossier_id}
    card = services.dossiers.get(dossier_id)
    assert card.id == dossier_id
    assert card.name == "Łukasz Wróblewski"  # trimmed
    assert (card.company, card.position) == ("Hydro-Tech Sp. z o.o.", "Kierownik zakupów")
    # phones in international format, in the order typed, with their labels
    assert [(p.label, p.number, p.e164) for p in card.phones] == [
        ("mobile", "+48 600 123 456", "+48600123456"),
        ("", "+34 612 34 56 78", "+34612345678"),
        ("office", "+7 912 345-67-89", "+79123456789"),
    ]
    assert card.phone == "+48 600 123 456"
    assert [(e.label, e.address) for e in card.emails] == [
        ("", "Lukasz.W@hydro-tech.pl"), ("office", "biuro@hydro-tech.pl")]
    assert card.next_contact == date(2026, 11, 27)
    assert card.time == "09:30"
    assert card.purpose == "Call about the quote"
    assert card.priority == 1 and card.fixed
    assert card.notes == "Prefers mornings."
    assert card.address == "ul. Długa 5, Kraków" and card.website == "hydro-tech.pl"
    assert (card.source, card.segment, card.tags) == ("trade fair", "industry",
                                                      "pumps, key account")
    assert card.status == "active"
    assert not card.archived and card.archive_reason == ""
    assert card.events == [] and card.attachments == [] and card.forms == []
    assert card.created_at.tzinfo is not None and card.updated_at.tzinfo is not None
    # and it is filed where it belongs
    assert [r.id for r in services.views.list_insert("2026-11-27")] == [dossier_id]


def test_a_new_dossier_without_date_is_an_undated_prospect(services):
    dossier_id = create(services, "Ana López")
    card = services.dossiers.get(dossier_id)
    assert card.next_contact is None and card.time is None
    assert card.status == "prospect" and card.priority == 2 and not card.fixed
    assert [r.id for r in services.views.list_insert("undated")] == [dossier_id]


def test_next_contact_today_is_accepted(services):
    dossier_id = create(services, next_contact=TODAY)
    assert [r.id for r in services.views.list_insert("today")] == [dossier_id]


def test_phones_without_country_code_use_the_binder_region(services):
    services.settings.update(phone_region="pl")
    dossier_id = create(services, phones=["600-123-456", "(0048) 501 234 567"])
    assert [p.number for p in services.dossiers.get(dossier_id).phones] == [
        "+48 600 123 456", "+48 501 234 567"]


def test_a_name_of_200_characters_fits(services):
    dossier_id = create(services, "N" * 200)
    assert services.dossiers.get(dossier_id).name == "N" * 200


# -- refused input leaves nothing behind ----------------------------------------------------

@pytest.mark.parametrize("fields", [
    pytest.param({"phones": ["+48 600 123"]}, id="phone too short"),
    pytest.param({"phones": ["+48 600 123 456", "call me maybe"]}, id="not a phone"),
    pytest.param({"phones": ["+1 555 0100"]}, id="phone invalid for its country"),
    pytest.param({"emails": ["ana.lopez"]}, id="e-mail without @"),
    pytest.param({"emails": ["ana@acme"]}, id="e-mail without a domain"),
    pytest.param({"emails": ["ana@acme.es", "ana lópez@acme.es"]}, id="e-mail with a space"),
    pytest.param({"name": ""}, id="empty name"),
    pytest.param({"name": "   "}, id="blank name"),
    pytest.param({"name": "N" * 201}, id="name of 201 characters"),
    pytest.param({"next_contact": TODAY - timedelta(days=1)}, id="next contact yesterday"),
    pytest.param({"time": "10:00"}, id="time without a date"),
    pytest.param({"next_contact": TODAY, "time": "25:00"}, id="no such time"),
    pytest.param({"priority": "urgent"}, id="unknown priority"),
    pytest.param({"extra": {"status": "sleeping"}}, id="unknown status"),
    pytest.param({"extra": {"colour": "blue"}}, id="unknown field"),
])
def test_invalid_input_is_refused_and_nothing_saved(services, fields):
    create(services, "Existing Client")
    before = binder_digest(services)
    new = {"name": "Ana López", "phones": ["+34 612 345 678"], "emails": ["ana@acme.es"]}
    new.update(fields)
    with pytest.raises(InvalidInput):
        services.dossiers.create(NewDossier(**new))
    assert binder_digest(services) == before
    assert total(services) == 1
    assert [r.name for r in services.views.search("Ana")] == []


# -- finding a dossier by its id ------------------------------------------------------------

def test_a_unique_beginning_of_the_id_is_enough(services):
    dossier_id = create(services, "Ana López")
    assert services.dossiers.get(dossier_id[:8]).id == dossier_id
    assert services.dossiers.get(dossier_id[:4]).id == dossier_id
    assert services.dossiers.get(f"  {dossier_id.upper()} ").id == dossier_id


def test_an_ambiguous_or_unknown_id_is_refused(services):
    first = create(services, "Ana López")
    second = create(services, "Borja Peña")
    with services.db.write() as session:  # two ids that share their first five characters
        session.execute(text("UPDATE dossiers SET uuid = :new WHERE uuid = :old"),
                        [{"new": "abcde111-0000-4000-8000-000000000001", "old": first},
                         {"new": "abcde222-0000-4000-8000-000000000002", "old": second}])
    with pytest.raises(InvalidInput, match="more than one"):
        services.dossiers.get("abcde")
    assert services.dossiers.get("abcde1").name == "Ana López"
    assert services.dossiers.get("ABCDE2").name == "Borja Peña"
    with pytest.raises(NotFound):
        services.dossiers.get("abc")  # too short to be a prefix
    with pytest.raises(NotFound):
        services.dossiers.get("ffff")
    with pytest.raises(NotFound):
        services.dossiers.get("Ana López")


# -- looking like one already in the binder ------------------------------------------------

def test_a_dossier_sharing_a_phone_an_email_or_a_name_at_a_company_is_a_duplicate(services):
    ana = create(services, "Ana López", company="Acme S.L.", phones=["+34 612 345 678"],
                 emails=["Ana@Acme.es"])
    other = create(services, "Ana Lopez", company="Globex")
    assert services.dossiers.duplicates("Someone Else", phones=["mobile: +34612345678"]) == [ana]
    assert services.dossiers.duplicates("Someone Else", emails=["work: ana@ACME.es "]) == [ana]
    # the same name (accents and case aside) only at the same company
    assert services.dossiers.duplicates("ANA LÓPEZ", "acme s.l.") == [ana]
    assert services.dossiers.duplicates("ana lopez", "Globex") == [other]
    # each dossier named once, in the order found: phone, then e-mail, then name
    assert services.dossiers.duplicates("Ana Lopez", "Globex", ["+34 612 345 678"],
                                        ["ana@acme.es"]) == [ana, other]
    assert services.dossiers.duplicates("Ana López", "Acme S.L.", exclude=ana) == []
    assert services.dossiers.duplicates("Borja Peña", "Acme S.L.", ["not a phone"]) == []


# -- editing --------------------------------------------------------------------------------

def test_update_edits_the_card(services):
    dossier_id = create(services, "Ana López", phones=["+34 612 345 678"],
                        next_contact=TODAY + timedelta(days=2))
    created = services.dossiers.get(dossier_id)
    services.dossiers.update(dossier_id, name="Ana López García", company="Frutas Sol",
                             phones=["mobile: +34 699 111 222"], emails=["ana@frutassol.es"],
                             status="dormant", notes="Moved to Valencia")
    card = services.dossiers.get(dossier_id)
    assert card.name == "Ana López García" and card.company == "Frutas Sol"
    assert [(p.label, p.number) for p in card.phones] == [("mobile", "+34 699 11 12 22")]
    assert [e.address for e in card.emails] == ["ana@frutassol.es"]
    assert card.status == "dormant" and card.notes == "Moved to Valencia"
    assert card.next_contact == created.next_contact  # editing the card does not refile it
    assert card.created_at == created.created_at and card.updated_at > created.updated_at
    row = services.views.list_insert("2026-11-26")[0]
    assert (row.name, row.company, row.phone) == ("Ana López García", "Frutas Sol",
                                                  "+34 699 11 12 22")


@pytest.mark.parametrize("fields", [
    {"name": ""}, {"name": "x" * 201}, {"phones": ["12"]}, {"emails": ["nope"]},
    {"status": "maybe"}, {"favourite_colour": "blue"},
    {"company": "Frutas Sol", "phones": ["+34 1"]},  # one bad field spoils the whole edit
])
def test_a_refused_edit_changes_nothing(services, fields):
    dossier_id = create(services, "Ana López", phones=["+34 612 345 678"])
    before = binder_digest(services)
    with pytest.raises(InvalidInput):
        services.dossiers.update(dossier_id, **fields)
    assert binder_digest(services) == before
    card = services.dossiers.get(dossier_id)
    assert card.name == "Ana López" and card.company == ""


def test_timestamps_are_utc(services):
    card = services.dossiers.get(create(services))
    assert card.created_at.utcoffset() == UTC.utcoffset(None)
