"""The weekly email: who asked for it (and for which markets), and which weeks each was sent."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enablement.extensions import db
from enablement.models.base import UTCDateTime, utcnow
from enablement.models.users import User


class WeeklyEmailSubscription(db.Model):
    """A person's choice about the weekly email. No row, or `active` off: no email."""

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"),
                                         primary_key=True)
    active: Mapped[bool] = mapped_column(default=True)
    markets: Mapped[list] = mapped_column(JSON, default=list)  # slugs; empty: every market
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    user: Mapped[User] = relationship()


class SendStatus(enum.StrEnum):
    SENDING = "sending"  # claimed; a claim left here by a crash is never retried (no duplicates)
    SENT = "sent"
    EMPTY = "empty"  # nothing to say that week: no email
    FAILED = "failed"  # the mail server refused or was down; retried later that week


class WeeklyEmailSend(db.Model):
    """One person's weekly email of one week. The unique pair is the claim: whoever inserts it
    first sends, so two workers, or one restarted, never send the same week twice."""

    __table_args__ = (UniqueConstraint("user_id", "week"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    week: Mapped[str] = mapped_column(String(10))  # ISO week of the send moment, "2026-W49"
    status: Mapped[str] = mapped_column(String(10), default=SendStatus.SENDING.value)
    attempts: Mapped[int] = mapped_column(default=1)
    claimed_by: Mapped[str] = mapped_column(String(200), default="")
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
