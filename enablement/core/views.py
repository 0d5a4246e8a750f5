"""Home page and health check."""


from flask import Blueprint, current_app, jsonify, render_template
from flask_login import current_user
from sqlalchemy import func, select, text

from enablement.assets import services as assets
from enablement.extensions import db
from enablement.heartbeat import worker_status
from enablement.models import AssetStatus, Role, SearchOutbox, utcnow
from enablement.search.outbox import index_location
from enablement.security import public, role_required

bp = Blueprint("core", __name__)


@bp.get("/")
@role_required(Role.REP)
def home():
    recent = assets.list_assets(current_user, status=AssetStatus.PUBLISHED, sort="newest",
                                per_page=8).items
    drafts = overdue = []
    if current_user.has_role(Role.MARKETING):
        drafts = assets.list_assets(current_user, status=AssetStatus.DRAFT, per_page=10).items
        overdue = assets.overdue_reviews(current_user)
    return render_template(
        "core/home.html", recent=recent, drafts=drafts, overdue=overdue,
        kind_counts=assets.kind_counts(current_user),
        market_counts=assets.facet_counts(current_user, "markets"),
    )


@bp.get("/healthz")
@public
def healthz():
    """`{"status": "ok"}` once the database and the search index answer; 503 naming what is down.

    `worker` says whether the worker process (news, reminders, the outbox) beat recently. A
    silent worker doesn't change the status: the web process serves everything without it.

    Changes waiting longer than SEARCH_MAX_LAG seconds for the index (no worker running, or an
    index it cannot write) make the status "degraded" but keep the 200: this process still
    serves everything, so a load balancer must not take it out of rotation.
    """
    checks = {}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:  # any failure means "down"; the reason goes to the log
        db.session.rollback()
        checks["database"] = f"error: {type(error).__name__}"
    try:
        index_location().open().doc_count()
        checks["index"] = "ok"
    except Exception as error:
        checks["index"] = f"error: {type(error).__name__}"
    worker = {"status": "down", "last_seen": None}
    if checks["database"] == "ok":
        checks["index_updates"] = _index_updates()
        worker = worker_status().as_json()
    down = [name for name in ("database", "index") if checks[name] != "ok"]
    status = "error" if down else "ok" if checks["index_updates"] == "ok" else "degraded"
    return jsonify({"status": status, "checks": checks, "worker": worker}), 503 if down else 200


def _index_updates() -> str:
    """"ok", or how many changes have waited how long for the search index."""
    waiting, oldest = db.session.execute(
        select(func.count(SearchOutbox.id), func.min(SearchOutbox.created_at))).one()
    if not waiting:
        return "ok"
    age = (utcnow() - oldest).total_seconds()
    if age <= current_app.config["SEARCH_MAX_LAG"]:
        return "ok"
    return (f"error: {waiting} changes waiting for the index for {age:.0f} s "
            "(is the worker running, and can it write the index?)")
