"""The loop back to marketing: feedback, wins, notifications and shared targets (requests are in
requests.py)."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Index, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enablement.extensions import db
from enablement.models.assets import Asset
from enablement.models.base import UTCDateTime, utcnow
from enablement.models.users import User


class Feedback(db.Model):
    """A rep's verdict on an asset: helpful or not, with an optional comment."""

    __table_args__ = (UniqueConstraint("asset_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    helpful: Mapped[bool]
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    asset: Mapped[Asset] = relationship()
    user: Mapped[User | None] = relationship()


class LeadSource(enum.StrEnum):
    MARKETING = "marketing"
    SALES = "sales"
    PARTNER = "partner"
    OTHER = "other"


class Win(db.Model):
    """A won deal, with the assets that helped and who sourced the lead."""

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(String(200))
    market: Mapped[str | None] = mapped_column(String(50), index=True)
    amount: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    closed_on: Mapped[date] = mapped_column(Date, index=True)
    rep_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"),
                                               index=True)
    lead_source: Mapped[str] = mapped_column(String(20), default=LeadSource.SALES.value)
    lead_marketer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(Text, default="")
    external_id: Mapped[str | None] = mapped_column(String(100), unique=True)  # CRM deal id
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    rep: Mapped[User | None] = relationship(foreign_keys=[rep_id])
    lead_marketer: Mapped[User | None] = relationship(foreign_keys=[lead_marketer_id])
    assets: Mapped[list[Asset]] = relationship(secondary="win_asset", order_by="Asset.title")


class WinAsset(db.Model):
    win_id: Mapped[int] = mapped_column(ForeignKey("win.id", ondelete="CASCADE"),
                                        primary_key=True)
    asset_id: Mapped[int] = mapped_column(ForeignKey("asset.id", ondelete="CASCADE"),
                                          primary_key=True, index=True)


class Notification(db.Model):
    """Something the hub tells one user, shown in the header until read."""

    __table_args__ = (Index("ix_notification_user_unread", "user_id", "read_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    message: Mapped[str] = mapped_column(String(500))
    url: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MetricTarget(db.Model):
    """A shared metric's target for a period length, set by an admin."""

    metric: Mapped[str] = mapped_column(String(40), primary_key=True)
    period_days: Mapped[int] = mapped_column(primary_key=True)
    target: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class Reminder(db.Model):
    """When an owner was last reminded about stale assets, so reminders stay weekly."""

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
