"""A realistic demo binder, the same for the same seed and day: Spanish, Polish, Russian and
English clients with their history, spread over the binder's inserts.

Names and companies come from Faker's locales, drawn once into pools; the rows are written in
bulk in one transaction (100,000 dossiers take seconds, not minutes).
"""

from __future__ import annotations

import random
from bisect import bisect
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate
from typing import TYPE_CHECKING

from faker import Faker

from app.errors import InvalidInput
from app.filenames import safe_document_name
from app.i18n import _
from app.services import demo_data as data
from app.services import demo_notes
from app.services.demo_documents import DemoPdf, proposal_pdfs
from app.services.demo_history import (
    CHANNELS,
    WORK_FROM,
    WORK_HOURS,
    Calendar,
    between,
    history,
    pick,
    story,
)
from app.store import team_people
from app.store.bulk import Shape, StoredDossier, bulk_insert, insert_stored
from app.store.bulk_documents import NewDocument, insert_documents
from app.store.fold import sort_key
from app.store.models import FilledForm, FormTemplate

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.binder import Services

POOL = 400  # names, companies and domains drawn per language and gender
MAX_CLIENTS = 1_000_000
CHUNK = 5000  # dossiers made and written at a time
Progress = Callable[[int, int], None]


class _Pools:
    """Everything Faker contributes, drawn once per language."""

    def __init__(self, seed: int) -> None:
        self.people: dict[str, list[tuple[str, str, str]]] = {}  # (given, family, gender)
        self.companies: dict[str, list[str]] = {}
        self.domains: dict[str, list[str]] = {}
        self.mailboxes: dict[str, list[str]] = {}
        for offset, (lang, spec) in enumerate(data.LOCALES.items()):
            fake = Faker(spec[0])
            fake.seed_instance(seed * 10 + offset)
            people = []
            for _i in range(POOL):
                if lang == "ru":
                    people.append((f"{fake.first_name_male()} {fake.middle_name_male()}",
                                   fake.last_name_male(), "m"))
                    people.append((f"{fake.first_name_female()} {fake.middle_name_female()}",
                                   fake.last_name_female(), "f"))
                else:
                    people.append((fake.first_name_male(), fake.last_name_male(), "m"))
                    people.append((fake.first_name_female(), fake.last_name_female(), "f"))
            self.people[lang] = people
            self.companies[lang] = [fake.company() for _i in range(POOL)]
            self.domains[lang] = [fake.domain_name() for _i in range(POOL)]
            self.mailboxes[lang] = [fake.user_name() for _i in range(POOL)]


SLOTS = tuple(f"{h:02d}:{m}" for h in range(8, 18) for m in ("00", "30"))[1:]  # 08:30-17:30
# of the dossiers with a priced offer, those with its proposal filed (~3% of all, at most
# 200: each is ~25 KB, and a handover carries them)
DOCUMENT_SHARE = 0.06
MAX_DOCUMENTS = 200


