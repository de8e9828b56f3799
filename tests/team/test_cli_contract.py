"""The command line's JSON contract is the same on a team binder as on a binder file: the
same demo (same seed, same day) answers `tabs`, `list`, `show`, `search`, `due` and
`settings` with the same JSON, byte for byte (search: the same dossiers; its ranking is each
index's own)."""

from __future__ import annotations

import json

import pytest

from tests.cli.test_cli import run_cli

CLIENTS = 300
SEED = 5


@pytest.fixture(scope="module")
def both(tmp_path_factory, _empty_binder_file, pg_cluster, _pg_binder_template):
    import shutil

    from tests.pg import TEMPLATE, create_database

    path = tmp_path_factory.mktemp("contract") / "solo.rbinder"
    shutil.copyfile(_empty_binder_file, path)
    url = create_database(pg_cluster, "cli_contract", template=TEMPLATE)
    for where in (path, url):
        done = run_cli(where, "demo", "--clients", str(CLIENTS), "--seed", str(SEED))
        assert done.code == 0, done.err
    return path, url


def _json(where, *args):
    done = run_cli(where, *args, "--json")
    assert done.code == 0, done.err
    return json.loads(done.out)


@pytest.mark.parametrize("args", [
    ("tabs",), ("list", "today"), ("list", "overdue"), ("list", "undated"),
    ("list", "archive"), ("list", "2026-12"), ("list", "2027-01"), ("due",)],
    ids=lambda a: " ".join(a))
def test_the_same_json_on_both(both, args):
    solo, team = both
    assert _json(team, *args) == _json(solo, *args)


def test_every_card_is_the_same_json_on_both(both):
    solo, team = both
    ids = [row["id"] for key in ("today", "overdue") for row in _json(solo, "list", key)]
    assert ids
    for dossier in ids[:40]:
        assert _json(team, "show", dossier) == _json(solo, "show", dossier)


def test_the_same_settings_on_both(both):
    solo, team = both
    mine, theirs = _json(solo, "settings"), _json(team, "settings")
    assert mine.pop("binder_id") != theirs.pop("binder_id")  # each binder is one of its own
    assert theirs == mine


@pytest.mark.parametrize("words", ["ana", "kowal", "600", "zzzz", "a full name"])
def test_search_finds_the_same_dossiers_on_both(both, words):
    """Words with fewer matches than a search lists: past that, which best matches are
    listed is each index's own ranking (FTS5's bm25, PostgreSQL's ts_rank)."""
    solo, team = both
    if words == "a full name":
        words = _json(solo, "list", "today")[0]["name"]
    mine = sorted(_json(solo, "search", words), key=lambda r: r["id"])
    theirs = sorted(_json(team, "search", words), key=lambda r: r["id"])
    assert theirs == mine


def test_the_quick_reads_show_ones_own_dossiers(pg_binder_url):
    """`tabs`, `list` and `search` on a team binder read without the services (as on a
    file), and the strip and lists are one's own; `--of` takes the services' way."""
    from tests.pg import as_login

    anna, boss = as_login(pg_binder_url, "anna"), as_login(pg_binder_url, "boss")
    assert run_cli(boss, "tabs").code == 0  # the binder's first person: its manager
    for who, name in ((anna, "Ana Ruiz"), (anna, "Łukasz Wróblewski"), (boss, "Big Deal")):
        assert run_cli(who, "add", "--name", name, "--next", "2026-11-24").code == 0
    mine = _json(anna, "list", "today")
    assert sorted(r["name"] for r in mine) == ["Ana Ruiz", "Łukasz Wróblewski"]
    today = {t["key"]: t["count"] for t in _json(anna, "tabs")}["2026-11-24"]
    assert today == 2
    everyone = run_cli(boss, "--of", "everyone", "list", "today", "--json")
    assert sorted(r["name"] for r in json.loads(everyone.out)) == [
        "Ana Ruiz", "Big Deal", "Łukasz Wróblewski"]
    assert [r["name"] for r in _json(boss, "search", "lukasz")] == ["Łukasz Wróblewski"]
