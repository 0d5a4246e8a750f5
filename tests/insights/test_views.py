"""/insights in the browser: who sees it, every section with its numbers, the one-click drafts,
admins' targets, speed with a realistic amount of data, and the whole loop from a failed search
to a win."""

from __future__ import annotations

import random
import re
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, insert, select

from enablement.extensions import db
from enablement.models import (
    Asset,
    AssetStatus,
    ContentRequest,
    Feedback,
    MetricTarget,
    Notification,
    RequestStatus,
    SearchLog,
    UsageEvent,
    Win,
    WinAsset,
)
from enablement.models.search import GapSetAside
from tests.insights.support import INLINE_CODE, NOW, ago, page_of, searched, section, use

# ---------------------------------------------------------------- who sees it


def test_marketing_and_admins_see_insights_reps_do_not(client, login_as, auth):
    assert client.get("/insights").status_code == 302  # to sign in
    login_as("rep")
    assert client.get("/insights").status_code == 403
    assert 'href="/insights"' not in client.get("/").get_data(as_text=True)
    auth.logout()
    login_as("marketing")
    page = page_of(client.get("/insights"))
    assert 'href="/insights"' in client.get("/").get_data(as_text=True)
    assert "Set targets" not in page  # admins only
    auth.logout()
    login_as("admin")
    assert "Set targets" in page_of(client.get("/insights"))


def test_an_empty_hub_shows_every_section_without_inline_code(client, login_as):
    login_as("admin")
    page = page_of(client.get("/insights"))
    for name in ("metrics", "usage", "feedback", "gaps", "coverage", "freshness"):
        section(page, name)
    assert "No rep used an asset in this period" in page
    assert "No gaps" in page and "No open requests" in page
    assert INLINE_CODE.findall(page) == []
    assert page.count("<svg") == 4  # two charts, each for wide screens and phones
    assert page.count("<title id=") == 4


# ---------------------------------------------------------------- the layout


def test_the_summary_comes_first_and_every_panel_opens_on_demand(client, login_as,
                                                                 create_asset, create_user):
    rep = create_user("rep")
    star = create_asset(title="Star case study")
    use(star, rep, "views", times=3)
    use(star, rep, "views", when=ago(days=10))  # the week before
    searched(rep, "crane safety")
    login_as("marketing")
    page = page_of(client.get("/insights?days=7"))
    summary = re.search(r'<section class="insights-summary".*?</section>', page, re.S).group(0)
    assert page.index(summary) < page.index('class="insights-panel"')
    figures = re.findall(r'href="#(\w+)">([^<]+)</a>\s*<span class="insights-figure-value">'
                         r'([^<]+)</span>\s*<span class="insights-figure-change[^"]*">([^<]+)<',
                         summary)
    assert ("usage", "Rep views, copies, downloads", "3",
            "up from 1 the 7 days before") in figures
    assert ("gaps", "Searches that came up short", "1", "up from 0 the 7 days before") in figures
    assert len(figures) == 6
    panels = re.findall(r'<details class="insights-panel" id="(\w+)-panel">\s*<summary', page)
    assert panels == ["gaps", "usage", "buyers", "feedback", "metrics", "coverage", "freshness"]
    gist = re.search(r'id="gaps-panel">.*?insights-panel-gist">([^<]+)<', page, re.S).group(1)
    assert gist == "1 search came up short (1 topic) · 0 requests waiting"
    assert '<script src="/static/js/insights.js">' in page


# ---------------------------------------------------------------- the sections


