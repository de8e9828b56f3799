"""A solo binder goes up and comes back down: `team pull` makes a solo binder of one's own
open dossiers (history, documents, forms), work done offline is pushed back and merged with
what changed in the team binder meanwhile, a binder that never was in the team is uploaded as
the pusher's, and a push of 10,000 dossiers killed halfway leaves the team binder untouched."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.clock import FixedClock
from app.errors import InvalidInput
from app.services import open_services
from app.services.demo import generate_demo
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep
from app.services.team_moves import pull, push
from tests.conftest import TODAY
from tests.pg import as_login

FORM = [{"name": "fleet", "label": "Fleet size", "type": "number", "required": False}]


@pytest.fixture
def team(pg_binder_url):
    opened = {login: open_services(as_login(pg_binder_url, login), FixedClock(TODAY))
              for login in ("boss", "anna")}
    yield opened
    for services in opened.values():
        services.close()


def _names(services, key: str = "today") -> list[str]:
    return sorted(r.name for r in services.views.list_insert(key))


def test_a_pulled_binder_goes_offline_and_comes_back_merged(team, tmp_path):
    boss, anna = team["boss"], team["anna"]
    template = boss.forms.save_template("Visit report", FORM)
    ana, _ = anna.dossiers.create(NewDossier(name="Ana Ruiz", next_contact=TODAY))
    lukasz, _ = anna.dossiers.create(NewDossier(name="Łukasz Wróblewski", next_contact=TODAY,
                                                company="Zakłady Mięsne"))
    anna.attachments.add(ana, "oferta.pdf", b"%PDF-1.4 oferta")
    form, _ = anna.forms.add_form(ana, template)
    anna.forms.fill(form, {"fleet": "12"})
    anna.filing.log_contact(ana, ContactLog("call", "Price list", "Wants a quote"),
                            NextStep(TODAY))
    boss.dossiers.create(NewDossier(name="Someone Else's", next_contact=TODAY))

    laptop = tmp_path / "laptop.rbinder"
    assert pull(anna, laptop) == 2
    with pytest.raises(InvalidInput, match="exists already"):
        pull(anna, laptop)
    with open_services(laptop, FixedClock(TODAY)) as solo:
        assert _names(solo) == ["Ana Ruiz", "Łukasz Wróblewski"]
        card = solo.dossiers.get(ana)
        assert [d.filename for d in card.attachments] == ["oferta.pdf"]
        assert [f.values for f in card.forms] == [{"fleet": "12"}]
        assert [e.summary for e in card.events] == ["Price list"]
        # offline: a call logged, notes typed, a new client met
        solo.filing.log_contact(ana, ContactLog("visit", "Samples shown", "Orders 10 pallets"),
                                NextStep(TODAY.replace(day=30)))
        solo.dossiers.update(lukasz, notes="Prefers mornings")
        met, _ = solo.dossiers.create(NewDossier(name="Pablo Núñez", next_contact=TODAY))
    # meanwhile in the team binder, the manager changed another field of Łukasz's card
    boss.dossiers.update(lukasz, position="Kierownik zakupów")

    pushed = push(laptop, anna)
    assert pushed.merged_back and pushed.summary.new == 1 and not pushed.summary.conflicts
    back = anna.dossiers.get(lukasz)
    assert (back.notes, back.position) == ("Prefers mornings", "Kierownik zakupów")
    assert [e.summary for e in anna.dossiers.get(ana).events][:1] == ["Samples shown"]
    assert anna.dossiers.get(met).name == "Pablo Núñez"
    assert _names(anna) == ["Pablo Núñez", "Łukasz Wróblewski"]  # Ana went to the 30th
    assert _names(boss) == ["Someone Else's"]  # what came back is Anna's, nobody else's


def test_a_solo_binder_is_uploaded_as_the_pushers_dossiers(team, tmp_path):
    solo_path = tmp_path / "mine.rbinder"
    with open_services(solo_path, FixedClock(TODAY), create=True) as solo:
        for name in ("Ana Ruiz", "Фёдор Ёлкин", "Łukasz Wróblewski"):
            solo.dossiers.create(NewDossier(name=name, next_contact=TODAY))
    pushed = push(solo_path, team["anna"])
    assert not pushed.merged_back and pushed.summary.new == 3
    assert _names(team["anna"]) == ["Ana Ruiz", "Łukasz Wróblewski", "Фёдор Ёлкин"]
    assert _names(team["boss"]) == []
    assert not list(tmp_path.glob(".ringbinder-*"))  # the carried file is gone


def test_pull_and_push_need_a_team_binder(services, tmp_path):
    with pytest.raises(InvalidInput, match="team binder"):
        pull(services, tmp_path / "x.rbinder")


def _dossiers_in(url: str) -> int:
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        return int(conn.execute("SELECT count(*) FROM dossiers").fetchone()[0])


def _writing(url: str) -> bool:
    """Whether a client is inside a transaction that has written to the database."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        return conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()").fetchone()[0] > 0


@pytest.mark.slow
def test_a_push_of_10k_dossiers_killed_halfway_leaves_nothing(pg_binder_url, tmp_path):
    solo_path = tmp_path / "big.rbinder"
    with open_services(solo_path, FixedClock(TODAY), create=True) as solo:
        generate_demo(solo, 10_000, seed=3)
    command = [sys.executable, "-m", "app", "--binder", pg_binder_url, "--today",
               TODAY.isoformat(), "team", "push", str(solo_path)]
    root = Path(__file__).resolve().parents[2]
    pusher = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while not _writing(pg_binder_url):  # into the merge's transaction
        assert pusher.poll() is None, pusher.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    time.sleep(0.5)
    os.killpg(pusher.pid, signal.SIGKILL)
    pusher.communicate()
    assert _dossiers_in(pg_binder_url) == 0

    done = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "10000 dossiers brought into the team binder" in done.stdout
    assert _dossiers_in(pg_binder_url) == 10_000
