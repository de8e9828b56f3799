"""The people of a team binder and whose each dossier is: the reads and writes behind
app/services/team.py. A person is known by their database login (PostgreSQL's
`current_user`), so nobody can act as someone else without their password."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select, text, update

from app.store.models import Dossier, User

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.store.reading import Cursor

PERSON_COLUMNS = "pk, uuid, login, name, role, active"
_CHUNK = 500


def current_login(session: Session) -> str:
    """The database login this binder was opened with."""
    return str(session.execute(text("SELECT current_user")).scalar_one())


PEOPLE_LOCK = 0x52425050  # taken while someone is made a person of the binder


def lock_people(session: Session) -> None:
    """Take turns making people, until the transaction ends: two first opens at once must
    not both find the binder without a manager."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PEOPLE_LOCK})


def _role_name(login: str) -> str:
    """A login as an SQL identifier: quoted, its quotes doubled."""
    return '"' + login.replace('"', '""') + '"'


def login_exists(session: Session, login: str) -> bool:
    """Whether the server has this login (a role that may log in)."""
    return session.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n AND rolcanlogin"),
                           {"n": login}).first() is not None


# what only a manager changes: the people and their roles, the binder's settings and schema
# revision, the team's templates (a salesperson may add a form template a merge brings)
MANAGERS_TABLES = ("users", "alembic_version", "binder_settings", "proposal_templates")


def grant(session: Session, login: str, manager: bool = False) -> None:
    """Let a login work in this binder (run by the binder's owner, whose grants these are):
    read and write the dossiers and everything they hold, and the tables a later version's
    migration makes; a salesperson only reads the people, the settings and the templates
    (but their own name), so no one makes themselves a manager behind the app's back.
    Raises InvalidInput when the grants did not take (the one running them does not own
    the binder's tables: PostgreSQL only warns then)."""
    role = _role_name(login)
    schema = _role_name(str(session.execute(text("SELECT current_schema()")).scalar_one()))
    statements = [
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
        f"GRANT USAGE, SELECT ON SEQUENCES TO {role}"]
    if not manager:
        statements += [
            f"REVOKE INSERT, UPDATE, DELETE ON {', '.join(MANAGERS_TABLES)} FROM {role}",
            f"REVOKE UPDATE, DELETE ON form_templates FROM {role}",
            f"GRANT UPDATE (name, updated_at) ON users TO {role}"]
    for statement in statements:
        session.execute(text(statement))
    allowed = session.execute(text(
        "SELECT has_table_privilege(:login, 'dossiers', 'INSERT'), "
        "has_table_privilege(:login, 'users', 'UPDATE'), "
        "pg_get_userbyid((SELECT relowner FROM pg_class WHERE oid = 'dossiers'::regclass))"),
        {"login": login}).one()
    if not allowed[0] or bool(allowed[1]) != manager:
        from app.errors import InvalidInput
        from app.i18n import _

        raise InvalidInput(_(
            "Only the owner of the binder's database ({owner}) can let people in or change "
            "their roles; nothing was changed.").format(owner=allowed[2]))


def person_by_login(session: Session, login: str) -> User | None:
    return session.scalar(select(User).where(User.login == login))


def count_people(session: Session) -> int:
    return int(session.scalar(select(func.count(User.pk))) or 0)


def tables_owner(session: Session) -> str | None:
    """The login owning the binder's tables (the one whose grants let people in); None in a
    binder file."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    return session.execute(text(
        "SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'dossiers'::regclass"
    )).scalar_one_or_none()


def count_managers(session: Session) -> int:
    """The active managers of the binder (one is always kept)."""
    return int(session.scalar(select(func.count(User.pk)).where(
        User.role == "manager", User.active.is_(True))) or 0)


def person_row(cur: Cursor, pk: int) -> tuple | None:
    """(key, id, login, name, role, active) of one person, None when not found."""
    row: tuple | None = cur.execute(f"SELECT {PERSON_COLUMNS} FROM users WHERE pk = ?",
                                    (int(pk),)).fetchone()
    return row


def people(cur: Cursor) -> list[tuple]:
    """(key, id, login, name, role, active) of everyone, by name."""
    return cur.execute(f"SELECT {PERSON_COLUMNS} FROM users ORDER BY name, login").fetchall()


def give(session: Session, pks: Sequence[int], owner: int | None) -> None:
    """Make these dossiers (keys) someone's (None: no one's), in the caller's
    transaction."""
    for start in range(0, len(pks), _CHUNK):
        session.execute(update(Dossier).where(Dossier.pk.in_(list(pks[start:start + _CHUNK])))
                        .values(owner_pk=owner), execution_options={"synchronize_session": False})


def owned(session: Session, uuids: Sequence[str]) -> list[tuple[int, str, int | None,
                                                              date | None, bool]]:
    """(key, id, owner, next contact, archived) of the dossiers with these ids."""
    found: list[tuple[int, str, int | None, date | None, bool]] = []
    for start in range(0, len(uuids), _CHUNK):
        found += [tuple(r) for r in session.execute(  # type: ignore[misc]
            select(Dossier.pk, Dossier.uuid, Dossier.owner_pk, Dossier.next_contact,
                   Dossier.archived).where(Dossier.uuid.in_(list(uuids[start:start + _CHUNK])))
            .order_by(Dossier.pk).with_for_update())]
    return found


def filed_for(session: Session, owner: int, first: date, last: date
              ) -> list[tuple[int, str, int | None, date | None, bool]]:
    """As `owned`, the open dossiers of one person filed from `first` to `last`: their
    inserts for a period (an absence)."""
    return [tuple(r) for r in session.execute(  # type: ignore[misc]
        select(Dossier.pk, Dossier.uuid, Dossier.owner_pk, Dossier.next_contact,
               Dossier.archived)
        .where(Dossier.owner_pk == owner, Dossier.archived.is_(False),
               Dossier.next_contact.between(first, last)).order_by(Dossier.pk)
        .with_for_update())]


def open_ids_of(session: Session, owner: int) -> list[str]:
    """The ids of one person's open dossiers (dated or not), in the order they were made."""
    return list(session.scalars(select(Dossier.uuid).where(
        Dossier.owner_pk == owner, Dossier.archived.is_(False)).order_by(Dossier.pk)))


def all_ids(session: Session) -> list[str]:
    """The ids of every dossier of a binder (the archived too), in the order they were made."""
    return list(session.scalars(select(Dossier.uuid).order_by(Dossier.pk)))


def give_unowned(session: Session, uuids: Sequence[str], owner: int) -> None:
    """Make those of these dossiers that are no one's someone's (a binder pushed up)."""
    for start in range(0, len(uuids), _CHUNK):
        session.execute(update(Dossier).where(
            Dossier.uuid.in_(list(uuids[start:start + _CHUNK])), Dossier.owner_pk.is_(None))
            .values(owner_pk=owner), execution_options={"synchronize_session": False})
