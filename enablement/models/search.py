"""Search: what the index still has to learn, synonyms marketing maintains, the search log and
the content gaps marketing set aside."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from enablement.extensions import db
from enablement.models.base import UTCDateTime, utcnow
from enablement.models.users import User


class SearchOutbox(db.Model):
    """A searchable row that changed and still has to be written to the search index.

    Written in the same transaction as the change, deleted once the index has it.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    doc_type: Mapped[str] = mapped_column(String(20))
    doc_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Synonym(db.Model):
    """Words and phrases that mean the same to reps, e.g. `ROI, return on investment`."""

    id: Mapped[int] = mapped_column(primary_key=True)
    terms: Mapped[list] = mapped_column(JSON)  # two or more phrases
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by: Mapped[User | None] = relationship()


class SearchLog(db.Model):
    """One search someone ran, kept for the content-gap report."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    query: Mapped[str] = mapped_column(String(400))
    normalized_query: Mapped[str] = mapped_column(String(400), index=True)
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    result_count: Mapped[int]
    took_ms: Mapped[float]
    source: Mapped[str] = mapped_column(String(10), default="web")  # web | api
    clicked_doc: Mapped[str | None] = mapped_column(String(40))  # the first result opened
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    note: Mapped[str] = mapped_column(Text, default="")  # what the hub did: corrected, relaxed
    # Answers shown for a question (None: the search was not read as a question).
    answer_count: Mapped[int | None] = mapped_column()


class AnswerFeedback(db.Model):
    """A rep's "helpful / not helpful" on one answer to their question (one vote per answer)."""

    __table_args__ = (UniqueConstraint("search_log_id", "passage"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    search_log_id: Mapped[int] = mapped_column(ForeignKey("search_log.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    passage: Mapped[str] = mapped_column(String(80))  # answers.Answer.key
    helpful: Mapped[bool]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    search_log: Mapped[SearchLog] = relationship()


class GapSetAside(db.Model):
    """A content gap marketing set aside, by its normalised query: dismissed (`until` empty;
    back once several reps search it again) or snoozed until `until`."""

    id: Mapped[int] = mapped_column(primary_key=True)
    normalized_query: Mapped[str] = mapped_column(String(400), unique=True)
    until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    by: Mapped[User | None] = relationship()
