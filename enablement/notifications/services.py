"""What the hub tells one user: shown in the header until they open their notifications."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select, update
from werkzeug.exceptions import HTTPException

from enablement.assets.visibility import UNPUBLISHED_TITLE, asset_ref
from enablement.extensions import db
from enablement.models import Asset, Notification, User, utcnow

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
    return unread_about([user_id], url).get(user_id)


def unread_about(user_ids: list[int], url: str) -> dict[int, Notification]:
    """Each user's newest unread notification linking to `url`, by user id (one query)."""
    notes = db.session.scalars(
        select(Notification).where(Notification.user_id.in_(user_ids), Notification.url == url,
                                   Notification.read_at.is_(None))
        .order_by(Notification.id)
    )
    return {note.user_id: note for note in notes}  # the newest of each user's comes last


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


@dataclass(frozen=True)
class Shown:
    """A notification as its reader sees it now."""

    note: Notification
    message: str
    url: str


def as_seen_by(user: User, notes: list[Notification]) -> list[Shown]:
    """The notifications as `user` may read them today. News about an asset they can no longer
    open (back to draft, archived, deleted) is a placeholder without its link: the message was
    written when the asset was published, but its title and the request around it are not
    theirs to read any more (assets/visibility.py's rule, as everywhere an asset is mentioned)."""
    about = {note.id: _asset_id(note.url) for note in notes}
    ids = {asset_id for asset_id in about.values() if asset_id is not None}
    assets = {a.id: a for a in db.session.scalars(select(Asset).where(Asset.id.in_(ids)))}
    shown = []
    for note in notes:
        asset_id = about[note.id]
        if asset_id is not None and not asset_ref(user, assets.get(asset_id)).visible:
            shown.append(Shown(note, f"This was about {UNPUBLISHED_TITLE}.", ""))
        else:
            shown.append(Shown(note, note.message, note.url))
    return shown


def _asset_id(url: str) -> int | None:
    """The asset whose pages `url` leads to (its page, feedback, history…), if any."""
    if not url:
        return None
    path = urlsplit(url).path
    try:
        endpoint, values = current_app.url_map.bind("hub").match(path, method="GET")
    except HTTPException:  # not one of our pages, or not a GET one
        return None
    asset_id = values.get("asset_id")
    return asset_id if endpoint.startswith("assets.") and isinstance(asset_id, int) else None
