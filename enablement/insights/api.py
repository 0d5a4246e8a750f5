"""`GET /api/v1/insights`: the /insights page as JSON, for marketing and admins."""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_login import current_user

from enablement.api.common import api_blueprint
from enablement.api.openapi import register_paths
from enablement.insights import dashboard, periods
from enablement.insights.openapi import document
from enablement.models import Role
from enablement.requests import services as content_requests
from enablement.security import role_required
from enablement.web import iso_utc

bp = api_blueprint("insights_api", __name__)
register_paths(document)


def _asset(row: dict) -> dict:
    return {"id": row["id"], "title": row["title"], "kind": row["kind"],
            "url": url_for("assets.detail", asset_id=row["id"], _external=True),
            "owner": row["owner"]}


def _usage_row(row: dict) -> dict:
    return {"asset": _asset(row), "published_at": iso_utc(row["published_at"]),
            **{action: row[action] for action in (*dashboard.ACTIONS, "total")}}


def report_json(report: dict) -> dict:
    """The report as the API shows it (the OpenAPI `Insights` schema describes it)."""
    return {
        "period": report["period"].as_json(),
        "summary": report["summary"],
        "metrics": report["metrics"],
        "usage": {
            "by": "reps",
            "most_used": [_usage_row(r) for r in report["most_used"]],
            "least_used": [_usage_row(r) for r in report["least_used"]],
            "over_time": [{**b, "start": b["start"].isoformat(), "end": b["end"].isoformat()}
                          for b in report["over_time"]],
        },
        "feedback": [
            {"asset": _asset(item), "helpful": item["helpful"],
             "not_helpful": item["not_helpful"],
             "comments": [{**c, "at": iso_utc(c["at"])} for c in item["comments"]]}
            for item in report["feedback"]
        ],
        "gaps": {
            "searches": [{**{k: v for k, v in gap.items() if k != "draft"},
                          "last_searched_at": iso_utc(gap["last_searched_at"]),
                          "draft": ({"id": gap["draft"], "url": url_for(
                              "assets.detail", asset_id=gap["draft"], _external=True)}
                              if gap["draft"] else None)}
                         for gap in report["gaps"].searches],
            "questions": [{**q, "last_asked_at": iso_utc(q["last_asked_at"])}
                          for q in report["questions"]],
            "left_out": report["gaps"].left_out,
            "set_aside": [{**item, "until": iso_utc(item["until"]), "at": iso_utc(item["at"])}
                          for item in report["gaps"].set_aside],
            "open_requests": [content_requests.request_json(r, current_user)
                              for r in report["requests"]],
        },
        "coverage": report["coverage"],
        "freshness": {
            "unused_days": dashboard.UNUSED_DAYS,
            "review_overdue": [{"asset": _asset(r), "review_by": r["review_by"].isoformat(),
                                "days_overdue": r["days_overdue"]} for r in report["overdue"]],
            "unused": [{"asset": _asset(r), "published_at": iso_utc(r["published_at"]),
                        "last_used_at": iso_utc(r["last_used_at"])} for r in report["unused"]],
        },
        "buyers": {
            "shares": report["buyers"]["shares"], "opens": report["buyers"]["opens"],
            "assets": [{"asset": _asset(r), **{k: r[k] for k in (
                "shared", "opened", "median_seconds", "completion")}}
                for r in report["buyers"]["assets"]],
            "never_opened": [{"asset": _asset(r), "shared": r["shared"]}
                             for r in report["buyers"]["never_opened"]],
            "markets": report["buyers"]["markets"],
        },
    }


@bp.get("/insights")
@role_required(Role.MARKETING)
def index():
    period = periods.parse_period(request.args)
    return jsonify(report_json(dashboard.report(period)))
