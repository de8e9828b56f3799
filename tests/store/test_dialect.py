"""SQLite-style SQL on either database: placeholders, and `%` (an operator, a LIKE pattern,
inside a literal) whether or not parameters are given."""

from __future__ import annotations

from app.store.dialect import pyformat, run


def test_placeholders_and_percent_signs_are_psycopgs():
    assert pyformat("SELECT ? FROM t WHERE a LIKE '%x?' AND b = pk % 10") == \
        "SELECT %s FROM t WHERE a LIKE '%%x?' AND b = pk %% 10"
    assert pyformat('SELECT "odd?%name" FROM t') == 'SELECT "odd?%%name" FROM t'


def test_percent_without_parameters_runs_on_both(services):
    from app.services.dossiers import NewDossier

    for n in range(3):
        services.dossiers.create(NewDossier(name=f"Client {n}"))
    with services.db.write() as session:
        conn = session.connection()
        assert run(conn, "SELECT count(*) FROM dossiers WHERE pk % 2 = 1").scalar() == 2
        assert run(conn, "SELECT count(*) FROM dossiers WHERE full_name LIKE ?",
                   ("%ent 1",)).scalar() == 1
