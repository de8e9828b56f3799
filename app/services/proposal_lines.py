"""What a proposal says and adds up, with no binder behind it: the placeholders a template's
letter may use and their safe substitution, and the lines' arithmetic.

Placeholders are `{name}` of a known name, replaced by a regular expression: the letter is
never given to str.format, so `{0.__class__}` or `{client.__init__}` is only text.  Discount
and tax are per line (a salesperson quotes goods at 23 % and services at 8 % on one page);
each line's net and tax are rounded half up to the cent, and the totals are the sums of the
rounded lines, as an invoice adds them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_decimal

from app.errors import InvalidInput
from app.i18n import N_, _, current_locale, n_
from app.services.validate import read_decimal

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
MAX_LINES = 100
MAX_PRODUCT = 300  # characters of a line's product

# the placeholders a letter may use, with what each stands for (shown in the dialogs)
PLACEHOLDERS: tuple[tuple[str, str], ...] = (
    ("client", N_("the client's name")),
    ("position", N_("the client's position")),
    ("company", N_("the client's company")),
    ("salesperson", N_("your name (the binder's owner)")),
    ("date", N_("the proposal's date")),
    ("offer", N_("the proposal's subject")),
    ("net", N_("the total before tax")),
    ("total", N_("the total with tax")),
    ("valid_until", N_("the last day the proposal is valid")),
)
KNOWN = frozenset(name for name, _meaning in PLACEHOLDERS)
# what the letter's figures give: filled when it is printed, so edits of the lines count
LIVE = frozenset({"net", "total", "valid_until"})
_NAMED = re.compile(r"\{([a-z_]{1,40})\}")
_LOOKS_LIKE = re.compile(r"\{[^{}\n]{1,60}\}")  # what a typo or an attack would look like


def fill(text: str, values: Mapping[str, str]) -> str:
    """`text` with each `{name}` of `values` replaced; any other braces are left as typed."""
    return _NAMED.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def unknown_placeholders(text: str) -> list[str]:
    """The brace pairs in `text` that are no known placeholder, once each, in order."""
    found: list[str] = []
    for match in _LOOKS_LIKE.finditer(text):
        inner = match.group(0)[1:-1]
        if inner not in KNOWN and match.group(0) not in found:
            found.append(match.group(0))
    return found


def check_placeholders(text: str) -> None:
    """Refuse a template text naming a placeholder that does not exist (a typo would print
    as typed in every proposal)."""
    unknown = unknown_placeholders(text)
    if unknown:
        raise InvalidInput(_("Unknown placeholder {found}; the letter may use: {known}.").format(
            found=", ".join(unknown[:3]), known=", ".join(f"{{{n}}}" for n, _m in PLACEHOLDERS)))


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Line:
    """One line of a proposal: `discount` and `tax` are percentages."""

    product: str
    quantity: Decimal
    unit_price: Decimal
    discount: Decimal = Decimal(0)
    tax: Decimal = Decimal(0)

    @property
    def gross(self) -> Decimal:
        """Quantity times price, before the discount."""
        return _cents(self.quantity * self.unit_price)

    @property
    def net(self) -> Decimal:
        return _cents(self.quantity * self.unit_price * (HUNDRED - self.discount) / HUNDRED)

    @property
    def tax_amount(self) -> Decimal:
        return _cents(self.net * self.tax / HUNDRED)

    @property
    def total(self) -> Decimal:
        return self.net + self.tax_amount


@dataclass(frozen=True)
class Totals:
    net: Decimal
    tax: Decimal
    total: Decimal
    discount: Decimal  # what the discounts took off, before tax


def totals(lines: Sequence[Line]) -> Totals:
    net = sum((line.net for line in lines), Decimal("0.00"))
    tax = sum((line.tax_amount for line in lines), Decimal("0.00"))
    discount = sum((line.gross - line.net for line in lines), Decimal("0.00"))
    return Totals(net, tax, net + tax, discount)


LINE_WORDS = (N_("quantity"), N_("price"), N_("discount"), N_("tax"))
PLACES = 4  # decimals a quantity, price or percentage may have (0.125 a piece, 1.005 kg)
MAX_FIGURE = Decimal("1e9")  # a quantity or unit price above 1,000,000,000 is a typo


def _number(label: str, product: str, raw: str | Decimal | int | None,
            default: str | None = None, limit: Decimal = MAX_FIGURE) -> Decimal:
    """One figure of a line, exactly as typed: only the line's net and tax are rounded, so
    10,000 pieces at 0.125 are 1,250.00.  Each refusal names its own cause."""
    if isinstance(raw, (Decimal, int)):
        raw = str(raw)
    if raw is None or not raw.strip():
        if default is None:
            raise InvalidInput(_("The {label} of a line cannot be empty.").format(label=_(label)))
        raw = default
    value = read_decimal(raw)
    if value is None:
        raise InvalidInput(_("The {label} “{value}” is not a number.").format(
            label=_(label), value=raw.strip()))
    if limit == HUNDRED and not 0 <= value <= HUNDRED:
        raise InvalidInput(_("The {label} of “{product}” is a percentage from 0 to 100.")
                           .format(label=_(label), product=product))
    if value < 0:
        raise InvalidInput(_("The {label} of “{product}” cannot be negative.").format(
            label=_(label), product=product))
    if value > limit:
        raise InvalidInput(_("The {label} of “{product}” is at most {limit}.").format(
            label=_(label), product=product, limit=number_text(limit)))
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -PLACES:
        value = value.normalize()  # '2.50000' is 2.5; '0.123456' has too many decimals
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -PLACES:
            raise InvalidInput(n_("The {label} of “{product}” has at most {count} decimal.",
                                  "The {label} of “{product}” has at most {count} decimals.",
                                  PLACES, label=_(label), product=product))
    return value + 0  # no negative zero


def number_text(value: Decimal) -> str:
    """'1,000,000,000', '2,5' in Poland: a figure as the locale writes it, every decimal
    typed kept."""
    try:
        return str(format_decimal(value.normalize(), format="#,##0.####",
                                  locale=current_locale()))
    except (ValueError, LookupError):
        return f"{value.normalize():f}"


def make_line(product: str, quantity: str | Decimal | int | None,
              unit_price: str | Decimal | int | None, discount: str | Decimal | int | None = None,
              tax: str | Decimal | int | None = None) -> Line:
    """A line as typed ('1 250,50' and '1250.50' alike), checked: a product, a quantity above
    zero, a price of zero or more, discount and tax from 0 to 100 %; up to four decimals
    each, none of them rounded."""
    name = " ".join((product or "").split())
    if not name:
        raise InvalidInput(_("Each line needs a product."))
    if len(name) > MAX_PRODUCT:
        raise InvalidInput(_("A product is at most {limit} characters.").format(
            limit=MAX_PRODUCT))
    qty = _number("quantity", name, quantity)
    if qty == 0:
        raise InvalidInput(_("The quantity of “{product}” must be above zero.").format(
            product=name))
    price = _number("price", name, unit_price)
    off, rate = (_number(label, name, raw, "0", limit=HUNDRED)
                 for label, raw in (("discount", discount), ("tax", tax)))
    return Line(name, qty, price, off, rate)


def check_lines(lines: Sequence[Line]) -> None:
    if not lines:
        raise InvalidInput(_("A proposal needs at least one line."))
    if len(lines) > MAX_LINES:
        raise InvalidInput(_("A proposal has at most {max} lines.").format(max=MAX_LINES))


def letter_date(day: date) -> str:
    """'December 8, 2026', '8 grudnia 2026': a letter's date, without the weekday (which
    would not agree with 'until' in Polish or Russian)."""
    from babel.dates import format_date

    try:
        return str(format_date(day, format="long", locale=current_locale()))
    except (ValueError, LookupError):
        return day.isoformat()


def percent_text(value: Decimal) -> str:
    """'23', '7.5': a percentage without trailing zeros."""
    return f"{value.normalize():f}"
