"""Each event a receiver subscribes to is sent after the request that caused it, from the web
process when no worker is alive; with a live worker the web process leaves sending to it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from enablement.extensions import db
from enablement.heartbeat import beat
from enablement.models import WebhookDelivery
from enablement.shares import services as shares
from enablement.webhooks.delivery import deliver_due
from enablement.webhooks.events import EVENTS, PENDING_FLAG
from tests.shares.conftest import BROWSER, beacon

ALL = [name for name in EVENTS if name != "share.opened"]  # buyers: the last test


def _call(client, method: str, url: str, **kwargs):
    """A request whose response is closed, as a real server closes it once sent: the hub sends
    deliveries after that (response.call_on_close)."""
    with client.open(url, method=method, **kwargs) as response:
        return response


def _sent(hub) -> list[tuple[str, dict]]:
    return [(r.headers["X-Hub-Event"], json.loads(r.body)["data"]) for r in hub.received]


def test_every_event_reaches_its_subscriber_from_the_web_process(
        app, client, receiver, register, login_as, create_asset, create_user):
    hub = receiver()
    register(hub.url, events=ALL)
    asset = create_asset()  # asset.published (committed outside a request: the worker's to send)
    assert deliver_due() == 1
    rep = login_as("rep")
    made = _call(client, "POST", "/api/v1/requests",
                 json={"text": "A battle card for cold storage", "market": "construction"})
    assert made.status_code == 201
    _call(client, "POST", f"/api/v1/assets/{asset.id}/feedback",
          json={"helpful": True, "comment": "Great"})
    _call(client, "POST", "/api/v1/wins", json={
        "account": "FrostLine", "market": "construction", "amount": 48000.5,
        "asset_ids": [asset.id]})
    client.post("/logout")
    login_as("marketing")
    done = _call(client, "PATCH", f"/api/v1/requests/{made.json['id']}",
                 json={"status": "done"})
    assert done.status_code == 200, done.json
    archived = _call(client, "PATCH", f"/api/v1/assets/{asset.id}", json={"status": "archived"})
    assert archived.status_code == 200
    sent = _sent(hub)
    assert sorted(name for name, _ in sent) == sorted(ALL)
    data = dict(sent)
    assert data["asset.published"]["id"] == asset.id
    assert data["asset.archived"]["status"] == "archived"
    assert data["request.created"]["text"] == "A battle card for cold storage"
    assert data["request.fulfilled"]["status"] == "done"
    assert data["win.recorded"]["account"] == "FrostLine"
    assert data["win.recorded"]["amount"] == "48000.50"
    assert data["win.recorded"]["asset_ids"] == [asset.id]
    assert data["feedback.created"] == {**data["feedback.created"], "asset_id": asset.id,
                                        "helpful": True, "comment": "Great"}
    assert rep.id  # the rep's name is in no payload: receivers get what happened, not who


def test_a_receiver_gets_only_the_events_it_picked(app, client, receiver, register, login_as):
    picky = receiver()
    register(picky.url, events=["win.recorded"])
    login_as("rep")
    _call(client, "POST", "/api/v1/requests", json={"text": "A case study"})
    assert picky.received == []
    assert db.session.scalars(select(WebhookDelivery)).all() == []


def test_with_a_live_worker_the_web_process_sends_nothing(app, client, receiver, register,
                                                          login_as):
    hub = receiver()
    register(hub.url, events=["request.created"])
    beat("worker-host:1")
    db.session.commit()
    login_as("rep")
    assert _call(client, "POST", "/api/v1/requests",
                 json={"text": "A case study"}).status_code == 201
    assert hub.received == []
    assert deliver_due() == 1  # what the worker does on its next round
    assert [name for name, _ in _sent(hub)] == ["request.created"]


@pytest.mark.parametrize("status", [500, 503])
def test_the_web_process_does_not_fail_the_request_when_the_receiver_does(
        app, client, receiver, register, login_as, status):
    hub = receiver(fail_first=1, fail_status=status)
    register(hub.url, events=["request.created"])
    login_as("rep")
    assert _call(client, "POST", "/api/v1/requests",
                 json={"text": "A case study"}).status_code == 201
    [delivery] = db.session.scalars(select(WebhookDelivery)).all()
    db.session.refresh(delivery)
    assert delivery.state == "pending" and delivery.last_status == status


def test_without_a_worker_web_requests_now_and_then_send_due_retries(app, client, receiver,
                                                                     register, create_asset):
    hub = receiver()
    register(hub.url)
    create_asset()  # committed outside a request: due, and nobody has sent it yet
    # Tests share one app context with the requests; a real request's session starts clean.
    db.session.info.pop(PENDING_FLAG, None)
    app.config["WEBHOOKS_WEB_RETRY_EVERY"] = 3600.0
    _call(client, "GET", "/login")
    assert hub.received == []  # the first look waits one period after the first request
    app.config["WEBHOOKS_WEB_RETRY_EVERY"] = 0.0
    _call(client, "GET", "/login")
    assert [r.headers["X-Hub-Event"] for r in hub.received] == ["asset.published"]


def test_a_buyers_real_open_is_sent_as_share_opened_and_a_bare_fetch_is_not(
        app, receiver, register, create_user, create_asset):
    hub = receiver()
    register(hub.url, events=["share.opened"])
    rep = create_user("rep")
    share, token = shares.create_share(rep, {"asset_ids": [create_asset().id],
                                             "account": "Harbor & Pine"})
    db.session.commit()
    buyer = app.test_client()
    buyer.environ_base["HTTP_USER_AGENT"] = BROWSER
    assert buyer.get(f"/s/{token}").status_code == 200  # a fetch alone (a mail scanner): nothing
    assert beacon(buyer, token, [{"a": share.items[0].asset_id, "p": 0, "ms": 1500}]
                  ).status_code == 204  # not yet two visible seconds: nothing
    deliver_due()
    assert hub.received == []

    beacon(buyer, token, [{"a": share.items[0].asset_id, "p": 0, "ms": 2500}], view_key="v" * 24)
    deliver_due()
    [(name, data)] = _sent(hub)
    assert name == "share.opened"
    assert data["share_id"] == share.id and data["account"] == "Harbor & Pine"
    assert data["first_open"] is True and data["url"].endswith(f"/shares/{share.id}")
    assert token not in json.dumps(data)  # the buyer's link never leaves the hub