def test_the_page_shows_each_section_for_the_period(client, login_as, create_asset,
                                                    create_user):
    rep = create_user("rep", name="Rita Rep")
    star = create_asset(title="Star case study", markets=["logistics"])
    dusty = create_asset(title="Dusty battle card", kind="sales_aid",
                         review_by=(NOW.date() - timedelta(days=5)))
    dusty.published_at = ago(days=150)
    db.session.commit()
    use(star, rep, "views", times=4)
    use(star, rep, "copies")
    use(star, rep, "downloads", when=ago(days=20))
    db.session.add(Feedback(asset_id=star.id, user_id=rep.id, helpful=False,
                            comment="Numbers are out of date"))
    db.session.add(ContentRequest(requester_id=rep.id, text="Cold storage case study",
                                  market="logistics", kind="case_study"))
    db.session.commit()
    searched(rep, "crane safety")
    searched(rep, "crane safety")
    login_as("marketing")

    page = page_of(client.get("/insights?days=7"))
    assert "last 7 days" in page and 'aria-current="true">7 days' in page
    usage = section(page, "usage")
    assert "Star case study" in usage and ">5</td>" in usage  # 4 views + 1 copy this week
    assert "Dusty battle card" in usage  # least used
    feedback = section(page, "feedback")
    assert "Numbers are out of date" in feedback and "Rita Rep" in feedback
    gaps = section(page, "gaps")
    assert "“crane safety”" in gaps and "2 searches by 1 rep" in gaps
    assert "2 found nothing" in gaps
    assert "Cold storage case study" in gaps and "Rita Rep" in gaps
    coverage = section(page, "coverage")
    assert '<td class="num">1</td>' in coverage and "coverage-empty" in coverage
    freshness = section(page, "freshness")
    assert "Dusty battle card" in freshness and "5 days ago" in freshness
    assert "never" in freshness
    metrics = section(page, "metrics")
    assert "Assets used by reps" in metrics

    month = page_of(client.get("/insights?days=30"))
    assert ">6</td>" in section(month, "usage")  # the download 20 days ago counts now
    custom = page_of(client.get(
        f"/insights?from={(NOW.date() - timedelta(days=2)).isoformat()}"
        f"&to={NOW.date().isoformat()}"))
    assert "to " + NOW.date().isoformat() in custom


@pytest.mark.parametrize(("query", "field"), [
    ("days=0", None), ("days=abc", None), ("from=2025-02-01", "to"),
    ("from=2025-03-01&to=2025-02-01", "from"), ("from=x&to=y", "from"),
    ("from=9999-12-31&to=9999-12-31", "from"), ("from=0001-01-01&to=0001-01-01", "from"),
    ("from=2025-01-01&to=9999-12-31", "to"), ("from=2000-01-01&to=2025-01-01", "to"),
])
def test_a_bad_period_is_explained_and_the_default_shown(client, login_as, query, field):
    login_as("marketing")
    response = client.get(f"/insights?{query}")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page and "last 30 days" in page
    if field:  # the box keeps what was typed and says what is wrong with it
        assert f'id="period-{field}-error" role="alert"' in page
        assert f'aria-describedby="period-{field}-error"' in page


# ---------------------------------------------------------------- drafts in one click


def test_a_gap_becomes_a_draft_and_the_page_then_links_to_it(client, login_as, create_user):
    rep = create_user("rep")
    searched(rep, "hipaa email template")
    login_as("marketing")
    page = page_of(client.get("/insights"))
    assert 'action="/insights/gaps/draft"' in page
    assert '<option value="email_template" selected>' in section(page, "gaps")  # guessed kind
    response = client.post("/insights/gaps/draft",
                           data={"query": "hipaa email template", "kind": "email_template"})
    asset = db.session.scalars(select(Asset)).one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assets/{asset.id}/edit")
    assert (asset.title, asset.kind, asset.status) == ("Hipaa email template", "email_template",
                                                       AssetStatus.DRAFT)
    gaps = section(page_of(client.get("/insights")), "gaps")
    assert f'href="/assets/{asset.id}/edit">Draft started' in gaps
    client.post("/insights/gaps/draft", data={"query": "hipaa email template",
                                              "kind": "email_template"})
    assert len(db.session.scalars(select(Asset)).all()) == 1


@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "case_study"}, "Choose a search"),
    ({"query": "crane safety", "kind": "poster"}, "Choose one of"),
    ({"query": "x" * 401, "kind": "case_study"}, "Choose a search"),
])
def test_a_bad_gap_draft_says_why_and_creates_nothing(client, login_as, data, message):
    login_as("marketing")
    response = client.post("/insights/gaps/draft", data=data, follow_redirects=True)
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(Asset)) is None


