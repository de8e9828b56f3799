"""The binder's records.  Every record has a stable UUID and `updated_at`, so that a handover
file can travel to a colleague and be merged back; contact events are append-only."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship

from app.store.types import UTCDateTime, new_uuid, utcnow

# the vocabularies live apart, for readers without SQLAlchemy; named here as before
from app.store.vocabulary import CHANNELS as CHANNELS
from app.store.vocabulary import EVENT_KINDS as EVENT_KINDS
from app.store.vocabulary import PRIORITY_HIGH as PRIORITY_HIGH
from app.store.vocabulary import PRIORITY_LOW as PRIORITY_LOW
from app.store.vocabulary import PRIORITY_NORMAL as PRIORITY_NORMAL
from app.store.vocabulary import STATUSES as STATUSES


class Base(DeclarativeBase):
    pass


class Record:
    """Columns every record carries."""

    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Dossier(Record, Base):
    """The client information card plus its place in the binder (the schedule)."""

    __tablename__ = "dossiers"
    __table_args__ = (
        # the tab counts and the insert lists (in working order) are range scans of these
        Index("ix_dossiers_working_order", "archived", "next_contact",
              text("coalesce(next_time, '99:99')"), "priority", "sort_name"),
        Index("ix_dossiers_archived_at", "archived", "archived_at"),
        CheckConstraint("priority BETWEEN 1 AND 3", name="ck_dossiers_priority"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    sort_name: Mapped[str] = mapped_column(String(200), default="")
    # the name parts, department and birthday an imported card gave: kept so that an
    # export writes them back as they came (the binder itself files by full_name)
    given_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    family_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    department: Mapped[str] = mapped_column(String(200), default="", server_default="")
    birthday: Mapped[date | None] = mapped_column(Date, default=None)
    position: Mapped[str] = mapped_column(String(200), default="")
    company: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(200), default="")
    segment: Mapped[str] = mapped_column(String(200), default="")
    tags: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), default="prospect")
    notes: Mapped[str] = mapped_column(Text, default="")

    next_contact: Mapped[date | None] = mapped_column(Date, default=None)
    next_time: Mapped[str | None] = mapped_column(String(5), default=None)  # "HH:MM"
    purpose: Mapped[str] = mapped_column(String(500), default="")
    priority: Mapped[int] = mapped_column(Integer, default=PRIORITY_NORMAL)
    fixed: Mapped[bool] = mapped_column(Boolean, default=False)
    # when next_contact was last set (the services' clock; None: before this was kept): a
    # date agreed moments ago is left alone by rebalancing, the oldest moves first
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    archive_reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # derived (app/store/derived.py), kept by app/store/upkeep.py so lists need no joins
    main_phone: Mapped[str] = mapped_column(String(50), default="")
    last_outcome: Mapped[str] = mapped_column(Text, default="")
    # whose dossier it is in a team binder (None: a solo binder's, or no one's yet)
    owner_pk: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("users.pk"),
        default=None)

    phones: Mapped[list[Phone]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="Phone.position",
        lazy="selectin")
    emails: Mapped[list[Email]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", order_by="Email.position",
        lazy="selectin")
    events: Mapped[list[ContactEvent]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", passive_deletes=True,
        order_by="ContactEvent.at.desc()", lazy="raise")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", passive_deletes=True,
        lazy="raise")
    forms: Mapped[list[FilledForm]] = relationship(
        back_populates="dossier", cascade="all, delete-orphan", passive_deletes=True,
        lazy="raise")


class Phone(Record, Base):
    __tablename__ = "phones"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_pk: Mapped[int] = mapped_column(
        ForeignKey("dossiers.pk", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(50), default="")
    number: Mapped[str] = mapped_column(String(50))  # as shown: international format
    e164: Mapped[str] = mapped_column(String(20), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    dossier: Mapped[Dossier] = relationship(back_populates="phones")


class Email(Record, Base):
    __tablename__ = "emails"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_pk: Mapped[int] = mapped_column(
        ForeignKey("dossiers.pk", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(50), default="")
    address: Mapped[str] = mapped_column(String(320))
    position: Mapped[int] = mapped_column(Integer, default=0)

    dossier: Mapped[Dossier] = relationship(back_populates="emails")


class ContactEvent(Record, Base):
    """One line of the history.  Never updated (a trigger refuses it): a correction is a new
    event of kind 'amend' that names the one it corrects."""

    __tablename__ = "contact_events"
    __table_args__ = (Index("ix_events_dossier_at", "dossier_pk", "at"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_pk: Mapped[int] = mapped_column(ForeignKey("dossiers.pk", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(20), default="contact")
    channel: Mapped[str] = mapped_column(String(20), default="call")
    summary: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    offer: Mapped[str] = mapped_column(Text, default="")
    amount: Mapped[str | None] = mapped_column(String(32), default=None)  # exact decimal text
    currency: Mapped[str] = mapped_column(String(3), default="")
    next_contact: Mapped[date | None] = mapped_column(Date, default=None)  # refiled to
    amends_uuid: Mapped[str | None] = mapped_column(String(36), default=None)

    dossier: Mapped[Dossier] = relationship(back_populates="events")


class Attachment(Record, Base):
    """A document kept inside the binder; its bytes live in their own table."""

    __tablename__ = "attachments"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_pk: Mapped[int] = mapped_column(
        ForeignKey("dossiers.pk", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    trashed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    dossier: Mapped[Dossier] = relationship(back_populates="attachments")
    blob: Mapped[AttachmentBlob] = relationship(cascade="all, delete-orphan",
                                                passive_deletes=True, lazy="raise")


class AttachmentBlob(Base):
    __tablename__ = "attachment_blobs"

    attachment_pk: Mapped[int] = mapped_column(
        ForeignKey("attachments.pk", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))


class FormTemplate(Record, Base):
    """A form a sales manager defines: `fields` is a list of
    {"name", "label", "type": text|longtext|number|date|choice|yesno, "required", "choices"}."""

    __tablename__ = "form_templates"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    fields: Mapped[list] = mapped_column(JSON, default=list)


class ProposalTemplate(Record, Base):
    """A proposal letter a sales manager defines: its subject and text with placeholders
    (app/services/proposal_lines.py), how many days a proposal stays valid and the tax rate
    new lines start with (decimal text, a percentage)."""

    __tablename__ = "proposal_templates"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text, default="")
    validity_days: Mapped[int] = mapped_column(Integer, default=30)
    tax_rate: Mapped[str] = mapped_column(String(12), default="")


class FilledForm(Record, Base):
    """A form filled on a dossier; it keeps the template's fields as they were when filled."""

    __tablename__ = "filled_forms"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_pk: Mapped[int] = mapped_column(
        ForeignKey("dossiers.pk", ondelete="CASCADE"), index=True)
    template_uuid: Mapped[str | None] = mapped_column(String(36), default=None)
    title: Mapped[str] = mapped_column(String(200))
    fields: Mapped[list] = mapped_column(JSON, default=list)
    values: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    dossier: Mapped[Dossier] = relationship(back_populates="forms")


