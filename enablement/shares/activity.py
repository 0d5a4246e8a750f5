"""A share's activity as its owner reads it: views, visitors, time per asset and PDF page, and a
timeline of visits and downloads."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import selectinload

from enablement.extensions import db
from enablement.models import (
    Share,
    ShareDownload,
    ShareDwell,
    ShareVisit,
    ShareVisitor,
    utcnow,
)
from enablement.web import iso

NEW_VISITOR = "new visitor"


def seconds(ms: int) -> float:
    return round(ms / 1000, 1)


@dataclass
class VisitLine:
    """One visit on the timeline: who, when, and time per asset and page."""

    visitor: str
    started_at: datetime
    assets: dict[int, int] = field(default_factory=dict)  # asset id -> ms
    pages: dict[int, dict[int, int]] = field(default_factory=dict)  # asset id -> page -> ms
    downloads: list[ShareDownload] = field(default_factory=list)

    @property
    def total_ms(self) -> int:
        return sum(self.assets.values())


@dataclass
class Activity:
    views: int
    visitors: int
    downloads: list[ShareDownload]
    asset_views: dict[int, int]
    asset_ms: dict[int, int]
    page_ms: dict[int, dict[int, int]]
    timeline: list[VisitLine]


def visitor_label(visitor: ShareVisitor | None) -> str:
    return visitor.email if visitor is not None and visitor.email else NEW_VISITOR


def activity(share: Share, limit: int = 200) -> Activity:
    """Everything buyers did with `share`, newest visit first on the timeline."""
    visits = list(db.session.scalars(
        select(ShareVisit).where(ShareVisit.share_id == share.id)
        .order_by(ShareVisit.started_at.desc(), ShareVisit.id.desc()).limit(limit)
        .options(selectinload(ShareVisit.dwells), selectinload(ShareVisit.visitor))))
    downloads = list(db.session.scalars(
        select(ShareDownload).where(ShareDownload.share_id == share.id)
        .order_by(ShareDownload.created_at.desc())
        .options(selectinload(ShareDownload.visitor), selectinload(ShareDownload.attachment))))
    asset_views: dict[int, int] = defaultdict(int)
    asset_ms: dict[int, int] = defaultdict(int)
    page_ms: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    timeline = []
    for visit in visits:
        line = VisitLine(visitor_label(visit.visitor), visit.started_at)
        for dwell in visit.dwells:
            line.assets[dwell.asset_id] = line.assets.get(dwell.asset_id, 0) + dwell.ms
            asset_ms[dwell.asset_id] += dwell.ms
            if dwell.page:
                line.pages.setdefault(dwell.asset_id, {})[dwell.page] = dwell.ms
                page_ms[dwell.asset_id][dwell.page] += dwell.ms
        for asset_id in line.assets:
            asset_views[asset_id] += 1
        line.downloads = [d for d in downloads if d.visitor_id == visit.visitor_id]
        timeline.append(line)
    visitors = db.session.scalar(select(func.count(func.distinct(ShareVisit.visitor_id)))
                                 .where(ShareVisit.share_id == share.id)) or 0
    return Activity(share.views or 0, visitors, downloads, dict(asset_views), dict(asset_ms),
                    {a: dict(sorted(p.items())) for a, p in page_ms.items()}, timeline)


def activity_json(share: Share) -> dict:
    """GET /api/v1/shares/<id>/activity, as DESIGN.md names it."""
    found = activity(share)
    asset_ids = [item.asset_id for item in share.items]
    asset_ids += [a for a in found.asset_ms if a not in asset_ids]  # removed since they read it
    events = [{"type": "view", "at": iso(line.started_at), "visitor": line.visitor,
               "seconds": seconds(line.total_ms),
               "assets": [{"asset_id": a, "seconds": seconds(ms),
                           "pages": [{"page": p, "seconds": seconds(pms)}
                                     for p, pms in sorted(line.pages.get(a, {}).items())]}
                          for a, ms in line.assets.items()]}
              for line in found.timeline]
    events += [{"type": "download", "at": iso(d.created_at), "visitor": visitor_label(d.visitor),
                "asset_id": d.asset_id,
                "filename": d.attachment.filename if d.attachment else None}
               for d in found.downloads]
    events.sort(key=lambda e: e["at"], reverse=True)
    return {
        "views": found.views,
        "visitors": found.visitors,
        "downloads": len(found.downloads),
        "assets": [{"asset_id": a, "views": found.asset_views.get(a, 0),
                    "seconds": seconds(found.asset_ms.get(a, 0)),
                    "pages": [{"page": p, "seconds": seconds(ms)}
                              for p, ms in found.page_ms.get(a, {}).items()]}
                   for a in asset_ids],
        "events": events,
    }


def purge(now: datetime | None = None, days: int = 365) -> int:
    """Forget buyer activity older than `days` (SHARE_ACTIVITY_RETENTION_DAYS): visits, their
    time, downloads, and visitors with nothing left. Returns how many visits went."""
    cutoff = (now or utcnow()) - timedelta(days=days)
    old = db.session.execute(delete(ShareVisit).where(ShareVisit.last_seen_at < cutoff))
    db.session.execute(delete(ShareDwell).where(
        ShareDwell.visit_id.not_in(select(ShareVisit.id))))
    db.session.execute(delete(ShareDownload).where(ShareDownload.created_at < cutoff))
    db.session.execute(delete(ShareVisitor).where(
        ShareVisitor.created_at < cutoff,
        ShareVisitor.id.not_in(select(ShareVisit.visitor_id))))
    return old.rowcount or 0
