"""An edit typed over a card that someone else changed meanwhile is never written over their
change: the service says which fields, what was typed and what is there now, and writes
nothing; changes to other fields, or to the same value, are no conflict."""

from __future__ import annotations

import pytest

from app.errors import EditConflict
from app.services.dossiers import NewDossier
from tests.helpers import binder_digest


@pytest.fixture
def ana(services):
    dossier_id, _ = services.dossiers.create(NewDossier(
        name="Ana Ruiz", company="Frutas Ruiz", phones=["mobile: +34 612 345 678"],
        notes="Wants samples"))
    return dossier_id


def test_a_field_changed_meanwhile_is_not_overwritten(services, ana):
    base = {"notes": "Wants samples"}  # the card as this window read it
    services.dossiers.update(ana, notes="Wants samples and a visit")  # another window
    before = binder_digest(services)
    with pytest.raises(EditConflict) as refused:
        services.dossiers.update(ana, base=base, notes="Wants samples in March")
    assert "Notes" in str(refused.value) and "nothing was saved" in str(refused.value)
    assert refused.value.dossier_id == ana
    assert refused.value.conflicts == [
        ("notes", "Wants samples in March", "Wants samples and a visit")]
    assert binder_digest(services) == before
    assert services.dossiers.get(ana).notes == "Wants samples and a visit"
    # choosing to keep one's own: the edit based on what is there now lands
    services.dossiers.update(ana, base={"notes": "Wants samples and a visit"},
                             notes="Wants samples in March")
    assert services.dossiers.get(ana).notes == "Wants samples in March"


def test_other_fields_and_the_same_value_are_no_conflict(services, ana):
    base = {"company": "Frutas Ruiz", "name": "Ana Ruiz"}
    services.dossiers.update(ana, notes="Called back")  # another field
    services.dossiers.update(ana, base=base, company="Frutas Ruiz S.L.")
    services.dossiers.update(ana, name="Ana Ruiz García")  # the same change, made twice
    services.dossiers.update(ana, base=base, name="Ana Ruiz García")
    card = services.dossiers.get(ana)
    assert (card.name, card.company, card.notes) == ("Ana Ruiz García", "Frutas Ruiz S.L.",
                                                     "Called back")


def test_phones_changed_meanwhile_are_a_conflict_told_as_lines(services, ana):
    base = {"phones": ["mobile: +34 612 345 678"]}
    services.dossiers.update(ana, phones=["mobile: +34 612 345 678", "office: +34 91 123 45 67"])
    with pytest.raises(EditConflict) as refused:
        services.dossiers.update(ana, base=base, phones=["+34 699 000 111"])
    (field, typed, there), = refused.value.conflicts
    assert (field, typed) == ("phones", ["+34 699 000 111"])
    assert there == ["mobile: +34 612 34 56 78", "office: +34 911 23 45 67"]  # as stored
    # the same numbers written differently are the same phones
    services.dossiers.update(ana, base={"phones": ["mobile: +34612345678",
                                                   "office: +34 911 23 45 67"]},
                             phones=["+34 699 000 111"])
    assert [p.number for p in services.dossiers.get(ana).phones] == ["+34 699 00 01 11"]


def test_undoing_a_move_leaves_a_dossier_refiled_meanwhile_where_it_is(services, ana):
    from datetime import timedelta

    from tests.conftest import TODAY

    before = services.filing.schedules([ana])
    services.filing.move([ana], TODAY + timedelta(days=3))  # this window's move
    services.filing.move([ana], TODAY + timedelta(days=5))  # a colleague's, after it
    with pytest.raises(EditConflict, match="refiled meanwhile"):
        services.filing.put_back(before, {ana: TODAY + timedelta(days=3)})
    assert services.filing.schedules([ana])[0].date == TODAY + timedelta(days=5)
    services.filing.put_back(before, {ana: TODAY + timedelta(days=5)})  # nobody else: undone
    assert services.filing.schedules([ana])[0].date == before[0].date
