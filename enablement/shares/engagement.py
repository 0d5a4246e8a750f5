"""What buyers really read, from our own page script's beacons, and telling the rep.

The counting rule (README, "Sharing with buyers"): nothing is recorded when the buyer page is
fetched. A view is counted only when the page's own script reports that it was visible for at
least MIN_VISIBLE_MS; link-preview bots, mail scanners, `HEAD` requests and anything that doesn't
run the script never send that report. Each later beacon adds the visible time per asset and per
PDF page, bounded by the time that really passed since the previous one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from enablement.extensions import db
from enablement.models import Share, ShareDwell, ShareVisit, ShareVisitor
from enablement.notifications import mail
from enablement.notifications.services import notify
from enablement.routing import absolute_url

MIN_VISIBLE_MS = 2000
MAX_EVENTS = 50  # per beacon; the script sends far fewer
MAX_EVENT_MS = 10 * 60 * 1000  # one item's visible time in one beacon
MAX_PAGE = 2000
SLACK_MS = 10_000  # beacons are sent a little after the time they report
MAX_BODY_BYTES = 8 * 1024
VIEW_KEY = re.compile(r"[A-Za-z0-9_-]{16,32}")
# Link unfurlers, mail scanners and crawlers that announce themselves. The counting rule above is
# what really keeps them out (they don't run our script); this only saves them the work.
BOT_AGENTS = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|embedly|skypeuripreview|"
    r"whatsapp|safelinks|mimecast|proofpoint|barracuda|curl|wget|"
    r"python-requests|httpclient|okhttp|go-http", re.IGNORECASE)


class BadBeacon(ValueError):
    """A beacon that doesn't have the shape our script sends (answered 400, nothing recorded)."""


@dataclass(frozen=True)
class Beacon:
    view_key: str
    dwell: dict[tuple[int, int], int]  # (asset id, page) -> visible ms

    @property
    def total_ms(self) -> int:
        return sum(self.dwell.values())


def parse_beacon(body, asset_ids: set[int]) -> Beacon:
    """The beacon's view key and time per (asset, page), or BadBeacon. Items for assets not in
    the share are dropped: a buyer can only report time on what they were shown."""
    if not isinstance(body, dict) or set(body) - {"v", "events"}:
        raise BadBeacon("Send {v, events}.")
    view_key, events = body.get("v"), body.get("events")
    if not isinstance(view_key, str) or not VIEW_KEY.fullmatch(view_key):
        raise BadBeacon("v")
    if not isinstance(events, list) or len(events) > MAX_EVENTS:
        raise BadBeacon("events")
    dwell: dict[tuple[int, int], int] = {}
    for event in events:
        if not isinstance(event, dict) or set(event) - {"a", "p", "ms"}:
            raise BadBeacon("event")
        asset_id, page, ms = event.get("a"), event.get("p", 0), event.get("ms")
        if not all(type(v) is int for v in (asset_id, page, ms)):
            raise BadBeacon("event values")
        if not (0 <= page <= MAX_PAGE and 0 <= ms <= MAX_EVENT_MS):
            raise BadBeacon("event bounds")
        if asset_id in asset_ids and ms:
            dwell[(asset_id, page)] = min(dwell.get((asset_id, page), 0) + ms, MAX_EVENT_MS)
    return Beacon(view_key, dwell)


def is_bot(user_agent: str | None) -> bool:
    return not user_agent or bool(BOT_AGENTS.search(user_agent))


def visitor_for(share: Share, cookie_hash: str, email: str = "") -> ShareVisitor:
    visitor = db.session.scalar(select(ShareVisitor).where(
        ShareVisitor.share_id == share.id, ShareVisitor.cookie_hash == cookie_hash))
    if visitor is None:
        visitor = ShareVisitor(share_id=share.id, cookie_hash=cookie_hash, email=email)
        db.session.add(visitor)
        db.session.flush()
    elif email and visitor.email != email:
        visitor.email = email
    return visitor


def record(share: Share, visitor_hash: str, beacon: Beacon, now: datetime) -> ShareVisit | None:
    """Add a beacon's time to its visit; the visit (a counted view) begins with the first beacon
    reporting MIN_VISIBLE_MS. Returns the visit, or None when nothing was counted."""
    visit = db.session.scalar(select(ShareVisit).where(
        ShareVisit.share_id == share.id, ShareVisit.view_key == beacon.view_key))
    dwell = beacon.dwell
    if visit is None:
        if beacon.total_ms < MIN_VISIBLE_MS:
            return None
        visitor = visitor_for(share, visitor_hash)
        visit = ShareVisit(share_id=share.id, visitor_id=visitor.id, view_key=beacon.view_key,
                           started_at=now - timedelta(milliseconds=beacon.total_ms),
                           last_seen_at=now)
        db.session.add(visit)
        db.session.flush()
        _count_view(share, now)
    else:
        # Never more time than has passed since the last beacon (plus its sending delay).
        allowed = (now - visit.last_seen_at).total_seconds() * 1000 + SLACK_MS
        if beacon.total_ms > allowed:
            scale = allowed / beacon.total_ms
            dwell = {key: int(ms * scale) for key, ms in dwell.items()}
        visit.last_seen_at = now
    share.last_activity_at = now
    rows = [{"visit_id": visit.id, "asset_id": asset_id, "page": page, "ms": ms}
            for (asset_id, page), ms in dwell.items() if ms > 0]
    if rows:
        # Core executemany of one cached statement: the beacon's rows in a single round trip.
        db.session.connection().execute(_add_dwell(), rows)
    return visit


def _add_dwell():
    """Insert an (asset, page)'s time, or add it to the row already there: one statement, so two
    beacons of one visit arriving together at two workers both count."""
    dialect = db.session.get_bind().dialect.name
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect](ShareDwell)
    return insert.on_conflict_do_update(
        index_elements=["visit_id", "asset_id", "page"],
        set_={"ms": ShareDwell.ms + insert.excluded.ms})


def _count_view(share: Share, now: datetime) -> None:
    """A real open: count it and tell the rep on the first one and when the buyer comes back
    after a while (at most once per SHARE_NOTIFY_MINUTES)."""
    config = current_app.config
    first = not share.views
    returning = share.last_activity_at is not None and \
        now - share.last_activity_at >= timedelta(minutes=config["SHARE_RETURN_MINUTES"])
    share.views = (share.views or 0) + 1
    quiet = share.notified_at is not None and \
        now - share.notified_at < timedelta(minutes=config["SHARE_NOTIFY_MINUTES"])
    if not (first or (returning and not quiet)):
        return
    share.notified_at = now
    what = "opened" if first else "came back to"
    message = f"{share.account} {what} the content you shared."
    path = url_for("shares.detail", share_id=share.id)
    notify(share.owner_id, message, path, replace_unread=True)
    mail.queue(mail.Mail(
        to=share.owner.email, subject=f"{share.account} {what} your share",
        body=f"Hi {share.owner.name},\n\n{message}\n\nSee what they read:\n"
             f"{absolute_url(path)}\n"))
