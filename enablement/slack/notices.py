"""Slack channels hear of newly published assets and pinned talking points: the messages are
made here and sent through the webhook outbox (webhooks/events.py calls these builders inside
the transaction that published or pinned), to SLACK_WEBHOOK_URL and to each Slack receiver an
admin registered, per market if it names one."""

from __future__ import annotations

from enablement.markets import markets
from enablement.slack import blocks
from enablement.webhooks.events import slack_message


def _market_names() -> dict[str, str]:
    return {slug: market.name for slug, market in markets().items()}


@slack_message
def channel_message(event: str, data: dict) -> dict | None:
    if event == "asset.published":
        return blocks.asset_published(data, _market_names())
    if event == "talking_points.pinned":
        return blocks.talking_points_pinned(data, _market_names())
    return None
