"""Turning what a user typed into values the binder accepts, or a clear InvalidInput."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.numbers import NumberFormatError, list_currencies, parse_decimal

from app.dates import in_range
from app.dates import parse_date as parse_date  # named here as before
from app.errors import InvalidInput
from app.i18n import N_, _, current_locale
from app.store.vocabulary import CHANNELS, PRIORITIES, PRIORITY_NORMAL, STATUSES
from app.store.vocabulary import PRIORITY_NAMES as PRIORITY_NAMES  # named here as before

LIMITS = {
    "name": 200, "position": 200, "company": 200, "department": 200, "purpose": 500, "reason": 500,
    "address": 2000, "website": 500, "source": 200, "segment": 200, "tags": 500,
    "summary": 10_000, "outcome": 10_000, "offer": 10_000, "notes": 100_000, "label": 50,
}
# the names of the fields above, as an error message names them: _(field) translates them
FIELD_WORDS = (N_("name"), N_("position"), N_("company"), N_("department"), N_("purpose"),
               N_("reason"), N_("address"), N_("website"), N_("source"), N_("segment"),
               N_("tags"), N_("summary"), N_("outcome"), N_("offer"), N_("notes"), N_("label"))
_TIME = re.compile(r"(\d{1,2}):(\d{2})")


def future_date(when: date, today: date, what: str | None = None) -> date:
    """`when` if it is today or later, and within the binder's range of dates."""
    in_range(when, what or _("The next contact"))
    if when < today:
        raise InvalidInput(_("{what} {when} is before today ({today}).").format(
            what=what or _("The next contact"), when=when.isoformat(), today=today.isoformat()))
    return when


def parse_time(text: str | None) -> str | None:
    """"9:30" -> "09:30"; empty -> None."""
    if text is None or not text.strip():
        return None
    match = _TIME.fullmatch(text.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise InvalidInput(_("'{text}' is not a time; write it as HH:MM.").format(text=text))
    return f"{int(match[1]):02d}:{match[2]}"


def parse_priority(value: str | int | None) -> int:
    if value is None or value == "":
        return PRIORITY_NORMAL
    key = str(value).strip().lower()
    if key in PRIORITIES:
        return PRIORITIES[key]
    if key in {"1", "2", "3"}:
        return int(key)
    raise InvalidInput(_("Priority is high, normal or low (or 1, 2, 3), not '{value}'.").format(
        value=value))


def parse_channel(value: str) -> str:
    key = value.strip().lower().replace("-", "")
    if key not in CHANNELS:
        raise InvalidInput(_("The channel is one of {choices}, not '{value}'.").format(
            choices=", ".join(CHANNELS), value=value))
    return key


def parse_status(value: str) -> str:
    key = value.strip().lower()
    if key not in STATUSES:
        raise InvalidInput(_("The status is one of {choices}, not '{value}'.").format(
            choices=", ".join(STATUSES), value=value))
    return key


def read_decimal(text: str) -> Decimal | None:
    """The number typed, as the user's locale writes it ("1.250,50" in Spain, "1,250.50" in
    the US, "1250,50" or "1250.50" anywhere), not rounded; None when it is not a finite one."""
    cleaned = text.strip()
    for space in ("\u00a0", "\u202f", " ", "'"):
        cleaned = cleaned.replace(space, "")
    try:
        value = parse_decimal(cleaned, locale=current_locale(), strict=True)
    except (NumberFormatError, ValueError):
        if "," in cleaned and "." not in cleaned:  # else "1250,50" or "1250.50" anywhere
            cleaned = cleaned.replace(",", ".")
        try:
            value = Decimal(cleaned)
        except (InvalidOperation, ValueError):
            return None
    return value if value.is_finite() else None


def parse_amount(value: str | None) -> str | None:
    """Exact decimal text ("1250.00"); both "1 250,50" and "1250.50" are understood."""
    if value is None or not str(value).strip():
        return None
    amount = read_decimal(str(value))
    if amount is None or amount < 0 or amount >= Decimal("1e15"):
        raise InvalidInput(_("'{value}' is not an amount.").format(value=value))
    return str(amount.quantize(Decimal("0.01")))


def parse_currency(value: str) -> str:
    """An ISO 4217 code such as EUR, PLN, RUB (one that Babel knows, so amounts can be
    shown in it)."""
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code) or code not in _currencies():
        raise InvalidInput(_("'{value}' is not a currency code (EUR, PLN, …).").format(
            value=value))
    return code


