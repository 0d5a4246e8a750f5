"""Secrets shown once (a generated password, a new API token) without putting them in the cookie.

Flask's session cookie is signed, not encrypted: a message flashed into it can be read by anyone
who sees the cookie (a proxy's log, a shared computer, a browser extension), long after the page
was shown. The secret waits in the database instead, encrypted with a key that only the creating
browser's session holds (so neither the cookie nor a database backup gives it away alone), and
the next page that shows it deletes it. Unshown secrets are dropped after SHOWN_ONCE_MINUTES.
"""

from __future__ import annotations

from datetime import timedelta

from cryptography.fernet import Fernet, InvalidToken
from flask import current_app, session
from sqlalchemy import delete

from enablement.extensions import db
from enablement.models import ShownOnceSecret, User, utcnow

SESSION_KEY = "_shown_once"


def keep(viewer: User, label: str, secret: str) -> None:
    """Hold `secret` for the next page `viewer` opens in this browser."""
    _forget_stale()
    key = Fernet.generate_key()
    row = ShownOnceSecret(viewer_id=viewer.id, label=label[:300],
                          ciphertext=Fernet(key).encrypt(secret.encode()).decode())
    db.session.add(row)
    db.session.flush()
    session[SESSION_KEY] = f"{row.id}:{key.decode()}"


def take(viewer: User) -> tuple[str, str] | None:
    """The (label, secret) waiting for this browser, deleted as it is read; None if none."""
    reference = session.pop(SESSION_KEY, None)
    _forget_stale()
    row_id, _, key = (reference or "").partition(":")
    row = db.session.get(ShownOnceSecret, int(row_id)) if row_id.isdigit() else None
    if row is None or row.viewer_id != viewer.id:
        return None
    db.session.delete(row)
    try:
        secret = Fernet(key.encode()).decrypt(row.ciphertext.encode()).decode()
    except (InvalidToken, ValueError):
        return None
    return row.label, secret


def _forget_stale() -> None:
    cutoff = utcnow() - timedelta(minutes=current_app.config["SHOWN_ONCE_MINUTES"])
    db.session.execute(delete(ShownOnceSecret).where(ShownOnceSecret.created_at < cutoff))
