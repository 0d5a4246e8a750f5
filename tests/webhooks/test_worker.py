"""The worker sends due deliveries every round and says so."""

from __future__ import annotations

from sqlalchemy import select

from enablement import worker
from enablement.extensions import db
from enablement.models import WebhookDelivery


def test_a_worker_round_sends_what_is_due(app, receiver, register, create_asset):
    hub = receiver()
    register(hub.url)
    create_asset()
    lines: list[str] = []
    worker.Worker(lines.append).step()
    assert [r.headers["X-Hub-Event"] for r in hub.received] == ["asset.published"]
    assert "webhooks: tried 1 deliveries" in lines
    delivery = db.session.scalars(select(WebhookDelivery)).one()
    assert delivery.state == "delivered"
    worker.Worker(lines.append).step()
    assert len(hub.received) == 1
