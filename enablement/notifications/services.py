"""What the hub tells one user: shown in the header until they open their notifications."""

from __future__ import annotations

from sqlalchemy import func, select, update

from enablement.extensions import db
from enablement.models import Notification, User, utcnow

MESSAGE_MAX = 500


def notify(user_id: int, message: str, url: str = "", *,
           replace_unread: bool = False) -> Notification:
    """Tell a user something; it waits, unread, in their header.

    With `replace_unread`, news about the same thing (the same link) that they haven't read yet
    is updated rather than stacked: a request planned then done shows once, as done.
    """
    note = unread_for(user_id, url) if replace_unread and url else None
    if note is None:
        note = Notification(user_id=user_id)
        db.session.add(note)
    note.message, note.url, note.created_at = message[:MESSAGE_MAX], url[:500], utcnow()
    return note


def unread_for(user_id: int, url: str) -> Notification | None:
    """The user's unread notification linking to `url`, if any (the newest)."""
    return db.session.scalar(
        select(Notification).where(Notification.user_id == user_id, Notification.url == url,
                                   Notification.read_at.is_(None))
        .order_by(Notification.id.desc()).limit(1)
    )


def mark_read_about(user: User, path: str) -> int:
    """Mark read what the user was told about the page at `path` (its anchors included): opening
    a request's page reads its news."""
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None),
               (Notification.url == path) | Notification.url.startswith(path + "#",
                                                                        autoescape=True))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


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
