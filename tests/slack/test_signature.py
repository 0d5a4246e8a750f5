"""The hub's check of Slack's signatures agrees with slack-sdk's SignatureVerifier on every case,
and a request that fails it is refused before anything is done."""

from __future__ import annotations

import hashlib
import hmac
import random
import time

import pytest
from slack_sdk.signature import Clock, SignatureVerifier

from enablement.slack.signature import verify
from tests.slack.conftest import SIGNING_SECRET, signed_headers

NOW = 1_800_000_000


class FixedClock(Clock):
    def now(self) -> float:
        return NOW


def _cases():
    sdk = SignatureVerifier(SIGNING_SECRET)
    body = b"token=x&team_id=T1&user_id=U1&command=%2Fhub&text=cold+storage"
    good = sdk.generate_signature(timestamp=str(NOW), body=body)
    cases = [
        (str(NOW), body, good),
        (str(NOW), body + b"&text=tampered", good),
        (str(NOW), body, good.upper()),
        (str(NOW), body, good[:-1] + ("0" if good[-1] != "0" else "1")),
        (str(NOW), body, "v1=" + good[3:]),
        (str(NOW), body, ""),
        (str(NOW), body, None),
        (None, body, good),
        ("", body, good),
        ("not-a-number", body, good),
        (str(NOW), body, "v0=" + "é" * 64),
    ]
    for offset in (-301, -300, -299, -1, 1, 299, 300, 301, 86400, -86400):
        stamp = str(NOW + offset)
        cases.append((stamp, body, sdk.generate_signature(timestamp=stamp, body=body)))
    other = SignatureVerifier("another secret").generate_signature(timestamp=str(NOW), body=body)
    cases.append((str(NOW), body, other))
    rng = random.Random(14)
    for _ in range(200):
        # Slack's bodies are UTF-8 text (slack-sdk decodes them so): any characters, any length.
        noise = "".join(chr(rng.choice([rng.randrange(32, 127), rng.randrange(160, 0x2FFF)]))
                        for _ in range(rng.randrange(0, 300))).encode()
        stamp = str(NOW + rng.randrange(-400, 400))
        signature = sdk.generate_signature(timestamp=stamp, body=noise)
        if rng.random() < 0.3:
            noise += b"x"
        cases.append((stamp, noise, signature))
    return cases


def _sdk_accepts(sdk, stamp, body, signature) -> bool:
    """slack-sdk's answer; it raises on a malformed timestamp or a non-ASCII signature, which
    the hub refuses with a 401, so a raise counts as a refusal."""
    try:
        return sdk.is_valid(body, stamp, signature)
    except (ValueError, TypeError):
        return False


def test_agrees_with_slack_sdk_on_every_case():
    sdk = SignatureVerifier(SIGNING_SECRET, clock=FixedClock())
    cases = _cases()
    ours = [verify(SIGNING_SECRET, stamp, body, signature, now=NOW)
            for stamp, body, signature in cases]
    theirs = [_sdk_accepts(sdk, stamp, body, signature) for stamp, body, signature in cases]
    assert ours == theirs
    assert 50 < sum(ours) < len(ours)  # both kinds of answer were really compared


def test_no_secret_configured_accepts_nothing():
    """slack-sdk refuses to be made without a secret; the hub, unconfigured, accepts nothing
    (not even a request signed with the empty key)."""
    body = b"text=x"
    mac = hmac.new(b"", b"v0:%d:" % NOW + body, hashlib.sha256).hexdigest()
    assert not verify("", str(NOW), body, f"v0={mac}", now=NOW)


@pytest.mark.parametrize("path", ["/slack/commands", "/slack/events"])
def test_unsigned_forged_and_replayed_requests_are_refused(app, client, fake_slack, path):
    body = b'{"type": "url_verification", "challenge": "abc"}' if path.endswith("events") \
        else b"team_id=T1&user_id=U1&text=cold+storage&response_url=x"
    kind = "application/json" if path.endswith("events") else \
        "application/x-www-form-urlencoded"
    attempts = [
        {},
        signed_headers(body, secret="a guessed secret"),
        signed_headers(body, timestamp=int(time.time()) - 600),  # a replay ten minutes later
        signed_headers(body + b" "),
    ]
    for headers in attempts:
        with client.post(path, data=body, headers={**headers, "Content-Type": kind}) as response:
            assert response.status_code == 401
            assert response.json["error"]["code"] == "invalid_signature"
    assert fake_slack.calls == [] and fake_slack.responses == []
