"""Writing contacts as the CSV files Google Contacts and Outlook import, so that a user can
take the binder's contacts to either, and read_csv gives the same records back.

The caller opens the file with newline="" and encoding "utf-8-sig" (the BOM makes Excel read
UTF-8); rows are written by the csv module with CRLF line ends, a field quoted when it holds
a comma, a quote or a line break. Cells are written as they are: no formula guard (a leading
`'` before "+48…" would break every phone number on import).

Google ("google"): the header set of Google's current export, with as many numbered
E-mail and Phone columns as the longest record needs; labels as written, tags joined by
" ::: ", the address in "Address 1 - Formatted" (read back whole) and "- Street" (what
Google fills its form from), the display name in "File As".
Outlook ("outlook"): the 92 columns of Outlook's English export. Outlook has no display
name (a contact named by nothing else gets it as First Name) and one column per kind of
phone: a phone goes to the column of its label (case ignored), one whose label has no
column to "Other Phone" or the next free phone column, and a phone beyond the free columns
is left out; e-mails are three, without labels; the address is the Business Street; tags
are joined by ";".
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date
from typing import TextIO

from app.errors import InvalidInput
from app.i18n import _
from app.interchange.records import ContactRecord

LAYOUTS = ("google", "outlook")

_GOOGLE_HEAD = ("First Name", "Middle Name", "Last Name", "Phonetic First Name",
                "Phonetic Middle Name", "Phonetic Last Name", "Name Prefix", "Name Suffix",
                "Nickname", "File As", "Organization Name", "Organization Title",
                "Organization Department", "Birthday", "Notes", "Photo", "Labels")
_GOOGLE_TAIL = ("Address 1 - Label", "Address 1 - Formatted", "Address 1 - Street",
                "Address 1 - City", "Address 1 - PO Box", "Address 1 - Region",
                "Address 1 - Postal Code", "Address 1 - Country", "Address 1 - Extended Address",
                "Website 1 - Label", "Website 1 - Value")

OUTLOOK_HEADER = (
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department",
    "Job Title", "Business Street", "Business Street 2", "Business Street 3", "Business City",
    "Business State", "Business Postal Code", "Business Country/Region", "Home Street",
    "Home Street 2", "Home Street 3", "Home City", "Home State", "Home Postal Code",
    "Home Country/Region", "Other Street", "Other Street 2", "Other Street 3", "Other City",
    "Other State", "Other Postal Code", "Other Country/Region", "Assistant's Phone",
    "Business Fax", "Business Phone", "Business Phone 2", "Callback", "Car Phone",
    "Company Main Phone", "Home Fax", "Home Phone", "Home Phone 2", "ISDN", "Mobile Phone",
    "Other Fax", "Other Phone", "Pager", "Primary Phone", "Radio Phone", "TTY/TDD Phone",
    "Telex", "Account", "Anniversary", "Assistant's Name", "Billing Information", "Birthday",
    "Business Address PO Box", "Categories", "Children", "Directory Server", "E-mail Address",
    "E-mail Type", "E-mail Display Name", "E-mail 2 Address", "E-mail 2 Type",
    "E-mail 2 Display Name", "E-mail 3 Address", "E-mail 3 Type", "E-mail 3 Display Name",
    "Gender", "Government ID Number", "Hobby", "Home Address PO Box", "Initials",
    "Internet Free Busy", "Keywords", "Language", "Location", "Manager's Name", "Mileage",
    "Notes", "Office Location", "Organizational ID Number", "Other Address PO Box",
    "Priority", "Private", "Profession", "Referred By", "Sensitivity", "Spouse", "User 1",
    "User 2", "User 3", "User 4", "Web Page")
_COLUMN = {name: index for index, name in enumerate(OUTLOOK_HEADER)}
# a phone label (lower case) -> the Outlook columns for it, in the order they are filled;
# the reader gives each column's label back (data/csv_headers.json)
_OUTLOOK_PHONES = {
    "work": ("Business Phone", "Business Phone 2"), "home": ("Home Phone", "Home Phone 2"),
    "mobile": ("Mobile Phone",), "work fax": ("Business Fax",), "home fax": ("Home Fax",),
    "fax": ("Other Fax",), "pager": ("Pager",), "main": ("Primary Phone",),
    "company": ("Company Main Phone",), "assistant": ("Assistant's Phone",),
    "callback": ("Callback",), "car": ("Car Phone",), "isdn": ("ISDN",),
    "radio": ("Radio Phone",), "tty": ("TTY/TDD Phone",), "telex": ("Telex",),
    "other": ("Other Phone",),
}
# where a phone goes whose label has no column, once "Other Phone" is taken
_SPARE_PHONES = ("Other Phone", "Primary Phone", "Business Phone 2", "Home Phone 2",
                 "Callback", "Car Phone", "Radio Phone", "Company Main Phone",
                 "Assistant's Phone", "ISDN", "Telex", "TTY/TDD Phone")
# the columns as indexes, so that a row is filled without looking names up
_PHONE_SLOTS = {label: tuple(_COLUMN[c] for c in columns)
                for label, columns in _OUTLOOK_PHONES.items()}
_SPARE_SLOTS = tuple(_COLUMN[c] for c in _SPARE_PHONES)
_EMAIL_SLOTS = tuple(_COLUMN[c] for c in ("E-mail Address", "E-mail 2 Address",
                                          "E-mail 3 Address"))
_NOTES, _WEB, _CATEGORIES, _BIRTHDAY = (_COLUMN[c] for c in ("Notes", "Web Page", "Categories",
                                                             "Birthday"))
_REST = ("",) * (len(OUTLOOK_HEADER) - 9)  # after Business Street


def write_csv(records: Iterable[ContactRecord], out: TextIO, layout: str = "google") -> int:
    """The records as a CSV file in Google's or Outlook's layout, one row each after the
    header; returns the number of rows written (the header not counted)."""
    if layout not in LAYOUTS:
        raise InvalidInput(_("Unknown CSV layout {layout} (google or outlook).")
                           .format(layout=layout))
    writer = csv.writer(out, lineterminator="\r\n")
    if layout == "outlook":
        writer.writerow(OUTLOOK_HEADER)
        count = 0
        for record in records:
            writer.writerow(_outlook_row(record))
            count += 1
        return count
    records = list(records)  # the widest record decides the numbered columns
    emails = max((len(r.emails) for r in records), default=1) or 1
    phones = max((len(r.phones) for r in records), default=1) or 1
    header = list(_GOOGLE_HEAD)
    for kind, count in (("E-mail", emails), ("Phone", phones)):
        for n in range(1, count + 1):
            header += [f"{kind} {n} - Label", f"{kind} {n} - Value"]
    writer.writerow(header + list(_GOOGLE_TAIL))
    writer.writerows(_google_row(r, emails, phones) for r in records)
    return len(records)


def _google_row(record: ContactRecord, emails: int, phones: int) -> list[str]:
    birthday = record.birthday.isoformat() if record.birthday else ""
    row = [record.given, record.additional, record.family, "", "", "", record.prefix,
           record.suffix, "", record.display_name, record.company, record.position,
           record.department, birthday, record.notes, "", " ::: ".join(record.tags)]
    for items, width in ((record.emails, emails), (record.phones, phones)):
        for item in items:
            row += (item.label, item.value)
        row += ("", "") * (width - len(items))
    address = record.address
    row += ("", address, address, "", "", "", "", "", "", "", record.website)
    return row


def _us_date(day: date | None) -> str:
    return f"{day.month}/{day.day}/{day.year:04d}" if day else ""


def _has_name_parts(record: ContactRecord) -> bool:
    return any((record.given, record.family, record.additional, record.prefix, record.suffix))


def _outlook_row(record: ContactRecord) -> list[str]:
    # Outlook has no display name: a contact named by nothing else is named by it
    given = record.given
    if not _has_name_parts(record) and record.display_name.strip() != record.company.strip():
        given = record.display_name
    # the header begins Title, First Name, Middle Name, Last Name, Suffix, Company,
    # Department, Job Title, Business Street
    row = [record.prefix, given, record.additional, record.family, record.suffix,
           record.company, record.department, record.position, record.address, *_REST]
    row[_NOTES], row[_WEB] = record.notes, record.website
    if record.tags:
        row[_CATEGORIES] = ";".join(record.tags)
    if record.birthday:
        row[_BIRTHDAY] = _us_date(record.birthday)
    unplaced = []
    for phone in record.phones:
        value = phone.value
        if not value:
            continue
        for index in _PHONE_SLOTS.get(phone.label.lower(), ()):
            if not row[index]:
                row[index] = value
                break
        else:
            unplaced.append(value)
    for value in unplaced:
        spare = next((i for i in _SPARE_SLOTS if not row[i]), None)
        if spare is not None:
            row[spare] = value
    if record.emails:
        addresses = [e.value for e in record.emails if e.value][:len(_EMAIL_SLOTS)]
        name = record.name
        for index, address in zip(_EMAIL_SLOTS, addresses, strict=False):
            row[index:index + 3] = [address, "SMTP", f"{name} ({address})" if name else address]
    return row
