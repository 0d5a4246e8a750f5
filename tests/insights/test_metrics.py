"""The shared metrics: their values over a period, targets (exact, nearest, scaled), progress,
and who may set a target."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from enablement.errors import Forbidden, ValidationError
from enablement.extensions import db
from enablement.insights import metrics
from enablement.insights.periods import Period, parse_period
from enablement.models import AssetStatus, ContentRequest, MetricTarget, Win, WinAsset
from tests.insights.support import NOW, ago, use


def last(days: int) -> Period:
    return parse_period({"days": str(days)})


def _win(amount, days_ago, assets=()):
    win = Win(account="Acme", amount=Decimal(amount), closed_on=NOW.date() - timedelta(days_ago))
    db.session.add(win)
    db.session.flush()
    for asset in assets:
        db.session.add(WinAsset(win_id=win.id, asset_id=asset.id))
    db.session.commit()


def test_metric_values_over_the_period(app, create_asset, create_user):
    rep, marketer = create_user("rep"), create_user("marketing")
    fresh, older = create_asset(title="Fresh"), create_asset(title="Older")
    archived = create_asset(title="Archived", status=AssetStatus.ARCHIVED)
    create_asset(title="Draft", status=AssetStatus.DRAFT)
    older.published_at = ago(days=45)
    db.session.commit()
    use(fresh, rep, times=3)
    use(older, rep, "copies")
    use(archived, marketer)  # not a rep
    for asked, done in ((10, 8), (6, 2), (3, 2)):
        db.session.add(ContentRequest(text="x", status="done", created_at=ago(days=asked),
                                      fulfilled_at=ago(days=done)))
    db.session.add(ContentRequest(text="old", status="done", created_at=ago(days=90),
                                  fulfilled_at=ago(days=60)))
    db.session.commit()
    _win("1000.50", 1, [fresh])
    _win("2000", 5, [fresh, older])
    _win("9999", 2)  # no content credited
    _win("500", 50, [older])  # before the period
    values = metrics.metric_values(last(30))
    assert values == {"assets_published": 2, "assets_used_by_reps": 2, "requests_fulfilled": 3,
                      "median_days_to_fulfil": 2.0, "wins_with_content": 2,
                      "revenue_with_content": 3000.5}
    assert metrics.metric_values(last(7))["median_days_to_fulfil"] == 2.5  # of 4 and 1 days
    empty = metrics.metric_values(Period(date(2000, 1, 1), date(2000, 1, 31)))
    assert empty == {"assets_published": 0, "assets_used_by_reps": 0, "requests_fulfilled": 0,
                     "median_days_to_fulfil": None, "wins_with_content": 0,
                     "revenue_with_content": 0.0}


def test_targets_exact_nearest_and_scaled(app, create_user):
    admin = create_user("admin")
    metrics.set_target(admin, "assets_published", 30, "12")
    metrics.set_target(admin, "median_days_to_fulfil", 30, "5")
    metrics.set_target(admin, "revenue_with_content", 90, 90000)
    db.session.commit()
    rows = {m["metric"]: m for m in metrics.shared_metrics(last(30))}
    assert (rows["assets_published"]["target"], rows["assets_published"]["target_scaled"]) == (
        12.0, False)
    assert rows["assets_used_by_reps"]["target"] is None
    assert rows["assets_used_by_reps"]["progress"] is None
    assert (rows["revenue_with_content"]["target"], rows["revenue_with_content"]["target_scaled"],
            rows["revenue_with_content"]["target_period_days"]) == (30000.0, True, 90)
    week = {m["metric"]: m for m in metrics.shared_metrics(last(7))}
    assert week["assets_published"]["target"] == 2.8  # 12 × 7 / 30, to a tenth
    assert week["median_days_to_fulfil"]["target"] == 5.0  # a median isn't scaled
    assert week["median_days_to_fulfil"]["target_scaled"] is False


@pytest.mark.parametrize(("key", "value", "target", "progress", "met"), [
    ("assets_published", 6, 12.0, 0.5, False),
    ("assets_published", 15, 12.0, 1.25, True),
    ("assets_published", 0, 0.0, 1.0, True),
    ("median_days_to_fulfil", 10.0, 5.0, 0.5, False),
    ("median_days_to_fulfil", 4.0, 5.0, 1.0, True),
    ("median_days_to_fulfil", None, 5.0, None, False),
    ("wins_with_content", 3, None, None, False),
])
def test_progress_toward_a_target(key, value, target, progress, met):
    share = metrics.progress(metrics.METRICS[key], value, target)
    assert share == progress
    assert (share is not None and share >= 1) == met


def test_only_admins_set_targets_and_bad_ones_are_named(app, create_user):
    admin, marketer = create_user("admin"), create_user("marketing")
    with pytest.raises(Forbidden):
        metrics.set_target(marketer, "assets_published", 30, "5")
    for metric, days, target, field in (("nope", 30, "1", "metric"),
                                        ("assets_published", 14, "1", "period_days"),
                                        ("assets_published", 30, "lots", "target"),
                                        ("assets_published", 30, "-1", "target"),
                                        ("assets_published", 30, "NaN", "target"),
                                        ("assets_published", 30, "Infinity", "target"),
                                        ("assets_published", 30, "1e20", "target")):
        with pytest.raises(ValidationError) as caught:
            metrics.set_target(admin, metric, days, target)
        assert field in caught.value.fields
    row = metrics.set_target(admin, "assets_published", 30, "7.456")
    assert (row.target, row.set_by_id) == (Decimal("7.46"), admin.id)
    metrics.set_target(admin, "assets_published", 30, "")
    db.session.commit()
    assert db.session.scalar(select(MetricTarget)) is None
