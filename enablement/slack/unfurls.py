"""Links to hub assets pasted in Slack unfold into their title and summary (chat.unfurl), only
for published assets the person who pasted the link may open in the hub: a draft or an archived
asset never unfolds, and nothing unfolds for a Slack user the hub doesn't know."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import current_app

from enablement.assets.visibility import can_open
from enablement.extensions import db
from enablement.models import Asset, AssetStatus
from enablement.models.base import as_id
from enablement.slack import blocks, client, people

MAX_LINKS = 10
_ASSET_PATH = re.compile(r"^/assets/(\d{1,10})/?$")


def asset_id_in(url: str) -> int | None:
    """The asset a hub link points to, or None (another site, another page)."""
    if not isinstance(url, str):
        return None
    parts, hub = urlsplit(url), urlsplit(current_app.config["PUBLIC_URL"])
    if parts.scheme not in ("http", "https") or parts.netloc.lower() != hub.netloc.lower():
        return None
    found = _ASSET_PATH.match(parts.path)
    return as_id(found.group(1)) if found else None


def unfurls_for(team_id: str, slack_user_id: str, links: list) -> dict[str, dict]:
    """{url: unfurl} for the links the sharer may see unfolded."""
    wanted = {}
    for item in links[:MAX_LINKS]:
        url = item.get("url") if isinstance(item, dict) else None
        asset_id = asset_id_in(url)
        if asset_id:
            wanted[url] = asset_id
    if not wanted:
        return {}
    viewer = people.hub_user(team_id, slack_user_id)
    if viewer is None:
        return {}
    found = {}
    for url, asset_id in wanted.items():
        asset = db.session.get(Asset, asset_id)
        if asset is None or asset.status != AssetStatus.PUBLISHED or not can_open(viewer, asset):
            continue
        found[url] = blocks.asset_unfurl(asset.title, asset.kind, asset.summary, asset.markets)
    return found


def unfurl(event: dict, team_id: str) -> int:
    """Answer one link_shared event; returns how many links were unfolded."""
    links = event.get("links") if isinstance(event.get("links"), list) else []
    found = unfurls_for(team_id, str(event.get("user") or ""), links)
    if not found:
        return 0
    payload: dict = {"unfurls": found}
    if event.get("unfurl_id") and event.get("source"):
        payload.update(unfurl_id=event["unfurl_id"], source=event["source"])
    else:
        payload.update(channel=event.get("channel"), ts=event.get("message_ts"))
    try:
        client.call("chat.unfurl", payload, as_json=True)
    except client.SlackError as error:
        current_app.logger.warning("slack: chat.unfurl failed: %s", error)
        return 0
    return len(found)
