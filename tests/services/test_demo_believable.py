"""The demo binder reads like a real salesperson's (issue 16): contacts on working days in
working hours of each client's time zone, none in the future and the latest a few days ago,
summaries that fit their channel, statuses that follow from the history, free offers without
an amount, appointments that never collide, notes of every length and a few proposals."""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections import Counter
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from app.clock import FixedClock
from app.services import Services, open_services
from app.services.demo import generate_demo
from app.services.dto import DossierDetail
from app.services.proposal_lines import make_line
from tests.conftest import TODAY

CLIENTS = 600
ZONES = {"+34": "Europe/Madrid", "+48": "Europe/Warsaw", "+7": "Europe/Moscow",
         "+44": "Europe/London"}
CURRENCIES = {"+34": "EUR", "+48": "PLN", "+7": "RUB", "+44": "GBP"}
VISIT = re.compile(r"visit|site|planta|wizyt|zakład|визит|производств", re.IGNORECASE)
EMAIL = re.compile(r"e-mail|correo|письм", re.IGNORECASE)
FREE = re.compile(r"free|gratu|sin coste|bezpłatn|za darmo|бесплатн", re.IGNORECASE)
ORDER = re.compile(r"order confirmed|contract signed|pedido confirmado|contrato firmado|"
                   r"zamówienie potwierdzone|umowa podpisana|заказ подтверждён|"
                   r"договор подписан", re.IGNORECASE)


def make(path: Path, seed: int) -> tuple[Services, list[DossierDetail]]:
    services = open_services(path, FixedClock(TODAY), create=True)
    generate_demo(services, CLIENTS, seed=seed)
    rows = [r for tab in services.views.tabs() for r in services.views.list_insert(tab.key)]
    return services, [services.dossiers.get(r.id) for r in rows]


def code(card: DossierDetail) -> str:
    """The client's country code: their language, their zone and their currency."""
    e164 = card.phones[0].e164
    return "+7" if e164.startswith("+7") else e164[:3]


def contacts(card: DossierDetail):
    return [e for e in card.events if e.kind == "contact"]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory):
    services, cards = make(tmp_path_factory.mktemp("believable") / "demo.rbinder", seed=11)
    yield services, cards
    services.close()


def test_every_contact_is_on_a_working_day_in_the_clients_working_hours(demo):
    _services, cards = demo
    checked = 0
    for card in cards:
        zone = ZoneInfo(ZONES[code(card)])
        for event in card.events:
            local = event.at.astimezone(zone)
            assert local.weekday() < 5, (card.name, local)
            assert time(8) <= local.time() <= time(19), (card.name, event.kind, local)
            checked += 1
        created = card.created_at.astimezone(zone)
        assert created.weekday() < 5 and time(8) <= created.time() <= time(19)
    assert checked > CLIENTS * 3


def test_a_dossiers_contacts_never_share_a_moment(demo):
    """A history is shown in the order of its times: two at one moment would be shown one
    way here and maybe the other way after a handover."""
    _services, cards = demo
    for card in cards:
        moments = [e.at for e in card.events]
        assert len(set(moments)) == len(moments), card.name


def test_no_contact_in_the_future_and_the_latest_are_a_few_days_old(demo):
    _services, cards = demo
    made = datetime.combine(TODAY, time(8), UTC)  # the demo is made as of 08:00 UTC today
    moments = [e.at for card in cards for e in card.events]
    assert max(moments) < made
    assert max(moments) > made - timedelta(days=4)  # last Friday's at the oldest
    recent = sum(1 for m in moments if m > made - timedelta(days=7))
    assert recent > CLIENTS / 30
    for card in cards:
        assert all(card.created_at < e.at for e in card.events), card.name