def test_a_request_becomes_a_draft_from_the_page(client, login_as, create_user):
    rep = create_user("rep")
    db.session.add(ContentRequest(requester_id=rep.id, text="Cold storage case study",
                                  market="logistics", kind="case_study"))
    db.session.commit()
    login_as("marketing")
    gaps = section(page_of(client.get("/insights")), "gaps")
    action = re.search(r'action="(/requests/\d+/draft)"', gaps).group(1)
    assert '<option value="case_study" selected>' in gaps
    response = client.post(action, data={"kind": "case_study"})
    asset = db.session.scalars(select(Asset)).one()
    assert response.headers["Location"].endswith(f"/assets/{asset.id}/edit")
    request = db.session.scalars(select(ContentRequest)).one()
    assert (request.asset_id, request.status) == (asset.id, RequestStatus.PLANNED)
    assert asset.markets == ["logistics"] and asset.title == "Cold storage case study"
    gaps = section(page_of(client.get("/insights")), "gaps")
    assert "Planned" in gaps and f'href="/assets/{asset.id}/edit">Edit the draft' in gaps


def test_drafts_need_the_csrf_token(csrf_app):
    from enablement.auth import services

    services.create_user("m@example.com", "M", "marketing", "correct horse battery")
    db.session.commit()
    client = csrf_app.test_client()
    client.post("/login", data={"email": "m@example.com", "password": "correct horse battery"})
    response = client.post("/insights/gaps/draft", data={"query": "crane safety",
                                                         "kind": "case_study"})
    assert response.status_code == 400
    assert db.session.scalar(select(Asset)) is None


# ---------------------------------------------------------------- setting gaps aside


def test_marketing_dismisses_snoozes_and_brings_back_a_gap(client, login_as, create_user):
    rep = create_user("rep")
    searched(rep, "crane safety")
    searched(rep, "hipaa baa")
    login_as("marketing")
    gaps = section(page_of(client.get("/insights?days=7")), "gaps")
    assert gaps.count('action="/insights/gaps/set-aside?days=7"') == 2
    response = client.post("/insights/gaps/set-aside?days=7",
                           data={"query": "crane safety", "how": "snooze"})
    assert response.headers["Location"] == "/insights?days=7#gaps"
    page = page_of(client.get("/insights?days=7"))
    assert "Snoozed for 30 days." in page
    listed = section(page, "gaps").split("Dismissed or snoozed (1)")
    assert "“crane safety”" not in listed[0] and "“hipaa baa”" in listed[0]
    assert "snoozed until" in listed[1] and "Bring back" in listed[1]
    client.post("/insights/gaps/set-aside", data={"query": "hipaa baa", "how": "dismiss"})
    page = page_of(client.get("/insights?days=7"))
    assert "comes back if 3 reps search for it again" in page
    assert "No gaps" in section(page, "gaps") and "Dismissed or snoozed (2)" in page
    client.post("/insights/gaps/set-aside", data={"query": "crane safety", "how": "bring_back"})
    assert "“crane safety”" in section(page_of(client.get("/insights")), "gaps").split(
        "Dismissed or snoozed")[0]


@pytest.mark.parametrize(("data", "message"), [
    ({"how": "dismiss"}, "Choose a search and whether"),
    ({"query": "crane safety", "how": "forever"}, "Choose a search and whether"),
    ({"query": "never searched", "how": "dismiss"}, "Choose a search from the list"),
    ({"query": "x" * 401, "how": "snooze"}, "Choose a search and whether"),
    ({"query": "crane safety", "how": "bring_back"}, "t dismissed or snoozed"),
])
def test_setting_a_gap_aside_explains_bad_input(client, login_as, create_user, data, message):
    searched(create_user("rep"), "crane safety")
    login_as("marketing")
    page = client.post("/insights/gaps/set-aside", data=data,
                       follow_redirects=True).get_data(as_text=True)
    assert message in page
    assert db.session.scalar(select(GapSetAside)) is None


def test_reps_cannot_set_gaps_aside_and_the_form_needs_its_token(client, login_as, csrf_app,
                                                                 create_user):
    searched(create_user("rep"), "crane safety")
    login_as("rep")
    assert client.post("/insights/gaps/set-aside",
                       data={"query": "crane safety", "how": "dismiss"}).status_code == 403
    from enablement.auth import services

    services.create_user("m2@example.com", "M", "marketing", "correct horse battery")
    db.session.commit()
    other = csrf_app.test_client()
    other.post("/login", data={"email": "m2@example.com", "password": "correct horse battery"})
    assert other.post("/insights/gaps/set-aside",
                      data={"query": "crane safety", "how": "dismiss"}).status_code == 400
    assert db.session.scalar(select(GapSetAside)) is None


