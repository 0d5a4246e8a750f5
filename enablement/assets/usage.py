"""How reps use assets: the views, copies and downloads they make, their votes and the deals
the assets helped win, counted one way everywhere (the asset page, the API's `usage`, the insights
dashboard, search's most-used sort).

Only reps use assets: marketing and admins opening their own drafts are checking them.
"""

from __future__ import annotations

from sqlalchemy import func, select

from enablement.extensions import db
from enablement.models import Asset, Feedback, Role, UsageEvent, User, WinAsset

USAGE_ACTIONS = ("views", "copies", "downloads", "helpful", "not_helpful", "wins")
EVENT_ACTIONS = ("views", "copies", "downloads")  # the ones recorded as UsageEvent rows


def record_usage(user: User, asset: Asset, action: str) -> None:
    """Count a rep's view, copy or download (one insert; read back by usage_for).

    Marketing and admins opening or copying an asset are checking it, not using it: nothing is
    recorded, so a fresh draft shows no views and search's "most used" isn't skewed by previews.
    """
    if user.role != Role.REP:
        return
    db.session.add(UsageEvent(asset_id=asset.id, user_id=user.id, action=action))


def usage_for(asset_ids: list[int]) -> dict[int, dict[str, int]]:
    """How each asset has been used, as the API's `usage` object.

    Views, copies and downloads are reps' counted events; helpful and not helpful are reps'
    current verdicts; wins are the deals the asset helped win.
    """
    usage = {asset_id: dict.fromkeys(USAGE_ACTIONS, 0) for asset_id in asset_ids}
    if not usage:
        return usage
    # Reps' events only, by their role today: the rule the insights dashboard counts by, so the
    # asset page and the dashboard agree (older rows by marketing don't count either).
    rows = db.session.execute(
        select(UsageEvent.asset_id, UsageEvent.action, func.count())
        .join(User, User.id == UsageEvent.user_id)
        .where(UsageEvent.asset_id.in_(asset_ids), UsageEvent.action.in_(EVENT_ACTIONS),
               User.role == Role.REP.value)
        .group_by(UsageEvent.asset_id, UsageEvent.action)
    )
    for asset_id, action, count in rows:
        usage[asset_id][action] = count
    votes = db.session.execute(
        select(Feedback.asset_id, Feedback.helpful, func.count())
        .where(Feedback.asset_id.in_(asset_ids))
        .group_by(Feedback.asset_id, Feedback.helpful)
    )
    for asset_id, helpful, count in votes:
        usage[asset_id]["helpful" if helpful else "not_helpful"] = count
    wins = db.session.execute(
        select(WinAsset.asset_id, func.count())
        .where(WinAsset.asset_id.in_(asset_ids))
        .group_by(WinAsset.asset_id)
    )
    for asset_id, count in wins:
        usage[asset_id]["wins"] = count
    return usage
