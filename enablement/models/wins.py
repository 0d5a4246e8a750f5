"""What wins keep beside the deals themselves (Win and WinAsset are in insights.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enablement.extensions import db
from enablement.models.base import UTCDateTime, utcnow
from enablement.models.insights import Win
from enablement.models.users import User


class WinConflict(db.Model):
    """An integration sent a deal whose external_id is on record with other details.

    Nothing is overwritten silently: the sender gets a 409 naming the win on record, and an admin
    sees both versions on /wins and keeps one.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    win_id: Mapped[int] = mapped_column(ForeignKey("win.id", ondelete="CASCADE"), index=True)
    external_id: Mapped[str] = mapped_column(String(100))
    # What was sent, cleaned as a win's input (people by email), so it can be applied as sent.
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    times: Mapped[int] = mapped_column(default=1)  # the same version sent again counts here
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"))

    win: Mapped[Win] = relationship()
    sent_by: Mapped[User | None] = relationship(foreign_keys=[sent_by_id])
