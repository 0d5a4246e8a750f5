"""Admins register a receiver on its page, see the secret once, ping it, see what was sent with
each try, redeliver, switch it back on and delete it."""

from __future__ import annotations

import json

from cryptography.fernet import Fernet
from sqlalchemy import select

from enablement.extensions import db
from enablement.models import WebhookDelivery, WebhookEndpoint
from enablement.webhooks import keys


def _add(client, url: str, events=("asset.published", "win.recorded"), **extra):
    return client.post("/admin/webhooks/new", data={
        "url": url, "description": "CRM", "format": "hub", "events": list(events), **extra})


def test_an_admin_registers_a_receiver_and_sees_its_secret_once(app, client, login_as,
                                                                 receiver):
    login_as("admin")
    hub = receiver()
    response = _add(client, hub.url)
    assert response.status_code == 302
    endpoint = db.session.scalars(select(WebhookEndpoint)).one()
    assert endpoint.events == ["asset.published", "win.recorded"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    secret = keys.decrypt(endpoint.secret_ciphertext)
    assert secret.startswith("whsec_") and secret in page
    assert secret not in endpoint.secret_ciphertext  # stored encrypted
    assert secret not in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_ping_from_the_page_reaches_the_receiver_and_is_listed(app, client, login_as,
                                                                 receiver):
    login_as("admin")
    hub = receiver()
    location = _add(client, hub.url).headers["Location"]
    with client.post(f"{location}/ping") as response:
        assert response.status_code == 302
    [got] = hub.received
    assert got.headers["X-Hub-Event"] == "ping"
    page = client.get(location).get_data(as_text=True)
    assert "ping" in page and "delivered" in page and "HTTP 200" in page and "thanks" in page


def test_a_failed_delivery_is_redelivered_with_the_same_id(app, client, login_as, receiver):
    login_as("admin")
    hub = receiver(fail_first=1)
    location = _add(client, hub.url).headers["Location"]
    with client.post(f"{location}/ping"):
        pass
    delivery = db.session.scalars(select(WebhookDelivery)).one()
    delivery.state = "failed"  # as if its day ran out
    db.session.commit()
    with client.post(f"{location}/deliveries/{delivery.id}/redeliver") as response:
        assert response.status_code == 302
    first, again = hub.received
    assert first.headers["X-Hub-Delivery"] == again.headers["X-Hub-Delivery"] == delivery.uid
    assert json.loads(first.body) == json.loads(again.body)
    db.session.refresh(delivery)
    assert delivery.state == "delivered" and delivery.attempts == 2


def test_bad_input_is_shown_beside_its_field_and_kept(app, client, login_as):
    login_as("admin")
    response = _add(client, "ftp://example.com/hook", events=[])
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Use an http or https address with a host." in page
    assert "Pick at least one event" in page
    assert "ftp://example.com/hook" in page
    assert db.session.scalars(select(WebhookEndpoint)).all() == []


def test_a_private_receiver_is_refused_unless_allowed(app, client, login_as):
    app.config["WEBHOOKS_ALLOW_PRIVATE_NETWORKS"] = False
    login_as("admin")
    for url in ("http://127.0.0.1:9/hook", "http://[::ffff:10.0.0.1]/hook",
                "http://169.254.169.254/latest"):
        response = _add(client, url)
        assert response.status_code == 422, url
        assert "WEBHOOKS_ALLOW_PRIVATE_NETWORKS=1" in response.get_data(as_text=True)


def test_a_switched_off_receiver_is_switched_back_on(app, client, login_as, receiver):
    login_as("admin")
    location = _add(client, receiver().url).headers["Location"]
    endpoint = db.session.scalars(select(WebhookEndpoint)).one()
    endpoint.active, endpoint.failure_streak = False, 13
    endpoint.disabled_reason = "Switched off: 13 tries in a row failed."
    db.session.commit()
    assert "13 tries in a row failed" in client.get(location).get_data(as_text=True)
    response = client.post(location, data={"url": endpoint.url, "format": "hub",
                                           "events": ["win.recorded"], "active": "y"})
    assert response.status_code == 302
    db.session.refresh(endpoint)
    assert endpoint.active and endpoint.failure_streak == 0 and endpoint.disabled_reason is None
    assert endpoint.events == ["win.recorded"]


def test_delete_removes_the_receiver_and_its_deliveries(app, client, login_as, receiver):
    login_as("admin")
    location = _add(client, receiver().url).headers["Location"]
    with client.post(f"{location}/ping"):
        pass
    assert client.post(f"{location}/delete").status_code == 302
    assert db.session.scalars(select(WebhookEndpoint)).all() == []
    assert db.session.scalars(select(WebhookDelivery)).all() == []


def test_the_pages_are_for_admins_only(app, client, login_as):
    login_as("marketing")
    assert client.get("/admin/webhooks/").status_code == 403
    assert client.post("/admin/webhooks/new", data={}).status_code == 403


def test_a_new_secret_replaces_the_old_one_and_is_shown_once(app, client, login_as, receiver):
    login_as("admin")
    location = _add(client, receiver().url).headers["Location"]
    endpoint = db.session.scalars(select(WebhookEndpoint)).one()
    old = keys.decrypt(endpoint.secret_ciphertext)
    response = client.post(f"{location}/secret")
    assert response.status_code == 302
    db.session.refresh(endpoint)
    new = keys.decrypt(endpoint.secret_ciphertext)
    assert new != old
    page = client.get(location)
    assert new in page.get_data(as_text=True) and page.headers["Cache-Control"] == "no-store"
    assert new not in client.get(location).get_data(as_text=True)


def test_a_secret_key_change_is_reported_not_sent_unsigned(app, client, login_as, receiver):
    login_as("admin")
    hub = receiver()
    location = _add(client, hub.url).headers["Location"]
    endpoint = db.session.scalars(select(WebhookEndpoint)).one()
    # As if stored under another SECRET_KEY (changing the app's own would sign us out here).
    endpoint.secret_ciphertext = Fernet(Fernet.generate_key()).encrypt(b"whsec_x").decode()
    db.session.commit()
    with client.post(f"{location}/ping"):
        pass
    assert hub.received == []
    delivery = db.session.scalars(select(WebhookDelivery)).one()
    db.session.refresh(delivery)
    assert "SECRET_KEY changed" in delivery.last_error
