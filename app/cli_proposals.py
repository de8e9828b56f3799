"""`ringbinder proposal ID --template NAME --line "product;qty;price[;discount[;tax]]" ...
[--valid-until DATE] [--currency CODE] [--channel CHANNEL] [-o FILE.pdf]`: a proposal from a
template, as the window's "New proposal…" makes it: the PDF kept as a document of the dossier
and logged as an offer with its total; prints the document's id.  `-o` also writes a copy:
its folder is checked first (a refusal keeps nothing); should writing it fail all the same,
the id is printed and the exit status is 1, so that a retry does not log the offer twice."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.i18n import _

if TYPE_CHECKING:
    from app.services import Services
    from app.services.proposal_lines import Line

MAX_LINE_FIELDS = 5
COPY_NOT_WRITTEN = 1  # the proposal kept and logged (its id printed), its -o copy not written


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


def _check_output(target: Path) -> None:
    """Refuse a copy that could not be written before anything is kept: a retry after the
    offer is logged would log it twice."""
    import os

    from app.errors import InvalidInput

    if target.suffix.lower() != ".pdf":
        raise InvalidInput(_("Give a file name ending in .pdf: '{path}'.").format(path=target))
    if target.is_dir():
        raise InvalidInput(_("{path} is a folder; give a file name ending in .pdf.").format(
            path=target))
    if not target.parent.is_dir():
        raise InvalidInput(_("There is no folder {folder} to write the copy in.").format(
            folder=target.parent))
    if not os.access(target.parent, os.W_OK | os.X_OK) or (
            target.exists() and not os.access(target, os.W_OK)):
        raise InvalidInput(_("Cannot write {path}: permission denied.").format(path=target))


def cmd_proposal(services: Services, args: argparse.Namespace) -> int:
    from app.cli_read import out
    from app.errors import RingbinderError
    from app.services.attachments import write_inside

    target = None
    if args.output is not None:
        target = args.output.expanduser().absolute()
        _check_output(target)
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
    if target is not None:  # the very PDF kept
        try:
            write_inside(target.parent, target.name,
                         services.attachments.read(document_id).data)
        except (RingbinderError, OSError) as exc:  # kept and logged: say which, not retry
            out(document_id)
            sys.stderr.write("ringbinder: " + _(
                "kept as {id}; the copy was not written: {reason}").format(
                id=document_id, reason=exc) + "\n")
            return COPY_NOT_WRITTEN
    out(document_id)
    return 0


HANDLERS = {"proposal": cmd_proposal}
