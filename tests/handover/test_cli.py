"""`ringbinder handover export`: writes the file, only reads the binder, and refuses bad
input with exit 2 and one line, leaving no file."""

from __future__ import annotations

import pytest

from app.handover import container
from tests.cli.test_cli import run_cli
from tests.helpers import binder_digest


def sqlite_rows(path, sql: str) -> list[tuple]:
    import sqlite3

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture
def binder(filled):
    path = filled.services.path
    filled.services.close()
    return path


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "pass.txt"
    path.write_text("Żółta łódź\r\nsecond line ignored\n", encoding="utf-8")
    return path


def test_export_with_a_passphrase_file(binder, secret, tmp_path, filled):
    out = tmp_path / "out" / "h.rbh"
    out.parent.mkdir()
    run = run_cli(binder, "handover", "export", "-o", str(out), "--from", "2026-11-24",
                  "--to", "2026-12-01", "--to-person", "Ana Ruiz", "--passphrase-file",
                  str(secret))
    assert run.code == 0, run.err
    assert "2 dossiers" in run.out and "encrypted" in run.out
    data = out.read_bytes()
    info = container.read_header(data)
    assert (info.header.from_name, info.header.to_name) == ("Łucja Kowalczyk", "Ana Ruiz")
    assert info.encrypted
    assert len(container.open_file(data, "Żółta łódź").workload.dossiers) == 2
    # the dossiers are as they were; only the merge base of the two is noted
    assert sqlite_rows(binder, "SELECT count(*) FROM handover_bases") == [(2,)]


def test_export_of_chosen_ids_without_a_passphrase(binder, tmp_path, filled):
    out = tmp_path / "h.rbh"
    ids = [i[:8] for i in list(filled.ids.values())[:2]]
    run = run_cli(binder, "handover", "export", "-o", str(out), "--ids", *ids,
                  "--no-passphrase")
    assert run.code == 0, run.err
    assert "NOT encrypted" in run.out
    assert len(container.open_file(out.read_bytes()).workload.dossiers) == 2


@pytest.mark.parametrize("args", [
    [],  # neither --passphrase-file nor --no-passphrase
    ["--no-passphrase", "--passphrase-file", "{secret}"],
    ["--passphrase-file", "{missing}"],
    ["--passphrase-file", "{empty}"],
    ["--no-passphrase", "--ids", "0badc0de-0000-4000-8000-000000000000"],
    ["--no-passphrase", "--ids", "abcd", "--from", "2026-11-24"],
    ["--no-passphrase", "--from", "2026-12-01", "--to", "2026-11-01"],
    ["--no-passphrase", "--from", "2026-02-30"],
    ["--no-passphrase", "--to-person", "x" * 300],
])
def test_bad_input_exits_2_and_leaves_no_file(binder, secret, tmp_path, args):
    (tmp_path / "empty.txt").write_text("\n", encoding="utf-8")
    folder = tmp_path / "out"
    folder.mkdir()
    args = [a.format(secret=secret, missing=tmp_path / "nope.txt",
                     empty=tmp_path / "empty.txt") for a in args]
    before = binder_digest(binder)
    run = run_cli(binder, "handover", "export", "-o", str(folder / "h.rbh"), *args)
    assert run.code == 2
    assert run.err.count("\n") == 1 and run.err.startswith("ringbinder")
    assert list(folder.iterdir()) == []
    assert binder_digest(binder) == before


def test_a_folder_as_output_is_refused(binder, tmp_path):
    run = run_cli(binder, "handover", "export", "-o", str(tmp_path), "--no-passphrase")
    assert run.code == 2 and "is a folder" in run.err


def test_export_works_while_another_ringbinder_holds_the_binder(binder, tmp_path):
    from tests.cli.test_cli import held_by_another_process

    out = tmp_path / "h.rbh"
    before = binder_digest(binder)
    with held_by_another_process(binder):
        run = run_cli(binder, "handover", "export", "-o", str(out), "--no-passphrase")
    assert run.code == 0 and out.exists()
    assert "open in another Ringbinder" in run.err
    assert binder_digest(binder) == before  # read-only: not even a merge base was noted


def test_return_sends_the_taken_over_dossiers_back_and_refuses_when_there_is_none(
        binder, secret, tmp_path, filled):
    out, back = tmp_path / "h.rbh", tmp_path / "back.rbh"
    refused = run_cli(binder, "handover", "return", "-o", str(back), "--no-passphrase")
    assert refused.code == 2 and "nothing to return" in refused.err and not back.exists()
    # the owner's own binder takes over a file of its own, the way a colleague's would
    assert run_cli(binder, "handover", "export", "-o", str(out), "--ids",
                   *[i[:8] for i in list(filled.ids.values())[:3]], "--to-person", "Ana",
                   "--no-passphrase").code == 0
    assert run_cli(binder, "handover", "import", str(out)).code == 0
    run = run_cli(binder, "handover", "return", "-o", str(back), "--passphrase-file",
                  str(secret))
    assert run.code == 0, run.err
    assert "3 dossiers" in run.out and "encrypted" in run.out
    info = container.read_header(back.read_bytes())
    assert info.header.to_name == "Łucja Kowalczyk" and info.encrypted
