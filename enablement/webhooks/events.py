"""What becomes a webhook delivery, written in the same transaction as the change (an outbox).

A flush-time listener (like search's outbox) looks at what the flush added or changed: an asset
published or archived, a content request made or done, a win recorded, feedback given, a news item
pinned. For each event it writes one delivery row per receiver subscribed to it, so a rolled back
change sends nothing and a committed one is never lost; delivery.py sends the rows after the
commit. Watching the rows, not the services, catches every path (pages, API, CLI, demo).

The body of a delivery is made here, once: retries send the very same bytes under the same id.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from datetime import timedelta

from flask import current_app, has_app_context, url_for
from sqlalchemy import event, insert, inspect, select
from sqlalchemy.orm import Session

from enablement.extensions import db
from enablement.models import (
    Asset,
    AssetStatus,
    ContentRequest,
    Feedback,
    NewsItem,
    RequestStatus,
    Share,
    ShareVisit,
    WebhookDelivery,
    WebhookEndpoint,
    Win,
    utcnow,
)

# The events receivers may subscribe to (DESIGN.md), in the order the admin page lists them.
EVENTS = {
    "asset.published": "An asset is published",
    "asset.archived": "An asset is archived",
    "request.created": "A rep asks for content",
    "request.fulfilled": "A content request is done",
    "win.recorded": "A win is recorded",
    "feedback.created": "A rep rates an asset",
    "share.opened": "A buyer really opens a shared link (visible for 2 s; never bots)",
}
# What a Slack channel can be told (SLACK_WEBHOOK_URL, or a Slack receiver an admin registers).
SLACK_EVENTS = {
    "asset.published": "An asset is published for the channel's market",
    "talking_points.pinned": "News with talking points is pinned",
}
FORMATS = ("hub", "slack")
PENDING_FLAG = "webhook_deliveries_pending"

# A Slack message for (event, data), or None when the event has nothing to say to a channel.
SlackMessage = Callable[[str, dict], dict | None]
_slack_messages: list[SlackMessage] = []


def slack_message(builder: SlackMessage) -> SlackMessage:
    """Register how Slack channels are told of an event (enablement/slack does)."""
    if builder not in _slack_messages:
        _slack_messages.append(builder)
    return builder


def retry_window() -> timedelta:
    return timedelta(hours=float(current_app.config["WEBHOOKS_RETRY_HOURS"]))


# ---------------------------------------------------------------- what happened


def _changed_to(obj, attribute: str) -> object | None:
    """The new value of `attribute` if this flush changed it, else None."""
    history = inspect(obj).attrs[attribute].history
    if history.added and history.added[0] not in (history.deleted or [None])[:1]:
        return history.added[0]
    return None


def _events(session: Session) -> list[tuple[str, Callable[[object], dict], object]]:
    """(event, how to describe it, the row) of each event this flush holds."""
    found: list[tuple[str, Callable[[object], dict], object]] = []
    for obj in session.new:
        if isinstance(obj, Asset) and obj.status in (AssetStatus.PUBLISHED, AssetStatus.ARCHIVED):
            found.append((f"asset.{obj.status}", asset_data, obj))
        elif isinstance(obj, ContentRequest):
            found.append(("request.created", request_data, obj))
        elif isinstance(obj, Win):
            found.append(("win.recorded", win_data, obj))
        elif isinstance(obj, Feedback):
            found.append(("feedback.created", feedback_data, obj))
        elif isinstance(obj, ShareVisit):  # a counted view (shares/engagement.py), never a fetch
            found.append(("share.opened", share_opened_data, obj))
    for obj in session.dirty:
        if isinstance(obj, Asset):
            status = _changed_to(obj, "status")
            if status in (AssetStatus.PUBLISHED, AssetStatus.ARCHIVED):
                found.append((f"asset.{status}", asset_data, obj))
        elif isinstance(obj, ContentRequest) and _changed_to(obj, "status") == RequestStatus.DONE:
            found.append(("request.fulfilled", request_data, obj))
        elif isinstance(obj, NewsItem) and _changed_to(obj, "pinned") is True:
            found.append(("talking_points.pinned", news_data, obj))
    return found


def _link(endpoint: str, **values) -> str:
    return url_for(endpoint, _external=True, **values)


def asset_data(asset: Asset) -> dict:
    return {"id": asset.id, "kind": asset.kind, "title": asset.title, "summary": asset.summary,
            "status": str(asset.status), "markets": asset.markets,
            "url": _link("assets.detail", asset_id=asset.id),
            "published_at": asset.published_at.isoformat() if asset.published_at else None}


def request_data(request: ContentRequest) -> dict:
    return {"id": request.id, "text": request.text, "market": request.market,
            "markets": [request.market] if request.market else [],
            "kind": request.kind, "status": str(request.status), "asset_id": request.asset_id,
            "url": _link("requests.detail", request_id=request.id)}


def win_data(win: Win) -> dict:
    return {"id": win.id, "account": win.account, "market": win.market,
            "markets": [win.market] if win.market else [],
            "amount": str(win.amount), "closed_on": win.closed_on.isoformat(),
            "asset_ids": [asset.id for asset in win.assets]}


def feedback_data(feedback: Feedback) -> dict:
    return {"id": feedback.id, "asset_id": feedback.asset_id, "helpful": feedback.helpful,
            "comment": feedback.comment or "", "markets": [],
            "asset_url": _link("assets.detail", asset_id=feedback.asset_id)}


def share_opened_data(visit: ShareVisit) -> dict:
    """Which share was opened and when; nothing of the buyer (not even a gated email)."""
    share = db.session.get(Share, visit.share_id)  # the beacon loaded it: no query
    return {"share_id": share.id, "account": share.account, "markets": [],
            "first_open": not share.views, "opened_at": visit.started_at.isoformat(),
            "url": _link("shares.detail", share_id=share.id)}


def news_data(item: NewsItem) -> dict:
    return {"id": item.id, "title": item.title, "url": item.url, "markets": item.markets,
            "talking_points": item.talking_points or "",
            "hub_url": _link("news.item", item_id=item.id)}


# ---------------------------------------------------------------- the outbox


def body_for(uid: str, name: str, data: dict, at) -> str:
    """A delivery's JSON: its id, the event, when it happened and the event's data."""
    return json.dumps({"id": uid, "event": name, "created_at": at.isoformat(), "data": data},
                      ensure_ascii=False, separators=(",", ":"), default=str)


def _receivers(endpoints, name: str, data: dict) -> list[tuple[int | None, str, str]]:
    """(endpoint id or None for SLACK_WEBHOOK_URL, format, body) of each receiver of `name`."""
    found: list[tuple[int | None, str, str]] = []
    slack_body = None
    if name in SLACK_EVENTS:
        messages = [m for m in (build(name, data) for build in _slack_messages) if m]
        slack_body = json.dumps(messages[0], ensure_ascii=False) if messages else None
    for endpoint in endpoints:
        if name not in (endpoint.events or []):
            continue
        if endpoint.format == "slack":
            if slack_body and (not endpoint.market or endpoint.market in data.get("markets", [])):
                found.append((endpoint.id, "slack", slack_body))
        elif name in EVENTS:
            found.append((endpoint.id, "hub", ""))
    if slack_body and current_app.config.get("SLACK_WEBHOOK_URL"):
        found.append((None, "slack", slack_body))
    return found


@event.listens_for(Session, "after_flush")
def _record_events(session: Session, _flush_context) -> None:
    if not has_app_context():
        return
    happened = _events(session)
    if not happened:
        return
    connection = session.connection()
    endpoints = connection.execute(  # once per flush, however many events it holds
        select(WebhookEndpoint.id, WebhookEndpoint.format, WebhookEndpoint.events,
               WebhookEndpoint.market).where(WebhookEndpoint.active.is_(True))).all()
    if not endpoints and not current_app.config.get("SLACK_WEBHOOK_URL"):
        return  # nobody listens: describe nothing (that may load rows)
    now = utcnow()
    rows = []
    for name, describe, obj in happened:
        data = describe(obj)
        for endpoint_id, _format, slack_body in _receivers(endpoints, name, data):
            uid = str(uuid.uuid4())
            rows.append({"endpoint_id": endpoint_id, "uid": uid, "event": name,
                         "body": slack_body or body_for(uid, name, data, now),
                         "state": "pending", "attempts": 0, "next_attempt_at": now,
                         "give_up_at": now + retry_window(), "created_at": now})
    if rows:
        connection.execute(insert(WebhookDelivery), rows)
        session.info[PENDING_FLAG] = True
