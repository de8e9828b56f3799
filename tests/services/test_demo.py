"""The demo binder: realistic, multilingual, the same for the same seed and day."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import phonenumbers
import pytest

from app.binder import InsertKind
from app.clock import FixedClock
from app.errors import InvalidInput
from app.services import Services, open_services
from app.services.contract import row_json, tab_json
from app.services.demo import generate_demo
from tests.conftest import TODAY

CLIENTS = 300
CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def make_demo(path: Path, seed: int) -> Services:
    services = open_services(path, FixedClock(TODAY), create=True)
    assert generate_demo(services, CLIENTS, seed=seed) == CLIENTS
    return services


def listing_digest(services: Services) -> str:
    """What `tabs` and `list` show for every insert, as their JSON would."""
    out = []
    for tab in services.views.tabs():
        out.append([tab_json(tab), [row_json(r) for r in services.views.list_insert(tab.key)]])
    return hashlib.sha256(json.dumps(out, sort_keys=True).encode()).hexdigest()


def all_rows(services: Services):
    return [row for tab in services.views.tabs() for row in services.views.list_insert(tab.key)]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    services = make_demo(tmp_path_factory.mktemp("demo") / "demo.rbinder", seed=7)
    yield services
    services.close()


def test_same_seed_and_day_give_the_same_binder(demo, tmp_path):
    with make_demo(tmp_path / "again.rbinder", seed=7) as again:
        assert listing_digest(again) == listing_digest(demo)


def test_another_seed_gives_another_binder(demo, tmp_path):
    with make_demo(tmp_path / "other.rbinder", seed=8) as other:
        assert listing_digest(other) != listing_digest(demo)
        assert {r.name for r in all_rows(other)} != {r.name for r in all_rows(demo)}
        assert sum(t.count for t in other.views.tabs()) == CLIENTS


def test_the_demo_fills_the_binder(demo):
    tabs = demo.views.tabs()
    by_key = {t.key: t.count for t in tabs}
    assert sum(by_key.values()) == CLIENTS
    assert by_key["overdue"] > 0
    assert by_key["2026-11-24"] > 0  # today
    assert by_key["undated"] > 0 and by_key["archive"] > 0 and by_key["later"] > 0
    months = [t.count for t in tabs if t.kind is InsertKind.MONTH]
    assert all(count > 0 for count in months)
    days = [t for t in tabs if t.kind is InsertKind.DAY]
    assert sum(t.count for t in days if t.working) > 2 * sum(
        t.count for t in days if not t.working)  # little work on weekends


def test_the_demo_clients_speak_four_languages(demo):
    people = [r.name for r in all_rows(demo)]
    assert len(set(people)) > CLIENTS * 0.8
    assert sum(bool(CYRILLIC.search(n)) for n in people) > CLIENTS / 10
    spanish = people + [r.company for r in all_rows(demo)]  # Muñoz, Compañía, Peñalver
    assert any("ñ" in n.lower() for n in spanish)
    assert any("ł" in n.lower() for n in people)
    assert any(n.isascii() for n in people)
    phones = {r.phone.split(" ")[0] for r in all_rows(demo)}
    assert phones == {"+34", "+48", "+7", "+44"}


def test_demo_phones_are_valid_and_written_internationally(demo):
    rows = all_rows(demo)
    checked = 0
    for row in rows:
        for phone in demo.dossiers.get(row.id).phones:
            number = phonenumbers.parse(phone.e164)
            assert phonenumbers.is_valid_number(number), phone.number
            assert phone.number == phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
            assert phone.e164 == phonenumbers.format_number(
                number, phonenumbers.PhoneNumberFormat.E164)
            checked += 1
    assert checked >= CLIENTS


def test_demo_dossiers_have_history_and_are_found(demo):
    rows = [r for r in all_rows(demo) if not r.archived]
    with_history = [r for r in rows if r.last_outcome]
    assert len(with_history) > len(rows) / 2
    for row in rows[::25]:
        assert row.id in {r.id for r in demo.views.search(row.name)}, row.name
        digits = "".join(c for c in row.phone if c.isdigit())
        assert row.id in {r.id for r in demo.views.search(digits)}, row.phone
    card = demo.dossiers.get(with_history[0].id)
    word = max(card.events[0].summary.split(), key=len)
    assert card.id in {r.id for r in demo.views.search(word, limit=1000)}


def test_the_number_of_demo_clients_is_checked(services):
    for clients in (0, -5, 1_000_001):
        with pytest.raises(InvalidInput):
            generate_demo(services, clients)
    assert sum(t.count for t in services.views.tabs()) == 0
