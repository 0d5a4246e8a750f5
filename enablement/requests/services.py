"""Asking for content and answering: a rep's request, marketing linking or drafting the asset that
answers it, and the requester told (in the hub and by email) once that asset is published."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from enablement.assets import services as assets
from enablement.assets.hooks import on_publish
from enablement.assets.kinds import KINDS, TITLE_MAX, kind_label
from enablement.errors import Forbidden, NotFound, ValidationError
from enablement.extensions import db
from enablement.markets import markets
from enablement.models import Asset, AssetStatus, ContentRequest, RequestStatus, Role, User, utcnow
from enablement.notifications import mail
from enablement.notifications.services import notify

TEXT_MAX = 2000
STATUSES = tuple(s.value for s in RequestStatus)


def create_request(actor: User, text: str, market: str | None = None, kind: str | None = None,
                   search_query: str | None = None) -> ContentRequest:
    """Record what a rep needs; marketing sees it next to the searches that found nothing."""
    errors = {}
    if text is not None and not isinstance(text, str):
        errors["text"] = "The request must be text."
        text = ""
    text = " ".join((text or "").split())
    if not text:
        errors.setdefault("text", "Say what you need, e.g. “a case study for cold-storage "
                                  "logistics”.")
    elif len(text) > TEXT_MAX:
        errors["text"] = f"At most {TEXT_MAX:,} characters."
    if market and (not isinstance(market, str) or market not in markets()):
        errors["market"] = "Unknown market."
    if kind and (not isinstance(kind, str) or kind not in KINDS):
        errors["kind"] = "Unknown kind."
    if search_query is not None and not isinstance(search_query, str):
        errors["search_query"] = "The search must be text."
    if not isinstance(actor, User):
        raise Forbidden("Sign in to request content.")
    if errors:
        raise ValidationError("The request needs a little more.", errors)
    request = ContentRequest(requester_id=actor.id, text=text, market=market or None,
                             kind=kind or None, search_query=(search_query or "")[:400] or None)
    db.session.add(request)
    db.session.flush()
    return request


def visible_requests(user: User, status: str | None = None, *, mine: bool = False,
                     limit: int = 200, offset: int = 0) -> list[ContentRequest]:
    """Marketing sees every request (unless `mine`); a rep sees their own."""
    query = _visible(user, status, mine=mine).order_by(ContentRequest.created_at.desc(),
                                                       ContentRequest.id.desc())
    query = query.options(selectinload(ContentRequest.asset),
                          selectinload(ContentRequest.requester))
    return list(db.session.scalars(query.offset(offset).limit(limit)))


def count_requests(user: User, status: str | None = None, *, mine: bool = False) -> int:
    query = _visible(user, status, mine=mine)
    return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0


def _visible(user: User, status: str | None, *, mine: bool):
    query = select(ContentRequest)
    if mine or not user.has_role(Role.MARKETING):
        query = query.where(ContentRequest.requester_id == user.id)
    if status in STATUSES:
        query = query.where(ContentRequest.status == status)
    return query


def get_request(user: User, request_id: int) -> ContentRequest:
    """One request: marketing may open any, a rep only their own."""
    request = db.session.get(ContentRequest, request_id)
    if request is None or not (user.has_role(Role.MARKETING)
                               or request.requester_id == user.id):
        raise NotFound("We couldn't find that request.")
    return request


def _require_marketing(actor: User, what: str) -> None:
    if not actor.has_role(Role.MARKETING):
        raise Forbidden(f"Only marketing can {what}.")


def set_status(actor: User, request: ContentRequest, status: str) -> None:
    """Marketing moves a request along; the requester is told when it is done."""
    _require_marketing(actor, "change a request's status")
    if status not in STATUSES:
        raise ValidationError("Unknown status.", {"status": "Use open, planned or done."})
    if status == RequestStatus.DONE:
        fulfil(request)
    else:
        request.status = status
        request.fulfilled_at = None
    db.session.flush()


def link_asset(actor: User, request: ContentRequest, asset_id) -> ContentRequest:
    """Marketing names the asset that answers the request.

    The request is planned until that asset is published, and done (the requester told) once
    it is; linking an asset that is already published fulfils the request at once.
    """
    _require_marketing(actor, "link a request to an asset")
    asset = db.session.get(Asset, asset_id) if isinstance(asset_id, int) \
        and not isinstance(asset_id, bool) else None
    if asset is None:
        raise ValidationError("Choose an asset.", {"asset_id": "No such asset."})
    if asset.status == AssetStatus.ARCHIVED:
        raise ValidationError("Choose an asset reps can get.",
                              {"asset_id": "That asset is archived."})
    request.asset = asset
    request.asset_id = asset.id
    if asset.is_published:
        fulfil(request)
    elif request.status != RequestStatus.DONE:
        request.status = RequestStatus.PLANNED
    db.session.flush()
    return request


def candidate_assets(request: ContentRequest, limit: int = 200) -> list[Asset]:
    """Assets marketing may link to the request: of its kind when it names one, and not archived;
    those of its market first."""
    query = select(Asset).where(Asset.status != AssetStatus.ARCHIVED)
    if request.kind:
        query = query.where(Asset.kind == request.kind)
    found = list(db.session.scalars(
        query.order_by(Asset.updated_at.desc(), Asset.id.desc()).limit(limit)
        .options(selectinload(Asset.tags))
    ))
    if request.market:
        found.sort(key=lambda asset: request.market not in asset.markets)
    if request.asset is not None and request.asset not in found:
        found.insert(0, request.asset)
    return found


def draft_title(request: ContentRequest) -> str:
    title = request.text
    if len(title) > TITLE_MAX:
        title = title[:TITLE_MAX - 1].rsplit(" ", 1)[0] + "…"
    return title


def start_draft(actor: User, request: ContentRequest, kind: str | None = None) -> Asset:
    """Turn a request into a draft asset of its kind and market, linked to it."""
    _require_marketing(actor, "start a draft")
    kind = kind or request.kind
    if not kind or kind not in KINDS:
        raise ValidationError("Choose what kind of asset to draft.",
                              {"kind": f"Use one of {', '.join(KINDS)}."})
    requester = request.requester.name if request.requester else "a rep"
    body = f"Requested by {requester} on {request.created_at:%Y-%m-%d}:\n\n> {request.text}"
    if request.search_query:
        body += f"\n\nThey searched for “{request.search_query}”."
    data = {"title": draft_title(request), "body": body,
            "markets": [request.market] if request.market in markets() else []}
    asset = assets.create_asset(actor, kind, data)
    link_asset(actor, request, asset.id)
    return asset


def fulfil(request: ContentRequest) -> None:
    """Mark the request done and tell the requester, in the hub and by email."""
    if request.status == RequestStatus.DONE:
        return
    request.status = RequestStatus.DONE
    request.fulfilled_at = utcnow()
    requester = request.requester or (db.session.get(User, request.requester_id)
                                      if request.requester_id else None)
    if requester is None:
        return
    asset = request.asset or (db.session.get(Asset, request.asset_id)
                              if request.asset_id else None)
    asked = _short(request.text, 80)
    if asset is not None:
        message = f"Your request “{asked}” is done: “{_short(asset.title, 120)}” is published."
        path, link = _asset_links(asset)
    else:
        message = f"Your request “{asked}” is done."
        path, link = _requests_links(request)
    notify(requester.id, message, path)
    if requester.active:
        mail.queue(mail.Mail(
            to=requester.email,
            subject=(f"Published for you: {asset.title}" if asset
                     else "Your content request is done"),
            body=(f"Hi {requester.name},\n\nYou asked marketing for:\n\n    {request.text}\n\n"
                  + (f"“{asset.title}” ({kind_label(asset.kind)}) is now published:\n{link}\n"
                     if asset else f"Marketing marked it done:\n{link}\n")
                  + "\n— Enablement Hub\n"),
        ))


@on_publish
def asset_published(asset: Asset) -> None:
    """When an asset is published, the requests it answers are done."""
    if asset.id is None:
        return  # created and published at once: no request can point at it yet
    pending = db.session.scalars(
        select(ContentRequest).where(ContentRequest.asset_id == asset.id,
                                     ContentRequest.status != RequestStatus.DONE)
    )
    for request in pending:
        fulfil(request)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def _links(endpoint: str, fallback: str, **values) -> tuple[str, str]:
    """A path for the hub's own pages and a full URL for email (the path if none can be made)."""
    try:
        path = url_for(endpoint, _external=False, **values)
    except RuntimeError:  # no request and no SERVER_NAME, e.g. a CLI command
        return fallback, fallback
    try:
        return path, url_for(endpoint, _external=True, **values)
    except RuntimeError:
        return path, path


