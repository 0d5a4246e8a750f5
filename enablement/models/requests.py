"""Content requests: what a rep asked marketing for, who is on it, and the thread between them."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enablement.extensions import db
from enablement.models.assets import Asset
from enablement.models.base import UTCDateTime, utcnow
from enablement.models.users import User


class RequestStatus(enum.StrEnum):
    OPEN = "open"
    PLANNED = "planned"
    DONE = "done"

    @property
    def label(self) -> str:
        """The one name people see for the status: pages, filters, API, emails, dashboard."""
        return REQUEST_STATUS_LABELS[self.value]


# The request page once called an open request "Asked" and its badge "Open": one set, used
# everywhere a status is shown to a person.
REQUEST_STATUS_LABELS = {"open": "Open", "planned": "Planned", "done": "Done"}


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
    # The asset that answers the request; when it is published the requester is told.
    asset_id: Mapped[int | None] = mapped_column(
        ForeignKey("asset.id", ondelete="SET NULL"), index=True
    )
    # The marketer answering it: whoever first acts on it, until marketing names someone else.
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    expected_on: Mapped[date | None] = mapped_column(Date)
    # A draft started from the request holds the rep's words; it may be published only once its
    # author has confirmed the real content is written (draft_confirmed_at).
    draft_asset_id: Mapped[int | None] = mapped_column(
        ForeignKey("asset.id", ondelete="SET NULL"), index=True
    )
    draft_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    fulfilled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    requester: Mapped[User | None] = relationship(foreign_keys=[requester_id])
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    asset: Mapped[Asset | None] = relationship(foreign_keys=[asset_id])
    draft_asset: Mapped[Asset | None] = relationship(foreign_keys=[draft_asset_id])
    comments: Mapped[list[RequestComment]] = relationship(
        back_populates="request", cascade="all, delete-orphan", passive_deletes=True,
        order_by="(RequestComment.created_at, RequestComment.id)",
    )

    @property
    def status_label(self) -> str:
        return REQUEST_STATUS_LABELS.get(self.status, self.status.capitalize())


class RequestComment(db.Model):
    """One message in a request's thread, from the requester or from marketing."""

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("content_request.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    request: Mapped[ContentRequest] = relationship(back_populates="comments")
    author: Mapped[User | None] = relationship()
