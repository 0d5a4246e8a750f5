"""Buyer engagement for marketing's /insights: which assets reps share, whether buyers open them,
for how long, and how far into their PDFs they read.

A few GROUP BY queries over the period (shares made in it, visits begun in it); the median needs
each visit's time on an asset, which is one row per (asset, visit), grouped in the database.
"""

from __future__ import annotations

from collections import defaultdict
from statistics import median

from flask import current_app
from sqlalchemy import and_, func, select
from sqlalchemy.orm import selectinload

from enablement.assets import attachments as files
from enablement.extensions import db
from enablement.markets import markets
from enablement.models import Asset, Share, ShareAsset, ShareDwell, ShareVisit
from enablement.shares import pages as pdf_pages

LIMIT = 20


def _in(column, period):
    return and_(column >= period.starts_at, column < period.ends_at)


def buyer_engagement(period, limit: int = LIMIT) -> dict:
    """Per asset: times shared and opened in the period, median seconds a buyer spent on it,
    and (for PDFs) the share of opens that reached the document's last page; plus the assets shared
    in the period that no buyer has opened."""
    pairs = db.session.execute(
        select(ShareAsset.asset_id, ShareAsset.share_id)
        .join(Share, Share.id == ShareAsset.share_id)
        .where(_in(Share.created_at, period))).all()
    shared: dict[int, int] = defaultdict(int)
    for asset_id, _share in pairs:
        shared[asset_id] += 1
    per_visit = db.session.execute(
        select(ShareDwell.asset_id, ShareDwell.visit_id, func.sum(ShareDwell.ms),
               func.max(ShareDwell.page))
        .join(ShareVisit, ShareVisit.id == ShareDwell.visit_id)
        .where(_in(ShareVisit.started_at, period))
        .group_by(ShareDwell.asset_id, ShareDwell.visit_id)).all()
    times: dict[int, list[int]] = defaultdict(list)
    furthest: dict[int, list[int]] = defaultdict(list)
    for asset_id, _visit, ms, page in per_visit:
        times[asset_id].append(int(ms or 0))
        furthest[asset_id].append(int(page or 0))
    ids = set(shared) | set(times)
    titles = {a.id: a for a in db.session.scalars(
        select(Asset).where(Asset.id.in_(ids))
        .options(selectinload(Asset.owner), selectinload(Asset.attachments)))} if ids else {}
    rows = []
    by_market: dict[str | None, dict[str, int]] = defaultdict(lambda: {"shared": 0, "opened": 0})
    for asset_id in ids:
        asset = titles.get(asset_id)
        if asset is None:
            continue
        for market in asset.markets or [None]:  # untagged assets are for every market
            by_market[market]["shared"] += shared.get(asset_id, 0)
            by_market[market]["opened"] += len(times[asset_id])
        pages = _page_count(asset)
        rows.append({
            "id": asset_id, "title": asset.title, "kind": asset.kind,
            "owner": {"id": asset.owner.id, "name": asset.owner.name} if asset.owner else None,
            "shared": shared.get(asset_id, 0), "opened": len(times[asset_id]),
            "median_seconds": round(median(times[asset_id]) / 1000, 1) if times[asset_id]
            else None,
            "completion": round(100 * sum(p == pages for p in furthest[asset_id])
                                / len(furthest[asset_id])) if pages and furthest[asset_id]
            else None,
        })
    rows.sort(key=lambda r: (-r["opened"], -r["shared"], r["title"]))
    opened = _opened_since(period) if shared else set()
    never = [r for r in rows if r["shared"] and r["id"] not in opened]
    return {"assets": rows[:limit], "never_opened": never[:limit],
            "markets": _per_market(by_market),
            "shares": len({share for _a, share in pairs}),
            "opens": len({visit for _a, visit, _ms, _p in per_visit})}


def _per_market(by_market: dict) -> list[dict]:
    """Times shared and opened per market of the assets, most opened first."""
    names = {slug: market.name for slug, market in markets().items()}
    rows = [{"market": slug, "label": names.get(slug, slug) if slug else "All markets", **counts}
            for slug, counts in by_market.items()]
    return sorted(rows, key=lambda r: (-r["opened"], -r["shared"], r["label"]))


def _page_count(asset: Asset) -> int:
    """Pages of the asset's first PDF (from the buyer page's cache), 0 when it has none."""
    pdf = next((a for a in asset.attachments if a.kind == "pdf"), None)
    if pdf is None:
        return 0
    config = current_app.config
    try:
        return pdf_pages.layout(files.stored_path(config["UPLOAD_DIR"], pdf.stored_name),
                                pdf.sha256, config["SHARE_PAGE_CACHE_DIR"]).count
    except (pdf_pages.PageError, OSError, ValueError):
        return 0


def _opened_since(period) -> set[int]:
    """Assets a buyer read through a share made in the period, then or since."""
    return set(db.session.scalars(
        select(ShareDwell.asset_id).distinct()
        .join(ShareVisit, ShareVisit.id == ShareDwell.visit_id)
        .join(Share, Share.id == ShareVisit.share_id)
        .where(_in(Share.created_at, period))))
