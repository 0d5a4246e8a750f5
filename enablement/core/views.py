"""Home page and health check."""

from datetime import date

from flask import Blueprint, jsonify, render_template
from flask_login import current_user
from sqlalchemy import select, text
from sqlalchemy.orm import selectinload

from enablement.assets import services as assets
from enablement.extensions import db
from enablement.models import Asset, AssetStatus, Role
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
        overdue = db.session.scalars(
            select(Asset).where(Asset.status == AssetStatus.PUBLISHED,
                                Asset.review_by < date.today())
            .order_by(Asset.review_by).limit(10).options(selectinload(Asset.owner))
        ).all()
    return render_template(
        "core/home.html", recent=recent, drafts=drafts, overdue=overdue,
        kind_counts=assets.kind_counts(current_user),
        market_counts=assets.facet_counts(current_user, "markets"),
    )


@bp.get("/healthz")
@public
def healthz():
    """`{"status": "ok"}` once the database and the search index answer; 503 naming what is down."""
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
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", "checks": checks}
    return jsonify(body), 200 if healthy else 503
