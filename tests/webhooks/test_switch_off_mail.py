"""Admins are emailed (through the real SMTP server of the mail tests) when a receiver that failed
for a whole day is switched off; other people are not."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from enablement.extensions import db
from enablement.models import WebhookDelivery
from enablement.webhooks.delivery import deliver_due


@pytest.fixture
def app_config(mail_config) -> dict:
    return {**mail_config, "WEBHOOKS_ALLOW_PRIVATE_NETWORKS": True}


def test_admins_are_emailed_when_a_receiver_is_switched_off(app, inbox, receiver, register,
                                                            create_user, create_asset):
    hub = receiver(fail_first=1000)
    endpoint, _ = register(hub.url)  # registered by an admin the fixture made
    create_user("admin", email="ada@example.com")
    create_user("marketing", email="mo@example.com")
    create_asset()
    delivery = db.session.scalars(select(WebhookDelivery)).one()
    while delivery.state == "pending":
        deliver_due(now=delivery.next_attempt_at)
        db.session.expire_all()
    recipients = sorted(to for rcpt, _ in inbox.messages for to in rcpt)
    assert "ada@example.com" in recipients and "mo@example.com" not in recipients
    assert len(recipients) == 2  # both admins, once each
    message = inbox.messages[0][1]
    assert message["Subject"] == "A webhook receiver was switched off"
    body = message.get_content()
    assert hub.url in body and f"http://hub.test/admin/webhooks/{endpoint.id}" in body
    assert "13 tries in a row failed" in body
