"""The identity provider's bearer tokens for /scim/v2: made by an admin, kept as a SHA-256."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select

from enablement.audit.log import record
from enablement.extensions import db
from enablement.models import ScimToken, utcnow

TOKEN_PREFIX = "ehscim_"  # noqa: S105  # nosec B105 - marks SCIM tokens; not a secret
NAME_MAX = 80
# Marking a token used on every request would write on every read; once a minute says enough.
TOUCH_EVERY = timedelta(minutes=1)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(name: str, actor=None) -> tuple[ScimToken, str]:
    """A new token; the secret is returned once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ScimToken(name=(name or "SCIM").strip()[:NAME_MAX], token_hash=_hash(secret))
    db.session.add(token)
    db.session.flush()
    record("scim_token.created", actor, token)
    return token, secret


def revoke_token(token: ScimToken, actor=None) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record("scim_token.revoked", actor, token)


def all_tokens() -> list[ScimToken]:
    return list(db.session.scalars(select(ScimToken).order_by(ScimToken.id)))


def token_for(secret: str) -> ScimToken | None:
    """The live token with this secret, or None; notes when it was last used."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(select(ScimToken).where(ScimToken.token_hash == _hash(secret),
                                                      ScimToken.revoked_at.is_(None)))
    if token is not None and (token.last_used_at is None
                              or utcnow() - token.last_used_at > TOUCH_EVERY):
        token.last_used_at = utcnow()
        db.session.flush()
    return token
