"""Content requests: reps ask marketing for what they couldn't find."""

from __future__ import annotations

from sqlalchemy import select

from enablement.assets.kinds import KINDS
from enablement.errors import Forbidden, ValidationError
from enablement.extensions import db
from enablement.markets import markets
from enablement.models import ContentRequest, RequestStatus, Role, User

TEXT_MAX = 2000


def create_request(actor: User, text: str, market: str | None = None, kind: str | None = None,
                   search_query: str | None = None) -> ContentRequest:
    """Record what a rep needs; marketing sees it next to the searches that found nothing."""
    errors = {}
    text = " ".join((text or "").split())
    if not text:
        errors["text"] = "Say what you need, e.g. “a case study for cold-storage logistics”."
    elif len(text) > TEXT_MAX:
        errors["text"] = f"At most {TEXT_MAX:,} characters."
    if market and market not in markets():
        errors["market"] = "Unknown market."
    if kind and kind not in KINDS:
        errors["kind"] = "Unknown kind."
    if not isinstance(actor, User):
        raise Forbidden("Sign in to request content.")
    if errors:
        raise ValidationError("The request needs a little more.", errors)
    request = ContentRequest(requester_id=actor.id, text=text, market=market or None,
                             kind=kind or None, search_query=(search_query or "")[:400] or None)
    db.session.add(request)
    db.session.flush()
    return request


def visible_requests(user: User, status: str | None = None) -> list[ContentRequest]:
    """Marketing sees every request; a rep sees their own."""
    query = select(ContentRequest).order_by(ContentRequest.created_at.desc())
    if not user.has_role(Role.MARKETING):
        query = query.where(ContentRequest.requester_id == user.id)
    if status in {s.value for s in RequestStatus}:
        query = query.where(ContentRequest.status == status)
    return list(db.session.scalars(query.limit(200)))


def set_status(actor: User, request: ContentRequest, status: str) -> None:
    if not actor.has_role(Role.MARKETING):
        raise Forbidden("Only marketing can change a request's status.")
    if status not in {s.value for s in RequestStatus}:
        raise ValidationError("Unknown status.", {"status": "Use open, planned or done."})
    request.status = status
