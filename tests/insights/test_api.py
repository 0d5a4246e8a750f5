"""GET /api/v1/insights: the page as JSON, for marketing and admins, documented in OpenAPI."""

from __future__ import annotations

from datetime import timedelta

import pytest

from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import ContentRequest, Feedback
from tests.insights.support import NOW, ago, searched, use


@pytest.fixture
def bearer(create_user):
    def factory(role):
        token = auth_services.create_token(create_user(role), "test")
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return factory


def test_reps_and_strangers_are_refused(client, bearer):
    assert client.get("/api/v1/insights").status_code == 401
    response = client.get("/api/v1/insights", headers=bearer("rep"))
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"
    assert client.get("/api/v1/insights", headers=bearer("admin")).status_code == 200


def test_everything_the_page_shows_as_json(client, bearer, create_asset, create_user):
    rep = create_user("rep", name="Rita Rep")
    star = create_asset(title="Star", markets=["logistics"],
                        review_by=(NOW.date() - timedelta(days=2)))
    use(star, rep, "views", times=2)
    use(star, rep, "copies")
    db.session.add(Feedback(asset_id=star.id, user_id=rep.id, helpful=False, comment="Dated"))
    db.session.add(ContentRequest(requester_id=rep.id, text="Cold storage", market="logistics"))
    db.session.commit()
    searched(rep, "crane safety")

    body = client.get("/api/v1/insights?days=7", headers=bearer("marketing")).get_json()
    assert set(body) == {"period", "summary", "metrics", "usage", "feedback", "gaps",
                         "coverage", "freshness", "buyers"}
    summary = {s["key"]: s for s in body["summary"]}
    assert (summary["rep_usage"]["value"], summary["rep_usage"]["previous"]) == (3, 0)
    assert summary["searches_short"] == {**summary["searches_short"], "value": 1,
                                         "previous": 0, "better": "lower", "section": "gaps"}
    assert summary["requests_waiting"]["value"] == 1
    assert summary["requests_waiting"]["previous"] is None
    assert summary["review_overdue"]["value"] == 1
    assert body["period"] == {"from": (NOW.date() - timedelta(days=6)).isoformat(),
                              "to": NOW.date().isoformat(), "days": 7, "preset": 7,
                              "bucket": "day"}
    most = body["usage"]["most_used"][0]
    assert most["asset"]["title"] == "Star" and most["asset"]["url"].endswith(
        f"/assets/{star.id}")
    assert (most["views"], most["copies"], most["downloads"], most["total"]) == (2, 1, 0, 3)
    assert most["asset"]["owner"]["name"] == "Marketing User"
    assert len(body["usage"]["over_time"]) == 7
    assert body["usage"]["over_time"][-1] == {
        "start": NOW.date().isoformat(), "end": NOW.date().isoformat(), "views": 2,
        "copies": 1, "downloads": 0, "total": 3}
    assert body["feedback"][0]["not_helpful"] == 1
    assert body["feedback"][0]["comments"][0]["comment"] == "Dated"
    gap = body["gaps"]["searches"][0]
    assert (gap["example"], gap["searches"], gap["no_results"], gap["draft"],
            gap["also_searched_as"]) == ("crane safety", 1, 1, None, [])
    assert body["gaps"]["left_out"] == {"not_searches": 0, "misspellings": 0}
    assert body["gaps"]["set_aside"] == []
    request = body["gaps"]["open_requests"][0]
    assert (request["text"], request["status"], request["requester"]["name"]) == (
        "Cold storage", "open", "Rita Rep")
    assert body["coverage"]["counts"]["logistics"]["case_study"] == 1
    assert ["healthcare", "case_study"] in body["coverage"]["empty"]
    overdue = body["freshness"]["review_overdue"][0]
    assert (overdue["asset"]["id"], overdue["days_overdue"]) == (star.id, 2)
    assert body["freshness"]["unused_days"] == 90
    metrics = {m["metric"]: m for m in body["metrics"]}
    assert list(metrics) == ["assets_published", "assets_used_by_reps", "requests_fulfilled",
                             "median_days_to_fulfil", "wins_with_content",
                             "revenue_with_content"]
    assert metrics["assets_used_by_reps"]["value"] == 1
    assert metrics["median_days_to_fulfil"] == {**metrics["median_days_to_fulfil"],
                                                "value": None, "higher_is_better": False,
                                                "target": None, "progress": None}


def test_a_range_of_dates_and_weekly_buckets(client, bearer, create_asset, create_user):
    rep = create_user("rep")
    asset = create_asset()
    use(asset, rep, when=ago(days=40))
    first, last = NOW.date() - timedelta(days=59), NOW.date()
    body = client.get(f"/api/v1/insights?from={first}&to={last}",
                      headers=bearer("admin")).get_json()
    assert body["period"]["bucket"] == "week" and body["period"]["preset"] is None
    assert len(body["usage"]["over_time"]) == 9  # 8 weeks and 4 days
    assert sum(b["views"] for b in body["usage"]["over_time"]) == 1


@pytest.mark.parametrize(("query", "field"), [
    ("days=0", "days"), ("days=x", "days"), ("from=2025-01-01", "to"),
    ("from=2025-02-01&to=2025-01-01", "from"), ("from=2020-01-01&to=2025-01-01", "to"),
    ("from=9999-12-31&to=9999-12-31", "from"), ("from=9999-12-30&to=9999-12-31", "from"),
    ("from=0001-01-01&to=0001-12-31", "from"), ("from=2025-01-01&to=0001-01-01", "to"),
    ("from=1900-01-01&to=9999-12-31", "to"),
])
def test_a_bad_period_is_a_422_naming_the_field(client, bearer, query, field):
    response = client.get(f"/api/v1/insights?{query}", headers=bearer("marketing"))
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]


def test_the_endpoint_is_documented(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/insights"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"days", "from", "to"}
    assert set(operation["responses"]) == {"200", "401", "403", "422"}
    schema = document["components"]["schemas"]["Insights"]
    assert set(schema["required"]) == {"period", "summary", "metrics", "usage", "feedback",
                                       "gaps",
                                       "coverage", "freshness"}
    assert "InsightsAsset" in document["components"]["schemas"]
