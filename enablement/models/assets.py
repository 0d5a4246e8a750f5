"""All tables of the hub, as typed SQLAlchemy 2.0 models."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enablement.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(db.TypeDecorator):
    """Stores UTC and always gives back aware datetimes, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Role(enum.StrEnum):
    REP = "rep"
    MARKETING = "marketing"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    @property
    def label(self) -> str:
        return self.value.capitalize()


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(20), default=Role.REP.value)
    password_hash: Mapped[str] = mapped_column(String(256))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def has_role(self, least: Role | str) -> bool:
        return Role(self.role).rank >= Role(least).rank

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class ApiToken(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()


class LoginFailure(db.Model):
    """One failed sign-in, kept briefly to throttle password guessing across processes."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    ip: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class AssetKind(enum.StrEnum):
    CASE_STUDY = "case_study"
    EMAIL_TEMPLATE = "email_template"
    TESTIMONIAL = "testimonial"
    WHITE_PAPER = "white_paper"
    SALES_AID = "sales_aid"


class AssetStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"


TAG_FACETS = ("markets", "personas", "stages", "products")


class Asset(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30), index=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    body: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=AssetStatus.DRAFT.value, index=True)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    review_by: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    owner: Mapped[User | None] = relationship()
    tags: Mapped[list[AssetTag]] = relationship(
        back_populates="asset", cascade="all, delete-orphan", order_by="AssetTag.id"
    )
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="asset", cascade="all, delete-orphan", order_by="Attachment.id"
    )
    revisions: Mapped[list[AssetRevision]] = relationship(
        back_populates="asset", cascade="all, delete-orphan", order_by="AssetRevision.id.desc()"
    )

    def tag_values(self, facet: str) -> list[str]:
        return [tag.value for tag in self.tags if tag.facet == facet]

    @property
    def markets(self) -> list[str]:
        return self.tag_values("markets")

    @property
    def personas(self) -> list[str]:
        return self.tag_values("personas")

    @property
    def stages(self) -> list[str]:
        return self.tag_values("stages")

    @property
    def products(self) -> list[str]:
        return self.tag_values("products")

    @property
    def is_published(self) -> bool:
        return self.status == AssetStatus.PUBLISHED

    def review_overdue(self, today: date | None = None) -> bool:
        return self.review_by is not None and self.review_by < (today or date.today())

    def __repr__(self) -> str:
        return f"<Asset {self.id} {self.kind} {self.status}>"


class AssetTag(db.Model):
    """One market, persona, sales stage or product an asset is tagged with."""

    __table_args__ = (
        UniqueConstraint("asset_id", "facet", "value"),
        Index("ix_asset_tag_facet_value", "facet", "value"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"))
    facet: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(100))

    asset: Mapped[Asset] = relationship(back_populates="tags")


class Attachment(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"), index=True)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(String(160))
    kind: Mapped[str] = mapped_column(String(10))
    mimetype: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    asset: Mapped[Asset] = relationship(back_populates="attachments")
    uploaded_by: Mapped[User | None] = relationship()


class AssetRevision(db.Model):
    """Who changed an asset, when, and what changed ({field: [before, after]})."""

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(30))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    asset: Mapped[Asset] = relationship(back_populates="revisions")
    user: Mapped[User | None] = relationship()


class UsageEvent(db.Model):
    """Something a user did with an asset (view, download, ...), counted for usage figures."""

    __table_args__ = (Index("ix_usage_event_asset_action", "asset_id", "action"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SearchOutbox(db.Model):
    """A searchable row that changed and still has to be written to the search index.

    Written in the same transaction as the change, deleted once the index has it.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(20))
    doc_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