def test_the_last_contact_fits_the_next_one(demo):
    _services, cards = demo
    soon = []
    for card in cards:
        done = contacts(card)
        if card.archived or not done or card.next_contact is None:
            continue
        last = done[0]
        assert last.next_contact == card.next_contact, card.name  # the contact set it
        if card.next_contact < TODAY:  # overdue: the contact before the date it set
            assert last.at.date() < card.next_contact, card.name
        if card.status == "active" and card.next_contact <= TODAY + timedelta(days=30):
            soon.append((TODAY - last.at.date()).days)
    assert soon and max(soon) <= 70
    assert sorted(soon)[len(soon) // 2] <= 14  # typically a week or two ago


def test_a_summary_fits_its_channel(demo):
    _services, cards = demo
    by_channel: Counter[str] = Counter()
    for card in cards:
        for event in contacts(card):
            by_channel[event.channel] += 1
            if event.channel in ("call", "email", "letter"):
                assert not VISIT.search(event.summary), (event.channel, event.summary)
            if event.channel == "email":
                assert EMAIL.search(event.summary), event.summary
            if event.channel == "call":
                assert not EMAIL.search(event.summary), event.summary
    assert set(by_channel) == {"call", "visit", "meeting", "email", "letter"}


def test_free_offers_carry_no_amount_and_priced_ones_the_clients_currency(demo):
    _services, cards = demo
    free = priced = 0
    for card in cards:
        for event in contacts(card):
            if FREE.search(event.offer):
                assert event.amount is None, event.offer
                free += 1
            elif event.amount is not None:
                assert event.offer and event.currency == CURRENCIES[code(card)]
                euros = float(event.amount) / {"EUR": 1, "PLN": 4.3, "RUB": 95,
                                               "GBP": 0.85}[event.currency]
                assert 100 <= euros <= 260_000, (event.amount, event.currency)
                priced += 1
            else:
                assert not event.offer, event.offer  # an offer without amount is a free one
    assert free > 10 and priced > 4 * free / 2


def test_statuses_follow_from_the_history(demo):
    _services, cards = demo
    statuses = Counter(card.status for card in cards)
    assert set(statuses) == {"prospect", "active", "dormant", "won", "lost"}
    for card in cards:
        done = contacts(card)
        orders = [e for e in done if ORDER.search(e.outcome)]
        if card.status == "prospect":
            assert not done and not card.archived  # a contact logged makes a prospect active
        elif card.status == "won":
            assert card.archived and ORDER.search(done[0].outcome), card.name
            assert card.events[0].kind == "archive"
        elif card.status == "lost":
            assert card.archived and not orders and card.events[0].kind == "archive"
        elif card.status == "dormant":
            assert (TODAY - done[0].at.date()).days >= 150, card.name
        else:
            assert (TODAY - done[0].at.date()).days < 150, card.name
            if len(done) > 1:
                assert any(e.offer for e in done), card.name  # active: something offered
        for event in done:  # an order comes after an offer
            if ORDER.search(event.outcome):
                assert any(e.amount and e.at < event.at for e in done), card.name


def test_no_two_appointments_at_the_same_time_on_a_day(demo):
    _services, cards = demo
    timed = [(card.next_contact, card.time) for card in cards if card.time]
    assert len(timed) > CLIENTS / 10
    assert len(set(timed)) == len(timed), Counter(timed).most_common(3)
    assert any(day == TODAY for day, _t in timed)


def test_notes_are_of_every_length_in_the_clients_language(demo):
    _services, cards = demo
    lengths = [len(card.notes) for card in cards]
    assert sum(n == 0 for n in lengths) > CLIENTS / 4
    assert sum(0 < n < 200 for n in lengths) > CLIENTS / 5
    long = [card for card in cards if len(card.notes) >= 200]
    assert len(long) > CLIENTS / 40 and max(lengths) <= 2000
    assert len({card.notes for card in long}) > len(long) * 0.9  # not all the same
    for card in long:
        russian = bool(re.search(r"[\u0400-\u04FF]", card.notes))
        assert russian == (code(card) == "+7"), card.notes[:60]
        assert "\n\n" in card.notes or len(card.notes) < 800


def test_some_dossiers_have_a_proposal_pdf_that_reads(demo):
    services, cards = demo
    filed = [(card, a) for card in cards for a in card.attachments]
    assert CLIENTS / 100 <= len(filed) <= CLIENTS / 20
    for card, attachment in filed:
        assert attachment.mime == "application/pdf" and attachment.filename.endswith(".pdf")
        assert card.family_name in attachment.filename
        assert any(e.amount for e in contacts(card))  # filed with a priced offer
        document = services.attachments.read(attachment.id)  # its digest checked
        assert len(document.data) == attachment.size < 40_000
        pages = PdfReader(io.BytesIO(document.data)).pages
        assert len(pages) == 1
        assert CURRENCIES[code(card)] in pages[0].extract_text()


def fingerprint(cards: list[DossierDetail]) -> str:
    return hashlib.sha256(json.dumps([
        [c.name, c.notes, c.status, str(c.next_contact), c.time, str(c.created_at),
         [[str(e.at), e.channel, e.summary, e.outcome, e.offer, e.amount] for e in c.events],
         [[a.filename, a.size] for a in c.attachments]] for c in cards]).encode()).hexdigest()


def test_the_same_seed_and_day_give_the_same_history_notes_and_documents(demo, tmp_path):
    _services, cards = demo
    again, copy = make(tmp_path / "again.rbinder", seed=11)
    with again:
        assert fingerprint(copy) == fingerprint(cards)
        pdfs = {again.attachments.read(a.id).data for c in copy for a in c.attachments}
        assert 2 <= len(pdfs) <= 8  # a few proposals, each shared under many names


def test_the_next_step_follows_from_the_history(demo):
    from app.services.demo_data import FIRST_PURPOSES, OFFER_PURPOSES

    _services, cards = demo
    first = {p for ps in FIRST_PURPOSES.values() for p in ps}
    after_offer = {p for ps in OFFER_PURPOSES.values() for p in ps}
    seen = 0
    for card in cards:
        if card.purpose in first:
            assert card.status == "prospect", card.name
        if card.purpose in after_offer:  # "Confirm the order": an offer waits for an answer
            done = contacts(card)
            priced = [e for e in done if e.amount]
            assert priced, card.name
            assert not any(ORDER.search(e.outcome) for e in done if e.at > priced[0].at)
            seen += 1
    assert seen > 10


def test_the_demo_brings_the_managers_proposal_template_for_new_proposals(demo):
    services, cards = demo
    (template,) = services.proposals.templates()
    assert (template.name, template.validity_days) == ("Standard offer", 30)
    client = next(card for card in cards if card.company and not card.archived)
    draft = services.proposals.draft(client.id, template.id)
    assert draft.subject == f"Our offer for {client.company}"
    assert draft.body.startswith(f"Dear {client.name},")
    draft.lines = [make_line("Roller kit", "2", "125", "", template.tax_rate)]
    assert "{" not in services.proposals.letter(draft).body  # every placeholder is known
