"""Merging a handover: the owner's workload goes to a colleague and comes back; every event of
both sides arrives exactly once, one-sided changes are taken, conflicts are reported and
resolved by the policy, a repeated import changes nothing, a refused one touches nothing."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import HandoverDamaged, InvalidInput, WrongPassphrase
from app.handover import merge as m
from app.handover import payload as p
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep
from tests.cli.test_cli import run_cli
from tests.conftest import TODAY
from tests.handover.conftest import PASSPHRASE
from tests.helpers import binder_digest


def _state(services, ids):
    """Every dossier of the binder named in ids, as the payload, by UUID."""
    return {d.uuid: d for d in services.handover.workload(ids=list(ids)).workload.dossiers}


def _event_ids(dossiers):
    return [e.uuid for d in dossiers.values() for e in d.events]


def test_a_colleague_takes_over_everything_with_its_ids(filled, colleague, tmp_path):
    owner = filled.services
    ids = list(filled.ids.values())
    out = tmp_path / "h.rbh"
    owner.handover.export(out, ids=ids, passphrase=PASSPHRASE)
    preview = colleague.handover.preview(out, PASSPHRASE)
    assert preview["new"] == 6 and preview["conflicts"] == []
    summary = colleague.handover.merge(out, PASSPHRASE)
    assert summary["new"] == 6 and summary["documents_added"] == 4
    assert summary["templates_added"] == 2
    sent, arrived = _state(owner, ids), _state(colleague, ids)
    assert {u: replace(d, updated_at=None) for u, d in sent.items()} == \
        {u: replace(d, updated_at=None) for u, d in arrived.items()}
    assert [r.id for r in colleague.views.search("Małgorzata")] == [ids[0]]


def _round_trip(filled, colleague, tmp_path, policy):
    owner = filled.services
    d = list(filled.ids.values())
    out, back = tmp_path / "out.rbh", tmp_path / "back.rbh"
    owner.handover.export(out, ids=d)
    colleague.handover.merge(out)
    # the colleague works
    c = colleague
    c.filing.log_contact(d[0], ContactLog("call", "Colleague call", "Agreed"),
                         NextStep(TODAY + timedelta(days=2), purpose="Send contract"))
    c.filing.schedule(d[1], NextStep(TODAY + timedelta(days=9)))
    c.filing.archive(d[2], "Went elsewhere")
    doc, _ = c.attachments.add(d[3], "notatka.txt", b"od kolegi")
    c.dossiers.update(d[4], notes="Colleague's notes")
    added, _ = c.dossiers.create(NewDossier(name="Nuevo Cliente", phones=["+34 600 000 001"],
                                            next_contact=TODAY + timedelta(days=1)))
    c.filing.log_contact(added, ContactLog("visit", "First visit", "Promising"))
    c.handover.export(back, ids=[*d, added])
    # meanwhile the owner works too
    before = _event_ids(_state(owner, d))
    owner.dossiers.update(d[0], company="Przędzalnia Łódź S.A.")
    owner.dossiers.update(d[1], tags="vip")
    owner.filing.log_contact(d[3], ContactLog("call", "Owner call", "Call back"),
                             NextStep(TODAY + timedelta(days=5)))
    owner.dossiers.update(d[4], notes="Owner's notes")
    own_events = set(_event_ids(_state(owner, d))) - set(before)
    theirs = _event_ids(_state(c, [*d, added]))
    summary = owner.handover.merge(back, policy=policy)
    return owner, d, added, doc, own_events, theirs, summary


@pytest.mark.parametrize(("policy", "notes"), [
    ("newest", "Owner's notes"), ("mine", "Owner's notes"), ("theirs", "Colleague's notes")])
def test_coming_back_merges_both_sides(filled, colleague, tmp_path, policy, notes):
    owner, d, added, doc, own_events, theirs, summary = _round_trip(
        filled, colleague, tmp_path, policy)
    assert summary["new"] == 1
    assert [(c["id"], c["field"]) for c in summary["conflicts"]] == [(d[4], "notes")]
    assert summary["conflicts"][0]["resolution"] == ("theirs" if policy == "theirs" else "mine")
    now = _state(owner, [*d, added])
    events = _event_ids(now)
    assert len(events) == len(set(events))  # never doubled
    assert set(theirs) | own_events == set(events)  # never lost
    assert now[d[0]].company == "Przędzalnia Łódź S.A."  # the owner's change kept
    assert now[d[0]].next_contact == TODAY + timedelta(days=2)  # the colleague's taken
    assert now[d[0]].purpose == "Send contract"
    assert (now[d[1]].next_contact, now[d[1]].tags) == (TODAY + timedelta(days=9), "vip")
    assert now[d[2]].archived and now[d[2]].archive_reason == "Went elsewhere"
    assert doc in {a.uuid for a in now[d[3]].documents}
    assert now[d[3]].next_contact == TODAY + timedelta(days=5)
    assert now[d[4]].notes == notes
    assert now[added].full_name == "Nuevo Cliente" and now[added].phones
    row = next(r for r in owner.views.search("Nuevo"))
    assert row.id == added and row.phone.startswith("+34")


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
        filled, colleague, tmp_path):
    owner, *_ = _round_trip(filled, colleague, tmp_path, "newest")
    before = binder_digest(owner.path)
    again = owner.handover.merge(tmp_path / "back.rbh")
    assert (again["new"], again["updated"], again["events_added"], again["documents_added"],
            again["conflicts"]) == (0, 0, 0, 0, [])
    assert binder_digest(owner.path) == before


def test_a_field_chosen_by_the_user_overrides_the_policy(filled, colleague, tmp_path):
    owner = filled.services
    d = list(filled.ids.values())
    out, back = tmp_path / "out.rbh", tmp_path / "back.rbh"
    owner.handover.export(out, ids=d)
    colleague.handover.merge(out)
    colleague.dossiers.update(d[0], notes="theirs", company="Their company")
    colleague.handover.export(back, ids=d)
    owner.dossiers.update(d[0], notes="mine", company="My company")
    preview = owner.handover.preview(back, policy="mine")
    assert {c["field"] for c in preview["conflicts"]} == {"notes", "company"}
    owner.handover.merge(back, policy="mine", resolutions={(d[0], "notes"): "theirs"})
    now = owner.dossiers.get(d[0])
    assert (now.notes, now.company) == ("theirs", "My company")


def test_a_document_trashed_or_a_form_filled_on_one_side_arrives_newest_first(
        filled, colleague, tmp_path):
    """Documents and forms are records of their own: the version updated last wins."""
    owner = filled.services
    first = filled.ids[next(iter(filled.ids))]
    out, back = tmp_path / "out.rbh", tmp_path / "back.rbh"
    owner.handover.export(out, ids=list(filled.ids.values()))
    colleague.handover.merge(out)
    offer, contract, _empty = owner.attachments.list(first)
    form = owner.dossiers.get(first).forms[0]
    colleague.attachments.trash(offer.id)
    colleague.forms.fill(form.id, {"wielkosc_floty": "40", "zainteresowanie": "niskie"})
    colleague.handover.export(back, ids=list(filled.ids.values()))
    owner.attachments.trash(contract.id)  # the owner's own change, meanwhile
    summary = owner.handover.merge(back)
    assert (summary["documents_updated"], summary["forms_updated"]) == (1, 1)
    assert summary["conflicts"] == []
    assert {a.filename for a in owner.attachments.list(first, trashed=True)} == {
        "oferta.pdf", "umowa.txt"}
    assert owner.dossiers.get(first).forms[0].values["wielkosc_floty"] in (40, "40")
    # the owner restores the offer after the colleague's export: the owner's is newer, kept
    owner.attachments.restore(offer.id)
    again = owner.handover.merge(back)
    assert again["documents_updated"] == 0
    assert "oferta.pdf" in {a.filename for a in owner.attachments.list(first)}


# -- refusals leave the binder as it was ---------------------------------------------------

@pytest.fixture
def owner_file(filled, tmp_path):
    out = tmp_path / "h.rbh"
    filled.services.handover.export(out, ids=list(filled.ids.values()), passphrase=PASSPHRASE)
    return out


def test_a_wrong_passphrase_or_damaged_file_changes_nothing(colleague, owner_file, tmp_path):
    before = binder_digest(colleague.path)
    with pytest.raises(WrongPassphrase):
        colleague.handover.merge(owner_file, "wrong")
    damaged = tmp_path / "damaged.rbh"
    data = bytearray(owner_file.read_bytes())
    data[-40] ^= 0x01
    damaged.write_bytes(bytes(data))
    with pytest.raises(WrongPassphrase):
        colleague.handover.merge(damaged, PASSPHRASE)
    damaged.write_bytes(bytes(data[:len(data) // 2]))
    with pytest.raises(HandoverDamaged):
        colleague.handover.merge(damaged, PASSPHRASE)
    assert binder_digest(colleague.path) == before


def test_cli_import_prints_the_summary_and_refuses_with_exit_2(
        colleague, owner_file, tmp_path):
    path = colleague.path
    colleague.close()
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(PASSPHRASE + "\n", encoding="utf-8")
    bad.write_text("nope\n", encoding="utf-8")
    before = binder_digest(path)
    for secret in (bad, None):
        extra = ["--passphrase-file", str(secret)] if secret else []
        run = run_cli(path, "handover", "import", str(owner_file), *extra)
        assert run.code == 2 and run.out == "" and run.err.count("\n") == 1, run.err
        assert run.err.startswith("ringbinder: ")
    newer = tmp_path / "newer.rbh"
    newer.write_bytes(owner_file.read_bytes().replace(b'"version":1', b'"version":9', 1))
    run = run_cli(path, "handover", "import", str(newer), "--passphrase-file", str(good))
    assert run.code == 2 and "newer" in run.err
    assert binder_digest(path) == before
    run = run_cli(path, "handover", "import", str(owner_file), "--passphrase-file",
                  str(good), "--on-conflict", "theirs", "--json")
    assert run.code == 0, run.err
    summary = json.loads(run.out)
    assert (summary["new"], summary["policy"]) == (6, "theirs")
    run = run_cli(path, "handover", "import", str(owner_file), "--passphrase-file", str(good))
    assert run.code == 0 and "0 new dossiers" in run.out


# -- the rules, as a property over random edits --------------------------------------------

_T0 = datetime(2026, 11, 1, tzinfo=UTC)


def _dossier(notes: str, company: str, when: int, events: list[str], stamp: int) -> p.Dossier:
    return p.Dossier(
        uuid="00000000-0000-4000-8000-000000000001", updated_at=_T0 + timedelta(stamp),
        created_at=_T0, full_name="A", sort_name="a", position="", company=company,
        address="", website="", source="", segment="", tags="", status="active",
        notes=notes, next_contact=TODAY + timedelta(when), next_time=None, purpose="",
        priority=2, fixed=False, archived=False, archived_at=None, archive_reason="",
        phones=[], emails=[],
        events=[p.Event(u, _T0, _T0, "contact", "call", "", "", "", None, "", None, None)
                for u in events],
        documents=[], forms=[])


_values = st.sampled_from(["x", "y", "z"])
_events = st.lists(st.sampled_from([f"00000000-0000-4000-8000-00000000010{i}"
                                    for i in range(6)]), unique=True, max_size=4)


@settings(max_examples=50, deadline=None)
@given(base=st.tuples(_values, _values, st.integers(0, 2)),
       mine=st.tuples(_values, _values, st.integers(0, 2)),
       theirs=st.tuples(_values, _values, st.integers(0, 2)),
       mine_events=_events, their_events=_events, stamps=st.tuples(st.integers(0, 3),
                                                                   st.integers(0, 3)),
       policy=st.sampled_from(m.POLICIES))
def test_each_group_follows_the_three_way_rules(base, mine, theirs, mine_events,
                                                their_events, stamps, policy):
    b = _dossier(*base, [], 0)
    local = _dossier(*mine, mine_events, stamps[0])
    incoming = _dossier(*theirs, their_events, stamps[1])
    plan = m.plan_merge(p.Workload([incoming], []), {local.uuid: local},
                        {local.uuid: m.field_values(b)}, known=mine_events, policy=policy)
    fields = plan.updates[0].fields if plan.updates else {}
    added = plan.updates[0].events if plan.updates else []
    assert sorted(mine_events + [e.uuid for e in added]) == sorted(
        set(mine_events) | set(their_events))
    conflicts = {c.field: c for c in plan.conflicts}
    base_v, mine_v, their_v = (m.field_values(x) for x in (b, local, incoming))
    for group in ("notes", "company", "filing"):
        changed_here = mine_v[group] != base_v[group]
        changed_there = their_v[group] != base_v[group]
        if mine_v[group] == their_v[group] or not changed_there:
            assert group not in fields and group not in conflicts
        elif not changed_here:
            assert fields[group] == their_v[group] and group not in conflicts
        else:
            wins = policy if policy != "newest" else (
                "theirs" if stamps[1] > stamps[0] else "mine")
            assert conflicts[group].resolution == wins
            assert (group in fields) == (wins == "theirs")
    assert plan.bases == {local.uuid: their_v}


# -- returning a handover --------------------------------------------------------------------

def test_return_handover_sends_back_what_came_and_what_was_added_to_its_owner(
        filled, colleague, tmp_path):
    owner = filled.services
    d = list(filled.ids.values())
    out, back = tmp_path / "out.rbh", tmp_path / "back.rbh"
    own, _ = colleague.dossiers.create(NewDossier(name="Colleague's own client"))
    owner.handover.export(out, ids=d[:4], to_person="Piotr Nowak")
    with pytest.raises(InvalidInput, match="nothing to return"):
        colleague.handover.log.return_plan()
    colleague.handover.merge(out)
    colleague.handover.merge(out)  # twice: still one handover taken over
    added, _ = colleague.dossiers.create(NewDossier(name="Lead from Bodegas"))
    plan = colleague.handover.log.return_plan()
    assert plan.entry.from_name == "Łucja Kowalczyk" and plan.entry.dossiers == 4
    assert plan.ids == d[:4] and plan.added == [(added, "Lead from Bodegas")]
    assert own not in plan.chosen()
    summary = colleague.handover.return_handover(back, passphrase=PASSPHRASE)
    info = owner.handover.read_header(back)
    assert (info.header.from_name, info.header.to_name) == ("", "Łucja Kowalczyk")
    assert summary.counts["dossiers"] == 5 and summary.encrypted
    merged = owner.handover.merge(back, PASSPHRASE)
    assert merged["new_dossiers"] == [{"id": added, "name": "Lead from Bodegas"}]
    assert [e.direction for e in owner.handover.log.entries()] == ["in", "out"]
    assert [e.direction for e in colleague.handover.log.entries()] == ["out", "in"]


def test_the_merge_reports_its_progress_to_the_end(filled, colleague, tmp_path):
    out = tmp_path / "h.rbh"
    filled.services.handover.export(out, ids=list(filled.ids.values()))
    seen: list[tuple[int, int]] = []
    colleague.handover.preview(out, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 2), (1, 2), (2, 2)]
    seen.clear()
    colleague.handover.merge(out, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(i, 4) for i in range(5)]
