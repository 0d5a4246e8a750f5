"""Admins' receivers: register one (its secret shown once), change, switch on and off, delete,
send a test ping, see what was sent and send a delivery again. Flush, never commit."""

from __future__ import annotations

import ipaddress
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select

from enablement.errors import Forbidden, NotFound, ValidationError
from enablement.extensions import db
from enablement.markets import markets
from enablement.models import Role, User, WebhookDelivery, WebhookEndpoint, utcnow
from enablement.models.base import as_id
from enablement.outbound import address_allowed, resolve
from enablement.webhooks import keys
from enablement.webhooks.delivery import reach
from enablement.webhooks.events import (
    EVENTS,
    FORMATS,
    PENDING_FLAG,
    SLACK_EVENTS,
    body_for,
    retry_window,
)

URL_MAX = 2000
DESCRIPTION_MAX = 200
RESOLVE_TIMEOUT = 3.0


def _require_admin(actor: User) -> None:
    if not isinstance(actor, User) or not actor.has_role(Role.ADMIN):
        raise Forbidden("Only admins manage webhooks.")


def events_for(format_: str) -> dict[str, str]:
    return SLACK_EVENTS if format_ == "slack" else EVENTS


def _check_url(url, errors: dict[str, str]) -> str:
    if not isinstance(url, str) or not url.strip():
        errors["url"] = "Give the receiver's address, like https://example.com/hooks/hub."
        return ""
    url = url.strip()
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:  # not a number, or past 65535
        errors["url"] = "The port must be a number from 1 to 65535."
        return url
    if len(url) > URL_MAX:
        errors["url"] = f"At most {URL_MAX:,} characters."
    elif parts.scheme not in ("http", "https") or not parts.hostname:
        errors["url"] = "Use an http or https address with a host."
    elif parts.username or parts.password:
        errors["url"] = "Leave user names and passwords out of the address."
    elif (problem := _address_problem(parts.hostname, port)) is not None:
        errors["url"] = problem
    return url


def _address_problem(host: str, port: int | None) -> str | None:
    """Why the receiver's host may not be reached (checked again at every try), or None."""
    policy = reach()
    try:
        ipaddress.ip_address(host)
        literal = True
    except ValueError:
        literal = False
    if policy.allow_private and not literal:
        return None
    try:
        addresses = resolve(host, port or 443, RESOLVE_TIMEOUT)
    except (OSError, TimeoutError):
        return f"{host} can't be found (DNS)."
    for _, ip in addresses:
        if not address_allowed(ip, policy):
            return (f"{host} is a private, loopback or link-local address ({ip}); the hub sends "
                    "only to public ones unless WEBHOOKS_ALLOW_PRIVATE_NETWORKS=1.")
    return None


def _check_fields(fields: dict, endpoint: WebhookEndpoint | None) -> dict:
    """The values to store, or a ValidationError naming each field at fault."""
    errors: dict[str, str] = {}
    clean = {}
    format_ = fields.get("format", endpoint.format if endpoint else "hub")
    if format_ not in FORMATS:
        errors["format"] = "Use hub (signed JSON) or slack (a Slack incoming webhook)."
        format_ = "hub"
    if endpoint is None or "format" in fields:
        clean["format"] = format_
    if endpoint is None or "url" in fields:
        clean["url"] = _check_url(fields.get("url"), errors)
    if endpoint is None or "events" in fields:
        events = fields.get("events")
        allowed = events_for(format_)
        if not isinstance(events, list) or not events or \
                not all(isinstance(e, str) for e in events):
            errors["events"] = "Pick at least one event: " + ", ".join(allowed) + "."
        elif unknown := [e for e in events if e not in allowed]:
            errors["events"] = f"Unknown: {', '.join(unknown)[:200]}. Use " + \
                ", ".join(allowed) + "."
        else:
            clean["events"] = [e for e in allowed if e in events]
    if "description" in fields:
        description = fields["description"]
        if description is not None and not isinstance(description, str):
            errors["description"] = "The description must be text."
        elif len(description or "") > DESCRIPTION_MAX:
            errors["description"] = f"At most {DESCRIPTION_MAX} characters."
        else:
            clean["description"] = " ".join((description or "").split())
    if "market" in fields:
        market = fields["market"] or None
        if market is not None and (not isinstance(market, str) or market not in markets()):
            errors["market"] = "Unknown market."
        else:
            clean["market"] = market
    if "active" in fields:
        if not isinstance(fields["active"], bool):
            errors["active"] = "Use true or false."
        else:
            clean["active"] = fields["active"]
    if errors:
        raise ValidationError("The webhook needs a little more.", errors)
    return clean


