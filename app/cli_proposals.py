"""`ringbinder proposal ID --template NAME --line "product;qty;price[;discount[;tax]]" ...
[--valid-until DATE] [--currency CODE] [--channel CHANNEL] [-o FILE.pdf]`: a proposal from a
template, as the window's "New proposal…" makes it: the PDF kept as a document of the dossier
and logged as an offer with its total; prints the document's id.  `-o` also writes a copy."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.i18n import _

if TYPE_CHECKING:
    from app.services import Services
    from app.services.proposal_lines import Line

MAX_LINE_FIELDS = 5


def add_parser(sub: argparse._SubParsersAction, date_arg: Callable[[str], date]) -> None:
    """Register `proposal` on the CLI's subcommands."""
    proposal = sub.add_parser("proposal", help=_(
        "write a proposal from a template: kept as a document and logged as an offer"))
    proposal.add_argument("id", help=_("the dossier (its id, or the id's beginning)"))
    proposal.add_argument("--template", metavar="NAME", help=_(
        "the proposal template, by name (default: a blank letter)"))
    proposal.add_argument("--line", action="append", default=[], metavar="LINE", help=_(
        "a line: \"product;quantity;price[;discount %%[;tax %%]]\" (repeat for each line; "
        "the tax defaults to the template's)"))
    proposal.add_argument("--subject", help=_("the subject (default: the template's)"))
    proposal.add_argument("--valid-until", type=date_arg, metavar="DATE",
                          help=_("the last day it holds (default: the template's validity)"))
    proposal.add_argument("--currency", help=_(
        "the currency (default: the one the client was last offered in, else the binder's)"))
    proposal.add_argument("--channel", default="email", help=_(
        "how it goes to the client: call, visit, meeting, email, letter, other"))
    proposal.add_argument("-o", "--output", type=Path, metavar="FILE.pdf",
                          help=_("also write a copy of the PDF to FILE.pdf"))


def _line(text: str, tax_rate: str) -> Line:
    from app.errors import InvalidInput
    from app.services.proposal_lines import make_line

    fields = text.split(";")
    if not 3 <= len(fields) <= MAX_LINE_FIELDS:
        raise InvalidInput(_("A line is \"product;quantity;price[;discount[;tax]]\", not "
                             "'{line}'.").format(line=text))
    fields += [""] * (MAX_LINE_FIELDS - len(fields))
    product, quantity, price, discount, tax = fields
    return make_line(product, quantity, price, discount, tax.strip() or tax_rate)


def _template_id(services: Services, name: str | None) -> str | None:
    from app.errors import NotFound
    from app.store.fold import fold

    if name is None:
        return None
    templates = services.proposals.templates()
    for template in templates:
        if template.id == name or fold(template.name) == fold(name):
            return template.id
    known = ", ".join(t.name for t in templates) or _("none yet")
    raise NotFound(_("There is no proposal template '{name}' (the binder's: {known}).").format(
        name=name, known=known))


def cmd_proposal(services: Services, args: argparse.Namespace) -> int:
    from app.cli_read import out
    from app.errors import InvalidInput
    from app.services.attachments import write_inside

    if args.output is not None and args.output.suffix.lower() != ".pdf":
        raise InvalidInput(_("Give a file name ending in .pdf: '{path}'.").format(
            path=args.output))
    dossier_id = services.dossiers.resolve(args.id)
    proposal = services.proposals.draft(dossier_id, _template_id(services, args.template))
    proposal.lines = [_line(text, proposal.tax_rate) for text in args.line]
    if args.subject is not None:
        proposal.subject = args.subject
    if args.valid_until is not None:
        proposal.valid_until = args.valid_until
    if args.currency:
        proposal.currency = args.currency
    proposal.channel = args.channel
    document_id, _changes = services.proposals.save(proposal)
    if args.output is not None:  # the very PDF kept
        target = args.output.expanduser().absolute()
        write_inside(target.parent, target.name, services.attachments.read(document_id).data)
    out(document_id)
    return 0


HANDLERS = {"proposal": cmd_proposal}