@lru_cache(maxsize=1)
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


def text_field(field: str, value: str | None, required: bool = False) -> str:
    """Strip, check the length limit of `field`, and insist on a value when it is required."""
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("The {field} cannot be empty.").format(field=_(field)))
    limit = LIMITS.get(field, 10_000)
    if len(value) > limit:
        raise InvalidInput(_("The {field} is too long ({count} characters; at most {limit}).")
                           .format(field=_(field), count=len(value), limit=limit))
    if "\x00" in value:
        raise InvalidInput(_("The {field} contains a NUL character.").format(field=_(field)))
    return value


def parse_phone(raw: str, region: str | None) -> tuple[str, str]:
    """(international format, E.164) for a phone number typed in any usual way."""
    text = raw.strip()
    import phonenumbers  # here, not at import: a command that checks no phone starts faster

    try:
        number = phonenumbers.parse(text, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        if not text.startswith("+") and not region:
            raise InvalidInput(_(
                "The phone '{raw}' needs a country code (+48 …) or a phone region in the "
                "binder's settings.").format(raw=raw)) from None
        raise InvalidInput(_("'{raw}' is not a phone number.").format(raw=raw)) from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidInput(_("'{raw}' is not a valid phone number.").format(raw=raw))
    # E.164 is what format_number(E164) writes, without its formatting machinery
    return (phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL),
            f"+{number.country_code}{phonenumbers.national_significant_number(number)}")


def parse_region(value: str) -> str:
    """A phone region as phonenumbers knows it (ES, PL, GB …); empty means none."""
    import phonenumbers

    code = value.strip().upper()
    if code and code not in phonenumbers.SUPPORTED_REGIONS:
        raise InvalidInput(_("'{value}' is not a phone region; use a country code such as "
                             "ES, PL or GB.").format(value=value))
    return code


# a plain ASCII address as almost all are: email_validator would accept it as it is, with
# the domain lower-cased; it costs a tenth of a millisecond, and an import checks thousands
_PLAIN_EMAIL = re.compile(
    r"(?P<local>[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*)"
    r"@(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63})")


@lru_cache(maxsize=1)
def _special_domains() -> tuple[str, ...]:
    from email_validator import SPECIAL_USE_DOMAIN_NAMES

    return tuple(SPECIAL_USE_DOMAIN_NAMES)


def _plain_email(text: str) -> str | None:
    """The address as email_validator normalises it, when it is plainly valid; else None."""
    match = _PLAIN_EMAIL.fullmatch(text)
    if match is None or len(text) > 254 or len(match["local"]) > 64:
        return None
    domain = match["domain"].lower()
    if any(label[2:4] == "--" for label in domain.split(".")) or any(
            domain == d or domain.endswith("." + d) for d in _special_domains()):
        return None  # IDNA ("xn--", any "??--") and reserved names: the library decides
    return f"{match['local']}@{domain}"


def parse_email(raw: str) -> str:
    if (plain := _plain_email(raw.strip())) is not None:
        return plain
    from email_validator import EmailNotValidError, validate_email  # only when needed: slow

    try:
        return validate_email(raw.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise InvalidInput(_("'{raw}' is not an e-mail address: {why}").format(
            raw=raw, why=exc)) from None


def split_labelled(raw: str) -> tuple[str, str]:
    """"mobile: +48 600 …" -> ("mobile", "+48 600 …"); no label -> ("", raw)."""
    label, sep, value = raw.partition(":")
    if sep and label.strip() and not any(c.isdigit() for c in label) and "@" not in label:
        return text_field("label", label), value.strip()
    return "", raw.strip()