def create_endpoint(actor: User, fields: dict) -> tuple[WebhookEndpoint, str]:
    """Register a receiver; returns it and its signing secret, which is shown this once."""
    _require_admin(actor)
    clean = _check_fields(fields, None)
    secret = keys.new_secret()
    endpoint = WebhookEndpoint(created_by_id=actor.id, secret_ciphertext=keys.encrypt(secret),
                               **clean)
    db.session.add(endpoint)
    db.session.flush()
    return endpoint, secret


def update_endpoint(actor: User, endpoint: WebhookEndpoint, fields: dict) -> None:
    """Change a receiver; switching it back on forgets its failures and why it was off."""
    _require_admin(actor)
    clean = _check_fields(fields, endpoint)
    if "format" in clean and "events" not in clean and clean["format"] != endpoint.format:
        raise ValidationError("Pick the events again.", {"events": "Pick events for the format."})
    if clean.get("active") and not endpoint.active:
        endpoint.failure_streak, endpoint.disabled_reason = 0, None
    for name, value in clean.items():
        setattr(endpoint, name, value)
    db.session.flush()


def new_secret(actor: User, endpoint: WebhookEndpoint) -> str:
    """Replace the signing secret; the new one is shown this once."""
    _require_admin(actor)
    secret = keys.new_secret()
    endpoint.secret_ciphertext = keys.encrypt(secret)
    db.session.flush()
    return secret


def delete_endpoint(actor: User, endpoint: WebhookEndpoint) -> None:
    _require_admin(actor)
    db.session.delete(endpoint)
    db.session.flush()


def get_endpoint(actor: User, endpoint_id) -> WebhookEndpoint:
    _require_admin(actor)
    endpoint = db.session.get(WebhookEndpoint, as_id(endpoint_id) or 0)
    if endpoint is None:
        raise NotFound("We couldn't find that webhook.")
    return endpoint


def endpoints(actor: User) -> list[WebhookEndpoint]:
    _require_admin(actor)
    return list(db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))


@dataclass(frozen=True)
class DeliveryPage:
    items: list[WebhookDelivery]
    total: int


def deliveries(actor: User, endpoint: WebhookEndpoint, limit: int = 20,
               offset: int = 0) -> DeliveryPage:
    """The receiver's deliveries, newest first."""
    _require_admin(actor)
    where = WebhookDelivery.endpoint_id == endpoint.id
    items = db.session.scalars(select(WebhookDelivery).where(where)
                               .order_by(WebhookDelivery.id.desc()).limit(limit).offset(offset))
    total = db.session.scalar(select(func.count()).select_from(WebhookDelivery).where(where))
    return DeliveryPage(list(items), total or 0)


def ping(actor: User, endpoint: WebhookEndpoint) -> WebhookDelivery:
    """Queue a `ping` to the receiver, sent like any delivery once the transaction commits."""
    _require_admin(actor)
    now = utcnow()
    uid = str(uuid.uuid4())
    if endpoint.format == "slack":
        body = '{"text":"Enablement Hub is connected to this channel."}'
    else:
        body = body_for(uid, "ping", {"endpoint_id": endpoint.id}, now)
    delivery = WebhookDelivery(endpoint_id=endpoint.id, uid=uid, event="ping", body=body,
                               next_attempt_at=now, give_up_at=now + retry_window(),
                               created_at=now)
    db.session.add(delivery)
    db.session.flush()
    from_web_after_commit()
    return delivery


def redeliver(actor: User, endpoint: WebhookEndpoint, delivery_id) -> WebhookDelivery:
    """Send a delivery again, with its id and body unchanged (receivers can tell it's a repeat);
    it is retried for another day if it fails."""
    _require_admin(actor)
    delivery = db.session.get(WebhookDelivery, as_id(delivery_id) or 0)
    if delivery is None or delivery.endpoint_id != endpoint.id:
        raise NotFound("We couldn't find that delivery.")
    now = utcnow()
    delivery.state, delivery.next_attempt_at = "pending", now
    delivery.give_up_at = now + retry_window()
    db.session.flush()
    from_web_after_commit()
    return delivery


def from_web_after_commit() -> None:
    """Let the web process send what this request queued (unless a worker is alive)."""
    db.session.info[PENDING_FLAG] = True


def retry_hours() -> float:
    return float(current_app.config["WEBHOOKS_RETRY_HOURS"])
