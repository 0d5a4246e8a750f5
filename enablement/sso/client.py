"""The hub as an OpenID Connect client, through Authlib: discovery, the authorization code flow
with PKCE, state and nonce, and the ID token's checks (signature against the provider's JWKS,
fetched again when a token names a key it hasn't seen, so key rotation just works; iss, aud,
exp, iat with OIDC_CLOCK_SKEW, nonce).

State, nonce and PKCE verifier wait in the database (SsoStateCache), keyed by a state that the
browser's session must also hold: an answer from the provider is used once, by the browser that
asked for it, on whichever host it lands.
"""

from __future__ import annotations

import secrets
import time
from datetime import timedelta

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from sqlalchemy import delete, select

from enablement.extensions import db
from enablement.models import SsoState, utcnow

NAME = "oidc"
STATE_MINUTES = 10
MAX_TOKEN_AGE = 600  # seconds: an ID token issued longer ago than this is not a fresh sign-in


class SsoStateCache:
    """Authlib's cache interface over the sso_state table; `get` takes the entry (single use)."""

    def get(self, key: str):
        row = db.session.scalar(select(SsoState).where(SsoState.key == key[:200]))
        if row is None or row.expires_at < utcnow():
            return None
        taken = db.session.execute(delete(SsoState).where(SsoState.id == row.id))
        return row.value if taken.rowcount == 1 else None  # another request took it first

    def set(self, key: str, value: str, expires_in: int | None = None) -> None:
        db.session.execute(delete(SsoState).where(SsoState.expires_at < utcnow()))
        minutes = min(STATE_MINUTES, (expires_in or 600) / 60)
        db.session.add(SsoState(key=key[:200], value=value,
                                expires_at=utcnow() + timedelta(minutes=minutes)))
        db.session.flush()

    def delete(self, key: str) -> None:
        """Nothing: `get` already took the entry. Authlib also calls this for an answer whose
        state the browser's session doesn't hold, which must not spoil the real browser's."""


def is_configured(config) -> bool:
    return bool(config.get("OIDC_ISSUER") and config.get("OIDC_CLIENT_ID"))


def issuer(config) -> str:
    return config["OIDC_ISSUER"].strip().rstrip("/")


def provider(app: Flask | None = None):
    """The app's registered OpenID provider (made on first use: no network in create_app)."""
    app = app or current_app._get_current_object()
    client = app.extensions.get("hub_oidc")
    if client is None:
        config = app.config
        oauth = OAuth(app, cache=SsoStateCache())
        client = oauth.register(
            NAME,
            server_metadata_url=f"{issuer(config)}/.well-known/openid-configuration",
            client_id=config["OIDC_CLIENT_ID"],
            client_secret=config["OIDC_CLIENT_SECRET"] or None,
            client_kwargs={"scope": config["OIDC_SCOPES"], "code_challenge_method": "S256",
                           "timeout": 10},
        )
        app.extensions["hub_oidc"] = client
    return client


def metadata(app: Flask | None = None) -> dict:
    """The provider's discovery document, checked to be the configured issuer's own."""
    client = provider(app)
    document = client.load_server_metadata()
    expected = issuer((app or current_app).config)
    if str(document.get("issuer", "")).rstrip("/") != expected:
        client.server_metadata = {}  # look again next time: it may have been a bad answer
        raise ValueError(f"the discovery document names issuer {document.get('issuer')!r}, "
                         f"not OIDC_ISSUER {expected!r}")
    return document


def claims_options(config) -> dict:
    """What the ID token must say, beyond its signature and times: issued by our issuer, to us.
    (Authlib on its own checks `aud` only through `azp`; a token for several audiences that
    didn't include us would pass.)"""
    return {"iss": {"essential": True, "values": [metadata()["issuer"]]},
            "aud": {"essential": True, "values": [config["OIDC_CLIENT_ID"]]}}


def check_times(claims, skew: int) -> None:
    """iat not in the future and recent (Authlib checks exp and nbf)."""
    issued = claims.get("iat")
    now = time.time()
    if not isinstance(issued, int | float) or issued > now + skew or \
            issued < now - MAX_TOKEN_AGE - skew:
        raise ValueError("the ID token's iat is in the future or too old")


ID_TOKEN_DAYS = 30  # kept for RP-initiated logout; a session older than this signs out locally


def keep_id_token(id_token: str) -> str:
    """Keep the ID token for the provider's sign-out (its id_token_hint) in the database and
    return the reference the session holds: with a long groups claim a token outgrows a cookie."""
    reference = secrets.token_urlsafe(24)
    db.session.add(SsoState(key=f"id_token:{reference}", value=id_token,
                            expires_at=utcnow() + timedelta(days=ID_TOKEN_DAYS)))
    return reference


def take_id_token(reference: str) -> str | None:
    return SsoStateCache().get(f"id_token:{reference}")


def end_session_url(id_token: str, post_logout_redirect_uri: str) -> str | None:
    """Where to send the browser to end the provider's session too, if the provider says."""
    document = metadata()
    if not document.get("end_session_endpoint"):
        return None
    return provider().create_logout_url(post_logout_redirect_uri=post_logout_redirect_uri,
                                        id_token_hint=id_token)["url"]
