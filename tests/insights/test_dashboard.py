"""The reports behind /insights: usage, feedback, requests, coverage, freshness and the summary
over a period (content gaps: test_gaps.py)."""

from __future__ import annotations

from datetime import timedelta

from enablement.extensions import db
from enablement.insights import dashboard
from enablement.insights.periods import Period, parse_period
from enablement.models import (
    AssetStatus,
    ContentRequest,
    Feedback,
)
from tests.insights.support import NOW, ago, use


def last(days: int) -> Period:
    return parse_period({"days": str(days)})


# ---------------------------------------------------------------- usage


def test_most_and_least_used_count_reps_in_the_period_by_action(app, create_asset, create_user):
    rep, marketer = create_user("rep"), create_user("marketing")
    busy = create_asset(title="Busy")
    quiet = create_asset(title="Quiet")
    unused = create_asset(title="Never opened")
    draft = create_asset(title="Draft", status=AssetStatus.DRAFT)
    use(busy, rep, "views", times=3)
    use(busy, rep, "copies", times=2)
    use(busy, rep, "downloads")
    use(quiet, rep, "views")
    use(quiet, rep, "views", when=ago(days=40))  # before the period
    use(quiet, marketer, "views", times=5)  # marketing previewing: not use
    use(draft, rep, "views", times=9)  # drafts are not in the report

    most = dashboard.asset_usage(last(30), most=True)
    assert [(r["title"], r["views"], r["copies"], r["downloads"], r["total"]) for r in most] == [
        ("Busy", 3, 2, 1, 6), ("Quiet", 1, 0, 0, 1)]
    assert most[0]["owner"]["name"] == "Marketing User"
    least = dashboard.asset_usage(last(30), most=False)
    assert [r["title"] for r in least] == ["Never opened", "Quiet", "Busy"]
    assert least[0]["total"] == 0 and unused.id == least[0]["id"]
    assert [r["title"] for r in dashboard.asset_usage(last(90), most=True)][:2] == [
        "Busy", "Quiet"]


def test_usage_over_time_per_day_then_per_week(app, create_asset, create_user):
    rep = create_user("rep")
    asset = create_asset()
    use(asset, rep, "views", when=NOW, times=2)
    use(asset, rep, "copies", when=ago(days=2))
    use(asset, rep, "views", when=ago(days=20))
    use(asset, rep, "downloads", when=ago(days=80))
    week = dashboard.usage_over_time(last(7))
    assert len(week) == 7 and week[0]["start"] == NOW.date() - timedelta(days=6)
    assert all(b["start"] == b["end"] for b in week)
    assert (week[-1]["views"], week[-1]["total"]) == (2, 2)
    assert week[-3]["copies"] == 1
    assert sum(b["total"] for b in week) == 3
    quarter = dashboard.usage_over_time(last(90))
    assert len(quarter) == 13  # 12 full weeks and a last short one
    assert quarter[-1]["end"] == NOW.date() and (quarter[-1]["end"] - quarter[-1]["start"]).days
    assert sum(b["total"] for b in quarter) == 5
    assert sum(b["downloads"] for b in quarter) == 1


# ---------------------------------------------------------------- feedback


def test_feedback_worst_rated_first_with_comments(app, create_asset, create_user):
    reps = [create_user("rep") for _ in range(3)]
    loved, hated, mixed = (create_asset(title=t) for t in ("Loved", "Hated", "Mixed"))
    verdicts = [(loved, reps[0], True, "Great for CFO calls"), (loved, reps[1], True, ""),
                (hated, reps[0], False, "Numbers are out of date"), (hated, reps[1], False, ""),
                (mixed, reps[0], True, ""), (mixed, reps[1], False, "Too long")]
    for asset, rep, helpful, comment in verdicts:
        db.session.add(Feedback(asset_id=asset.id, user_id=rep.id, helpful=helpful,
                                comment=comment))
    db.session.add(Feedback(asset_id=loved.id, user_id=reps[2].id, helpful=False,
                            comment="Old news", created_at=ago(days=60),
                            updated_at=ago(days=60)))
    db.session.commit()
    items = dashboard.feedback(last(30))
    assert [(i["title"], i["helpful"], i["not_helpful"]) for i in items] == [
        ("Hated", 0, 2), ("Mixed", 1, 1), ("Loved", 2, 0)]
    assert [c["comment"] for c in items[0]["comments"]] == ["Numbers are out of date"]
    assert items[0]["comments"][0]["by"] == reps[0].name
    assert [c["comment"] for c in items[2]["comments"]] == ["Great for CFO calls"]
    quarter = {i["title"]: i for i in dashboard.feedback(last(90))}
    assert (quarter["Loved"]["helpful"], quarter["Loved"]["not_helpful"]) == (2, 1)