def _asset_links(asset: Asset) -> tuple[str, str]:
    return _links("assets.detail", f"/assets/{asset.id}", asset_id=asset.id)


def _requests_links(request: ContentRequest) -> tuple[str, str]:
    return _links("requests.detail", f"/requests/{request.id}", request_id=request.id)


def request_json(request: ContentRequest, viewer: User) -> dict:
    asset = request.asset
    data = {
        "id": request.id,
        "text": request.text,
        "market": request.market,
        "kind": request.kind,
        "search_query": request.search_query,
        "status": request.status,
        "asset": ({"id": asset.id, "title": asset.title, "status": asset.status,
                   "url": url_for("assets.detail", asset_id=asset.id, _external=True)}
                  if asset is not None and (asset.is_published
                                            or viewer.has_role(Role.MARKETING)) else None),
        "created_at": request.created_at.isoformat(),
        "updated_at": request.updated_at.isoformat(),
        "fulfilled_at": request.fulfilled_at.isoformat() if request.fulfilled_at else None,
        "url": url_for("requests.detail", request_id=request.id, _external=True),
    }
    if viewer.has_role(Role.MARKETING):
        data["requester"] = ({"id": request.requester.id, "name": request.requester.name,
                              "email": request.requester.email} if request.requester else None)
    return data
