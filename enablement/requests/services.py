"""Asking for content and answering: a rep's request, who in marketing owns it and by when, the
thread between them, and the asset that answers it (linked, or drafted from the request); the
requester is told (notices.py) when it is planned and once that asset is published."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from enablement.assets import services as assets
from enablement.assets.hooks import on_publish, publish_check
from enablement.assets.kinds import KINDS, TITLE_MAX
from enablement.assets.visibility import asset_ref
from enablement.errors import Forbidden, NotFound, ValidationError
from enablement.extensions import db
from enablement.markets import markets
from enablement.models import (
    REQUEST_STATUS_LABELS,
    Asset,
    AssetStatus,
    ContentRequest,
    RequestComment,
    RequestStatus,
    Role,
    User,
    utcnow,
)
from enablement.models.base import as_id
from enablement.requests import notices

TEXT_MAX = 2000
COMMENT_MAX = 2000
EXPECTED_MAX_DAYS = 366  # a date further out than a year is a typo, not a plan
STATUSES = tuple(s.value for s in RequestStatus)
STATUS_LABELS = REQUEST_STATUS_LABELS
STATUS_CHOICES = ", ".join(STATUSES[:-1]) + " or " + STATUSES[-1]


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
                          selectinload(ContentRequest.requester),
                          selectinload(ContentRequest.owner))
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


def _take_on(actor: User, request: ContentRequest) -> None:
    """The first marketer to act on a request owns it, until marketing names someone else."""
    if request.owner_id is None and actor.has_role(Role.MARKETING):
        request.owner = actor
        request.owner_id = actor.id


def _to_status(request: ContentRequest, status: str) -> None:
    """Move to open or planned; moving to planned tells the requester."""
    was = request.status
    request.status = status
    request.fulfilled_at = None
    if status == RequestStatus.PLANNED and was != RequestStatus.PLANNED:
        notices.planned(request)


def _whole_id(value) -> int | None:
    """An id from JSON or a form: a whole number the database can hold (as_id), else None.
    Unlike as_id, a string is refused: the views turn a form's digits into a number first."""
    return as_id(value) if isinstance(value, int) else None


def set_status(actor: User, request: ContentRequest, status: str) -> None:
    """Marketing moves a request along; the requester is told when it is planned and when it is
    done. Done while its asset is unpublished is refused: the rep would be told to open a draft."""
    _require_marketing(actor, "change a request's status")
    if status not in STATUSES:
        raise ValidationError("Unknown status.", {"status": f"Use {STATUS_CHOICES}."})
    _take_on(actor, request)
    if status == RequestStatus.DONE:
        asset = request.asset
        if asset is not None and not asset.is_published:
            raise ValidationError("The linked asset isn't published.", {
                "status": f"“{_short(asset.title, 80)}” isn't published yet: publish the asset "
                          "first or unlink it."})
        fulfil(request)
    else:
        _to_status(request, status)
    db.session.flush()


def set_owner(actor: User, request: ContentRequest, owner_id) -> None:
    """Marketing names who answers the request (None: nobody yet)."""
    _require_marketing(actor, "change who answers a request")
    if owner_id is None:
        request.owner, request.owner_id = None, None
        db.session.flush()
        return
    owner_id = _whole_id(owner_id)
    owner = db.session.get(User, owner_id) if owner_id else None
    if owner is None or not owner.active or not owner.has_role(Role.MARKETING):
        raise ValidationError("Choose who answers it.",
                              {"owner_id": "Choose an active member of marketing."})
    request.owner, request.owner_id = owner, owner.id
    db.session.flush()


def marketers() -> list[User]:
    """Who may own a request: active marketing users and admins, by name."""
    return list(db.session.scalars(
        select(User).where(User.active.is_(True),
                           User.role.in_([Role.MARKETING.value, Role.ADMIN.value]))
        .order_by(User.name, User.id)))