class Generator:
    def __init__(self, seed: int, today: date, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.now = now
        self.start = now.astimezone(UTC).replace(tzinfo=None)  # naive: history is made in it
        self.pools = _Pools(seed)
        self.langs = list(data.LOCALES)
        self.labels = (_("mobile"), _("office"), _("assistant"))  # a phone's, by position
        self.mail_labels = (_("work"), _("office"))
        self.calendar = Calendar(today)
        self.taken: dict[date, set[str]] = {}  # the fixed times given out, per day
        self.today_filed = False
        # what a contact on a channel may come to, per language
        self.outcomes = {lang: {channel: data.OUTCOMES[lang] + data.CHANNEL_OUTCOMES[lang][channel]
                                for channel in CHANNELS} for lang in self.langs}
        # each product's summaries by channel and priced offers, written once, not per event
        self.said = {lang: [({channel: [t.format(p=product) for t in said]
                              for channel, said in data.SUMMARIES[lang].items()},
                             [t.format(p=product) for t in data.PRICED_OFFERS[lang]])
                            for product in data.PRODUCTS[lang]] for lang in self.langs}
        self.documents: list[tuple[int, str, str, str]] = []  # (item, lang, name, added)
        self.document_count = 0
        self.pdfs: dict[str, list[DemoPdf]] | None = None  # made when the first is filed

    def uuid(self) -> str:
        """str(uuid.UUID(int=bits, version=4)) of the same bits, without making the object
        (one per dossier, phone, e-mail and event: 84,000 per 10,000 dossiers)."""
        n = self.rng.getrandbits(128)
        n = (n & ~(0xC000 << 48)) | (0x8000 << 48)  # the variant, as uuid.UUID sets it
        n = (n & ~(0xF000 << 64)) | (4 << 76)  # the version
        h = f"{n:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def phone(self, lang: str) -> tuple[str, str]:
        _loc, code, _p, length, pattern = data.LOCALES[lang]
        prefix = pick(self.rng.random, data.MOBILE_PREFIXES[lang])
        rest = length - len(prefix)
        digits = f"{prefix}{int(self.rng.random() * 10 ** rest):0{rest}d}"
        return pattern.format(*digits), f"+{code}{digits}"

    def next_contact(self) -> tuple[date | None, str | None, bool, int | None, str]:
        """(date, time, fixed, archived how many days back, archive reason) drawn to fill
        every insert; a time of day is given once per day (no two appointments collide)."""
        rng, today = self.rng, self.today
        roll = rng.random()
        if roll < 0.12:
            kind, reason = rng.choice(data.ARCHIVE_REASONS)
            reason = kind + ":" + _(reason)  # the kind travels to the status, then is cut
            return None, None, False, self.calendar.work[between(rng.random, 1, 400)], reason
        if roll < 0.22:
            return None, None, False, None, ""
        if roll < 0.30:
            when = today - timedelta(days=between(rng.random, 1, 21))
        elif roll < 0.31 or not self.today_filed:  # today's insert is never empty: a demo
            when = today  # opens on it (a small one's first dated dossier goes there)
            self.today_filed = True
        elif roll < 0.62:
            when = today + timedelta(days=between(rng.random, 0, 30))
            while when.weekday() >= 5 and rng.random() < 0.85:  # little work on weekends
                when = today + timedelta(days=between(rng.random, 0, 30))
        elif roll < 0.95:
            when = today + timedelta(days=between(rng.random, 31, 365))
        else:
            when = today + timedelta(days=between(rng.random, 366, 900))
        at = None
        if rng.random() < 0.3:
            taken = self.taken.setdefault(when, set())
            for _try in range(3):  # a busy day's times run out: the dossier goes without
                slot = SLOTS[rng.randrange(len(SLOTS))]
                if slot not in taken:
                    taken.add(slot)
                    at = slot
                    break
        return when, at, bool(at) and rng.random() < 0.15, None, ""

    def notes(self, lang: str) -> str:
        """Nothing, a remark or two, or a paragraph or more (how to get there, the
        competitor, who decides, small talk), in the client's language."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.5:
            return ""
        short = demo_notes.SHORT[lang]
        if roll < 0.94:
            return " ".join(rng.sample(short, 1 + (roll > 0.8)))
        topics = demo_notes.LONG[lang]
        paragraphs = []
        for topic in rng.sample(topics, rng.randint(2, 3)):
            kept = sorted(rng.sample(range(len(topic)), rng.randint(1, 2)))  # in their order
            paragraphs.append(" ".join(topic[n] for n in kept))
        if roll > 0.985:
            paragraphs.insert(0, rng.choice(short))
        return "\n\n".join(paragraphs)

    def amount(self, lang: str) -> str:
        """A priced offer's amount in the client's currency: from a few hundred to a few
        hundred thousand euros' worth, most a few thousand."""
        rate, step = data.RATES[lang]
        euros = min(250_000.0, max(150.0, self.rng.lognormvariate(8.3, 1.1)))
        return f"{max(step, round(euros * rate / step) * step)}.00"


def visit_report() -> list[dict[str, object]]:
    """The sales manager's "Visit report" form, in the language in force."""
    return [
        {"name": "fleet_size", "label": _("Fleet size"), "type": "number", "required": True,
         "choices": []},
        {"name": "decision_maker", "label": _("Decision maker"), "type": "text",
         "required": False, "choices": []},
        {"name": "budget_round", "label": _("Next budget round"), "type": "date",
         "required": False, "choices": []},
        {"name": "interest", "label": _("Interest"), "type": "choice", "required": True,
         "choices": interest_levels()},
        {"name": "wants_demo", "label": _("Wants a demo"), "type": "yesno", "required": False,
         "choices": []},
    ]


def interest_levels() -> list[str]:
    return [_("low"), _("medium"), _("high")]


def _add_visit_reports(session: Session, gen: Generator, pks: list[int]) -> None:
    """A sales manager's "Visit report" template, filled on some dossiers."""
    template = gen.uuid()
    fields, title = visit_report(), _("Visit report")
    bulk_insert(session, FormTemplate, [dict(
        uuid=template, updated_at=gen.now, name=title,
        description=_("Fill in after every visit"), fields=fields)])
    rows = []
    levels = interest_levels()
    for pk in pks:
        values = {"fleet_size": str(gen.rng.randint(2, 80)),
                  "interest": gen.rng.choice(levels),
                  "wants_demo": gen.rng.random() < 0.5}
        if gen.rng.random() < 0.5:
            values["budget_round"] = (gen.today + timedelta(days=gen.rng.randint(20, 200))
                                      ).isoformat()
        rows.append(dict(dossier_pk=pk, uuid=gen.uuid(), updated_at=gen.now,
                         template_uuid=template, title=title, fields=fields,
                         values=values, created_at=gen.now))
    bulk_insert(session, FilledForm, rows)


def _add_proposal_template(session: Session, gen: Generator) -> None:
    """The sales manager's "Standard offer" letter, in the language in force, with the tax
    rate of its country, for New proposal… to start from."""
    from app.i18n import language
    from app.store.models import ProposalTemplate

    letter = _("Dear {client},\n\nthank you for our conversation. As agreed, here is our offer "
               "for {company}: {total} in all ({net} before tax), line by line below.\n\n"
               "Delivery is within three weeks of your order, installation included. The "
               "offer holds until {valid_until}.\n\nKind regards,\n{salesperson}")
    bulk_insert(session, ProposalTemplate, [dict(
        uuid=gen.uuid(), updated_at=gen.now, name=_("Standard offer"),
        subject=_("Our offer for {company}"), body=letter, validity_days=30,
        tax_rate={"es": "21", "pl": "23", "ru": "20"}.get(language(), "20"))])


# the columns of the rows _dossier makes (bulk.insert_stored writes them as they are)
SHAPE = Shape(
    dossier=("uuid", "updated_at", "created_at", "full_name", "sort_name", "given_name",
             "family_name", "position", "company", "source", "status", "notes",
             "next_contact", "next_time", "purpose", "priority", "fixed", "archived",
             "archived_at", "archive_reason", "scheduled_at"),
    phone=("uuid", "updated_at", "label", "number", "e164", "position"),
    email=("uuid", "updated_at", "label", "address", "position"),
    event=("uuid", "updated_at", "at", "kind", "channel", "summary", "outcome", "offer",
           "amount", "currency", "next_contact", "amends_uuid"))
NEXT_CONTACT = SHAPE.dossier.index("next_contact")
PRIORITY_SHARES = list(accumulate((2, 6, 2)))  # of 10: low, normal, high
PHONE_SHARES = list(accumulate((5, 4, 1)))  # of 10: one, two or three phones


def _dossier(gen: Generator, item: int) -> StoredDossier:
    """One client with a history, drawn from the pools, as the rows the binder stores."""
    rng = gen.rng  # the draws in this order: the same seed gives the same binder
    draw = rng.random
    lang = pick(draw, gen.langs)
    given, family, gender = pick(draw, gen.pools.people[lang])
    company = pick(draw, gen.pools.companies[lang])
    forms = pick(draw, data.POSITIONS[lang]).split("|")
    when, at, fixed, archived, reason = gen.next_contact()
    kind, _sep, reason = reason.partition(":") if archived is not None else ("", "", reason)
    status, count, last, made = story(gen, when, archived, kind)
    day = when.isoformat() if when else None
    events, offered, waiting = history(gen, lang, status, count, last, made, day) if count \
        else ([], None, False)
    cal = gen.calendar
    purposes = data.FIRST_PURPOSES if status == "prospect" else \
        data.WAKE_PURPOSES if status == "dormant" else \
        data.OFFER_PURPOSES if waiting and draw() < 0.6 else data.PURPOSES
    purpose = pick(draw, purposes[lang]) if when else ""
    notes = gen.notes(lang)
    priority = 1 + bisect(PRIORITY_SHARES, draw() * 10)
    archived_at = None
    if archived is not None:
        archived_at = cal.stamp(archived, lang, WORK_FROM + int(draw() * WORK_HOURS))
        events.append((gen.uuid(), archived_at, archived_at, "archive", "other", reason, "",
                       "", None, "", None, None))
    name = f"{given} {family}"
    stamp = cal.stamp(cal.work[made], lang, WORK_FROM + int(draw() * WORK_HOURS))
    row = (gen.uuid(), stamp, stamp, name, sort_key(name), given, family,
           forms[-1] if gender == "f" else forms[0], company, "demo", status, notes,
           day, at, purpose, priority, int(fixed), int(archived is not None), archived_at,
           reason, when and stamp)  # a demo's dates were all agreed long ago: each may move
    labels = gen.labels
    phones = []
    for position in range(1 + bisect(PHONE_SHARES, draw() * 10)):
        shown, e164 = gen.phone(lang)
        phones.append((gen.uuid(), stamp, labels[position], shown, e164, position))
    domain = pick(draw, gen.pools.domains[lang])
    addresses = [f"{pick(draw, gen.pools.mailboxes[lang])}@{domain}"]
    if draw() < 0.3:
        addresses.append(f"office@{domain}")
    emails = [(gen.uuid(), stamp, gen.mail_labels[position], address, position)
              for position, address in enumerate(addresses)]
    if offered and status in ("active", "won") and draw() < DOCUMENT_SHARE:
        gen.documents.append((item, lang, family, offered))
    return row, phones, emails, events


def _add_documents(session: Session, gen: Generator, pks: list[int]) -> None:
    """File the proposals drawn for this chunk's dossiers (item: its place in the chunk),
    each a copy of one of the run's few PDFs under the dossier's own name, dated when the
    offer was made."""
    if not gen.documents or gen.document_count >= MAX_DOCUMENTS:
        gen.documents.clear()
        return
    if gen.pdfs is None:
        gen.pdfs = proposal_pdfs(data.CURRENCIES)
    documents: list[NewDocument] = []
    for item, lang, family, added in gen.documents[:MAX_DOCUMENTS - gen.document_count]:
        pdf = gen.pdfs[lang][gen.rng.randrange(len(gen.pdfs[lang]))]
        name = safe_document_name(f"{data.PROPOSAL_NAMES[lang]} {added[:7]} {family}.pdf")
        documents.append(NewDocument(pks[item], gen.uuid(), added, name, "application/pdf",
                                     pdf.sha256, pdf.data))
    gen.document_count += len(documents)
    gen.documents.clear()
    insert_documents(session, documents)


def generate_demo(services: Services, clients: int, seed: int = 1,
                  progress: Progress | None = None) -> int:
    """Add `clients` demo dossiers to the binder in one transaction, through the store's bulk
    writer; returns how many."""
    if not 1 <= clients <= MAX_CLIENTS:
        raise InvalidInput(_("The number of demo clients is 1 to {max}.").format(max=MAX_CLIENTS))
    gen = Generator(seed, services.clock.today(), datetime.combine(
        services.clock.today(), time(8), tzinfo=UTC))
    filed: list[tuple[int, bool]] = []  # (key, due today): all that is kept of a chunk
    today = gen.today.isoformat()
    with services.db.write() as session:
        # a chunk at a time, written as it is made: memory stays that of one chunk
        for start in range(0, clients, CHUNK):
            items = [_dossier(gen, n) for n in range(min(CHUNK, clients - start))]
            pks = insert_stored(session, SHAPE, items)
            if services.new_owner is not None:  # a team binder: the demo's are someone's
                team_people.give(session, pks, services.new_owner)
            _add_documents(session, gen, pks)
            filed += [(pk, item[0][NEXT_CONTACT] == today)
                      for pk, item in zip(pks, items, strict=True)]
            if progress:
                progress(start + len(items), clients)
        # then the forms, drawing as before: the same seed and day give the same binder
        _add_visit_reports(session, gen, [
            pk for pk, today in filed if today or gen.rng.random() < 0.03])
        _add_proposal_template(session, gen)
    if progress:
        progress(clients, clients)
    return clients
