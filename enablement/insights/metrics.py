"""The numbers marketing and sales agreed to share, each with an admin-set target.

A target belongs to a metric and a period length (7, 30 or 90 days). A custom period uses the
target of its own length if one is set, otherwise the closest one, scaled to the period's length
for counts and sums (a median is not scaled).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import exists, func, select

from enablement.audit.log import record
from enablement.errors import Forbidden, ValidationError
from enablement.extensions import db
from enablement.insights.periods import PRESETS, Period, in_period, rep_usage
from enablement.models import (
    Asset,
    AssetStatus,
    ContentRequest,
    MetricTarget,
    Role,
    UsageEvent,
    User,
    Win,
    WinAsset,
)

TARGET_MAX = Decimal("999999999999.99")  # Numeric(14, 2)


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str  # "count", "days" or "money"
    higher_is_better: bool = True
    help: str = ""

    @property
    def additive(self) -> bool:
        return self.unit != "days"


METRICS: dict[str, Metric] = {m.key: m for m in (
    Metric("assets_published", "Assets published", "count",
           help="Assets first published in the period (still published or since archived)."),
    Metric("assets_used_by_reps", "Assets used by reps", "count",
           help="Different assets a rep viewed, copied or downloaded in the period."),
    Metric("requests_fulfilled", "Requests fulfilled", "count",
           help="Content requests answered with a published asset in the period."),
    Metric("median_days_to_fulfil", "Median time to fulfil", "days", higher_is_better=False,
           help="From a rep's request to the asset that answers it, for requests fulfilled in "
                "the period."),
    Metric("wins_with_content", "Wins with content", "count",
           help="Deals closed in the period with at least one asset credited."),
    Metric("revenue_with_content", "Revenue of wins with content", "money",
           help="What those deals were worth."),
)}


# ---------------------------------------------------------------- values


def metric_values(period: Period) -> dict[str, float | int | None]:
    """Each shared metric's value over the period (None: nothing to measure, e.g. no requests
    fulfilled, so no median)."""
    published = db.session.scalar(
        select(func.count(Asset.id)).where(
            in_period(Asset.published_at, period),
            Asset.status.in_([AssetStatus.PUBLISHED.value, AssetStatus.ARCHIVED.value])))
    used = rep_usage(in_period(UsageEvent.created_at, period)).subquery()
    used_by_reps = db.session.scalar(select(func.count(func.distinct(used.c.asset_id))))
    fulfilled = db.session.execute(
        select(ContentRequest.created_at, ContentRequest.fulfilled_at)
        .where(in_period(ContentRequest.fulfilled_at, period))).all()
    waits = [(done - asked).total_seconds() / 86400 for asked, done in fulfilled]
    with_content = exists().where(WinAsset.win_id == Win.id)
    wins, revenue = db.session.execute(
        select(func.count(Win.id), func.coalesce(func.sum(Win.amount), 0))
        .where(Win.closed_on >= period.first, Win.closed_on <= period.last, with_content)).one()
    return {
        "assets_published": published,
        "assets_used_by_reps": used_by_reps,
        "requests_fulfilled": len(fulfilled),
        "median_days_to_fulfil": round(statistics.median(waits), 1) if waits else None,
        "wins_with_content": wins,
        "revenue_with_content": round(float(revenue), 2),
    }


# ---------------------------------------------------------------- targets


def all_targets() -> dict[tuple[str, int], Decimal]:
    return {(t.metric, t.period_days): t.target
            for t in db.session.scalars(select(MetricTarget))}


def target_for(metric: Metric, days: int, targets: dict[tuple[str, int], Decimal]):
    """(target, the period length it was set for, scaled?) for a period of `days`, or None."""
    lengths = sorted((d for m, d in targets if m == metric.key), key=lambda d: (abs(d - days), d))
    if not lengths:
        return None
    length = lengths[0]
    target = float(targets[(metric.key, length)])
    scaled = length != days and metric.additive
    if scaled:  # whole money, counts to a tenth: a target of 83,333.33 reads as noise
        target = round(target * days / length, 0 if metric.unit == "money" else 1)
    return target, length, scaled


def progress(metric: Metric, value, target: float | None) -> float | None:
    """How far along the target is, 1.0 meaning met (can exceed 1 for counts)."""
    if target is None or value is None:
        return None
    if metric.higher_is_better:
        return round(value / target, 3) if target else 1.0
    if value <= target:
        return 1.0
    return round(target / value, 3) if value else 1.0


def shared_metrics(period: Period) -> list[dict]:
    """Every shared metric with its value, target and progress for the period."""
    values = metric_values(period)
    targets = all_targets()
    rows = []
    for metric in METRICS.values():
        found = target_for(metric, period.days, targets)
        target = found[0] if found else None
        share = progress(metric, values[metric.key], target)
        rows.append({
            "metric": metric.key, "label": metric.label, "unit": metric.unit,
            "help": metric.help, "higher_is_better": metric.higher_is_better,
            "value": values[metric.key], "target": target,
            "target_period_days": found[1] if found else None,
            "target_scaled": found[2] if found else False,
            "progress": share, "met": share is not None and share >= 1,
        })
    return rows


def set_target(actor: User, metric: str, period_days: int, target) -> MetricTarget | None:
    """Set (or, with an empty target, remove) a metric's target for a period length."""
    if not actor.has_role(Role.ADMIN):
        raise Forbidden("Only admins set targets.")
    errors = {}
    if metric not in METRICS:
        errors["metric"] = f"Choose one of {', '.join(METRICS)}."
    if period_days not in PRESETS:
        errors["period_days"] = f"Choose {', '.join(map(str, PRESETS))} days."
    if target not in (None, ""):
        try:
            target = Decimal(str(target)).quantize(Decimal("0.01"))
        except InvalidOperation:
            errors["target"] = "Use a number, e.g. 12 or 2.5."
        else:
            if not target.is_finite() or not Decimal(0) <= target <= TARGET_MAX:
                errors["target"] = "Use a number from 0 upwards."
    if errors:
        raise ValidationError("The target needs attention.", errors)
    row = db.session.get(MetricTarget, (metric, period_days))
    record("settings.changed", actor, f"target: {metric}, {period_days} days",
           details={"from": None if row is None else str(row.target),
                    "to": None if target in (None, "") else str(target)})
    if target in (None, ""):
        if row is not None:
            db.session.delete(row)
            db.session.flush()
        return None
    if row is None:
        row = MetricTarget(metric=metric, period_days=period_days)
        db.session.add(row)
    row.target = target
    row.set_by_id = actor.id
    db.session.flush()
    return row
