"""Assets as the API shows them."""

from flask import url_for

from enablement.assets import services
from enablement.models import Asset, Attachment
from enablement.routing import absolute_url
from enablement.search.registry import SEARCHABLES
from enablement.web import iso


def asset_json(asset: Asset, usage: dict[str, int]) -> dict:
    data = {"id": asset.id, "url": url_for("assets.detail", asset_id=asset.id, _external=True),
            "kind": asset.kind}
    data.update(services.snapshot(asset))
    data.update({
        "owner": {"id": asset.owner.id, "name": asset.owner.name} if asset.owner else None,
        "created_at": iso(asset.created_at),
        "updated_at": iso(asset.updated_at),
        "published_at": iso(asset.published_at),
        "attachments": [attachment_json(a) for a in asset.attachments],
        "usage": usage,
    })
    return data


def attachment_json(attachment: Attachment) -> dict:
    """A document attached to an asset; `url` downloads it (and counts the download)."""
    return {"id": attachment.id, "filename": attachment.filename, "size": attachment.size,
            "content_type": attachment.mimetype, "kind": attachment.kind,
            "text_status": attachment.text_status,
            "url": url_for("assets.download", asset_id=attachment.asset_id,
                           attachment_id=attachment.id, _external=True)}


def search_hit_json(hit) -> dict:
    """A search result; `snippet` is HTML whose only markup is <mark> around matched words."""
    return {
        "type": hit.type,
        "id": hit.id,
        "kind": hit.kind,
        "title": hit.plain_title,
        "url": absolute_url(SEARCHABLES[hit.type].url(hit.id)),
        "snippet": str(hit.snippet),
        "markets": hit.markets,
        "published_at": iso(hit.published_at),
        "source": hit.source,
    }
