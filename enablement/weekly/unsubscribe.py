"""The signed link in every weekly email that turns it off in one click, without signing in.

Mail clients (RFC 8058) and people on their phone follow it without a session, so the link itself
is the authority: it names the person and a fingerprint of their email address, signed with the
app's secret key, and it expires after WEEKLY_EMAIL_LINK_DAYS (the settings page still works).
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from enablement.extensions import db
from enablement.models import User

SALT = "weekly-email-unsubscribe"
DAY = 24 * 3600


class LinkError(Exception):
    """The link can't be used: what to tell the person who followed it."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=SALT)


def _fingerprint(user: User) -> str:
    """Binds the link to the address it was sent to, not only to a row id that may be reused."""
    return hashlib.sha256(user.email.lower().encode()).hexdigest()[:16]


def token_for(user: User) -> str:
    return _serializer().dumps([user.id, _fingerprint(user)])


def user_for_token(token: str) -> User:
    """The person a link unsubscribes; LinkError when it is forged, damaged or too old."""
    max_age = int(current_app.config["WEEKLY_EMAIL_LINK_DAYS"]) * DAY
    try:
        user_id, fingerprint = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise LinkError("This unsubscribe link has expired. Sign in and turn the weekly email "
                        "off in your notification settings.") from error
    except (BadSignature, TypeError, ValueError) as error:
        raise LinkError("This unsubscribe link isn't valid. Copy the whole link from the email, "
                        "or sign in and turn the weekly email off in your notification "
                        "settings.") from error
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or fingerprint != _fingerprint(user):
        raise LinkError("This unsubscribe link belongs to an account that no longer exists.")
    return user
