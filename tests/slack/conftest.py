from __future__ import annotations

import time

import pytest
from slack_sdk.signature import SignatureVerifier

from enablement.slack import people
from tests.slack.fakeslack import TOKEN, FakeSlack

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


@pytest.fixture
def fake_slack():
    fake = FakeSlack().start()
    people.forget()
    yield fake
    people.forget()
    fake.stop()


@pytest.fixture
def app_config(fake_slack) -> dict:
    return {"SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_API_URL": fake_slack.base + "/api"}


def signed_headers(body: bytes, timestamp: int | None = None, secret: str = SIGNING_SECRET,
                   **extra) -> dict:
    """Headers Slack would send, signed by slack-sdk (not by the hub's own code)."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    verifier = SignatureVerifier(secret)
    return {"X-Slack-Request-Timestamp": str(timestamp),
            "X-Slack-Signature": verifier.generate_signature(timestamp=str(timestamp), body=body),
            **extra}
