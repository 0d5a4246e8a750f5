"""Deliveries reach a real receiver on 127.0.0.1: signed, retried on a schedule, logged, and a
receiver that fails for a whole day is switched off with a notice to admins."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select

from enablement.assets import services as asset_services
from enablement.extensions import db
from enablement.models import AssetStatus, Notification, WebhookDelivery
from enablement.webhooks import keys
from enablement.webhooks.delivery import deliver_due


def receiver_accepts(secret: str, headers: dict, body: bytes, tolerance: int = 300) -> bool:
    """What a receiver's own code does (the README's recipe), written apart from the hub's."""
    fields = dict(part.split("=", 1) for part in headers["X-Hub-Signature"].split(","))
    if abs(time.time() - int(fields["t"])) > tolerance:
        return False
    expected = hmac.new(secret.encode(), fields["t"].encode() + b"." + body,
                        hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["v1"])


def _deliveries():
    db.session.expire_all()
    return list(db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def test_a_published_asset_reaches_the_receiver_signed(app, receiver, register, create_asset):
    hub = receiver()
    endpoint, secret = register(hub.url)
    asset = create_asset()
    assert deliver_due() == 1
    [got] = hub.received
    body = json.loads(got.body)
    assert got.headers["X-Hub-Event"] == "asset.published"
    assert got.headers["X-Hub-Delivery"] == body["id"]
    assert body["event"] == "asset.published" and body["created_at"]
    assert body["data"]["id"] == asset.id and body["data"]["title"] == asset.title
    assert body["data"]["url"].endswith(f"/assets/{asset.id}")
    assert receiver_accepts(secret, got.headers, got.body)
    assert keys.verify(secret, got.headers["X-Hub-Signature"], got.body, int(time.time()))
    assert not receiver_accepts("whsec_other", got.headers, got.body)
    assert not receiver_accepts(secret, got.headers, got.body + b" ")
    [delivery] = _deliveries()
    assert delivery.state == "delivered" and delivery.attempts == 1
    [attempt] = delivery.tries
    assert attempt.status == 200 and attempt.response_excerpt == "thanks"
    assert attempt.duration_ms >= 0 and attempt.error is None
    assert deliver_due() == 0  # nothing is sent twice


def test_the_readme_recipe_accepts_a_real_delivery(app, receiver, register, create_asset):
    readme = (Path(__file__).parents[2] / "README.md").read_text()
    recipe = readme.split("## Webhooks", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    namespace: dict = {}
    exec(recipe, namespace)  # noqa: S102 - the README's own code, run as a reader would
    from_the_hub = namespace["from_the_hub"]
    hub = receiver()
    _, secret = register(hub.url)
    create_asset()
    deliver_due()
    [got] = hub.received
    assert from_the_hub(secret, got.headers["X-Hub-Signature"], got.body)
    assert not from_the_hub(secret, got.headers["X-Hub-Signature"], got.body.replace(b"}", b" }"))


def test_an_old_signature_is_refused_by_a_careful_receiver(app):
    body = b'{"id":"x"}'
    old = keys.signature("whsec_s", int(time.time()) - 600, body)
    assert not keys.verify("whsec_s", old, body, int(time.time()))
    assert keys.verify("whsec_s", keys.signature("whsec_s", int(time.time()), body), body,
                       int(time.time()))


def test_nothing_is_queued_by_a_change_rolled_back(app, receiver, register, create_user):
    endpoint, _ = register(receiver().url)
    owner = create_user("marketing")
    asset = asset_services.create_asset(owner, "sales_aid", {
        "title": "Battle card", "summary": "Versus the rival.", "markets": ["construction"],
        "aid_type": "battle_card"})
    asset_services.change_status(owner, asset, AssetStatus.PUBLISHED)
    db.session.rollback()
    assert _deliveries() == []


def test_the_retry_schedule_with_a_receiver_failing_three_times(app, receiver, register,
                                                                create_asset, capsys):
    hub = receiver(fail_first=3)
    register(hub.url)
    create_asset()
    [delivery] = _deliveries()
    started = delivery.created_at
    offsets = []
    while delivery.state == "pending":
        now = delivery.next_attempt_at
        offsets.append((now - started).total_seconds())
        assert deliver_due(now=now) == 1
        [delivery] = _deliveries()
    assert delivery.state == "delivered" and delivery.attempts == 4
    assert offsets == [0.0, 30.0, 90.0, 210.0]  # waits of 30 s, 1 min, 2 min
    assert len({r.headers["X-Hub-Delivery"] for r in hub.received}) == 1  # one id for all
    assert len({r.body for r in hub.received}) == 1  # and the very same body
    assert [t.status for t in delivery.tries] == [500, 500, 500, 200]
    assert delivery.tries[0].error == "answered 500"
    assert delivery.tries[0].response_excerpt == "not now"
    with capsys.disabled():
        print("\nretry schedule, receiver failing 3 times (s after the event):", offsets)


def test_a_receiver_failing_all_day_is_switched_off_and_admins_told(app, receiver, register,
                                                                    create_asset, create_user,
                                                                    capsys):
    hub = receiver(fail_first=1000, fail_status=503)
    endpoint, _ = register(hub.url)
    admin = create_user("admin")
    create_asset()
    [delivery] = _deliveries()
    started = delivery.created_at
    offsets = []
    while delivery.state == "pending":
        now = delivery.next_attempt_at
        offsets.append((now - started).total_seconds())
        deliver_due(now=now)
        [delivery] = _deliveries()
    assert delivery.state == "failed"
    assert offsets[:4] == [0.0, 30.0, 90.0, 210.0]
    assert offsets[-1] == 24 * 3600  # one last try when the day is up
    assert all(b > a for a, b in zip(offsets, offsets[1:], strict=False))
    assert len(hub.received) == len(offsets) == 13
    db.session.refresh(endpoint)
    assert endpoint.active is False and "13 tries in a row failed" in endpoint.disabled_reason
    notes = db.session.scalars(select(Notification).where(Notification.user_id == admin.id))
    assert [n.url for n in notes] == [f"/admin/webhooks/{endpoint.id}"]
    # A later event for the switched-off receiver is not sent until an admin switches it on.
    create_asset(title="Another case study")
    assert deliver_due(now=started + timedelta(days=2)) == 0
    with capsys.disabled():
        print("\nretry schedule, receiver never answering 2xx (s after the event):", offsets)


def test_private_receivers_are_refused_unless_allowed(app, receiver, register, create_asset):
    hub = receiver()
    register(hub.url)
    app.config["WEBHOOKS_ALLOW_PRIVATE_NETWORKS"] = False
    create_asset()
    deliver_due()
    [delivery] = _deliveries()
    assert hub.received == []
    assert delivery.state == "pending"
    assert delivery.last_error.startswith("refused: 127.0.0.1 resolves to 127.0.0.1")
    assert "WEBHOOKS_ALLOW_PRIVATE_NETWORKS=1" in delivery.last_error


def test_a_slow_receiver_meets_the_deadline(app, receiver, register, create_asset):
    hub = receiver(delay=3.0)
    register(hub.url)
    app.config.update(WEBHOOKS_READ_TIMEOUT=0.5, WEBHOOKS_TOTAL_TIMEOUT=1.0)
    create_asset()
    started = time.monotonic()
    deliver_due()
    assert time.monotonic() - started < 2.5
    [delivery] = _deliveries()
    assert delivery.state == "pending" and delivery.last_status is None
    assert "deadline" in delivery.last_error


def test_a_long_answer_is_not_read_past_the_cap(app, receiver, register, create_asset):
    hub = receiver(ok_body=b"x" * 200_000)
    register(hub.url)
    create_asset()
    deliver_due()
    [delivery] = _deliveries()
    assert delivery.state == "delivered"
    assert delivery.tries[0].response_excerpt == "(an answer longer than 65,536 bytes: not read)"


def test_a_redirect_is_not_followed(app, receiver, register, create_asset):
    hub = receiver(fail_first=1, fail_status=302)
    register(hub.url)
    create_asset()
    deliver_due()
    [delivery] = _deliveries()
    assert delivery.state == "pending"
    assert delivery.last_error == "answered 302: redirects are not followed"


def test_a_receiver_whose_name_turns_private_is_refused_at_send_time(app, receiver, register,
                                                                     create_asset, monkeypatch):
    """Registered while its name pointed at a public address, the receiver's name later
    resolves to a private one (DNS rebinding): the try is refused, nothing is sent there."""
    hub = receiver()
    port = hub.httpd.server_address[1]
    register(f"http://hooks.rebind.test:{port}/hooks/hub")  # allowed while registering
    app.config["WEBHOOKS_ALLOW_PRIVATE_NETWORKS"] = False
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host != "hooks.rebind.test":
            return real(host, port, *args, **kwargs)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    create_asset()
    deliver_due()
    [delivery] = _deliveries()
    assert delivery.last_error.startswith("refused: hooks.rebind.test resolves to 10.0.0.7")
    assert hub.received == []
