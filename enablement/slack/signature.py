"""Is this request really from Slack? Slack signs `v0:<timestamp>:<body>` with the app's signing
secret (HMAC-SHA256); a request more than five minutes old or new is refused, so a captured one
can't be replayed later. Compared in constant time. tests/slack checks this against slack-sdk's
own SignatureVerifier."""

from __future__ import annotations

import hashlib
import hmac
import time

WINDOW_SECONDS = 300


def verify(secret: str, timestamp: str | None, body: bytes, signature: str | None,
           now: float | None = None) -> bool:
    if not secret or not timestamp or not signature:
        return False
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        return False
    if abs((time.time() if now is None else now) - int(timestamp)) > WINDOW_SECONDS:
        return False
    mac = hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256)
    return hmac.compare_digest(f"v0={mac.hexdigest()}".encode(),
                               signature.encode("utf-8", "replace"))
