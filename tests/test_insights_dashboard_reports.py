"""The reports behind /insights: the period, usage, feedback, gaps, coverage, freshness, the
shared metrics with their targets, and the SVG charts."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from enablement.errors import Forbidden, ValidationError
from enablement.extensions import db
from enablement.insights import charts, dashboard, metrics
from enablement.insights.dashboard import Period, parse_period
from enablement.models import (
    AssetStatus,
    ContentRequest,
    Feedback,
    MetricTarget,
    RequestStatus,
    Win,
    WinAsset,
)
from tests.test_insights_dashboard import NOW, ago, fast_password_hashing, searched, use

__all__ = ["fast_password_hashing"]  # autouse fixture shared with the page tests

TODAY = date(2025, 6, 30)


def last(days: int) -> Period:
    return parse_period({"days": str(days)})


# ---------------------------------------------------------------- the period


@pytest.mark.parametrize(("args", "first", "last_day", "preset"), [
    ({}, date(2025, 6, 1), TODAY, 30),
    ({"days": "7"}, date(2025, 6, 24), TODAY, 7),
    ({"days": "90"}, date(2025, 4, 2), TODAY, 90),
    ({"days": "14"}, date(2025, 6, 17), TODAY, None),
    ({"from": "2025-01-01", "to": "2025-01-31"}, date(2025, 1, 1), date(2025, 1, 31), None),
    ({"days": "7", "from": "2025-03-01", "to": "2025-03-01"}, date(2025, 3, 1),
     date(2025, 3, 1), None),
])
def test_the_period_is_whole_utc_days(args, first, last_day, preset):
    period = parse_period(args, TODAY)
    assert (period.first, period.last, period.preset) == (first, last_day, preset)
    assert period.days == (last_day - first).days + 1
    assert period.ends_at - period.starts_at == timedelta(days=period.days)
    assert period.bucket == ("day" if period.days <= 31 else "week")


@pytest.mark.parametrize(("args", "field"), [
    ({"days": "0"}, "days"),
    ({"days": "367"}, "days"),
    ({"days": "seven"}, "days"),
    ({"days": "-3"}, "days"),
    ({"from": "2025-01-01"}, "to"),
    ({"to": "2025-01-01"}, "from"),
    ({"from": "01/02/2025", "to": "2025-02-01"}, "from"),
    ({"from": "2025-02-02", "to": "2025-02-01"}, "from"),
    ({"from": "2023-01-01", "to": "2025-01-01"}, "to"),
])
def test_a_bad_period_names_the_field(args, field):
    with pytest.raises(ValidationError) as caught:
        parse_period(args, TODAY)
    assert field in caught.value.fields


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


# ---------------------------------------------------------------- gaps


def test_gaps_group_searches_that_found_nothing_or_were_not_opened(app, create_user):
    reps = [create_user("rep") for _ in range(2)]
    searched(reps[0], "Cold storage", normalized="cold storag")
    searched(reps[1], "cold  storage", normalized="cold storag")
    searched(reps[1], "cold storage", results=4, normalized="cold storag")  # not opened
    searched(reps[0], "osha", results=3, clicked="asset:1")  # found and opened: no gap
    searched(reps[0], "union rules", when=ago(days=45))  # before the period
    searched(reps[0], "hipaa email template")
    gaps = dashboard.search_gaps(last(30))
    assert [(g["normalized_query"], g["searches"], g["no_results"], g["no_clicks"],
             g["people"]) for g in gaps] == [("cold storag", 3, 2, 1, 2),
                                            ("hipaa email template", 1, 1, 0, 1)]
    assert gaps[0]["example"] in ("Cold storage", "cold  storage", "cold storage")
    assert gaps[1]["kind"] == "email_template" and gaps[0]["kind"] is None
    assert gaps[0]["draft"] is None
    assert "union rules" in [g["normalized_query"] for g in dashboard.search_gaps(last(90))]


@pytest.mark.parametrize(("text", "kind"), [
    ("case study cold storage", "case_study"), ("intro email", "email_template"),
    ("Battle card vs CrewGrid", "sales_aid"), ("hospital testimonial", "testimonial"),
    ("OSHA white paper", "white_paper"), ("cold storage", None), ("emailing", None),
])
def test_the_words_of_a_search_suggest_a_kind(text, kind):
    assert dashboard.guess_kind(text) == kind


def test_a_draft_from_a_gap_links_requests_made_from_that_search(app, create_user):
    marketer, rep = create_user("marketing"), create_user("rep")
    same = ContentRequest(requester_id=rep.id, text="Cold storage story",
                          search_query="Cold storage")
    other = ContentRequest(requester_id=rep.id, text="Something else", search_query="osha")
    db.session.add_all([same, other])
    db.session.commit()
    asset = dashboard.start_draft_from_gap(marketer, "cold   storage", "case_study")
    db.session.commit()
    assert (asset.title, asset.kind, asset.status, asset.owner_id) == (
        "Cold storage", "case_study", AssetStatus.DRAFT, marketer.id)
    assert (same.asset_id, same.status) == (asset.id, RequestStatus.PLANNED)
    assert (other.asset_id, other.status) == (None, RequestStatus.OPEN)
    again = dashboard.start_draft_from_gap(marketer, "Cold storage", "white_paper")
    assert again.id == asset.id  # a second click opens the same draft
    searched(rep, "cold storage")
    assert dashboard.search_gaps(last(7))[0]["draft"] == asset.id
    with pytest.raises(ValidationError):
        dashboard.start_draft_from_gap(marketer, "   ", "case_study")
    with pytest.raises(ValidationError):
        dashboard.start_draft_from_gap(marketer, "crane safety", "poster")
    with pytest.raises(Forbidden):
        dashboard.start_draft_from_gap(rep, "crane safety", "case_study")


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


# ---------------------------------------------------------------- shared metrics


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


# ---------------------------------------------------------------- charts


def _no_inline_code(svg: str) -> None:
    assert "<script" not in svg and " style=" not in svg and not re.search(r"\son\w+=", svg)


def test_bar_chart_is_labelled_svg_with_one_bar_segment_per_value():
    rows = [{"views": 3, "copies": 1, "downloads": 0}, {"views": 0, "copies": 0, "downloads": 0},
            {"views": 10, "copies": 0, "downloads": 2}]
    series = [charts.Series("views", "Views", "#2456a6"),
              charts.Series("copies", "Copies", "#0f7a5c"),
              charts.Series("downloads", "Downloads <&>", "#c77700")]
    svg = str(charts.stacked_bars("u", "Usage <per day>", "desc", ["Jun 1", "Jun 2", "Jun 3"],
                                  rows, series, "nothing"))
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="u-title u-desc"' in svg
    assert '<title id="u-title">Usage &lt;per day&gt;</title>' in svg
    assert "Downloads &lt;&amp;&gt;" in svg
    assert svg.count("<rect") == 3 + 4  # legend swatches + non-zero values
    assert "Jun 3: 10 views" in svg
    assert "nothing" not in svg
    _no_inline_code(svg)
    empty = str(charts.stacked_bars("e", "t", "d", ["a"], [dict.fromkeys(
        ("views", "copies", "downloads"), 0)], series, "No use", compact=True))
    assert "No use" in empty and "chart-compact" in empty


@pytest.mark.parametrize(("top", "step"), [(0, 1), (3, 1), (4, 1), (5, 2), (9, 5), (290, 100),
                                           (400, 100), (1001, 500)])
def test_axis_steps_are_round(top, step):
    assert charts.axis_step(top) == step
    assert charts.axis_step(top) * 4 >= top


@pytest.mark.parametrize("compact", [False, True])
def test_heat_map_outlines_empty_cells(compact):
    svg = str(charts.heat_map(
        "c", "Coverage", "desc", [("a", "Alpha & Co"), ("b", "B" * 40)],
        [("x", "Case study"), ("y", "Email template")],
        {"a": {"x": 4, "y": 0}, "b": {"x": 1, "y": 2}}, compact=compact))
    assert '<title id="c-title">Coverage</title>' in svg and 'role="img"' in svg
    assert svg.count('class="heat-cell heat-empty"') == 1
    assert svg.count('stroke-dasharray') == 1
    assert "Alpha &amp; Co, Email template: 0 published" in svg
    assert "B" * 29 + "…" in svg  # long names are cut in the chart (the table has them whole)
    _no_inline_code(svg)