class User(Record, Base):
    """A person of a team binder: their database login, the name others see, their role (a
    manager sees everyone's dossiers and edits the team's templates)."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('salesperson', 'manager')",
                                      name="ck_users_role"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    login: Mapped[str] = mapped_column(String(200), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), default="salesperson")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class BinderSettings(Record, Base):
    """The one row of binder-wide settings; the binder's own UUID is this row's."""

    __tablename__ = "binder_settings"
    __table_args__ = (CheckConstraint("pk = 1", name="ck_settings_single_row"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    owner_name: Mapped[str] = mapped_column(String(200), default="")
    tab_mode: Mapped[str] = mapped_column(String(20), default="calendar")
    horizon_months: Mapped[int] = mapped_column(Integer, default=1)
    daily_capacity: Mapped[int] = mapped_column(Integer, default=20)
    # a date set within this many days (today included) is not moved by rebalancing
    recent_days: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    holiday_country: Mapped[str] = mapped_column(String(8), default="")
    phone_region: Mapped[str] = mapped_column(String(2), default="")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")


class HandoverBase(Base):
    """A dossier's mergeable fields as both sides last agreed on them (when it was handed
    over, or merged back): the common ancestor that lets a merge tell "changed here" from
    "changed there" from "changed on both sides".  The newest row of a dossier is its base."""

    __tablename__ = "handover_bases"
    __table_args__ = (Index("ix_handover_bases_dossier", "dossier_uuid", "pk"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    dossier_uuid: Mapped[str] = mapped_column(String(36))
    handover_id: Mapped[str] = mapped_column(String(64))  # a digest of the file's header
    base: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class HandoverRecord(Base):
    """A handover this binder wrote ("out") or took over ("in"): what the window lists and
    what "Return handover" sends back, to whom."""

    __tablename__ = "handovers"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    handover_id: Mapped[str] = mapped_column(String(64), index=True)
    direction: Mapped[str] = mapped_column(String(3))  # "out" or "in"
    from_name: Mapped[str] = mapped_column(String(200))
    to_name: Mapped[str] = mapped_column(String(200))
    period_start: Mapped[date | None] = mapped_column(Date, default=None)
    period_end: Mapped[date | None] = mapped_column(Date, default=None)
    file_created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    dossier_uuids: Mapped[list] = mapped_column(JSON, deferred=True)  # in the file's order
    dossiers: Mapped[int] = mapped_column(Integer)
    done_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ImportRecord(Base):
    """One import of contacts or a calendar: the dossiers it created and, for those it
    updated or gave an appointment, their fields as they were, so "Undo import" puts the
    binder back exactly."""

    __tablename__ = "imports"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200))  # also the tag of its dossiers
    file_name: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(10))
    done_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created: Mapped[list] = mapped_column(JSON)  # dossier uuids
    previous: Mapped[dict] = mapped_column(JSON)  # uuid -> {column: value before}
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
