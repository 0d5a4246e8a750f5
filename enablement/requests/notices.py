"""What a request's people are told, in the hub and by email: the requester when it is planned or
done, and the other side of its thread when someone comments.

An asset is named only as `assets.visibility.asset_ref` lets the reader see it: a rep never reads
a draft's title, whatever happened to the request. Email is queued and goes after the commit.
"""

from __future__ import annotations

from datetime import datetime

from flask import url_for
from sqlalchemy import select

from enablement.assets.visibility import asset_ref
from enablement.extensions import db
from enablement.models import Asset, ContentRequest, RequestComment, RequestStatus, Role, User
from enablement.notifications import mail
from enablement.notifications.services import notify, unread_about

SIGNATURE = "\n— Enablement Hub\n"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def page_links(endpoint: str, fallback: str, **values) -> tuple[str, str]:
    """A path for the hub's own pages and a full URL for email (the path if none can be made)."""
    try:
        path = url_for(endpoint, _external=False, **values)
    except RuntimeError:  # no request and no SERVER_NAME, e.g. a CLI command
        return fallback, fallback
    try:
        return path, url_for(endpoint, _external=True, **values)
    except RuntimeError:
        return path, path


def request_links(request: ContentRequest, anchor: str = "") -> tuple[str, str]:
    """The request page's path (for the hub) and full URL (for email)."""
    path, url = page_links("requests.detail", f"/requests/{request.id}", request_id=request.id)
    return path + anchor, url + anchor


def _requester(request: ContentRequest) -> User | None:
    return request.requester or (db.session.get(User, request.requester_id)
                                 if request.requester_id else None)


def _expected(request: ContentRequest) -> str:
    day = request.expected_on
    return f" Marketing expects it by {day.day} {day:%B %Y}." if day else ""


def planned(request: ContentRequest) -> None:
    """Tell the requester marketing has taken their request on (with the date, if set)."""
    requester = _requester(request)
    if requester is None:
        return
    path, link = request_links(request)
    asked = _short(request.text, 80)
    notify(requester.id, f"Your request “{asked}” is planned.{_expected(request)}", path,
           replace_unread=True)
    if requester.active:
        mail.queue(mail.Mail(
            to=requester.email, subject=f"{RequestStatus.PLANNED.label}: your content request",
            body=(f"Hi {requester.name},\n\nYou asked marketing for:\n\n    {request.text}\n\n"
                  f"Marketing has planned it.{_expected(request)}\nFollow it here:\n{link}\n"
                  + SIGNATURE)))


def expected_date_changed(request: ContentRequest) -> None:
    """A new expected date shows in the requester's header (no email: it is not news enough)."""
    requester = _requester(request)
    if requester is None or request.expected_on is None:
        return
    path, _ = request_links(request)
    notify(requester.id, f"Your request “{_short(request.text, 80)}”:{_expected(request)}", path,
           replace_unread=True)


def done(request: ContentRequest, asset: Asset | None) -> None:
    """Tell the requester their request is done: with the asset that answers it, when they may
    open it (it is published); otherwise only that marketing closed it."""
    requester = _requester(request)
    if requester is None:
        return
    asked = _short(request.text, 80)
    seen = asset_ref(requester, asset) if asset is not None else None
    if seen is not None and seen.visible:
        path, _ = page_links("assets.detail", f"/assets/{asset.id}", asset_id=asset.id)
        notify(requester.id, f"Your request “{asked}” is done: “{_short(seen.title, 120)}” is "
                             "published.", path)
    else:
        path, _ = request_links(request)
        notify(requester.id, f"Your request “{asked}” is done.", path, replace_unread=True)
    if not requester.active:
        return
    emailed = asset_ref(None, asset) if asset is not None else None  # an email's reader: anyone
    if emailed is not None and emailed.visible:
        _, link = page_links("assets.detail", f"/assets/{asset.id}", asset_id=asset.id)
        subject = f"Published for you: {emailed.title}"
        news = f"“{emailed.title}” is now published:\n{link}\n"
    else:
        _, link = request_links(request)
        subject = f"{RequestStatus.DONE.label}: your content request"
        news = f"Marketing marked it done:\n{link}\n"
    mail.queue(mail.Mail(
        to=requester.email, subject=subject,
        body=(f"Hi {requester.name},\n\nYou asked marketing for:\n\n    {request.text}\n\n"
              + news + SIGNATURE)))


def _comments_since(request: ContentRequest,
                    start: datetime | None) -> list[tuple[int | None, datetime]]:
    """(author id, time) of the request's comments from `start` on; none without a start."""
    if start is None:
        return []
    return list(db.session.execute(
        select(RequestComment.author_id, RequestComment.created_at)
        .where(RequestComment.request_id == request.id, RequestComment.created_at >= start)))


def comment_added(request: ContentRequest, comment: RequestComment, author: User) -> None:
    """Tell the other side of the thread: the requester when marketing writes; the request's
    owner when the requester writes (or, with no owner yet, marketing in the hub only).

    Comments group: while a reader hasn't read the first, later ones update the same
    notification ("3 new comments") and send no more email. Opening the request reads them.
    """
    requester = _requester(request)
    if requester is not None and author.id == requester.id:
        owner = request.owner
        if owner is not None and owner.active and owner.id != author.id:
            readers, email = [owner], True
        else:
            readers, email = list(db.session.scalars(
                select(User).where(User.role == Role.MARKETING.value, User.active.is_(True),
                                   User.id != author.id))), False
    else:
        readers, email = ([requester] if requester is not None else []), True
    path, link = request_links(request, "#comments")
    asked = _short(request.text, 60)
    waiting = unread_about([reader.id for reader in readers], path)
    recent = _comments_since(request, min((n.created_at for n in waiting.values()), default=None))
    for reader in readers:
        note = waiting.get(reader.id)
        if note is not None:
            count = sum(1 for author_id, at in recent
                        if at >= note.created_at and author_id != reader.id) or 1
            note.message = f"{count} new comments on the request “{asked}”."
            continue
        note = notify(reader.id, f"{author.name} commented on the request “{asked}”: "
                                 f"“{_short(comment.body, 120)}”", path)
        note.created_at = comment.created_at  # the batch starts with this comment
        if email and reader.active:
            mail.queue(mail.Mail(
                to=reader.email, subject=f"{author.name} commented on a content request",
                body=(f"Hi {reader.name},\n\n{author.name} wrote about the request "
                      f"“{_short(request.text, 200)}”:\n\n{comment.body}\n\n"
                      f"Reply on the request's page:\n{link}\n"
                      "(More comments before you read this one won't send more email.)\n"
                      + SIGNATURE)))
