"""Links reps send to buyers: what a share holds, who opened it and how long they read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enablement.extensions import db
from enablement.models.assets import Asset, Attachment
from enablement.models.base import UTCDateTime, utcnow
from enablement.models.users import User


class Share(db.Model):
    """A set of assets behind one unguessable buyer link (`/s/<token>`).

    The token is looked up by its SHA-256 (`token_hash`), as API tokens are; `token_sealed` keeps
    it encrypted with the hub's secret key so the rep can copy the link again later, while a
    copy of the database alone opens no share.
    """

    __table_args__ = (Index("ix_share_owner_activity", "owner_id", "last_activity_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    token_sealed: Mapped[str] = mapped_column(String(300))
    account: Mapped[str] = mapped_column(String(200))
    recipient_name: Mapped[str] = mapped_column(String(120), default="")
    recipient_email: Mapped[str] = mapped_column(String(254), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    allow_download: Mapped[bool] = mapped_column(default=False)
    passcode_hash: Mapped[str | None] = mapped_column(String(256))
    require_email: Mapped[bool] = mapped_column(default=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Real opens only (the counting rule in shares/engagement.py); drives "hottest first".
    views: Mapped[int] = mapped_column(default=0)
    last_activity_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    owner: Mapped[User] = relationship()
    items: Mapped[list[ShareAsset]] = relationship(
        back_populates="share", cascade="all, delete-orphan", order_by="ShareAsset.position")

    @property
    def assets(self) -> list[Asset]:
        return [item.asset for item in self.items]

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now


class ShareAsset(db.Model):
    __table_args__ = (UniqueConstraint("share_id", "asset_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("share.id", ondelete="CASCADE"))
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    share: Mapped[Share] = relationship(back_populates="items")
    asset: Mapped[Asset] = relationship()


class ShareVisitor(db.Model):
    """One browser that opened a share: known by a random first-party cookie (kept hashed), never
    by its address; `email` only when the share asked for one."""

    __table_args__ = (UniqueConstraint("share_id", "cookie_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("share.id", ondelete="CASCADE"))
    cookie_hash: Mapped[str] = mapped_column(String(64))
    email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ShareVisit(db.Model):
    """One real open of the buyer page (a page load that stayed visible for at least 2 s)."""

    __table_args__ = (UniqueConstraint("share_id", "view_key"),
                      Index("ix_share_visit_share_started", "share_id", "started_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("share.id", ondelete="CASCADE"))
    visitor_id: Mapped[int] = mapped_column(
        ForeignKey("share_visitor.id", ondelete="CASCADE"), index=True)
    view_key: Mapped[str] = mapped_column(String(32))  # random per page load, from the script
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    visitor: Mapped[ShareVisitor] = relationship()
    dwells: Mapped[list[ShareDwell]] = relationship(
        back_populates="visit", cascade="all, delete-orphan",
        order_by="ShareDwell.id")


class ShareDwell(db.Model):
    """Visible time during one visit on one asset (`page` 0) or one page of its PDF."""

    __table_args__ = (UniqueConstraint("visit_id", "asset_id", "page"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("share_visit.id", ondelete="CASCADE"))
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"), index=True)
    page: Mapped[int] = mapped_column(default=0)
    ms: Mapped[int] = mapped_column(default=0)

    visit: Mapped[ShareVisit] = relationship(back_populates="dwells")


class ShareDownload(db.Model):
    __table_args__ = (Index("ix_share_download_share_created", "share_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    share_id: Mapped[int] = mapped_column(ForeignKey("share.id", ondelete="CASCADE"))
    visitor_id: Mapped[int | None] = mapped_column(
        ForeignKey("share_visitor.id", ondelete="SET NULL"))
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"), index=True)
    attachment_id: Mapped[int | None] = mapped_column(
        ForeignKey("attachment.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    visitor: Mapped[ShareVisitor | None] = relationship()
    attachment: Mapped[Attachment | None] = relationship()


