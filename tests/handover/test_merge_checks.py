"""Two things a merge of many new dossiers does for speed, each leaving no trace: the body's
UUIDs are tested for repeats all at once (a repeat is still named at its first place, and
told after a document that does not match its digest before it), and the search index is
filled with a larger FTS5 hashsize that is put back as it was in the same transaction."""

from __future__ import annotations

import pytest

from app.errors import HandoverDamaged
from app.handover import payload as p
from app.handover import reader
from app.store.fts import FTS_TABLE, roomy_hash

CONFIG = f"SELECT k, v FROM {FTS_TABLE}_config ORDER BY k"


@pytest.fixture
def raw(filled) -> dict:
    workload = filled.services.handover.workload(ids=list(filled.ids.values())).workload
    return p.workload_to_dict(workload)


def _refused(raw: dict) -> str:
    with pytest.raises(HandoverDamaged) as refused:
        reader.workload_from_dict(raw)
    return str(refused.value)


def test_a_repeated_id_is_named_at_its_first_repeat_wherever_it_stands(raw):
    first, second = raw["dossiers"][:2]
    assert first["events"] and second["phones"]
    second["phones"][0]["uuid"] = first["events"][0]["uuid"]
    assert "dossiers[1].phones[0] repeats the id" in _refused(raw)
    raw["templates"][0]["uuid"] = first["uuid"]
    assert "dossiers[0] repeats the id" in _refused(raw)


def test_a_document_not_matching_is_told_before_a_later_repeat(raw):
    holder = next(i for i, d in enumerate(raw["dossiers"]) if d["documents"])
    later = raw["dossiers"][holder + 1]
    later["uuid"] = raw["dossiers"][holder]["uuid"]
    assert f"dossiers[{holder + 1}] repeats the id" in _refused(raw)
    raw["dossiers"][holder]["documents"][0]["data"] = "AAAA"
    assert f"dossiers[{holder}].documents[0] does not match" in _refused(raw)
    raw["dossiers"][holder]["documents"][0]["uuid"] = raw["dossiers"][holder]["uuid"]
    assert f"dossiers[{holder}].documents[0] repeats the id" in _refused(raw)


def test_the_hashsize_is_put_back_as_it_was(services):
    with services.db.read() as session:
        before = session.connection().exec_driver_sql(CONFIG).all()
    assert "hashsize" not in dict(before)
    with services.db.write() as session:
        with roomy_hash(session.connection()):
            during = dict(session.connection().exec_driver_sql(CONFIG).all())
            assert during["hashsize"] == 16 * 1024 * 1024
        assert session.connection().exec_driver_sql(CONFIG).all() == before
    with services.db.write() as session:  # a size set by someone is kept
        conn = session.connection()
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) "
                             "VALUES ('hashsize', 2000000)")
        with roomy_hash(conn, 5_000_000):
            pass
        assert dict(conn.exec_driver_sql(CONFIG).all())["hashsize"] == 2000000


def test_a_failed_merge_leaves_the_hashsize_untouched(services):
    with services.db.read() as session:
        before = session.connection().exec_driver_sql(CONFIG).all()
    with (pytest.raises(RuntimeError), services.db.write() as session,
          roomy_hash(session.connection())):
        raise RuntimeError("a failure while the index is filled")
    with services.db.read() as session:
        assert session.connection().exec_driver_sql(CONFIG).all() == before


def test_merged_dossiers_are_found_and_the_index_config_is_as_before(filled, colleague):
    with colleague.db.read() as session:
        before = session.connection().exec_driver_sql(CONFIG).all()
    handover = filled.services.handover.workload(ids=list(filled.ids.values()))
    colleague.handover.merge(handover)
    with colleague.db.read() as session:
        assert session.connection().exec_driver_sql(CONFIG).all() == before
    name = handover.workload.dossiers[0].full_name
    assert any(row.name == name for row in colleague.views.search(name))
