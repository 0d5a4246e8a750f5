from __future__ import annotations

import pytest

from enablement.extensions import db
from enablement.webhooks import services
from tests.webhooks.receiver import Receiver


@pytest.fixture
def app_config() -> dict:
    return {"WEBHOOKS_ALLOW_PRIVATE_NETWORKS": True}


@pytest.fixture
def receiver():
    made = []

    def start(**script) -> Receiver:
        made.append(Receiver(**script).start())
        return made[-1]

    yield start
    for one in made:
        one.stop()


@pytest.fixture
def register(app, create_user):
    """Register a receiver as an admin; returns (endpoint, secret)."""
    admin = create_user("admin")

    def factory(url: str, events=("asset.published",), **fields):
        endpoint, secret = services.create_endpoint(admin, {"url": url, "events": list(events),
                                                            **fields})
        db.session.commit()
        return endpoint, secret

    return factory
