"""The people of a team binder: who is working (their database login), whose dossiers the
strip shows, each person's load, and reassigning dossiers from one person to another, which
replaces the handover file inside a team binder (history, documents and forms stay with the
dossier: only its owner changes, and its history says so).

In a solo binder there is nobody to tell apart: every dossier is the one user's, the strip
shows them all and nothing here is needed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from app.errors import BinderUnavailable, InvalidInput, NotFound, RingbinderError
from app.i18n import _
from app.services import validate as v
from app.services.dto import Changes
from app.store import queries, team_people
from app.store.fold import sort_key
from app.store.models import ContactEvent, User

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.binder import Services

ROLES = ("salesperson", "manager")
EVERYONE = "everyone"  # what `show` takes for everyone's dossiers


class NotAllowed(RingbinderError):
    """Work a salesperson's role does not allow in a team binder (a manager's)."""


@dataclass(frozen=True)
class Person:
    """Someone of a team binder, as the window and the command line show them."""

    key: int
    id: str
    login: str
    name: str
    role: str
    active: bool

    @property
    def manager(self) -> bool:
        return self.role == "manager"

    @classmethod
    def of(cls, user: User) -> Person:
        return cls(user.pk, user.uuid, user.login, user.name, user.role, user.active)


def _nobody(login: str) -> NotFound:
    return NotFound(_("There is nobody with the login '{login}' in this team binder.").format(
        login=login.strip()))


def _user(session: Session, login: str) -> User:
    """The person of this login, for a change to them (NotFound: nobody)."""
    user = team_people.person_by_login(session, login.strip())
    if user is None:
        raise _nobody(login)
    return user


def _person(row: Sequence[Any]) -> Person:
    pk, uuid, login, name, role, active = row
    return Person(int(pk), str(uuid), str(login), str(name), str(role), bool(active))


class TeamService:
    def __init__(self, services: Services) -> None:
        self._s = services
        self._me: Person | None = None
        # what the last reassignment here moved: dossier id -> its owner before (the undo)
        self.last_moved: dict[str, int | None] = {}

    # -- who is working ------------------------------------------------------------------
    def sign_in(self) -> Person | None:
        """Who opened this team binder, from their database login: made a person of the
        binder the first time (the binder's first person is its manager). The strip then
        shows their own dossiers. None in a solo binder."""
        if not self._s.team:
            return None
        with self._s.db.read() as session:
            login = team_people.current_login(session)
            user = team_people.person_by_login(session, login)
            me = None if user is None else Person(
                user.pk, user.uuid, user.login, user.name, user.role, user.active)
        if me is None:
            if self._s.readonly:
                raise BinderUnavailable(_(
                    "'{login}' is not a person of this team binder yet: open it once for "
                    "writing.").format(login=login))
            with self._s.db.write() as session:
                team_people.lock_people(session)
                user = team_people.person_by_login(session, login)  # made meanwhile?
                if user is None:
                    first = team_people.count_people(session) == 0
                    user = User(login=login, name=login,
                                role="manager" if first else "salesperson")
                    session.add(user)
                    session.flush()
                me = Person.of(user)
        self._me = me
        self._s.me = self._s.scope = me.key
        return me

    @property
    def me(self) -> Person | None:
        return self._me

    @property
    def is_manager(self) -> bool:
        """Whether the one working may do a manager's work: always in a solo binder (the
        role as last read: see `refresh`)."""
        return not self._s.team or (self._me is not None and self._me.manager)

    def refresh(self) -> bool:
        """One's own role read again (another manager may have changed it meanwhile; the
        Team menu asks as it opens, a manager's work before it is done); a manager made a
        salesperson sees their own dossiers again. True when whose dossiers are shown
        changed (the window reads everything again)."""
        if self._me is None or getattr(self._s.db, "offline", False):
            return False  # (the server out of reach: the role as last known)
        try:
            with self._s.db.reader() as cur:
                row = team_people.person_row(cur, self._me.key)
        except RingbinderError:
            return False
        return row is not None and self._now(_person(row))

    def _now(self, me: Person) -> bool:
        """One's own person as just read or written; a manager made a salesperson sees
        their own dossiers. True when whose dossiers are shown changed."""
        self._me = me
        if not me.manager and self._s.scope != me.key:
            self._s.scope = me.key
            return True
        return False

    def require_manager(self, refusal: str) -> None:
        """Refuse a manager's work to a salesperson, with `refusal` (a whole sentence)."""
        if self._s.team:
            self.refresh()
        if not self.is_manager:
            raise NotAllowed(refusal)

    def people(self) -> list[Person]:
        """Everyone of the binder, by name (nobody in a solo binder)."""
        if not self._s.team:
            return []
        with self._s.db.reader() as cur:
            found = [_person(r) for r in team_people.people(cur)]
        return sorted(found, key=lambda p: (sort_key(p.name), p.login))

    def person(self, login: str) -> Person:
        wanted = login.strip()
        for person in self.people():
            if person.login == wanted:
                return person
        raise _nobody(wanted)

    def add_person(self, login: str, name: str = "", role: str = "salesperson") -> Person:
        """A colleague of the binder (a manager's work), before their first open, so that
        dossiers can be given to them."""
        self._team_only()
        self.require_manager(_("Only a manager of this team binder can add people."))
        login = v.text_field("login", login, required=True)
        if role not in ROLES:
            raise InvalidInput(_("A role is one of: {roles}.").format(roles=", ".join(ROLES)))
        with self._s.db.write() as session:
            if team_people.person_by_login(session, login) is not None:
                raise InvalidInput(_("'{login}' is already in this team binder.").format(
                    login=login))
            if not team_people.login_exists(session, login):
                raise InvalidInput(_(
                    "The server has no login '{login}'. Its administrator makes one first "
                    "(CREATE ROLE … LOGIN PASSWORD …), then add them here.").format(login=login))
            user = User(login=login, name=v.text_field("name", name) or login, role=role)
            session.add(user)
            session.flush()
            team_people.grant(session, login, role == "manager")  # their way in
            return Person.of(user)

    def rename(self, login: str, name: str) -> Person:
        """The name others see of someone: one's own, or anyone's for a manager."""
        self._team_only()
        if self._me is None or login.strip() != self._me.login:
            self.require_manager(_("Only a manager of this team binder can rename someone "
                                   "else."))
        name = v.text_field("name", name, required=True)
        with self._s.db.write() as session:
            user = _user(session, login)
            user.name = name
            person = Person.of(user)
        if self._me is not None and person.key == self._me.key:
            self._me = person
        return person

    def set_role(self, login: str, role: str) -> Person:
        self._team_only()
        self.require_manager(_("Only a manager of this team binder can change roles."))
        if role not in ROLES:
            raise InvalidInput(_("A role is one of: {roles}.").format(roles=", ".join(ROLES)))
        with self._s.db.write() as session:
            team_people.lock_people(session)  # two managers demoting each other at once
            user = _user(session, login)
            if user.role == "manager" and role != "manager":
                if user.login == team_people.tables_owner(session):  # whose grants they are
                    raise InvalidInput(_(
                        "{login} owns the binder's database, and only they can let people in "
                        "or change roles: they stay a manager.").format(login=user.login))
                if user.active and team_people.count_managers(session) <= 1:
                    raise InvalidInput(_("A team binder keeps at least one manager: make "
                                         "someone else a manager first."))
            user.role = role
            team_people.grant(session, user.login, role == "manager")  # what the role may do
            person = Person.of(user)
        if self._me is not None and person.key == self._me.key:
            self._now(person)  # one's own role, at once (the menus follow it)
        return person

    # -- whose dossiers are shown --------------------------------------------------------
    def show(self, login: str | None) -> Changes:
        """Show one person's dossiers in the strip and lists (a login), or everyone's
        (`EVERYONE` or None); anyone's but one's own is a manager's view."""
        self._team_only()
        if login is None or login.strip().lower() == EVERYONE:
            self.require_manager(_("Only a manager of this team binder can show everyone's "
                                   "dossiers."))
            self._s.scope = None
        else:
            person = self.person(login)
            if self._me is None or person.key != self._me.key:
                self.require_manager(_("Only a manager of this team binder can show someone "
                                       "else's dossiers."))
            self._s.scope = person.key
        return Changes.all()

    @property
    def shown(self) -> Person | None:
        """Whose dossiers are shown; None: everyone's."""
        scope = self._s.scope
        if scope is None:
            return None
        if self._me is not None and self._me.key == scope:
            return self._me
        return next((p for p in self.people() if p.key == scope), None)

    def loads(self, first: date, last: date) -> dict[str, dict[date, int]]:
        """Each person's open dossiers by day from `first` to `last` (login: {day: count};
        "" for dossiers that are no one's): the manager's view of the team's load."""
        self._team_only()
        self.require_manager(_("Only a manager of this team binder can see everyone's load."))
        logins = {p.key: p.login for p in self.people()}
        out: dict[str, dict[date, int]] = {login: {} for login in logins.values()}
        with self._s.db.reader() as cur:
            for owner, day, n in queries.counts_by_owner(cur, first, last):
                out.setdefault(logins.get(owner, ""), {})[date.fromisoformat(day)] = int(n)
        return out

    # -- reassigning ---------------------------------------------------------------------
    def reassign(self, dossier_ids: Sequence[str], to_login: str) -> tuple[int, Changes]:
        """Give these dossiers (ids, or beginnings of ids) to someone, in one transaction:
        a salesperson may give away their own, a manager anyone's. Returns how many
        changed hands."""
        self._team_only()
        ids = [self._s.dossiers.resolve(i) for i in dossier_ids]
        with self._s.db.write() as session:
            rows = team_people.owned(session, ids)
            moved, changes, before = self._give(session, rows, to_login)
        self.last_moved = before
        return moved, changes

    def reassign_period(self, from_login: str, first: date, last: date,
                        to_login: str) -> tuple[int, Changes]:
        """Give someone's open dossiers filed from `first` to `last` (their inserts for an
        absence) to someone else, in one transaction."""
        self._team_only()
        if last < first:
            raise InvalidInput(_("The period ends before it begins."))
        source = self.person(from_login)
        with self._s.db.write() as session:
            rows = team_people.filed_for(session, source.key, first, last)
            moved, changes, before = self._give(session, rows, to_login)
        self.last_moved = before
        return moved, changes

    def give_back(self, before: Mapping[str, int | None], from_login: str
                  ) -> tuple[int, Changes]:
        """Undo a reassignment: each dossier back to whoever had it (`before`, as
        `last_moved` kept it), in one transaction. A dossier someone else reassigned since
        is not taken from them: the whole undo is refused, naming it."""
        self._team_only()
        target = self.person(from_login)
        names = {p.key: p.name for p in self.people()}
        with self._s.db.write() as session:
            rows = team_people.owned(session, list(before))
            for _pk, _uuid, owner, _day, _archived in rows:
                if owner != target.key:
                    raise InvalidInput(_(
                        "A dossier was reassigned meanwhile by someone else; the reassignment "
                        "was not undone."))
            now = self._s.clock.now()
            for pk, uuid, _owner, _day, _archived in rows:
                previous = before[uuid]
                session.add(ContactEvent(
                    dossier_pk=pk, at=now, kind="note", channel="other",
                    summary=_("Reassigned from {old} to {new}").format(
                        old=target.name, new=names.get(previous, "—")
                        if previous is not None else "—")))
                team_people.give(session, [pk], previous)
        changes = Changes({uuid for _pk, uuid, *_rest in rows},
                          {day for *_rest, day, archived in rows if not archived},
                          archive=any(archived for *_rest, archived in rows))
        return len(rows), changes

    def _give(self, session: Session, rows: list[tuple[int, str, int | None, date | None, bool]],
              to_login: str) -> tuple[int, Changes, dict[str, int | None]]:
        target = self.person(to_login)
        names = {p.key: p.name for p in self.people()}
        mine = self._me.key if self._me is not None else None
        if not self.is_manager and any(owner != mine for _pk, _id, owner, _d, _a in rows):
            raise NotAllowed(_("Only a manager of this team binder can reassign someone "
                               "else's dossiers."))
        moving = [r for r in rows if r[2] != target.key]
        changes = Changes({uuid for _pk, uuid, _o, _d, _a in moving},
                          {day for _pk, _id, _o, day, archived in moving if not archived},
                          archive=any(archived for *_rest, archived in moving))
        now = self._s.clock.now()
        for pk, _uuid, owner, _day, _archived in moving:
            session.add(ContactEvent(
                dossier_pk=pk, at=now, kind="note", channel="other",
                summary=_("Reassigned from {old} to {new}").format(
                    old=names.get(owner, "—") if owner is not None else "—", new=target.name)))
        team_people.give(session, [pk for pk, *_rest in moving], target.key)
        return len(moving), changes, {uuid: owner for _pk, uuid, owner, _d, _a in moving}

    def _team_only(self) -> None:
        if not self._s.team:
            raise InvalidInput(_("This is a solo binder: it has no team. Open a team binder "
                                 "(--binder postgresql://…) for this."))
