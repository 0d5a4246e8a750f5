"""JSON API for news (`GET /api/v1/news`) and a market's digest as an Atom feed."""

from __future__ import annotations

import functools

from flask import Response, abort, current_app, g, jsonify, request, url_for
from flask_login import current_user

from enablement.api.common import api_blueprint, json_body, paging
from enablement.api.openapi import register_paths
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.markdown import render_markdown
from enablement.models import NewsItem, Role
from enablement.news import services
from enablement.news.atom import atom_document, user_for_feed_key
from enablement.news.openapi import MAX_PER_PAGE, document
from enablement.security import role_required
from enablement.web import iso_utc

bp = api_blueprint("news_api", __name__)

ATOM_DAYS = 30
ATOM_ITEMS = 100


def item_json(item: NewsItem) -> dict:
    """A news item as the API shows it (DESIGN.md names these fields)."""
    hub_url = url_for("news.item", item_id=item.id, _external=True)
    return {
        "id": item.id,
        "title": item.title,
        "url": item.url or hub_url,  # the story; its hub page when the feed gave no link
        "hub_url": hub_url,
        "source": item.source,
        "published_at": iso_utc(item.published_at),
        "markets": item.markets,
        "matched": item.matched,
        "talking_points": item.talking_points or None,
        "talking_points_html": str(render_markdown(item.talking_points))
        if item.talking_points else None,
        "pinned": item.pinned,
    }


@bp.get("/news")
@role_required(Role.REP)
def list_news():
    errors: dict[str, str] = {}
    page, per_page = 1, 20
    try:
        page, per_page = paging(max_per_page=MAX_PER_PAGE)
    except ValidationError as error:  # reported with any bad filter, in one 422
        errors.update(error.fields)
    try:
        market, days = services.check_filters(
            request.args.get("market") or None,
            request.args.get("days", current_app.config["NEWS_DIGEST_DAYS"]))
    except ValidationError as error:
        errors.update(error.fields)
    if errors:
        raise ValidationError("Invalid filter or paging.", errors)
    result = services.list_news(current_user, market=market, days=days, page=page,
                                per_page=per_page)
    return jsonify({
        "items": [item_json(item) for item in result.items],
        "total": result.total, "page": result.page, "per_page": result.per_page,
        "market": market, "days": days,
    })


@bp.get("/news/<int:item_id>")
@role_required(Role.REP)
def get_news_item(item_id: int):
    return jsonify(item_json(services.get_item(current_user, item_id)))


@bp.patch("/news/<int:item_id>")
@role_required(Role.MARKETING)
def change_news_item(item_id: int):
    """Marketing's talking points (Markdown; empty or null clears them) and the pin."""
    news_item = services.get_item(current_user, item_id)
    body = json_body()
    errors = {name: "Unknown field." for name in body if name not in ("talking_points", "pinned")}
    if "pinned" in body and not isinstance(body["pinned"], bool):
        errors["pinned"] = "Send true or false."
    if errors:
        raise ValidationError("Only talking_points and pinned can change.", errors)
    if "talking_points" in body:
        services.set_talking_points(current_user, news_item, body["talking_points"])
    if "pinned" in body:
        services.set_pinned(current_user, news_item, body["pinned"])
    db.session.commit()
    return jsonify(item_json(news_item))


def feed_reader_required(view):
    """A signed-in rep (session or bearer token), or a feed reader with the user's feed key."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        user = current_user if current_user.is_authenticated else \
            user_for_feed_key(request.args.get("key"))
        if user is None or not user.has_role(Role.REP):
            abort(401)
        g.feed_user = user
        return view(*args, **kwargs)

    wrapped.least_role = Role.REP.value
    return wrapped


@bp.get("/news/<market>.atom")
@feed_reader_required
def atom(market: str):
    info = services.market_list().get(market)
    if info is None:
        abort(404)
    items = services.list_news(g.feed_user, market=market, days=ATOM_DAYS,
                               per_page=ATOM_ITEMS).items
    body = atom_document(info, items, services.why_tagged)
    response = Response(body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response


register_paths(document)
