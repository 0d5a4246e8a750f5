"""Sales assets, their tags, files, revisions and usage."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enablement.extensions import db
from enablement.models.base import UTCDateTime, utcnow
from enablement.models.users import User


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


class TextStatus(enum.StrEnum):
    """How much of an attachment's text could be read for search."""

    COMPLETE = "complete"
    PARTIAL = "partial"  # the first pages/paragraphs: a reading budget ran out
    NOT_EXTRACTED = "not_extracted"  # none: the file hit a time or memory limit


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
    # Marketing's word that this asset never leaves the company (it can't be shared with buyers).
    internal_only: Mapped[bool] = mapped_column(default=False, server_default=false())

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
    text_status: Mapped[str] = mapped_column(String(20), default=TextStatus.COMPLETE,
                                             server_default=TextStatus.COMPLETE.value)
    # Where each page (PDF) or slide (PowerPoint) starts in `text`, page 1 first: answers cite
    # "page 7" and link there. None for Word files and files read before pages were kept.
    page_starts: Mapped[list | None] = mapped_column(JSON)
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

    # (user_id, created_at): what one person used lately, e.g. the win form's "recently used by
    # you" (800 ms over 300,000 events without it, 14 ms with it).
    __table_args__ = (Index("ix_usage_event_asset_action", "asset_id", "action"),
                      Index("ix_usage_event_user_created", "user_id", "created_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