# ---------------------------------------------------------------- targets


def test_admins_set_targets_in_one_form(client, login_as):
    login_as("admin")
    response = client.post("/insights/targets?days=7&_external=1&_scheme=javascript", data={
        "target_assets_published_30": "12", "target_revenue_with_content_90": "90000",
        "target_median_days_to_fulfil_7": "3.5"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/insights?days=7#metrics"
    targets = {(t.metric, t.period_days): t.target
               for t in db.session.scalars(select(MetricTarget))}
    assert targets == {("assets_published", 30): Decimal("12.00"),
                       ("revenue_with_content", 90): Decimal("90000.00"),
                       ("median_days_to_fulfil", 7): Decimal("3.50")}
    page = page_of(client.get("/insights?days=30"))
    assert 'value="12"' in page and 'value="90000"' in page
    assert "Target 12" in section(page, "metrics")
    assert "scaled from the 90-day target" in section(page, "metrics")
    # Emptying a box removes that target; the others stay.
    client.post("/insights/targets", data={"target_revenue_with_content_90": "90000",
                                           "target_median_days_to_fulfil_7": "3.5"})
    assert db.session.get(MetricTarget, ("assets_published", 30)) is None


def test_without_targets_one_line_says_so_and_only_admins_get_the_link(client, login_as, auth):
    login_as("marketing")
    metrics = section(page_of(client.get("/insights")), "metrics")
    assert metrics.count("No target") == 1
    assert "No targets set yet — admins can set them." in " ".join(metrics.split())
    assert 'href="#targets"' not in metrics
    auth.logout()
    login_as("admin")
    page = page_of(client.get("/insights"))
    assert 'No targets set yet — <a href="#targets">set them below</a>' in " ".join(
        section(page, "metrics").split())
    assert 'id="targets"' in page
    client.post("/insights/targets", data={"target_assets_published_30": "12"})
    metrics = section(page_of(client.get("/insights")), "metrics")
    line = " ".join(re.search(r'class="insights-no-targets small">(.*?)</p>', metrics,
                              re.S).group(1).split())
    assert line.startswith("No target yet for Assets used by reps, Requests fulfilled,")
    assert "Assets published" not in line


def test_a_bad_target_is_shown_on_the_form_and_nothing_saved(client, login_as):
    login_as("admin")
    response = client.post("/insights/targets", data={"target_assets_published_30": "12",
                                                      "target_wins_with_content_7": "lots"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Use a number" in page and 'aria-invalid="true"' in page
    assert '<details class="insights-panel" id="metrics-panel" open>' in page
    assert '<details class="insights-targets" id="targets" open>' in page
    assert 'value="lots"' in page
    assert db.session.scalar(select(MetricTarget)) is None


def test_marketing_cannot_set_targets(client, login_as):
    login_as("marketing")
    assert client.post("/insights/targets",
                       data={"target_assets_published_30": "1"}).status_code == 403
    assert db.session.scalar(select(MetricTarget)) is None


# ---------------------------------------------------------------- speed


def test_the_page_stays_fast_with_10k_usage_events_and_1k_searches(app, client, login_as,
                                                                   create_asset, create_user):
    random.seed(5)
    reps = [create_user("rep") for _ in range(5)]
    assets = [create_asset(title=f"Asset {n}", markets=[random.choice(
        ["construction", "healthcare", "logistics"])]) for n in range(40)]
    db.session.execute(insert(UsageEvent), [
        {"asset_id": random.choice(assets).id, "user_id": random.choice(reps).id,
         "action": random.choice(["views", "copies", "downloads"]),
         "created_at": ago(days=random.random() * 89)} for _ in range(10_000)])
    db.session.execute(insert(SearchLog), [
        {"user_id": random.choice(reps).id, "query": f"query {n % 60}",
         "normalized_query": f"query {n % 60}", "filters": {}, "result_count": n % 3,
         "took_ms": 2.0, "source": "web", "clicked_doc": None if n % 2 else "asset:1",
         "created_at": ago(days=random.random() * 89), "note": ""} for n in range(1_000)])
    db.session.add_all(Feedback(asset_id=a.id, user_id=r.id, helpful=bool(n % 2), comment="ok")
                       for n, (a, r) in enumerate(zip(assets, reps * 8, strict=False)))
    db.session.commit()
    login_as("admin")
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        started = time.perf_counter()
        page = page_of(client.get("/insights?days=90"))
        elapsed = time.perf_counter() - started
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(statements) <= 28, len(statements)  # a handful per section, no N+1
    assert elapsed < 3.0, elapsed  # about 0.2 s on a laptop; generous for slow CI
    assert "Asset 0" in page or "Asset 1" in page


# ---------------------------------------------------------------- the whole loop


def test_the_loop_from_a_failed_search_to_a_win_shows_on_insights(app, client, auth,
                                                                   create_user, create_asset):
    """A rep searches and finds nothing, asks for content; marketing drafts and publishes it;
    the rep is told, uses it, rates it and records a win with it; /insights shows each step."""
    create_asset(title="OSHA recordkeeping for field crews")  # something else to find
    rep = create_user("rep", name="Rita Rep")
    marketer = create_user("marketing", name="Mia Marketer")

    auth.login(rep)
    assert "Nothing found" in client.get("/search?q=reefer+monitoring").get_data(as_text=True)
    client.post("/requests", data={"text": "Case study on reefer monitoring",
                                   "market": "logistics", "kind": "case_study",
                                   "search_query": "reefer monitoring"})
    auth.logout()

    auth.login(marketer)
    gaps = section(page_of(client.get("/insights")), "gaps")
    assert "“reefer monitoring”" in gaps and "1 found nothing" in gaps
    assert "Case study on reefer monitoring" in gaps
    action = re.search(r'action="(/requests/\d+/draft)"', gaps).group(1)
    edit = client.post(action, data={"kind": "case_study"}).headers["Location"]
    asset_id = int(re.search(r"/assets/(\d+)/edit", edit).group(1))
    written = {
        "title": "Coldline cuts reefer excursions 27%", "summary": "Reefer monitoring story.",
        "markets": ["logistics"], "customer": "Coldline", "challenge": "Spoilage.",
        "solution": "Monitoring.", "results": "27% fewer excursions.", "intent": "save"}
    client.post(edit, data=written)
    # A draft started from a request is published only after its author confirms it.
    client.post(action + "/confirm", data={"confirmed": "y"})
    response = client.post(edit, data={**written, "intent": "publish"})
    assert response.status_code == 302, response.get_data(as_text=True)
    asset = db.session.get(Asset, asset_id)
    assert asset.is_published
    auth.logout()

    auth.login(rep)
    request = db.session.scalars(select(ContentRequest)).one()
    assert request.status == RequestStatus.DONE and request.fulfilled_at is not None
    assert db.session.scalars(select(Notification).where(
        Notification.user_id == rep.id)).first() is not None
    assert client.get(f"/assets/{asset_id}").status_code == 200  # a view
    assert client.post(f"/api/v1/assets/{asset_id}/feedback", json={
        "helpful": True, "comment": "Closed the deal"}).status_code == 201
    assert client.post("/api/v1/wins", json={
        "account": "Polar Foods", "market": "logistics", "amount": 48000,
        "asset_ids": [asset_id], "closed_on": NOW.date().isoformat()}).status_code == 201
    auth.logout()

    auth.login(marketer)
    page = page_of(client.get("/insights"))
    assert "Coldline cuts reefer excursions 27%" in section(page, "usage")
    assert "Closed the deal" in section(page, "feedback")
    assert "Case study on reefer monitoring" not in section(page, "gaps")  # done, off the list
    metrics = client.get("/api/v1/insights").get_json()["metrics"]
    values = {m["metric"]: m["value"] for m in metrics}
    assert values["requests_fulfilled"] == 1
    assert values["assets_used_by_reps"] == 1
    assert values["wins_with_content"] == 1 and values["revenue_with_content"] == 48000
    assert values["assets_published"] == 2
    assert db.session.scalar(select(Win.id)) and db.session.scalar(select(WinAsset.asset_id))
