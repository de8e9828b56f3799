"""Reading the binder: the tab strip and its counts, an insert's list, search."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from app.binder import InsertKind
from app.errors import InvalidInput
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep
from tests.conftest import TODAY


def create(services, name: str, **fields) -> str:
    return services.dossiers.create(NewDossier(name, **fields))[0]


def names(rows) -> list[str]:
    return [row.name for row in rows]


def found(services, query: str) -> list[str]:
    return names(services.views.search(query))


@pytest.fixture
def spread(services, clock):
    """Dossiers in every kind of insert, some overdue (filed while it was still early)."""
    clock.set_today(date(2026, 11, 1))
    for n, day in enumerate((date(2026, 11, 2), date(2026, 11, 10), date(2026, 11, 23))):
        create(services, f"Overdue {n}", next_contact=day)
    clock.set_today(TODAY)
    plan = {
        TODAY: 3, TODAY + timedelta(days=1): 1, date(2026, 11, 28): 2, date(2026, 12, 1): 2,
        date(2026, 12, 23): 1,  # the last day sheet
        date(2026, 12, 24): 2, date(2026, 12, 31): 1,  # the rest of December: a month
        date(2027, 3, 15): 2, date(2027, 11, 30): 1, date(2027, 12, 1): 1, date(2030, 5, 5): 1,
        None: 2,
    }
    for day, how_many in plan.items():
        for n in range(how_many):
            create(services, f"Client {day} {n}", next_contact=day)
    for n in range(3):
        services.filing.archive(create(services, f"Archived {n}"), "not interested")
    return services


# -- the strip ------------------------------------------------------------------------------

def test_tab_counts_match_the_lists_of_every_insert(spread):
    tabs = spread.views.tabs()
    assert sum(t.count for t in tabs) == 3 + 19 + 3
    for tab in tabs:
        rows = spread.views.list_insert(tab.key)
        assert len(rows) == tab.count, tab.key
    by_key = {t.key: t.count for t in tabs}
    assert by_key["overdue"] == 3 and by_key["2026-11-24"] == 3
    assert by_key["2026-12-23"] == 1 and by_key["2026-12"] == 3
    assert by_key["2027-03"] == 2 and by_key["2027-11"] == 1
    assert by_key["later"] == 2 and by_key["undated"] == 2 and by_key["archive"] == 3


def test_the_strip_reads_like_the_binder(spread):
    tabs = spread.views.tabs()
    assert [t.kind for t in tabs][:1] == [InsertKind.OVERDUE]
    assert [t.label for t in tabs[:3]] == ["Overdue", "Tue 24 Nov", "Wed 25"]
    days = [t for t in tabs if t.kind is InsertKind.DAY]
    assert [t.day for t in days] == [TODAY + timedelta(n) for n in range(30)]
    assert {t.day: t.label for t in days}[date(2026, 12, 1)] == "Tue 1 Dec"
    months = [t for t in tabs if t.kind is InsertKind.MONTH]
    assert [t.label for t in months[:2]] == ["December 2026", "January 2027"]
    assert len(months) == 12
    assert [t.label for t in tabs[-3:]] == ["Later", "Undated", "Archive"]
    assert not {t.day: t for t in days}[date(2026, 11, 28)].working  # a Saturday


def test_overdue_lists_what_was_missed_oldest_first(spread):
    rows = spread.views.list_insert("overdue")
    assert names(rows) == ["Overdue 0", "Overdue 1", "Overdue 2"]
    assert [r.next_contact for r in rows] == sorted(r.next_contact for r in rows)


def test_today_and_a_day_key_name_the_same_insert(spread):
    assert names(spread.views.list_insert("today")) == names(
        spread.views.list_insert("2026-11-24"))
    assert names(spread.views.list_insert(" TODAY ")) == names(
        spread.views.list_insert("today"))
    for key in ("2026-11-23", "2027-12", "tomorrow", ""):
        with pytest.raises(InvalidInput):
            spread.views.list_insert(key)


def test_the_day_after_tomorrow_the_strip_has_moved_on(spread, clock):
    clock.set_today(TODAY + timedelta(days=1))
    by_key = {t.key: t.count for t in spread.views.tabs()}
    assert by_key["overdue"] == 6  # today's three were not called
    assert "2026-11-24" not in by_key
    assert by_key["2026-12-24"] == 2  # the month sheet spread into the day sheets
    assert by_key["2026-12"] == 1


def test_over_capacity_days_are_marked(spread):
    spread.settings.update(daily_capacity=2)
    over = [t.key for t in spread.views.tabs() if t.over_capacity]
    assert over == ["2026-11-24"]
    spread.settings.update(daily_capacity=3)
    assert not any(t.over_capacity for t in spread.views.tabs())


def test_working_order_time_then_priority_then_name(services):
    day = date(2026, 11, 26)
    for name, time, priority in [
        ("Zoe Low", "09:00", "low"), ("Carl Untimed", None, "high"),
        ("Adam Late", "14:00", "high"), ("Bea Early", "09:00", "high"),
        ("ángel Untimed", None, "normal"), ("Álvaro Untimed", None, "high"),
        ("Nina Untimed", None, "low"), ("Ben Early", "09:00", "high"),
    ]:
        create(services, name, next_contact=day, time=time, priority=priority)
    assert names(services.views.list_insert("2026-11-26")) == [
        "Bea Early", "Ben Early", "Zoe Low", "Adam Late",  # timed first, by time
        "Álvaro Untimed", "Carl Untimed", "ángel Untimed", "Nina Untimed",
    ]


def test_a_month_insert_lists_by_date_first(services):
    for name, day, time in [("Late in month", date(2027, 1, 28), "08:00"),
                            ("Early in month", date(2027, 1, 5), None),
                            ("Middle", date(2027, 1, 15), "17:00")]:
        create(services, name, next_contact=day, time=time)
    assert names(services.views.list_insert("2027-01")) == [
        "Early in month", "Middle", "Late in month"]


def test_archive_lists_the_latest_archived_first(services):
    for name in ("First gone", "Second gone"):
        services.filing.archive(create(services, name), "not interested")
    rows = services.views.list_insert("archive")
    assert names(rows) == ["Second gone", "First gone"]
    assert all(r.archived for r in rows)


# -- working-days mode ----------------------------------------------------------------------

def test_working_days_mode_files_a_saturday_under_monday(services):
    saturday = create(services, "Weekend Work", next_contact=date(2026, 11, 28))
    monday = create(services, "Monday Call", next_contact=date(2026, 11, 30), time="10:00")
    christmas_eve = create(services, "Wigilia", next_contact=date(2026, 12, 24))
    by_key = {t.key: t.count for t in services.views.tabs()}
    assert by_key["2026-11-28"] == 1 and by_key["2026-11-30"] == 1

    services.settings.update(tab_mode="working_days", holiday_country="PL")
    tabs = services.views.tabs()
    by_key = {t.key: t.count for t in tabs}
    assert "2026-11-28" not in by_key and "2026-11-29" not in by_key
    assert by_key["2026-11-30"] == 2
    assert all(t.day.weekday() < 5 for t in tabs if t.day)
    rows = services.views.list_insert("2026-11-30")
    assert [(r.id, r.next_contact) for r in rows] == [  # shown with its real date
        (saturday, date(2026, 11, 28)), (monday, date(2026, 11, 30))]
    assert services.dossiers.get(saturday).next_contact == date(2026, 11, 28)  # real date kept

    services.settings.update(horizon_months=2)  # 24-26 Dec are holidays in Poland
    by_key = {t.key: t.count for t in services.views.tabs()}
    assert "2026-12-24" not in by_key and "2026-12-25" not in by_key
    assert [r.id for r in services.views.list_insert("2026-12-28")] == [christmas_eve]
    assert "2027-01-22" in by_key and "2027-01-25" not in by_key

    services.settings.update(tab_mode="calendar")
    by_key = {t.key: t.count for t in services.views.tabs()}
    assert by_key["2026-11-28"] == 1 and by_key["2026-11-30"] == 1


# -- search ---------------------------------------------------------------------------------

@pytest.fixture
def clients(services):
    people = {
        "lukasz": create(services, "Łukasz Wróblewski", company="Zakłady Mięsne Sp. z o.o.",
                         phones=["+48 600 123 456"], emails=["l.wroblewski@zaklady.pl"]),
        "pena": create(services, "María José Peña Núñez", company="Construcciones Ibáñez",
                       phones=["+34 612 345 678"], emails=["mjpena@ibanez.es"]),
        "yolkin": create(services, "Фёдор Ёлкин", company="ООО «Север»",
                         phones=["+7 912 345-67-89"]),
        "smith": create(services, "John Smith", company="Acme Ltd",
                        phones=["+44 7400 123456"], emails=["john@acme.co.uk"]),
    }
    return people


@pytest.mark.parametrize(("query", "who"), [
    ("lukasz", "lukasz"), ("Łukasz", "lukasz"), ("LUKASZ", "lukasz"),
    ("wroblewski", "lukasz"), ("zaklady miesne", "lukasz"),
    ("pena", "pena"), ("Peña", "pena"), ("nunez", "pena"), ("ibanez", "pena"),
    ("елкин", "yolkin"), ("Ёлкин", "yolkin"), ("федор", "yolkin"), ("ЕЛКИН", "yolkin"),
    ("север", "yolkin"),
])
def test_search_ignores_diacritics_and_case(services, clients, query, who):
    assert [r.id for r in services.views.search(query)] == [clients[who]]


@pytest.mark.parametrize(("query", "who"), [
    ("600123456", "lukasz"), ("48600123456", "lukasz"), ("+48 600 123 456", "lukasz"),
    ("600 123", "lukasz"), ("612345678", "pena"), ("912 345", "yolkin"),
    ("9123456789", "yolkin"), ("7400123456", "smith"),
    ("mjpena@ibanez.es", "pena"), ("john@acme.co.uk", "smith"), ("acme", "smith"),
    ("l.wroblewski", "lukasz"),
])
def test_search_by_phone_and_email(services, clients, query, who):
    assert [r.id for r in services.views.search(query)] == [clients[who]]


def test_search_as_you_type(services, clients):
    assert found(services, "Łu") == ["Łukasz Wróblewski"]
    assert found(services, "lukasz wr") == ["Łukasz Wróblewski"]
    assert found(services, "Pe") == ["María José Peña Núñez"]
    assert found(services, "maria j") == ["María José Peña Núñez"]
    assert found(services, "ёл") == ["Фёдор Ёлкин"]
    assert found(services, "joh") == ["John Smith"]
    assert found(services, "600 12") == ["Łukasz Wróblewski"]
    assert found(services, "john peña") == []  # every word must match


def test_search_finds_words_from_the_history(services, clients):
    services.filing.log_contact(
        clients["pena"],
        ContactLog("visit", "Presentación de la hormigonera nueva", "Pide presupuesto"),
        NextStep(TODAY + timedelta(days=7)))
    assert found(services, "hormigonera") == ["María José Peña Núñez"]
    assert found(services, "presentacion hormig") == ["María José Peña Núñez"]
    assert found(services, "presupuesto") == ["María José Peña Núñez"]
    assert found(services, "nonexistentword") == []


def test_search_ignores_empty_and_punctuation(services, clients):
    assert found(services, "") == []
    assert found(services, "  ") == []
    assert found(services, '"*()-') == []
    assert found(services, 'Peña" OR "x') == []  # no query syntax leaks through


def test_search_follows_an_edit(services, clients):
    services.dossiers.update(clients["yolkin"], name="Фёдор Ёлкин-Смирнов")
    assert found(services, "смирнов") == ["Фёдор Ёлкин-Смирнов"]
    services.dossiers.update(clients["smith"], name="Jane Doe", phones=["+44 7800 654321"],
                             emails=["jane@doe.co.uk"])
    assert found(services, "john") == []
    assert found(services, "smith") == []
    assert found(services, "7400123456") == []
    assert found(services, "jane") == ["Jane Doe"]
    assert found(services, "7800654321") == ["Jane Doe"]
    assert found(services, "jane@doe.co.uk") == ["Jane Doe"]
    assert found(services, "acme") == ["Jane Doe"]  # the company was not changed


def test_archived_dossiers_are_still_found(services, clients):
    services.filing.archive(clients["smith"], "company closed")
    [row] = services.views.search("smith")
    assert row.archived and row.id == clients["smith"]


def test_a_large_insert_is_read_in_pages_that_join_up_in_working_order(services):
    from app.services.demo import generate_demo

    generate_demo(services, 600, seed=11)
    for key in ("overdue", "undated", "archive", services.views.tabs()[-5].key):
        whole = services.views.list_insert(key)
        pages = []
        for offset in range(0, len(whole) + 7, 7):
            pages += services.views.list_insert(key, limit=7, offset=offset)
        assert [r.id for r in pages] == [r.id for r in whole]


def test_one_or_two_letters_find_names_beginning_with_them(services):
    for name in ("María Peña", "Marek Nowak", "Ana Ruiz", "Ольга Смирнова"):
        services.dossiers.create(NewDossier(name=name, notes="mama called"))
    assert {r.name for r in services.views.search("m")} == {"María Peña", "Marek Nowak"}
    assert {r.name for r in services.views.search("ma")} == {"María Peña", "Marek Nowak"}
    assert {r.name for r in services.views.search("ол")} == {"Ольга Смирнова"}
    # from three letters on, every field counts again (here the notes)
    assert len(services.views.search("mam")) == 4


def test_a_common_beginning_with_many_matches_comes_by_name(services, monkeypatch):
    """Past RANKED_MATCHES matches, ranking them all would cost a pause and tell little: the
    matches come by name, as for the first keystrokes; below it, the best match first."""
    from app.store import fts5

    for name in ("Marta Zamora", "Mario Alba", "Marcos Ruiz", "Ana Mar"):
        create(services, name)
    monkeypatch.setattr(fts5, "RANKED_MATCHES", 3)
    assert found(services, "mar") == ["Ana Mar", "Marcos Ruiz", "Mario Alba", "Marta Zamora"]
    monkeypatch.setattr(fts5, "RANKED_MATCHES", 10)
    assert sorted(found(services, "mar")) == sorted(
        ["Ana Mar", "Marcos Ruiz", "Mario Alba", "Marta Zamora"])  # all, ranked
    index = services.db.search_index
    with services.db.reader() as cur:
        assert index.many_matches(cur, "mar", over=3)
        assert not index.many_matches(cur, "mar", over=4)
