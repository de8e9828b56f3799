"""A small binder of real clients (Polish, Russian, Spanish) with history, documents and
forms, and a cheap scrypt so that every test can encrypt."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from app.services import Services, open_services
from app.services.dossiers import NewDossier
from app.services.filing import ContactLog, NextStep
from tests.conftest import TODAY

FAST_N = 2**4
PASSPHRASE = "Zażółć gęślą jaźń — ключ"

CLIENTS = [  # name, company, phone, e-mail, days until the next contact (None: undated)
    ("Małgorzata Wiśniewska-Żółkiewska", "Przędzalnia Łódź", "+48 600 123 456",
     "malgorzata.wisniewska@przedzalnia.pl", 0),
    ("Дмитрий Соколов", "Северсталь-Логистика", "+7 912 345 67 89",
     "d.sokolov@severstal-logistika.ru", 3),
    ("José Ñúñez García", "Bodegas Peñalver", "+34 612 345 678", "jose.nunez@penalver.es", 14),
    ("Grzegorz Brzęczyszczykiewicz", "Chrząszczyżewoszyce", "+48 512 987 654",
     "g.brzeczyszczykiewicz@chrzaszcz.pl", 20),
    ("Анастасия Кузнецова", "Уралхим", "+7 495 123 45 67", "a.kuznetsova@uralchem.ru", None),
    ("Begoña Ibáñez Muñoz", "Aceites Útiles", "+34 699 111 222", "begona.ibanez@aceites.es", 5),
]


@dataclass
class Filled:
    services: Services
    ids: dict[str, str]  # name -> dossier id
    template: str
    archived: str  # the id of the archived dossier (Begoña)
    documents: dict[str, bytes]  # document id -> bytes


@pytest.fixture
def filled(services: Services) -> Filled:
    services.settings.update(owner_name="Łucja Kowalczyk")
    services.handover.scrypt_n = FAST_N
    ids = {}
    for name, company, phone, email, days in CLIENTS:
        when = None if days is None else TODAY + timedelta(days=days)
        ids[name], _ = services.dossiers.create(NewDossier(
            name=name, company=company, phones=[f"mobile: {phone}"], emails=[email],
            next_contact=when, purpose=f"Oferta dla {name}", notes=f"Notatki: {name}"))
    first, second = ids[CLIENTS[0][0]], ids[CLIENTS[1][0]]
    services.filing.log_contact(
        first, ContactLog("call", "Rozmowa o cenach", "Prosi o ofertę", "10% rabatu", "1250.50",
                          "PLN"), NextStep(TODAY + timedelta(days=1), "09:30", "Wysłać ofertę"))
    services.filing.log_contact(
        first, ContactLog("visit", "Wizyta", "Zainteresowany"), NextStep(TODAY))
    services.filing.log_contact(
        second, ContactLog("meeting", "Встреча", "Ждёт договор"), NextStep(TODAY + timedelta(3)))
    archived = ids[CLIENTS[5][0]]
    services.filing.archive(archived, "Cerró el negocio")
    documents = {}
    for name, data in (("oferta.pdf", b"%PDF-1.4 " + bytes(range(256)) * 40),
                       ("umowa.txt", "Umowa: Małgorzata".encode()), ("empty.bin", b"")):
        doc_id, _ = services.attachments.add(first, name, data)
        documents[doc_id] = data
    trashed, _ = services.attachments.add(second, "старый.txt", "старый договор".encode())
    documents[trashed] = "старый договор".encode()
    services.attachments.trash(trashed)
    template = services.forms.save_template("Raport z wizyty", [
        {"label": "Wielkość floty", "type": "number", "required": True},
        {"label": "Zainteresowanie", "type": "choice", "choices": ["niskie", "wysokie"]}])
    services.forms.save_template("Unused template", [{"label": "Notes", "type": "longtext"}])
    form, _ = services.forms.add_form(first, template)
    services.forms.fill(form, {"wielkosc_floty": "12", "zainteresowanie": "wysokie"})
    return Filled(services, ids, template, archived, documents)


def planned_ids(filled: Filled, start: date, end: date) -> set[str]:
    """What a period should pick, computed from the binder independently of the export."""
    chosen = set()
    for dossier_id in filled.ids.values():
        d = filled.services.dossiers.get(dossier_id)
        if not d.archived and d.next_contact is not None and start <= d.next_contact <= end:
            chosen.add(dossier_id)
    return chosen


@pytest.fixture
def colleague(tmp_path, _empty_binder_file, clock):
    path = tmp_path / "colleague.rbinder"
    shutil.copyfile(_empty_binder_file, path)
    opened = open_services(path, clock)
    opened.handover.scrypt_n = FAST_N
    yield opened
    opened.close()


# characters no one-line text may hold once imported: controls (C0 with the line breaks,
# DEL, C1), line and paragraph separators, bidirectional embeddings, overrides, isolates
NOT_ONE_LINE = frozenset(
    [chr(c) for c in range(0x20)] + [chr(c) for c in range(0x7F, 0xA0)]
    + ["\u2028", "\u2029"] + [chr(c) for c in range(0x202A, 0x202F)]
    + [chr(c) for c in range(0x2066, 0x206A)])


def one_line_texts(detail: Any) -> Iterator[tuple[str, str]]:
    """(place, text) for every one-line text of a dossier as services.dossiers.get shows
    it: its name and labels, its phones, e-mails, events, documents and forms; not its
    notes, address or an event's summary, which keep their lines."""
    for name in ("name", "position", "company", "website", "source", "segment", "tags",
                 "status", "purpose", "archive_reason"):
        yield name, getattr(detail, name)
    for name, items, keys in (
            ("phones", detail.phones, ("label", "number", "e164")),
            ("emails", detail.emails, ("label", "address")),
            ("events", detail.events, ("kind", "channel", "outcome", "offer", "currency")),
            ("attachments", detail.attachments, ("filename", "mime")),
            ("forms", detail.forms, ("title",))):
        for i, item in enumerate(items):
            for key in keys:
                yield f"{name}[{i}].{key}", getattr(item, key)
    for i, form in enumerate(detail.forms):
        for j, form_field in enumerate(form.fields):
            for key, value in form_field.items():
                for text in (value if isinstance(value, list) else [value]):
                    if isinstance(text, str):
                        yield f"forms[{i}].fields[{j}].{key}", text
