"""Assets as index documents, and the names their tags are indexed under."""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from enablement.assets.kinds import KINDS, STAGES
from enablement.markdown import markdown_paragraphs, markdown_text
from enablement.markets import markets
from enablement.models import Asset, AssetKind, AssetTag, Attachment
from enablement.search import passages
from enablement.search.index import TagLabels, doc_key
from enablement.search.registry import Searchable, register


def naive_utc(value):
    """Whoosh stores naive datetimes; ours are aware UTC."""
    return value.replace(tzinfo=None) if value else None


def _flatten(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _flatten(item)
    elif isinstance(value, list):
        for item in value:
            yield from _flatten(item)
    elif isinstance(value, str):
        yield value


def asset_document(asset: Asset) -> dict:
    """What search knows about an asset: its words, its tags and its state."""
    details = " ".join(_flatten(asset.details or {}))
    return {
        "doc_key": doc_key("asset", asset.id),
        "type": "asset",
        "id": asset.id,
        "kind": asset.kind,
        "subtype": _subtype(asset),
        "status": asset.status,
        "title": asset.title,
        "summary": asset.summary or "",
        "body": "\n".join(part for part in (markdown_text(asset.body), details) if part),
        "attachments": "\n".join(a.text for a in asset.attachments if a.text),
        "markets": ",".join(asset.markets),
        "personas": ",".join(asset.personas),
        "stages": ",".join(asset.stages),
        "products": ",".join(asset.products),
        "published_at": naive_utc(asset.published_at),
        "updated_at": naive_utc(asset.updated_at),
    }


# The kind fields an answer may quote: what prose there is (a customer's name is not an answer).
PASSAGE_FIELD_TYPES = ("text", "metrics")


def asset_passages(asset: Asset) -> list[passages.Passage]:
    """What of an asset answers may quote: its summary, its body paragraph by paragraph, the
    prose of its kind's fields, and its attached documents page by page. Nothing of an
    internal-only asset: an answer is a passage reps quote, into a buyer's email or a Slack
    channel with guests (reps still find the asset itself in the results)."""
    if asset.internal_only:
        return []
    found = passages.from_paragraphs("summary", [asset.summary or ""])
    found += passages.from_paragraphs("body", markdown_paragraphs(asset.body))
    spec = KINDS.get(asset.kind)
    for field in spec.fields if spec else ():
        value = (asset.details or {}).get(field.name)
        if field.type in PASSAGE_FIELD_TYPES and value:
            lines = value.splitlines() if isinstance(value, str) else \
                [" ".join(_flatten(item)) for item in value] if isinstance(value, list) else []
            found += passages.from_paragraphs(f"field:{field.name}", lines)
    for attachment in asset.attachments:
        if attachment.text:
            found += passages.from_attachment(attachment.id, attachment.filename,
                                              attachment.text, attachment.page_starts)
    return passages.bounded(found)


def _subtype(asset: Asset) -> str:
    """A sales aid's type (battle card, one-pager, talk track), for "battle card" searches."""
    if asset.kind != AssetKind.SALES_AID:
        return ""
    value = (asset.details or {}).get("aid_type")
    return value if isinstance(value, str) else ""


def tag_labels() -> TagLabels:
    """The names tags are indexed under: the markets of feeds.yml, the sales stages' labels."""
    return TagLabels(markets={slug: market.name for slug, market in markets().items()},
                     stages=dict(STAGES))


def _load_assets(session, ids):
    return session.scalars(
        select(Asset).where(Asset.id.in_(list(ids)))
        .options(selectinload(Asset.tags), selectinload(Asset.attachments))
    ).all()


def _asset_ids_after(session, after_id, limit):
    return session.scalars(
        select(Asset.id).where(Asset.id > after_id).order_by(Asset.id).limit(limit)
    ).all()


def _asset_versions(session):
    return dict(session.execute(select(Asset.id, Asset.updated_at)).all())


def _parent_asset_id(child):
    if child.asset_id is not None:
        return child.asset_id
    return child.asset.id if child.asset is not None else None


register(Searchable(
    doc_type="asset",
    model=Asset,
    to_document=asset_document,
    load=_load_assets,
    ids_after=_asset_ids_after,
    versions=_asset_versions,
    children={AssetTag: _parent_asset_id, Attachment: _parent_asset_id},
    url=lambda asset_id: url_for("assets.detail", asset_id=asset_id),
    passages=asset_passages,
))