def parse_expected_on(value) -> date | None:
    """The expected date from JSON or a form: a date from today to a year ahead, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and len(value) <= 10:
        try:
            value = date.fromisoformat(value)
        except ValueError:
            pass
    if not isinstance(value, date) or isinstance(value, datetime):
        raise ValidationError("Check the expected date.",
                              {"expected_on": "Use a date like 2027-03-31."})
    today = date.today()
    if value < today:
        raise ValidationError("Check the expected date.",
                              {"expected_on": "The date has passed: choose today or later."})
    if value > today + timedelta(days=EXPECTED_MAX_DAYS):
        raise ValidationError("Check the expected date.", {
            "expected_on": f"Choose a date within a year (by "
                           f"{today + timedelta(days=EXPECTED_MAX_DAYS):%Y-%m-%d})."})
    return value


def set_expected_on(actor: User, request: ContentRequest, value) -> None:
    """Marketing says when the content should be ready; the requester sees it (and is told when
    it changes)."""
    _require_marketing(actor, "set when a request will be answered")
    expected = parse_expected_on(value)
    _take_on(actor, request)
    if expected == request.expected_on:
        return
    request.expected_on = expected
    if expected is not None and request.status != RequestStatus.DONE:
        notices.expected_date_changed(request)
    db.session.flush()


def link_asset(actor: User, request: ContentRequest, asset_id) -> ContentRequest:
    """Marketing names the asset that answers the request (None unlinks it).

    The request is planned until that asset is published, and done (the requester told) once
    it is; linking an asset that is already published fulfils the request at once.
    """
    _require_marketing(actor, "link a request to an asset")
    _take_on(actor, request)
    if asset_id is None:
        request.asset, request.asset_id = None, None
        db.session.flush()
        return request
    asset_id = _whole_id(asset_id)
    asset = db.session.get(Asset, asset_id) if asset_id else None
    if asset is None:
        raise ValidationError("Choose an asset.", {"asset_id": "No such asset."})
    if asset.status == AssetStatus.ARCHIVED:
        raise ValidationError("Choose an asset reps can get.",
                              {"asset_id": "That asset is archived."})
    request.asset = asset
    request.asset_id = asset.id
    if asset.is_published:
        fulfil(request)
    else:
        _to_status(request, RequestStatus.PLANNED)
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


def draft_body(request: ContentRequest) -> str:
    """What a draft started from the request says at first: the rep's own words."""
    requester = request.requester.name if request.requester else "a rep"
    body = f"Requested by {requester} on {request.created_at:%Y-%m-%d}:\n\n> {request.text}"
    if request.search_query:
        body += f"\n\nThey searched for “{request.search_query}”."
    return body


def start_draft(actor: User, request: ContentRequest, kind: str | None = None) -> Asset:
    """Turn a request into a draft asset of its kind and market, linked to it and pre-filled with
    the rep's words; it can be published once its author confirms the real content is written."""
    _require_marketing(actor, "start a draft")
    kind = kind or request.kind
    if not kind or kind not in KINDS:
        raise ValidationError("Choose what kind of asset to draft.",
                              {"kind": f"Use one of {', '.join(KINDS)}."})
    earlier = request.draft_asset
    if earlier is not None and earlier.status == AssetStatus.DRAFT:
        raise ValidationError("This request already has a draft.", {
            "kind": f"It already has the draft “{_short(earlier.title, 80)}”: edit that one."})
    data = {"title": draft_title(request), "body": draft_body(request),
            "markets": [request.market] if request.market in markets() else []}
    asset = assets.create_asset(actor, kind, data)
    request.draft_asset, request.draft_confirmed_at = asset, None
    link_asset(actor, request, asset.id)
    return asset


def confirm_draft(actor: User, request: ContentRequest) -> Asset:
    """The draft's author says the rep's words are replaced by real content: from now on the
    draft may be published (and publishing it closes the request)."""
    _require_marketing(actor, "confirm a draft")
    draft = request.draft_asset
    if draft is None:
        raise ValidationError("No draft to confirm.",
                              {"draft_confirmed": "No draft was started from this request."})
    if draft.owner_id is not None and draft.owner_id != actor.id:
        author = draft.owner.name if draft.owner else "its author"
        raise Forbidden(f"Only the draft's author, {author}, can confirm its content.")
    if " ".join((draft.body or "").split()) == " ".join(draft_body(request).split()):
        raise ValidationError("The draft still holds only the request.", {
            "draft_confirmed": "The draft's text is still the rep's request: write the "
                               "content first."})
    _take_on(actor, request)
    if request.draft_confirmed_at is None:
        request.draft_confirmed_at = utcnow()
    db.session.flush()
    return draft


