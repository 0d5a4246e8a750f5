"""Real processes (`make faults`): gunicorn alone sends deliveries after its responses; once a
worker process is alive, the worker sends them and the web processes leave them alone."""

from __future__ import annotations

import json

import pytest

from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.webhooks import services as webhook_services
from tests.hubprocs import Hub, publish, wait_until
from tests.webhooks.receiver import Receiver

pytestmark = pytest.mark.faults


@pytest.fixture
def hub(tmp_path):
    made = Hub(tmp_path / "hub", config={"WEBHOOKS_ALLOW_PRIVATE_NETWORKS": True,
                                         "WORKER_HEARTBEAT_EVERY": 1.0})
    yield made
    made.close()
    made.print_errors()


@pytest.fixture
def crm():
    receiver = Receiver().start()
    yield receiver
    receiver.stop()


def _register(hub: Hub, url: str) -> None:
    with hub.app.app_context():
        admin = auth_services.create_user("ada@example.com", "Ada Admin", "admin",
                                          "correct horse battery")
        webhook_services.create_endpoint(admin, {"url": url, "events": ["asset.published"]})
        db.session.commit()
        db.session.remove()
        db.engine.dispose()


def _published(crm: Receiver) -> list[str]:
    return [json.loads(r.body)["data"]["title"] for r in crm.received]


def test_web_sends_without_a_worker_and_leaves_it_to_a_live_one(hub, crm):
    _register(hub, crm.url)
    web = hub.start_web(workers=1)
    assert publish(web.base, hub.token, "Sent by the web process").status_code == 201
    wait_until(lambda: _published(crm) == ["Sent by the web process"], 15, 0.1,
               "the web process to send the delivery")
    worker = hub.start_worker()
    wait_until(lambda: hub.scalar("SELECT count(*) FROM worker_heartbeat"), 15, 0.1,
               "the worker's first heartbeat")
    assert publish(web.base, hub.token, "Sent by the worker").status_code == 201
    wait_until(lambda: len(crm.received) == 2, 15, 0.1, "the worker to send the delivery")
    assert _published(crm) == ["Sent by the web process", "Sent by the worker"]
    wait_until(lambda: "webhooks: tried 1 deliveries" in worker.log(), 10, 0.1,
               "the worker to say it sent it")
    assert hub.scalar("SELECT count(*) FROM webhook_attempt") == 2  # each sent once
