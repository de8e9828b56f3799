"""The fast paths of phone and e-mail checking give exactly what the libraries give: an
import checks thousands of them, a dossier typed by hand one."""

from __future__ import annotations

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import InvalidInput
from app.services.validate import _plain_email, parse_email, parse_phone

ATOM = st.text(alphabet="abcXYZ019.!#+-_~'", min_size=1, max_size=12)
LABEL = st.text(alphabet="abcxyz019-", min_size=1, max_size=10)
TLD = st.sampled_from(["com", "pl", "es", "ru", "test", "invalid", "local", "c", "c1", "ONION",
                       "xn--p1ai", "example"])


@settings(max_examples=300, deadline=None)
@given(ATOM, st.lists(LABEL, min_size=0, max_size=3), TLD)
def test_a_plain_address_reads_as_email_validator_reads_it(local, labels, tld):
    address = f"{local}@{'.'.join([*labels, tld])}"
    try:
        expected = validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError:
        expected = None
    fast = _plain_email(address)
    if fast is not None:
        assert fast == expected
    try:
        assert parse_email(address) == expected
    except InvalidInput:
        assert expected is None


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["PL", "ES", "RU", "GB", "IT", "US"]),
       st.text(alphabet="0123456789", min_size=6, max_size=12))
def test_e164_is_what_the_library_formats(region, digits):
    try:
        shown, e164 = parse_phone(digits, region)
    except InvalidInput:
        return
    number = phonenumbers.parse(digits, region)
    assert e164 == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    assert shown == phonenumbers.format_number(number,
                                               phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def test_italian_leading_zero_is_kept():
    assert parse_phone("+39 06 6982 0000", None)[1] == "+390669820000"