@publish_check
def draft_awaiting_its_author(asset: Asset) -> dict[str, str]:
    """A draft started from a request holds the rep's words: it is not ready until its author
    has confirmed the real content is written (one click after starting it is too soon)."""
    if asset.id is None or asset.is_published:
        return {}
    waiting = db.session.scalar(
        select(ContentRequest.id).where(ContentRequest.draft_asset_id == asset.id,
                                        ContentRequest.draft_confirmed_at.is_(None)).limit(1))
    if waiting is None:
        return {}
    return {"request": "This draft was started from a rep's request and holds their words: "
                       f"its author confirms the real content is written on request {waiting}'s "
                       "page before it can be published."}


def add_comment(actor: User, request: ContentRequest, body) -> RequestComment:
    """A message in the request's thread, from its requester or from marketing; the other side
    is told."""
    if not (actor.has_role(Role.MARKETING) or request.requester_id == actor.id):
        raise NotFound("We couldn't find that request.")
    if body is not None and not isinstance(body, str):
        raise ValidationError("The comment must be text.", {"body": "Write some text."})
    body = "\n".join(line.rstrip() for line in (body or "").strip().splitlines())
    if not body:
        raise ValidationError("The comment is empty.", {"body": "Write something first."})
    if len(body) > COMMENT_MAX:
        raise ValidationError("The comment is too long.",
                              {"body": f"At most {COMMENT_MAX:,} characters."})
    comment = RequestComment(request=request, author=actor, author_id=actor.id, body=body,
                             created_at=utcnow())
    db.session.add(comment)
    if actor.id != request.requester_id:
        _take_on(actor, request)
    db.session.flush()
    notices.comment_added(request, comment, actor)
    return comment


def fulfil(request: ContentRequest) -> None:
    """Mark the request done and tell the requester, in the hub and by email."""
    if request.status == RequestStatus.DONE:
        return
    request.status = RequestStatus.DONE
    request.fulfilled_at = utcnow()
    asset = request.asset or (db.session.get(Asset, request.asset_id)
                              if request.asset_id else None)
    notices.done(request, asset)


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


def _person(user: User | None) -> dict | None:
    return {"id": user.id, "name": user.name} if user is not None else None


def comment_json(comment: RequestComment, request: ContentRequest) -> dict:
    return {
        "id": comment.id,
        "author": _person(comment.author),
        "from": "requester" if comment.author_id is not None
                and comment.author_id == request.requester_id else "marketing",
        "body": comment.body,
        "created_at": comment.created_at.isoformat(),
    }


def request_json(request: ContentRequest, viewer: User, *, comments: bool = False) -> dict:
    """A request as `viewer` may see it; `comments` adds its thread (one request's page)."""
    shown = asset_ref(viewer, request.asset)
    data = {
        "id": request.id,
        "text": request.text,
        "market": request.market,
        "kind": request.kind,
        "search_query": request.search_query,
        "status": request.status,
        "status_label": request.status_label,
        "asset": ({"id": shown.id, "title": shown.title, "status": request.asset.status,
                   "url": url_for("assets.detail", asset_id=shown.id, _external=True)}
                  if shown.visible else None),
        "owner": _person(request.owner),
        "expected_on": request.expected_on.isoformat() if request.expected_on else None,
        "created_at": request.created_at.isoformat(),
        "updated_at": request.updated_at.isoformat(),
        "fulfilled_at": request.fulfilled_at.isoformat() if request.fulfilled_at else None,
        "url": url_for("requests.detail", request_id=request.id, _external=True),
    }
    if comments:
        data["comments"] = [comment_json(c, request) for c in request.comments]
    if viewer.has_role(Role.MARKETING):
        data["requester"] = ({"id": request.requester.id, "name": request.requester.name,
                              "email": request.requester.email} if request.requester else None)
        draft = request.draft_asset
        data["draft"] = ({"asset_id": draft.id, "author": _person(draft.owner),
                          "confirmed_at": request.draft_confirmed_at.isoformat()
                          if request.draft_confirmed_at else None}
                         if draft is not None else None)
    return data
