"""The buyer's own cookie: a random visitor id, and which gates of the share they passed.

One signed cookie per share, scoped to that share's path (`/s/<token>`), so it never reaches
the hub and a browser that opened two shares keeps them apart. It is not the hub's session:
buyer pages never create or read one. No fingerprinting: the random id is all that tells two
visitors apart, and only its hash is stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import asdict, dataclass, replace
from datetime import timedelta

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeSerializer

from enablement.models import Share, utcnow

COOKIE = "hub_share"
MAX_AGE = timedelta(days=365)


@dataclass(frozen=True)
class Pass:
    visitor: str  # random, 128 bits
    form_key: str  # echoed by the gate forms (double-submit: they can't be posted from elsewhere)
    passcode: str = ""  # fingerprint of the passcode accepted
    email: str = ""  # what the buyer typed at the email gate


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="share-visitor")


def fresh() -> Pass:
    return Pass(visitor=secrets.token_hex(16), form_key=secrets.token_urlsafe(16))


def read() -> tuple[Pass, bool]:
    """This browser's pass for the share, and whether it already had one."""
    raw = request.cookies.get(COOKIE, "")
    if raw:
        try:
            data = _serializer().loads(raw)
            return Pass(**{k: str(data[k]) for k in ("visitor", "form_key", "passcode", "email")}
                        ), True
        except (BadSignature, KeyError, TypeError):
            pass
    return fresh(), False


def write(response, share: Share, token: str, visitor_pass: Pass):
    max_age = min(MAX_AGE, max(share.expires_at - utcnow(), timedelta(0)))
    response.set_cookie(
        COOKIE, _serializer().dumps(asdict(visitor_pass)), max_age=int(max_age.total_seconds()),
        path=f"/s/{token}", httponly=True, samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def cookie_hash(visitor_pass: Pass) -> str:
    return hashlib.sha256(visitor_pass.visitor.encode()).hexdigest()


def passcode_fingerprint(share: Share) -> str:
    # Changes with the passcode, so a new passcode asks everyone again.
    return hashlib.sha256((share.passcode_hash or "").encode()).hexdigest()[:16]


def passcode_ok(share: Share, visitor_pass: Pass) -> bool:
    return not share.passcode_hash or hmac.compare_digest(visitor_pass.passcode,
                                                          passcode_fingerprint(share))


def email_ok(share: Share, visitor_pass: Pass) -> bool:
    return not share.require_email or bool(visitor_pass.email)


def admitted(share: Share, visitor_pass: Pass) -> bool:
    return passcode_ok(share, visitor_pass) and email_ok(share, visitor_pass)


def with_passcode(share: Share, visitor_pass: Pass) -> Pass:
    return replace(visitor_pass, passcode=passcode_fingerprint(share))


def with_email(visitor_pass: Pass, email: str) -> Pass:
    return replace(visitor_pass, email=email)


def form_key_ok(visitor_pass: Pass, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(visitor_pass.form_key, sent or "")
