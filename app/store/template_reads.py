"""The look-ups of forms and proposal templates (app/services/forms.py, proposals.py): a
template or a filled form by its id, and the templates in name order.

Here so that the services hold no SQL; what they find they change through the ORM.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select

from app.store.models import FilledForm, FormTemplate, ProposalTemplate

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def form_template(session: Session, uuid: str) -> FormTemplate | None:
    """The form template with exactly this id, or None."""
    return session.scalars(select(FormTemplate).where(FormTemplate.uuid == uuid)).first()


def form_templates(session: Session) -> list[FormTemplate]:
    """Every form template, by name."""
    return list(session.scalars(select(FormTemplate).order_by(FormTemplate.name)))


def filled_form(session: Session, uuid: str, lock: bool = False) -> FilledForm | None:
    """The filled form with exactly this id, or None; `lock`: its row held for this
    transaction's write (two people filling one form of a team binder take turns, and
    each keeps the other's answers)."""
    query = select(FilledForm).where(FilledForm.uuid == uuid)
    return session.scalars(query.with_for_update() if lock else query).first()


def proposal_template(session: Session, uuid: str) -> ProposalTemplate | None:
    """The proposal template with exactly this id, or None."""
    return session.scalars(
        select(ProposalTemplate).where(ProposalTemplate.uuid == uuid)).first()


def proposal_templates(session: Session) -> list[ProposalTemplate]:
    """Every proposal template, by name."""
    return list(session.scalars(select(ProposalTemplate).order_by(ProposalTemplate.name)))
