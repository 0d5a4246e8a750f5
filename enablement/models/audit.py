"""The audit log: who did what security-relevant thing, when and from where. Rows are only ever
added (and pruned past the retention period); enablement/audit/log.py writes them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, event
from sqlalchemy.orm import Mapped, mapped_column

from enablement.extensions import db
from enablement.models.base import UTCDateTime, utcnow


class AuditEvent(db.Model):
    __table_args__ = (Index("ix_audit_event_actor_at", "actor", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)  # dotted: "user.role_changed"
    # Who: the user's email when it happened (kept if the user is renamed or removed), or
    # "scim:<token name>", "cli", "system", or the email typed into a failed sign-in.
    actor: Mapped[str] = mapped_column(String(254), default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    target: Mapped[str] = mapped_column(String(300), default="")
    target_type: Mapped[str] = mapped_column(String(40), default="")
    target_id: Mapped[int | None] = mapped_column()
    ip: Mapped[str | None] = mapped_column(String(64))  # truncated: /24 or /48
    details: Mapped[dict] = mapped_column(JSON, default=dict)


class AuditLogIsAppendOnly(RuntimeError):
    pass


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(mapper, connection, target):
    raise AuditLogIsAppendOnly("Audit events are never changed.")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(mapper, connection, target):
    raise AuditLogIsAppendOnly("Audit events are only removed by retention (audit.log.prune).")
