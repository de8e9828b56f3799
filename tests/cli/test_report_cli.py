"""`ringbinder report`: the figures of a known binder as a terminal, a script (JSON) and a
spreadsheet (CSV) read them."""

from __future__ import annotations

import csv
import json

import pytest

from app.clock import FixedClock
from app.services import open_services
from tests.cli.test_cli import assert_refused, run_cli
from tests.conftest import TODAY
from tests.report_binder import EXPECTED, build


@pytest.fixture
def binder(binder_path):
    with open_services(binder_path, FixedClock(TODAY)) as services:
        build(services, services.clock)  # type: ignore[arg-type]
    return binder_path


def test_activity_json_is_the_documented_contract(binder):
    run = run_cli(binder, "report", "activity", "--json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert (data["from"], data["to"]) == ("2026-10-28", "2026-11-24")
    assert data["contacts"] == EXPECTED["contacts"]
    assert data["by_channel"] == EXPECTED["by_channel"]
    assert sum(w["contacts"] for w in data["by_week"]) == 12
    assert (data["worked"], data["planned"], data["postponed"]) == (6, 4, 2)


def test_pipeline_json_keeps_amounts_exact_as_text(binder):
    data = run_cli(binder, "report", "pipeline", "--json").json()
    assert data["offers"] == EXPECTED["offers"]
    assert data["amounts"] == {"EUR": "3000.50", "PLN": "1750.25"}
    assert (data["orders"], data["cycle_days"]) == (1, 14.0)


def test_lost_json_with_a_period_and_the_year(binder):
    data = run_cli(binder, "report", "lost", "--from", "2026-11-01", "--to", "2026-11-30",
                   "--json").json()
    assert (data["from"], data["to"]) == ("2026-11-01", "2026-11-30")
    assert data["lost"] == 3
    assert data["by_reason"] == EXPECTED["by_reason"]
    assert data["last_12_months"]["lost"] == 4


def test_workload_json_lists_the_coming_twelve_weeks(binder):
    data = run_cli(binder, "report", "workload", "--json").json()
    assert len(data) == 84
    assert data[0]["date"] == "2026-11-24"
    assert {k: v for k, v in data[9].items() if k != "working"} == \
        {"date": "2026-12-03", "count": 3, "capacity": 2}


def test_text_output_reads_as_sentences(binder):
    run = run_cli(binder, "report", "pipeline")
    assert run.code == 0, run.err
    assert "Offers: 5 (€3,000.50, PLN\u00a01,750.25)" in run.out
    assert "orders: 1" in run.out and "order): 14" in run.out
    lost = run_cli(binder, "report", "lost").out
    assert "Lost clients" in lost and "2  not interested" in lost
    workload = run_cli(binder, "report", "workload").out
    assert "5 / 10  !" in workload  # the week of 30 Nov: 5 dossiers, capacity 5 × 2
    assert "Overdue, on top of today's work: 1" in workload


def test_csv_reads_back_in_a_spreadsheet(binder, tmp_path):
    target = tmp_path / "pipeline.csv"
    run = run_cli(binder, "report", "pipeline", "-o", str(target))
    assert run.code == 0, run.err
    assert "pipeline.csv (3 rows)" in run.out
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["Month", "Offers", "Amount", "Currency"]
    assert rows[1:] == [["2026-10", "0", "", ""], ["2026-11", "5", "3000.50", "EUR"],
                        ["2026-11", "", "1750.25", "PLN"]]
    activity = tmp_path / "activity.csv"
    run_cli(binder, "report", "activity", "-o", str(activity))
    with activity.open(encoding="utf-8-sig", newline="") as f:
        table = list(csv.DictReader(f))
    assert len(table) == 28
    by_date = {r["Date"]: r for r in table}
    assert by_date["2026-11-10"]["Visit"] == "1"
    assert sum(int(r["Contacts"]) for r in table) == 12


def test_bad_usage_is_refused_in_one_line(binder, tmp_path):
    assert_refused(run_cli(binder, "report", "lost", "--from", "2026-11-20", "--to",
                           "2026-11-01"), "ends before it starts")
    assert_refused(run_cli(binder, "report", "activity", "-o", str(tmp_path / "x.txt")),
                   ".pdf or .csv")
    assert_refused(run_cli(binder, "report", "workload", "--from", "2026-11-01"),
                   "12 weeks")
    assert not (tmp_path / "x.txt").exists()


def test_the_readme_documents_every_key_the_json_has(binder):
    """The README's examples of `report … --json` carry the keys the command writes."""
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for kind in ("activity", "pipeline", "lost", "workload"):
        found = re.search(rf"`report {kind} --json`.*?```json\n(.*?)```", readme, re.S)
        assert found, kind
        documented = json.loads(found.group(1))
        written = run_cli(binder, "report", kind, "--json").json()
        if kind == "workload":  # a list of days: the example is one of them
            assert documented in written
            written = written[0]
        assert set(documented) == set(written), kind


def test_the_command_line_names_every_report():
    from app import cli_report
    from app.services import reports

    assert cli_report.KINDS == reports.KINDS
