"""What reps ask marketing for."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enablement.extensions import db
from enablement.models.base import UTCDateTime, utcnow
from enablement.models.users import User


class RequestStatus(enum.StrEnum):
    OPEN = "open"
    PLANNED = "planned"
    DONE = "done"


class ContentRequest(db.Model):
    """A rep's request for content marketing doesn't have yet."""

    id: Mapped[int] = mapped_column(primary_key=True)
    requester_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    market: Mapped[str | None] = mapped_column(String(50))
    kind: Mapped[str | None] = mapped_column(String(30))
    search_query: Mapped[str | None] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(20), default=RequestStatus.OPEN.value, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    requester: Mapped[User | None] = relationship()
