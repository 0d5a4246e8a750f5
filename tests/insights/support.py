"""Activity as reps leave it (usage events, searches) at chosen times, and ways to read the
/insights page, for the insights tests."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from enablement.extensions import db
from enablement.models import SearchLog, UsageEvent

NOW = datetime.now(UTC)
INLINE_CODE = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>|<[^>]+\sstyle=|<[^>]+\son[a-z]+=|<style")


def ago(days: float = 0, hours: float = 0) -> datetime:
    return NOW - timedelta(days=days, hours=hours)


def use(asset, user, action="views", when=None, times=1):
    """Rows as the rep side records them: one usage event per view, copy or download."""
    for _ in range(times):
        db.session.add(UsageEvent(asset_id=asset.id, user_id=user.id, action=action,
                                  created_at=when or NOW))
    db.session.commit()


def searched(user, query, results=0, clicked=None, when=None, normalized=None, note=""):
    """A search log row as the search service writes it."""
    db.session.add(SearchLog(user_id=user.id if user else None, query=query,
                             normalized_query=normalized or query.lower(), result_count=results,
                             took_ms=3.0, clicked_doc=clicked, created_at=when or ago(hours=2),
                             note=note))
    db.session.commit()


def page_of(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def section(page: str, name: str) -> str:
    """The HTML of one section of the page."""
    match = re.search(rf'<section class="insights-section" id="{name}".*?</section>', page,
                      re.S)
    assert match, name
    return match.group(0)
