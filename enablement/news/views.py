"""The news digest, a news item's page, talking points and pins, and the feeds page for admins."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from enablement.assets import services as assets
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.heartbeat import worker_status
from enablement.markdown import render_markdown
from enablement.models import Role
from enablement.news import services
from enablement.news.atom import feed_key_for
from enablement.news.forms import PinForm, TalkingPointsForm
from enablement.news.parse import plain_text, sanitise_feed_html
from enablement.security import role_required
from enablement.web import ActionForm

bp = Blueprint("news", __name__, url_prefix="/news")

ASSETS_PER_MARKET = 3


@bp.app_context_processor
def news_helpers() -> dict:
    return {
        "news_why": services.why_tagged,
        "news_excerpt": lambda item, limit=320: plain_text(item.summary or item.content, limit),
        # Stored HTML was sanitised when it arrived; clean it again on the way out anyway.
        "news_html": render_safe,
    }


def render_safe(markup: str) -> Markup:
    return Markup(sanitise_feed_html(markup, images=False))  # noqa: S704  # nosec B704 - sanitised here


def _filters() -> tuple[str | None, int]:
    """The digest's filters; anything unusable falls back to the default (pages are lenient)."""
    default_days = current_app.config["NEWS_DIGEST_DAYS"]
    market = request.args.get("market") or None
    days = request.args.get("days") or default_days
    try:
        return services.check_filters(market, days)
    except ValidationError as error:
        for message in error.fields.values():
            flash(message, "warning")
        market = None if "market" in error.fields else market
        days = default_days if "days" in error.fields else days
        return services.check_filters(market, days)


@bp.get("")
@role_required(Role.REP)
def digest():
    market, days = _filters()
    result = services.digest(current_user, market=market, days=days,
                             per_market=current_app.config["NEWS_DIGEST_PER_MARKET"])
    market_assets = {
        section.market.slug: assets.list_assets(current_user, market=section.market.slug,
                                                sort="updated", per_page=ASSETS_PER_MARKET)
        for section in result.sections
    }
    config, config_error = services.config_status()
    return render_template(
        "news/digest.html", digest=result, market=market, days=days,
        day_choices=sorted({*services.DAY_CHOICES, days}), market_assets=market_assets,
        feed_key=feed_key_for(current_user), config_error=config_error,
    )


@bp.get("/<int:item_id>")
@role_required(Role.REP)
def item(item_id: int):
    news_item = services.get_item(current_user, item_id)
    form = TalkingPointsForm(data={"talking_points": news_item.talking_points})
    return render_template("news/item.html", item=news_item, form=form, pin_form=PinForm(),
                           talking_points_html=render_markdown(news_item.talking_points))


@bp.post("/<int:item_id>/talking-points")
@role_required(Role.MARKETING)
def talking_points(item_id: int):
    news_item = services.get_item(current_user, item_id)
    form = TalkingPointsForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_talking_points(current_user, news_item, form.talking_points.data)
    except ValidationError as error:
        db.session.rollback()
        news_item = services.get_item(current_user, item_id)
        form.talking_points.errors = list(error.fields.values())
        return render_template(
            "news/item.html", item=news_item, form=form, pin_form=PinForm(),
            talking_points_html=render_markdown(news_item.talking_points)), 422
    db.session.commit()
    flash("Talking points saved: reps see them in the digest." if news_item.talking_points
          else "Talking points removed.", "success")
    return redirect(url_for("news.item", item_id=item_id))


@bp.post("/<int:item_id>/pin")
@role_required(Role.MARKETING)
def pin(item_id: int):
    news_item = services.get_item(current_user, item_id)
    form = PinForm()
    if not form.validate_on_submit():
        abort(400)
    wanted = form.pinned.data
    pinned = (not news_item.pinned) if wanted not in ("1", "0") else wanted == "1"
    services.set_pinned(current_user, news_item, pinned)
    db.session.commit()
    flash("Pinned: it stays at the top of its markets in the digest." if pinned
          else "Unpinned.", "success")
    return redirect(url_for("news.item", item_id=item_id))


@bp.get("/feeds")
@role_required(Role.ADMIN)
def feeds():
    config, config_error = services.config_status()
    return render_template("news/feeds.html", rows=services.feed_rows(), config=config,
                           config_error=config_error, action_form=ActionForm(),
                           feeds_file=current_app.config["FEEDS_FILE"], worker=worker_status())


@bp.post("/feeds/<feed_key>/retry")
@role_required(Role.ADMIN)
def retry_feed(feed_key: str):
    if not ActionForm().validate_on_submit():
        abort(400)
    feed = services.retry_feed(current_user, feed_key)
    db.session.commit()
    if worker_status().alive:
        flash(f"{feed.name} will be polled within a few seconds.", "success")
    else:
        flash(f"{feed.name} is first in line, but the worker that polls feeds isn't running: "
              "nothing is polled until it is started.", "warning")
    return redirect(url_for("news.feeds"))
