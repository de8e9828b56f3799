"""A team binder's people: the first to open it is its manager, everyone sees their own
dossiers in the strip, a manager sees anyone's or everyone's and each person's load, and
reassigning hands dossiers over with their history, documents and forms. Run on a real
PostgreSQL, each person with a login of their own (tests/pg.py `as_login`)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.clock import FixedClock
from app.errors import InvalidInput
from app.services import open_services
from app.services.dossiers import NewDossier
from app.services.team import NotAllowed
from tests.conftest import TODAY
from tests.pg import as_login, give_binder_to

FORM = [{"name": "fleet", "label": "Fleet size", "type": "number", "required": False}]


@pytest.fixture
def team(pg_binder_url):
    """The manager (the binder's first person), then Anna and Piotr, each in a window of
    their own on the same team binder."""
    opened = {}
    for login in ("boss", "anna", "piotr"):
        opened[login] = open_services(as_login(pg_binder_url, login), FixedClock(TODAY))
    yield opened
    for services in opened.values():
        services.close()


def _today(services) -> int:
    return {t.key: t.count for t in services.views.tabs()}[TODAY.isoformat()]


def test_the_first_person_is_the_manager_and_the_others_salespeople(team):
    assert team["boss"].people.me.manager
    assert not team["anna"].people.me.manager
    assert [(p.login, p.role) for p in team["anna"].people.people()] == [
        ("anna", "salesperson"), ("boss", "manager"), ("piotr", "salesperson")]


def test_each_strip_shows_its_own_dossiers_and_a_manager_shows_anyones(team):
    for name in ("Ana Ruiz", "Łukasz Wróblewski"):
        team["anna"].dossiers.create(NewDossier(name=name, next_contact=TODAY))
    team["piotr"].dossiers.create(NewDossier(name="Фёдор Ёлкин", next_contact=TODAY))
    assert (_today(team["anna"]), _today(team["piotr"]), _today(team["boss"])) == (2, 1, 0)
    assert [r.name for r in team["piotr"].views.list_insert("today")] == ["Фёдор Ёлкин"]

    team["boss"].people.show("piotr")
    assert _today(team["boss"]) == 1
    team["boss"].people.show("everyone")
    assert _today(team["boss"]) == 3
    assert team["boss"].people.shown is None
    # search finds the team's clients, whoever's they are
    assert [r.name for r in team["piotr"].views.search("lukasz")] == ["Łukasz Wróblewski"]


def test_a_salesperson_sees_only_their_own(team):
    with pytest.raises(NotAllowed, match="manager"):
        team["anna"].people.show("everyone")
    with pytest.raises(NotAllowed, match="manager"):
        team["anna"].people.show("piotr")
    with pytest.raises(NotAllowed, match="manager"):
        team["anna"].people.loads(TODAY, TODAY)
    team["anna"].people.show("anna")  # one's own: always


def test_templates_are_the_teams_edited_by_managers(team):
    with pytest.raises(NotAllowed, match="manager"):
        team["anna"].forms.save_template("Visit report", FORM)
    with pytest.raises(NotAllowed, match="manager"):
        team["anna"].proposals.save_template("Offer", "Offer", "Dear {client}")
    made = team["boss"].forms.save_template("Visit report", FORM)
    assert [t.id for t in team["anna"].forms.templates()] == [made]  # everyone fills it


def test_reassigning_a_selection_keeps_history_documents_and_forms(team):
    anna, piotr = team["anna"], team["piotr"]
    template = team["boss"].forms.save_template("Visit report", FORM)
    ana, _ = anna.dossiers.create(NewDossier(name="Ana Ruiz", next_contact=TODAY))
    other, _ = anna.dossiers.create(NewDossier(name="Pablo Núñez", next_contact=TODAY))
    anna.attachments.add(ana, "oferta.pdf", b"%PDF-1.4 oferta")
    form, _ = anna.forms.add_form(ana, template)
    anna.forms.fill(form, {"fleet": "12"})
    before = anna.dossiers.get(ana)

    moved, changes = anna.people.reassign([ana], "piotr")
    assert moved == 1 and changes.dossiers == {ana} and TODAY in changes.dates
    assert (_today(anna), _today(piotr)) == (1, 1)
    after = piotr.dossiers.get(ana)
    assert [d.filename for d in after.attachments] == ["oferta.pdf"]
    assert [f.values for f in after.forms] == [{"fleet": "12"}]
    assert [e.id for e in after.events][1:] == [e.id for e in before.events]
    assert after.events[0].summary == "Reassigned from anna to piotr"
    # Anna may not take back what is no longer hers; the manager may move anyone's
    with pytest.raises(NotAllowed, match="manager"):
        anna.people.reassign([ana], "anna")
    assert team["boss"].people.reassign([ana, other], "anna")[0] == 1
    assert (_today(anna), _today(piotr)) == (2, 0)


def test_a_manager_reassigns_an_absent_colleagues_week(team):
    anna, piotr, boss = team["anna"], team["piotr"], team["boss"]
    week = [TODAY + timedelta(days=n) for n in range(7)]
    for n, day in enumerate([*week, TODAY + timedelta(days=20)]):
        piotr.dossiers.create(NewDossier(name=f"Client {n}", next_contact=day))
    loads = boss.people.loads(TODAY, TODAY + timedelta(days=30))
    assert sum(loads["piotr"].values()) == 8 and loads["anna"] == {}

    moved, changes = boss.people.reassign_period("piotr", week[0], week[-1], "anna")
    assert moved == 7 and changes.dates == set(week)
    loads = boss.people.loads(TODAY, TODAY + timedelta(days=30))
    assert sum(loads["anna"].values()) == 7 and sum(loads["piotr"].values()) == 1
    assert _today(anna) == 1 and _today(piotr) == 0
    with pytest.raises(InvalidInput, match="ends before"):
        boss.people.reassign_period("piotr", week[-1], week[0], "anna")


def test_a_manager_adds_a_colleague_before_their_first_open(team, pg_binder_url):
    boss = team["boss"]
    with pytest.raises(InvalidInput, match=r"Only the owner of the binder's database "
                       r"\(postgres\) can let people in"):
        boss.people.set_role("anna", "salesperson")  # not the manager who owns the binder
    give_binder_to(pg_binder_url, "boss")
    with pytest.raises(InvalidInput, match="no login 'ewa'"):
        boss.people.add_person("ewa", "Ewa Nowak")
    ewa_url = as_login(pg_binder_url, "ewa")  # the server's administrator makes the login
    added = boss.people.add_person("ewa", "Ewa Nowak")
    assert (added.login, added.name, added.role) == ("ewa", "Ewa Nowak", "salesperson")
    with pytest.raises(InvalidInput, match="already"):
        boss.people.add_person("ewa")
    with pytest.raises(NotAllowed):
        team["anna"].people.add_person("marek")
    mine, _ = boss.dossiers.create(NewDossier(name="Nowy klient", next_contact=TODAY))
    boss.people.reassign([mine], "ewa")
    with open_services(ewa_url, FixedClock(TODAY)) as ewa:
        assert ewa.people.me.name == "Ewa Nowak"  # known already: not made again
        assert [r.name for r in ewa.views.list_insert("today")] == ["Nowy klient"]


def test_the_last_manager_stays_one(team):
    with pytest.raises(InvalidInput, match="at least one manager"):
        team["boss"].people.set_role("boss", "salesperson")
    assert team["boss"].people.me.manager


def test_the_owner_stays_a_manager_and_one_demoted_elsewhere_sees_their_own_at_once(
        team, pg_binder_url):
    boss, anna = team["boss"], team["anna"]
    give_binder_to(pg_binder_url, "boss")
    boss.people.set_role("anna", "manager")
    with pytest.raises(InvalidInput, match="boss owns the binder's database"):
        boss.people.set_role("boss", "salesperson")  # else no one could let people in
    anna.people.show("everyone")  # her role read again: a manager's now
    assert anna.people.shown is None
    boss.people.set_role("anna", "salesperson")
    assert anna.people.refresh()  # her window then reads everything again
    assert not anna.people.is_manager
    assert anna.people.shown is not None and anna.people.shown.login == "anna"
    with pytest.raises(NotAllowed):
        anna.people.show("everyone")


@pytest.mark.file_binder
def test_a_solo_binder_has_no_team(services):
    assert services.people.people() == [] and services.people.is_manager
    with pytest.raises(InvalidInput, match="solo binder"):
        services.people.reassign([], "anna")


def test_a_team_binder_made_by_its_manager_lets_in_whom_they_add(pg_cluster, request):
    """The server's administrator gives the manager a database and the salespeople logins;
    the manager's first open makes the binder (and them its manager), adding a colleague
    lets their login in, and nobody else's."""
    from app.errors import BinderUnavailable
    from tests.pg import database_owned_by, make_login

    url = database_owned_by(pg_cluster, request.node.name, "maria")
    with open_services(url, FixedClock(TODAY), create=True) as maria:
        assert maria.people.me.manager
        make_login(pg_cluster, "jan")
        maria.people.add_person("jan", "Jan Kowalski")
        make_login(pg_cluster, "outsider")
    jan_url = url.replace("maria@", "jan@")
    with open_services(jan_url, FixedClock(TODAY)) as jan:
        assert jan.people.me.name == "Jan Kowalski" and not jan.people.me.manager
        made, _ = jan.dossiers.create(NewDossier(name="Ola Nowak", next_contact=TODAY))
        assert [r.id for r in jan.views.list_insert("today")] == [made]
    # a salesperson cannot make themselves a manager behind the app's back
    import psycopg

    plain = jan_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE users SET role = 'manager' WHERE login = current_user")
    with psycopg.connect(plain) as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE binder_settings SET daily_capacity = 99")
    with open_services(jan_url, FixedClock(TODAY)) as jan:
        with pytest.raises(NotAllowed):
            jan.settings.update(daily_capacity=99)
        assert jan.people.rename("jan", "Jan K.").name == "Jan K."  # their own name: yes
    with open_services(url, FixedClock(TODAY)) as maria:
        maria.people.set_role("jan", "manager")
    with psycopg.connect(plain) as conn:  # a manager now: the grants follow the role
        conn.execute("UPDATE binder_settings SET daily_capacity = 25")
    with pytest.raises(BinderUnavailable, match=r"outsider may not open the team binder .*"
                       r"`ringbinder team add outsider`"):
        open_services(url.replace("maria@", "outsider@"), FixedClock(TODAY))


def test_people_are_renamed_by_themselves_or_a_manager(team):
    assert team["anna"].people.rename("anna", "Anna Kowalska").name == "Anna Kowalska"
    assert team["anna"].people.me.name == "Anna Kowalska"
    with pytest.raises(NotAllowed):
        team["anna"].people.rename("piotr", "Piotr")
    assert team["boss"].people.rename("piotr", "Piotr Nowak").name == "Piotr Nowak"
    assert [p.name for p in team["boss"].people.people()] == ["Anna Kowalska", "boss",
                                                               "Piotr Nowak"]


def test_a_reassignment_is_given_back_unless_reassigned_since(team):
    anna, boss = team["anna"], team["boss"]
    ana, _ = anna.dossiers.create(NewDossier(name="Ana Ruiz", next_contact=TODAY))
    anna.people.reassign([ana], "piotr")
    before = dict(anna.people.last_moved)
    assert before == {ana: anna.people.me.key}
    moved, changes = anna.people.give_back(before, "piotr")  # her own undo: allowed
    assert moved == 1 and changes.dossiers == {ana}
    assert (_today(anna), _today(team["piotr"])) == (1, 0)
    assert anna.dossiers.get(ana).events[0].summary == "Reassigned from piotr to anna"

    anna.people.reassign([ana], "piotr")
    before = dict(anna.people.last_moved)
    boss.people.reassign([ana], "boss")  # the manager moved it on meanwhile
    with pytest.raises(InvalidInput, match="reassigned meanwhile"):
        anna.people.give_back(before, "piotr")
    assert _today(boss) == 1
