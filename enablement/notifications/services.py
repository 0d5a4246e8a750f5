"""What the hub tells one user: shown in the header until they open their notifications."""

from __future__ import annotations

from sqlalchemy import func, select, update

from enablement.extensions import db
from enablement.models import Notification, User, utcnow

MESSAGE_MAX = 500


def notify(user_id: int, message: str, url: str = "") -> Notification:
    """Tell a user something; it waits, unread, in their header."""
    note = Notification(user_id=user_id, message=message[:MESSAGE_MAX], url=url[:500])
    db.session.add(note)
    return note


def unread_count(user: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    ) or 0


def recent(user: User, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(
        select(Notification).where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)
    ))


def mark_all_read(user: User) -> int:
    """Mark the user's unread notifications read; returns how many there were."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0
