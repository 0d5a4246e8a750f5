"""Slack channels hear of newly published assets and pinned talking points through the webhook
outbox: SLACK_WEBHOOK_URL for every market, and Slack receivers registered for one market."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from enablement.extensions import db
from enablement.models import NewsFeed, NewsItem, NewsItemMarket, WebhookDelivery
from enablement.news import services as news_services
from enablement.webhooks import services as webhook_services
from enablement.webhooks.delivery import deliver_due
from tests.slack.blockkit import problems
from tests.webhooks.receiver import Receiver


@pytest.fixture
def channels():
    made = [Receiver().start() for _ in range(3)]
    yield made
    for channel in made:
        channel.stop()


@pytest.fixture
def app_config(fake_slack, channels) -> dict:
    return {"SLACK_WEBHOOK_URL": channels[0].url, "WEBHOOKS_ALLOW_PRIVATE_NETWORKS": True}


def _texts(channel) -> list[str]:
    return [json.loads(r.body)["blocks"][0]["text"]["text"] for r in channel.received]


def test_a_published_asset_is_announced_in_its_markets_channels(app, channels, create_user,
                                                                create_asset):
    everyone, construction, healthcare = channels
    admin = create_user("admin")
    for channel, market in ((construction, "construction"), (healthcare, "healthcare")):
        webhook_services.create_endpoint(admin, {
            "url": channel.url, "format": "slack", "market": market,
            "events": ["asset.published"]})
    db.session.commit()
    asset = create_asset(title="Harbor & Pine cut missed visits", markets=["construction"])
    draft = create_asset(title="Draft", status="draft")
    assert draft.id
    assert deliver_due() == 2  # the setting's channel and the construction one
    for channel in (everyone, construction):
        [text] = _texts(channel)
        assert text.startswith("*New case study* for Construction\n")
        assert f"<http://hub.test/assets/{asset.id}|Harbor &amp; Pine cut missed visits>" in text
        message = json.loads(channel.received[0].body)
        assert problems(message) == []
        assert "X-Hub-Signature" not in channel.received[0].headers  # Slack's URL is the secret
    assert healthcare.received == []


def test_pinned_talking_points_are_announced(app, channels, create_user):
    everyone = channels[0]
    marketer = create_user("marketing")
    feed = NewsFeed(key="trade", name="Trade News", url="https://news.example/feed")
    db.session.add(feed)
    db.session.flush()
    item = NewsItem(feed_id=feed.id, key="k1", title="OSHA opens fall-protection review",
                    url="https://news.example/osha")
    item.tags.append(NewsItemMarket(market="construction"))
    db.session.add(item)
    db.session.commit()
    news_services.set_talking_points(marketer, item, "Ask about their fall-protection plan.")
    news_services.set_pinned(marketer, item, True)
    db.session.commit()
    deliver_due()
    [text] = _texts(everyone)
    assert text.startswith("*Pinned news* for Construction\n")
    assert "Ask about their fall-protection plan." in text
    [delivery] = db.session.scalars(select(WebhookDelivery)).all()
    assert delivery.event == "talking_points.pinned" and delivery.state == "delivered"
