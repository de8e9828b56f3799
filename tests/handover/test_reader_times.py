"""A handover's times are read once per distinct text (a file repeats many: an event logged
and last updated at the same moment), each place still checked: a text refused once is
refused wherever it stands, and nothing read is kept once the file is read."""

from __future__ import annotations

import pytest

from app.errors import HandoverDamaged
from app.handover import payload as p
from app.handover import reader
from app.store.stamps import stamp_text


@pytest.fixture
def raw(filled) -> dict:
    workload = filled.services.handover.workload(ids=list(filled.ids.values())).workload
    return p.workload_to_dict(workload)


def _with_events(raw: dict) -> dict:
    return next(d for d in raw["dossiers"] if len(d["events"]) >= 2)


def test_a_repeated_time_reads_as_its_text_wherever_it_stands(raw):
    dossier = _with_events(raw)
    moment = "2026-03-04T05:06:07.080900Z"
    dossier["updated_at"] = dossier["events"][0]["at"] = moment
    dossier["events"][1]["updated_at"] = moment
    workload = reader.workload_from_dict(raw)
    read = next(d for d in workload.dossiers if d.uuid == dossier["uuid"])
    times = [read.updated_at, read.events[0].at, read.events[1].updated_at]
    assert {stamp_text(t) for t in times} == {moment}
    assert len(set(times)) == 1 and p.timestamp_text(times[0]) == moment
    assert not reader._STAMPS  # nothing kept once the file is read


@pytest.mark.parametrize("bad", ["2026-02-30T00:00:00.000000Z", "2026-03-04 05:06:07.080900Z",
                                 ["2026-03-04T05:06:07.080900Z"], 5])
def test_a_time_refused_is_refused_at_its_first_place_and_not_kept(raw, bad):
    dossier = _with_events(raw)
    index = raw["dossiers"].index(dossier)
    dossier["events"][0]["at"] = dossier["events"][1]["at"] = bad
    with pytest.raises(HandoverDamaged, match=rf"dossiers\[{index}\]\.events\[0\]\.at is "
                                              "not a UTC timestamp"):
        reader.workload_from_dict(raw)
    assert not reader._STAMPS
