"""Webhook signing secrets: made, kept encrypted, and used to sign what is sent.

A secret must be read back to sign every delivery, so unlike an API token it can't be stored as a
hash. It is kept encrypted (Fernet) under a key derived from SECRET_KEY: a database dump alone
does not give the secrets away. Changing SECRET_KEY makes stored secrets unreadable; receivers
then need new ones (the endpoint's page can make one).

The signature: `X-Hub-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, keyed with
the secret; the time is inside what is signed, so a receiver can refuse old replays.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

SECRET_PREFIX = "whsec_"  # noqa: S105  # nosec B105 - a label, not a secret


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def _fernet() -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"enablement-hub webhook secrets").derive(
        current_app.config["SECRET_KEY"].encode())
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(ciphertext: str) -> str | None:
    """The secret, or None when it was encrypted under another SECRET_KEY."""
    try:
        return _fernet().decrypt(ciphertext.encode()).decode()
    except (InvalidToken, ValueError):
        return None


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The X-Hub-Signature header's value for `body` sent at `timestamp`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, now: int, tolerance: int = 300) -> bool:
    """What a receiver does: the time is recent and one v1 signature matches (constant time)."""
    parts = [part.partition("=") for part in header.split(",")]
    stamps = [value for name, _, value in parts if name.strip() == "t"]
    if len(stamps) != 1 or not stamps[0].isdigit() or abs(now - int(stamps[0])) > tolerance:
        return False
    expected = signature(secret, int(stamps[0]), body).rpartition("v1=")[2]
    return any(hmac.compare_digest(expected, value.strip())
               for name, _, value in parts if name.strip() == "v1")
