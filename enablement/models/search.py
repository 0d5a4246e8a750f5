"""What the search index still has to learn about."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from enablement.extensions import db
from enablement.models.base import UTCDateTime, utcnow


class SearchOutbox(db.Model):
    """A searchable row that changed and still has to be written to the search index.

    Written in the same transaction as the change, deleted once the index has it.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(20))
    doc_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
