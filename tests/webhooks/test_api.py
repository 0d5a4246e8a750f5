"""Receivers through the JSON API: the secret once in the 201, fields named in 422s, deliveries
listed with their tries."""

from __future__ import annotations

from enablement.auth import services as auth_services
from enablement.extensions import db


def _bearer(user) -> dict:
    token = auth_services.create_token(user, "automation")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_register_list_ping_and_read_deliveries(app, client, create_user, receiver):
    headers = _bearer(create_user("admin"))
    hub = receiver()
    created = client.post("/api/v1/webhooks", headers=headers,
                          json={"url": hub.url, "events": ["asset.published"]})
    assert created.status_code == 201
    body = created.json
    assert body["secret"].startswith("whsec_") and isinstance(body["id"], int)
    assert created.headers["Cache-Control"] == "no-store"
    listed = client.get("/api/v1/webhooks", headers=headers).json["items"]
    assert [item["url"] for item in listed] == [hub.url]
    assert "secret" not in listed[0]
    with client.post(f"/api/v1/webhooks/{body['id']}/ping", headers=headers) as pinged:
        assert pinged.status_code == 202
    deliveries = client.get(f"/api/v1/webhooks/{body['id']}/deliveries", headers=headers).json
    assert deliveries["total"] == 1
    [delivery] = deliveries["items"]
    assert delivery["event"] == "ping" and delivery["state"] == "delivered"
    assert delivery["delivery"] == hub.received[0].headers["X-Hub-Delivery"]
    assert delivery["tries"][0]["status"] == 200


def test_refusals_name_the_field(app, client, create_user):
    headers = _bearer(create_user("admin"))
    for payload, field in [({"events": ["asset.published"]}, "url"),
                           ({"url": "http://127.0.0.1/x", "events": ["nope"]}, "events"),
                           ({"url": "http://127.0.0.1/x", "events": "asset.published"}, "events"),
                           ({"url": "http://127.0.0.1:99999/x", "events": ["win.recorded"]},
                            "url"),
                           ({"url": "http://h:port/x", "events": ["win.recorded"]}, "url"),
                           ({"url": "http://u:p@127.0.0.1/x", "events": ["win.recorded"]},
                            "url"),
                           ({"url": "h" * 2001, "events": ["win.recorded"]}, "url"),
                           ({"url": 5, "events": ["win.recorded"]}, "url"),
                           ({"url": "http://127.0.0.1/x", "events": ["win.recorded"],
                             "market": 5}, "market"),
                           ({"url": "http://127.0.0.1/x", "events": ["win.recorded"],
                             "active": "yes"}, "active"),
                           ({"url": "http://127.0.0.1/x", "events": ["asset.published"],
                             "secret": "mine"}, "secret"),
                           ({"url": "http://127.0.0.1/x", "events": ["asset.published"],
                             "format": "teams"}, "format")]:
        response = client.post("/api/v1/webhooks", headers=headers, json=payload)
        assert response.status_code == 422, payload
        assert field in response.json["error"]["fields"], payload


def test_change_and_delete(app, client, create_user):
    headers = _bearer(create_user("admin"))
    made = client.post("/api/v1/webhooks", headers=headers,
                       json={"url": "http://127.0.0.1/x", "events": ["asset.published"]}).json
    changed = client.patch(f"/api/v1/webhooks/{made['id']}", headers=headers,
                           json={"active": False, "events": ["win.recorded"]})
    assert changed.status_code == 200
    assert changed.json["active"] is False and changed.json["events"] == ["win.recorded"]
    assert client.delete(f"/api/v1/webhooks/{made['id']}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/webhooks/{made['id']}", headers=headers).status_code == 404


def test_only_admins(app, client, create_user):
    headers = _bearer(create_user("marketing"))
    assert client.get("/api/v1/webhooks", headers=headers).status_code == 403
    assert client.post("/api/v1/webhooks", headers=headers, json={}).status_code == 403
