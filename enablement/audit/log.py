"""Write the audit log: `record(action, actor, target)` from wherever something security-relevant
happens, inside that change's transaction (so an event is kept exactly when its change is).

What is kept: who (their email then, not just an id that may later point nowhere), what (a dotted
action name from ACTIONS), which object, when, and from where, as a network rather than an
address (an IPv4 /24, an IPv6 /48: enough to tell the office from abroad, not to find a person).
Never a secret: callers pass objects and short facts, and `details` refuses keys that name one.
"""

from __future__ import annotations

import ipaddress
from datetime import timedelta

from flask import has_request_context, request
from sqlalchemy import delete

from enablement.extensions import db
from enablement.models import ApiToken, Asset, AuditEvent, ScimToken, User, utcnow

ACTIONS = {
    "auth.login": "Signed in",
    "auth.login_failed": "Sign-in refused",
    "auth.logout": "Signed out",
    "auth.lock_cleared": "Sign-in lock cleared",
    "user.created": "User created",
    "user.updated": "User's name or email changed",
    "user.role_changed": "Role changed",
    "user.deactivated": "User deactivated",
    "user.reactivated": "User reactivated",
    "user.deleted": "User deleted",
    "user.password_changed": "Password changed",
    "user.sessions_ended": "Signed out everywhere",
    "user.linked": "Account linked to single sign-on",
    "token.created": "API token created",
    "token.revoked": "API token revoked",
    "scim_token.created": "SCIM token created",
    "scim_token.revoked": "SCIM token revoked",
    "asset.published": "Asset published",
    "asset.unpublished": "Asset returned to draft",
    "asset.archived": "Asset archived",
    "asset.deleted": "Asset deleted",
    "settings.changed": "Setting changed",
}
SECRET_WORDS = ("password", "secret", "token", "code", "key")
MAX_DETAIL = 300


def network_of(address: str | None) -> str | None:
    """The network an address belongs to, as an audit log keeps it: IPv4 /24, IPv6 /48."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def describe(thing) -> tuple[str, str, int | None]:
    """(type, label, id) of an audit event's target."""
    if thing is None:
        return "", "", None
    if isinstance(thing, User):
        return "user", thing.email, thing.id
    if isinstance(thing, Asset):
        return "asset", thing.title or f"asset {thing.id}", thing.id
    if isinstance(thing, ApiToken):
        return "api_token", f"{thing.name or 'API token'} of {thing.user.email}", thing.id
    if isinstance(thing, ScimToken):
        return "scim_token", thing.name or "SCIM token", thing.id
    return "", str(thing), None


def actor_label(actor) -> str:
    if isinstance(actor, User):
        return actor.email
    if isinstance(actor, ScimToken):
        return f"scim:{actor.name or actor.id}"
    return str(actor) if actor else ("web" if has_request_context() else "cli")


def _safe_details(details: dict | None) -> dict:
    safe = {}
    for key, value in (details or {}).items():
        if any(word in key.lower() for word in SECRET_WORDS):
            raise ValueError(f"audit details never carry secrets ({key!r})")
        safe[key[:40]] = value if isinstance(value, bool | int | None) else str(value)[:MAX_DETAIL]
    return safe


def record(action: str, actor=None, target=None, *, details: dict | None = None) -> AuditEvent:
    """Add one event to the audit log in the current transaction (flushed, never committed).

    `actor` is a User, a ScimToken, or a short label (the email typed into a failed sign-in);
    `target` a User, Asset, ApiToken or ScimToken (or a label)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}: add it to ACTIONS")
    target_type, target_label, target_id = describe(target)
    ip = network_of(request.remote_addr) if has_request_context() else None
    event = AuditEvent(
        action=action, actor=actor_label(actor)[:254],
        actor_id=actor.id if isinstance(actor, User) else None,
        target=target_label[:300], target_type=target_type, target_id=target_id, ip=ip,
        details=_safe_details(details),
    )
    db.session.add(event)
    db.session.flush()
    return event


def prune(retention_days: int) -> int:
    """Drop events older than the retention period; returns how many went."""
    if retention_days <= 0:
        return 0  # 0 keeps everything
    cutoff = utcnow() - timedelta(days=retention_days)
    result = db.session.execute(delete(AuditEvent).where(AuditEvent.at < cutoff))
    return result.rowcount or 0
