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
from app.i18n import _
from app.services import demo_data as data
from app.store.bulk import bulk_insert
from app.store.bulk_stored import Shape, StoredDossier, insert_stored
from app.store.fold import sort_key
from app.store.models import FilledForm, FormTemplate
from app.store.stamps import utc_text

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from app.services.binder import Services

POOL = 400  # names, companies and domains drawn per language and gender
MAX_CLIENTS = 1_000_000
CHUNK = 5000  # dossiers made and written at a time
Progress = Callable[[int, int], None]


def _ts(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


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


class _Generator:
    def __init__(self, seed: int, today: date, now: datetime) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.now = now
        self.start = now.astimezone(UTC).replace(tzinfo=None)  # naive: history is made in it
        self.pools = _Pools(seed)
        self.langs = list(data.LOCALES)
        self.labels = (_("mobile"), _("office"), _("assistant"))  # a phone's, by position
        self.mail_labels = (_("work"), _("office"))

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
        prefix = self.rng.choice(data.MOBILE_PREFIXES[lang])
        rest = length - len(prefix)
        digits = f"{prefix}{self.rng.randrange(10 ** rest):0{rest}d}"
        return pattern.format(*digits), f"+{code}{digits}"

    def next_contact(self) -> tuple[date | None, str | None, bool, datetime | None, str]:
        """(date, time, fixed, archived_at, archive reason) drawn to fill every insert."""
        rng, today = self.rng, self.today
        roll = rng.random()
        if roll < 0.12:
            kind, reason = rng.choice(data.ARCHIVE_REASONS)
            reason = kind + ":" + _(reason)  # the kind travels to the status, then is cut
            return None, None, False, self.now - timedelta(days=rng.randint(1, 400)), reason
        if roll < 0.22:
            return None, None, False, None, ""
        if roll < 0.30:
            when = today - timedelta(days=rng.randint(1, 21))
        elif roll < 0.31:  # today's insert is never empty: a demo opens on it
            when = today
        elif roll < 0.62:
            when = today + timedelta(days=rng.randint(0, 30))
            while when.weekday() >= 5 and rng.random() < 0.85:  # little work on weekends
                when = today + timedelta(days=rng.randint(0, 30))
        elif roll < 0.95:
            when = today + timedelta(days=rng.randint(31, 365))
        else:
            when = today + timedelta(days=rng.randint(366, 900))
        at = None
        if rng.random() < 0.3:
            at = f"{rng.randint(8, 17):02d}:{rng.choice(('00', '15', '30', '45'))}"
        return when, at, bool(at) and rng.random() < 0.15, None, ""


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


def _add_visit_reports(session: Session, gen: _Generator, pks: list[int]) -> None:
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


# the columns of the rows _dossier makes (bulk_stored.insert_stored writes them as they are)
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
CHANNELS = ("call", "visit", "meeting", "email", "letter")
CHANNEL_SHARES = list(accumulate((6, 2, 1, 3, 1)))  # of 13
PRIORITY_SHARES = list(accumulate((2, 6, 2)))  # of 10: low, normal, high
PHONE_SHARES = list(accumulate((5, 4, 1)))  # of 10: one, two or three phones


def _text(moment: datetime) -> str:
    """A naive UTC moment of whole seconds as a UTCDateTime column stores it."""
    return moment.isoformat() + ".000000Z"


def _dossier(gen: _Generator) -> StoredDossier:
    """One client with a history, drawn from the pools, as the rows the binder stores."""
    rng = gen.rng  # the draws in this order: the same seed gives the same binder
    draw = rng.random
    lang = rng.choice(gen.langs)
    given, family, gender = rng.choice(gen.pools.people[lang])
    company = rng.choice(gen.pools.companies[lang])
    forms = rng.choice(data.POSITIONS[lang]).split("|")
    when, at, fixed, archived_at, reason = gen.next_contact()
    created = gen.start - timedelta(days=rng.randint(30, 900))
    purpose = rng.choice(data.PURPOSES[lang]) if when else ""
    notes = rng.choice(data.OUTCOMES[lang]) if draw() < 0.2 else ""
    priority = 1 + bisect(PRIORITY_SHARES, draw() * 10)
    kind, _sep, reason = reason.partition(":") if archived_at else ("", "", reason)
    status = "won" if kind == "won" else "lost" if archived_at else \
        rng.choice(("prospect", "active", "active", "dormant"))
    name, stamp = f"{given} {family}", _text(created)
    row = (gen.uuid(), stamp, stamp, name, sort_key(name), given, family,
           forms[-1] if gender == "f" else forms[0], company, "demo", status, notes,
           when and when.isoformat(), at, purpose, priority, int(fixed),
           int(archived_at is not None), archived_at and utc_text(archived_at), reason,
           when and stamp)  # a demo's dates were all agreed long ago: each may move
    labels = gen.labels
    phones = []
    for position in range(1 + bisect(PHONE_SHARES, draw() * 10)):
        shown, e164 = gen.phone(lang)
        phones.append((gen.uuid(), stamp, labels[position], shown, e164, position))
    domain = rng.choice(gen.pools.domains[lang])
    addresses = [f"{rng.choice(gen.pools.mailboxes[lang])}@{domain}"]
    if draw() < 0.3:
        addresses.append(f"office@{domain}")
    emails = [(gen.uuid(), stamp, gen.mail_labels[position], address, position)
              for position, address in enumerate(addresses)]
    count = min(30, int(rng.expovariate(1 / 5)))
    moment = created
    step = max(1, max(1, (gen.start - created).days) // (count + 1))
    products, summaries = data.PRODUCTS[lang], data.SUMMARIES[lang]
    outcomes, offers, currency = data.OUTCOMES[lang], data.OFFERS[lang], data.CURRENCIES[lang]
    events = []
    for _i in range(count):
        moment += timedelta(days=rng.randint(1, step), minutes=rng.randint(0, 600))
        summary = rng.choice(summaries).format(p=rng.choice(products))
        outcome = rng.choice(outcomes)
        if draw() < 0.25:
            offer, amount, paid = (rng.choice(offers), f"{rng.randint(5, 900) * 100}.00",
                                   currency)
        else:
            offer, amount, paid = "", None, ""
        channel = CHANNELS[bisect(CHANNEL_SHARES, draw() * 13)]
        at_text = _text(moment)
        events.append((gen.uuid(), at_text, at_text, "contact", channel, summary, outcome,
                       offer, amount, paid, None, None))
    return row, phones, emails, events


def generate_demo(services: Services, clients: int, seed: int = 1,
                  progress: Progress | None = None) -> int:
    """Add `clients` demo dossiers to the binder in one transaction, through the store's bulk
    writer; returns how many."""
    if not 1 <= clients <= MAX_CLIENTS:
        raise InvalidInput(_("The number of demo clients is 1 to {max}.").format(max=MAX_CLIENTS))
    gen = _Generator(seed, services.clock.today(), datetime.combine(
        services.clock.today(), time(8), tzinfo=UTC))
    filed: list[tuple[int, bool]] = []  # (key, due today): all that is kept of a chunk
    today = gen.today.isoformat()
    with services.db.write() as session:
        # a chunk at a time, written as it is made: memory stays that of one chunk
        for start in range(0, clients, CHUNK):
            items = [_dossier(gen) for _n in range(min(CHUNK, clients - start))]
            pks = insert_stored(session, SHAPE, items)
            filed += [(pk, item[0][NEXT_CONTACT] == today)
                      for pk, item in zip(pks, items, strict=True)]
            if progress:
                progress(start + len(items), clients)
        # then the forms, drawing as before: the same seed and day give the same binder
        _add_visit_reports(session, gen, [
            pk for pk, today in filed if today or gen.rng.random() < 0.03])
    if progress:
        progress(clients, clients)
    return clients