# ---------------------------------------------------------------- requests


def test_open_requests_oldest_first_and_planned_after_open(app, create_user):
    rep = create_user("rep")
    rows = [ContentRequest(requester_id=rep.id, text=text, status=status,
                           created_at=ago(days=days))
            for text, status, days in (("new", "open", 1), ("old", "open", 20),
                                       ("planned", "planned", 30), ("done", "done", 40))]
    db.session.add_all(rows)
    db.session.commit()
    assert [r.text for r in dashboard.open_requests()] == ["old", "new", "planned"]


# ---------------------------------------------------------------- coverage


def test_coverage_counts_published_assets_per_market_and_kind(app, create_asset):
    create_asset("case_study", markets=["construction", "logistics"])
    create_asset("case_study", markets=["construction"])
    create_asset("email_template", markets=["healthcare"])
    create_asset("sales_aid", status=AssetStatus.DRAFT, markets=["healthcare"])
    create_asset("sales_aid", status=AssetStatus.ARCHIVED, markets=["healthcare"])
    cov = dashboard.coverage()
    assert [m["slug"] for m in cov["markets"]] == ["construction", "healthcare", "logistics"]
    assert [k["slug"] for k in cov["kinds"]][:2] == ["case_study", "email_template"]
    assert cov["counts"]["construction"]["case_study"] == 2
    assert cov["counts"]["logistics"]["case_study"] == 1
    assert cov["counts"]["healthcare"] == {"case_study": 0, "email_template": 1,
                                           "testimonial": 0, "white_paper": 0, "sales_aid": 0}
    assert ["healthcare", "sales_aid"] in cov["empty"]
    assert ["construction", "case_study"] not in cov["empty"]
    assert len(cov["empty"]) == 15 - 3


# ---------------------------------------------------------------- freshness


def test_freshness_lists_overdue_and_unused_assets_with_their_owner(app, create_asset,
                                                                    create_user):
    rep = create_user("rep")
    overdue = create_asset(title="Overdue", review_by=(NOW.date() - timedelta(days=3)))
    create_asset(title="Due later", review_by=(NOW.date() + timedelta(days=3)))
    create_asset(title="Overdue draft", status=AssetStatus.DRAFT,
                 review_by=(NOW.date() - timedelta(days=3)))
    stale = create_asset(title="Stale")
    used_long_ago = create_asset(title="Used long ago")
    recent_use = create_asset(title="Used lately")
    new = create_asset(title="Just published")
    for asset in (stale, used_long_ago, recent_use):
        asset.published_at = ago(days=200)
    db.session.commit()
    use(used_long_ago, rep, when=ago(days=120))
    use(recent_use, rep, when=ago(days=10))
    rows = dashboard.review_overdue()
    assert [(r["title"], r["days_overdue"]) for r in rows] == [("Overdue", 3)]
    assert rows[0]["owner"] == {"id": overdue.owner_id, "name": "Marketing User"}
    unused = {r["title"]: r for r in dashboard.unused_assets()}
    assert set(unused) == {"Stale", "Used long ago"}
    assert unused["Stale"]["last_used_at"] is None
    assert unused["Used long ago"]["last_used_at"].date() == ago(days=120).date()
    assert new.title not in unused
