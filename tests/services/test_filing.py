"""Filing: log a contact, schedule, move, archive and restore, rebalance an overloaded day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import exc, text

from app.errors import InvalidInput, NotFound
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep
from tests.conftest import TODAY
from tests.helpers import binder_digest

TOMORROW = TODAY + timedelta(days=1)  # Wednesday 25 November 2026
THU, FRI, SAT, MON = (date(2026, 11, 26), date(2026, 11, 27), date(2026, 11, 28),
                      date(2026, 11, 30))


def create(services, name: str = "Ana López", **fields) -> str:
    return services.dossiers.create(NewDossier(name, **fields))[0]


def counts(services) -> dict[str, int]:
    return {tab.key: tab.count for tab in services.views.tabs()}


def ids_under(services, key: str) -> list[str]:
    return [row.id for row in services.views.list_insert(key)]


CALL = ContactLog("call", "Went through the offer for the pumps", "Wants a 5 % discount")


# -- logging a contact ----------------------------------------------------------------------

def test_log_contact_appends_the_event_and_refiles(services):
    dossier_id = create(services, next_contact=TOMORROW)
    services.filing.log_contact(
        dossier_id,
        ContactLog("Call", "Went through the offer for the pumps", "Wants a 5 % discount",
                   offer="Revised quote", amount="1 250,50"),
        NextStep(date(2026, 12, 3), "10:00", "Send the revised quote", "high"))
    card = services.dossiers.get(dossier_id)
    [event] = card.events
    assert event.kind == "contact" and event.channel == "call"
    assert event.summary == "Went through the offer for the pumps"
    assert event.outcome == "Wants a 5 % discount" and event.offer == "Revised quote"
    assert (event.amount, event.currency) == ("1250.50", "EUR")
    assert event.next_contact == date(2026, 12, 3)
    assert (card.next_contact, card.time, card.purpose, card.priority) == (
        date(2026, 12, 3), "10:00", "Send the revised quote", 1)
    assert card.status == "active"  # a prospect we talked to
    tabs = counts(services)
    assert tabs["2026-11-25"] == 0 and tabs["2026-12-03"] == 1
    [row] = services.views.list_insert("2026-12-03")
    assert row.last_outcome == "Wants a 5 % discount"


def test_history_grows_newest_first(services):
    dossier_id = create(services, next_contact=TOMORROW)
    for n in range(3):
        services.filing.log_contact(dossier_id, ContactLog("email", f"Mail {n}", f"Reply {n}"),
                                    NextStep(TOMORROW + timedelta(days=n)))
    card = services.dossiers.get(dossier_id)
    assert [e.summary for e in card.events] == ["Mail 2", "Mail 1", "Mail 0"]
    assert card.next_contact == TOMORROW + timedelta(days=2)
    assert services.views.list_insert("2026-11-27")[0].last_outcome == "Reply 2"


def test_log_without_next_date_files_under_undated(services):
    dossier_id = create(services, next_contact=TOMORROW, time="11:00", fixed=True)
    services.filing.log_contact(dossier_id, CALL)
    card = services.dossiers.get(dossier_id)
    assert card.next_contact is None and card.time is None and not card.fixed
    assert ids_under(services, "undated") == [dossier_id]
    assert counts(services)["2026-11-25"] == 0


def test_log_with_archive_reason_archives(services):
    dossier_id = create(services, next_contact=TOMORROW)
    services.filing.log_contact(dossier_id, ContactLog("visit", "Final meeting", "Signed"),
                                archive_reason="won: contract signed")
    card = services.dossiers.get(dossier_id)
    assert card.archived and card.archive_reason == "won: contract signed"
    assert card.next_contact is None
    assert [(e.kind, e.summary) for e in card.events] == [  # newest first
        ("archive", "won: contract signed"), ("contact", "Final meeting")]
    tabs = counts(services)
    assert tabs["archive"] == 1 and tabs["2026-11-25"] == 0 and tabs["undated"] == 0
    assert ids_under(services, "archive") == [dossier_id]


@pytest.mark.parametrize(("log", "step", "reason"), [
    pytest.param(ContactLog("call", "", "No answer"), None, None, id="empty summary"),
    pytest.param(ContactLog("call", "   ", "No answer"), None, None, id="blank summary"),
    pytest.param(ContactLog("call", "Talked", ""), None, None, id="empty outcome"),
    pytest.param(ContactLog("fax", "Talked", "Fine"), None, None, id="unknown channel"),
    pytest.param(ContactLog("call", "Talked", "Fine", amount="a lot"), None, None,
                 id="bad amount"),
    pytest.param(CALL, NextStep(TODAY - timedelta(days=1)), None, id="next date in the past"),
    pytest.param(CALL, NextStep(None, "10:00"), None, id="time without date"),
    pytest.param(CALL, NextStep(TOMORROW), "lost", id="archive and a next date"),
    pytest.param(CALL, None, "  ", id="blank archive reason"),
])
def test_a_refused_log_changes_nothing(services, log, step, reason):
    dossier_id = create(services, next_contact=TOMORROW)
    before = binder_digest(services)
    with pytest.raises(InvalidInput):
        services.filing.log_contact(dossier_id, log, step, archive_reason=reason)
    assert binder_digest(services) == before
    card = services.dossiers.get(dossier_id)
    assert card.events == [] and card.next_contact == TOMORROW and not card.archived
    assert counts(services)["2026-11-25"] == 1


def test_log_on_an_archived_dossier_is_refused(services):
    dossier_id = create(services)
    services.filing.archive(dossier_id, "not interested")
    with pytest.raises(InvalidInput, match="archived"):
        services.filing.log_contact(dossier_id, CALL, NextStep(TOMORROW))
    assert len(services.dossiers.get(dossier_id).events) == 1


def test_log_on_an_unknown_dossier(services):
    with pytest.raises(NotFound):
        services.filing.log_contact("0123456789", CALL)


# -- schedule -------------------------------------------------------------------------------

def test_schedule_files_the_dossier_with_its_next_step(services):
    dossier_id = create(services, priority="high")
    services.filing.schedule(dossier_id, NextStep(FRI, "14:00", "Site visit", fixed=True))
    card = services.dossiers.get(dossier_id)
    assert (card.next_contact, card.time, card.purpose, card.fixed) == (
        FRI, "14:00", "Site visit", True)
    assert card.priority == 1  # kept when no new priority is given
    assert card.events == []  # scheduling is not a contact
    assert ids_under(services, "2026-11-27") == [dossier_id]
    assert counts(services)["undated"] == 0
    services.filing.schedule(dossier_id, NextStep(None))
    assert ids_under(services, "undated") == [dossier_id]
    assert not services.dossiers.get(dossier_id).fixed


def test_schedule_in_the_past_is_refused(services):
    dossier_id = create(services, next_contact=FRI)
    before = binder_digest(services)
    with pytest.raises(InvalidInput, match="before today"):
        services.filing.schedule(dossier_id, NextStep(TODAY - timedelta(days=1)))
    assert binder_digest(services) == before


# -- move -----------------------------------------------------------------------------------

def test_move_one(services):
    dossier_id = create(services, next_contact=TOMORROW, time="09:00")
    create(services, "Borja Peña", next_contact=TOMORROW)
    services.filing.move([dossier_id], date(2027, 2, 10))
    tabs = counts(services)
    assert tabs["2026-11-25"] == 1 and tabs["2027-02"] == 1
    assert services.dossiers.get(dossier_id).time == "09:00"  # the time stays


def test_move_many(services):
    ids = [create(services, f"Client {n}", next_contact=TOMORROW) for n in range(5)]
    before = counts(services)
    changes = services.filing.move(ids[:3], FRI)
    after = counts(services)
    assert (before["2026-11-25"], before["2026-11-27"]) == (5, 0)
    assert (after["2026-11-25"], after["2026-11-27"]) == (2, 3)
    assert changes.dossiers == set(ids[:3])
    assert set(ids_under(services, "2026-11-27")) == set(ids[:3])


def test_move_to_undated_drops_time_and_fixed(services):
    dossier_id = create(services, next_contact=TOMORROW, time="09:00", fixed=True)
    services.filing.move([dossier_id], None)
    card = services.dossiers.get(dossier_id)
    assert card.next_contact is None and card.time is None and not card.fixed
    assert ids_under(services, "undated") == [dossier_id]


def test_move_to_a_past_date_or_nothing_is_refused(services):
    ids = [create(services, f"Client {n}", next_contact=TOMORROW) for n in range(2)]
    before = binder_digest(services)
    with pytest.raises(InvalidInput, match="before today"):
        services.filing.move(ids, TODAY - timedelta(days=1))
    with pytest.raises(InvalidInput):
        services.filing.move([], FRI)
    with pytest.raises(NotFound):  # one unknown id: none of them moves
        services.filing.move([ids[0], "ffffffff"], FRI)
    assert binder_digest(services) == before
    assert counts(services)["2026-11-25"] == 2


def test_an_archived_dossier_cannot_be_moved(services):
    dossier_id = create(services, next_contact=TOMORROW)
    services.filing.archive(dossier_id, "company closed")
    with pytest.raises(InvalidInput, match="archived"):
        services.filing.move([dossier_id], FRI)


# -- archive and restore --------------------------------------------------------------------

def test_archive_and_restore_leave_their_reasons_in_the_history(services):
    dossier_id = create(services, next_contact=TOMORROW, time="10:00")
    services.filing.archive(dossier_id, "lost: went with a competitor")
    card = services.dossiers.get(dossier_id)
    assert card.archived and card.archive_reason == "lost: went with a competitor"
    assert card.next_contact is None
    assert [(e.kind, e.summary) for e in card.events] == [
        ("archive", "lost: went with a competitor")]
    tabs = counts(services)
    assert tabs["archive"] == 1 and tabs["2026-11-25"] == 0

    services.filing.restore(dossier_id, "They called back", NextStep(FRI, "15:00", "Visit"))
    card = services.dossiers.get(dossier_id)
    assert not card.archived and card.archive_reason == ""
    assert (card.next_contact, card.time, card.purpose) == (FRI, "15:00", "Visit")
    assert sorted((e.kind, e.summary) for e in card.events) == [
        ("archive", "lost: went with a competitor"), ("restore", "They called back")]
    tabs = counts(services)
    assert tabs["archive"] == 0 and tabs["2026-11-27"] == 1


def test_restore_without_date_goes_to_undated(services):
    dossier_id = create(services, next_contact=TOMORROW)
    services.filing.archive(dossier_id, "not interested")
    services.filing.restore(dossier_id, "New budget")
    assert ids_under(services, "undated") == [dossier_id]


def test_archive_and_restore_refusals(services):
    dossier_id = create(services, next_contact=TOMORROW)
    before = binder_digest(services)
    with pytest.raises(InvalidInput):
        services.filing.archive(dossier_id, "")
    with pytest.raises(InvalidInput, match="not archived"):
        services.filing.restore(dossier_id, "why not")
    assert binder_digest(services) == before
    services.filing.archive(dossier_id, "not interested")
    with pytest.raises(InvalidInput, match="archived"):
        services.filing.archive(dossier_id, "twice")
    with pytest.raises(InvalidInput):
        services.filing.restore(dossier_id, "")
    assert counts(services)["archive"] == 1


# -- rebalance ------------------------------------------------------------------------------

def test_rebalance_moves_the_excess_to_the_next_days_with_room(services):
    services.settings.update(daily_capacity=3, recent_days=0)  # no date counts as just set
    fixed = create(services, "Fixed Meeting", next_contact=THU, time="09:00", priority="low",
                   fixed=True)
    boss = create(services, "Important Client", next_contact=THU, priority="high")
    normal = create(services, "Normal Client", next_contact=THU, time="11:00")
    lows = [create(services, f"Low {n}", next_contact=THU, priority="low") for n in range(3)]
    for n in range(2):
        create(services, f"Friday {n}", next_contact=FRI)
    tabs = {t.key: t for t in services.views.tabs()}
    assert tabs["2026-11-26"].count == 6 and tabs["2026-11-26"].over_capacity
    assert not tabs["2026-11-27"].over_capacity

    # the nearest days with room: Friday's one place, then the empty Wednesday before
    plan = services.filing.plan_rebalance("2026-11-26")
    assert plan.day == THU
    assert {d for d, _w in plan.moves} == set(lows)  # the lowest priority, never the fixed
    assert sorted(w for _d, w in plan.moves) == [TOMORROW, TOMORROW, FRI]
    # only forward: one place left on Friday, the weekend is skipped, then Monday
    plan = services.filing.plan_rebalance("2026-11-26", earlier=False)
    assert {d for d, _w in plan.moves} == set(lows)
    assert sorted(w for _d, w in plan.moves) == [FRI, MON, MON]
    assert plan.unplaced == []
    assert counts(services)["2026-11-26"] == 6  # a plan changes nothing by itself

    services.filing.apply_rebalance(plan)
    tabs = {t.key: t for t in services.views.tabs()}
    assert (tabs["2026-11-26"].count, tabs["2026-11-27"].count, tabs["2026-11-28"].count,
            tabs["2026-11-30"].count) == (3, 3, 0, 2)
    assert not any(t.over_capacity for t in tabs.values())
    assert set(ids_under(services, "2026-11-26")) == {fixed, boss, normal}
    assert services.dossiers.get(fixed).next_contact == THU
    assert services.filing.plan_rebalance("2026-11-26").is_empty


def test_rebalance_of_a_day_within_capacity_is_empty(services):
    services.settings.update(daily_capacity=3)
    for n in range(3):
        create(services, f"Client {n}", next_contact=THU)
    plan = services.filing.plan_rebalance("2026-11-26")
    assert plan.is_empty and plan.unplaced == []


def test_capacity_zero_means_never_over(services):
    services.settings.update(daily_capacity=0)
    for n in range(30):
        create(services, f"Client {n}", next_contact=THU)
    assert not any(t.over_capacity for t in services.views.tabs())
    assert services.filing.plan_rebalance("2026-11-26").is_empty


def test_fixed_appointments_over_capacity_stay_and_nothing_moves(services):
    services.settings.update(daily_capacity=2)
    meetings = [create(services, f"Meeting {n}", next_contact=THU, time=f"1{n}:00", fixed=True)
                for n in range(3)]
    assert {t.key: t for t in services.views.tabs()}["2026-11-26"].over_capacity
    plan = services.filing.plan_rebalance("2026-11-26")
    assert plan.is_empty
    [(kept, why)] = plan.unplaced  # the one over the capacity stays, and says why
    assert kept in meetings and why == "fixed"


def test_only_a_day_can_be_rebalanced(services):
    for key in ("overdue", "2026-12", "later", "undated", "archive"):
        with pytest.raises(InvalidInput):
            services.filing.plan_rebalance(key)
    with pytest.raises(InvalidInput):
        services.filing.plan_rebalance("2031-01-01")


def test_a_stale_plan_is_refused_as_a_whole(services):
    services.settings.update(daily_capacity=1, recent_days=0)
    ids = [create(services, f"Client {n}", next_contact=THU, priority="low") for n in range(3)]
    plan = services.filing.plan_rebalance("2026-11-26")
    assert len(plan.moves) == 2
    moving = plan.moves[1][0]
    services.filing.schedule(moving, NextStep(THU, "09:00", fixed=True))
    with pytest.raises(InvalidInput, match="changed"):
        services.filing.apply_rebalance(plan)
    assert set(ids_under(services, "2026-11-26")) == set(ids)  # not even the first moved


# -- the history is append-only -------------------------------------------------------------

def test_events_cannot_be_edited_in_place(services):
    dossier_id = create(services, next_contact=TOMORROW)
    services.filing.log_contact(dossier_id, CALL, NextStep(FRI))
    with pytest.raises(exc.DBAPIError, match="append-only"), services.db.write() as session:
        session.execute(text("UPDATE contact_events SET summary = 'rewritten history'"))
    [event] = services.dossiers.get(dossier_id).events
    assert event.summary == CALL.summary
    assert services.views.search("rewritten") == []
