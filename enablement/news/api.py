"""JSON API for news (`GET /api/v1/news`) and a market's digest as an Atom feed."""

from __future__ import annotations

import functools

from flask import Response, abort, current_app, g, jsonify, request, url_for
from flask_login import current_user

from enablement.api.common import api_blueprint, paging
from enablement.api.openapi import register_paths
from enablement.errors import ValidationError
from enablement.markdown import render_markdown
from enablement.models import NewsItem, Role
from enablement.news import services
from enablement.news.atom import atom_document, user_for_feed_key
from enablement.security import role_required
from enablement.web import iso_utc

bp = api_blueprint("news_api", __name__)

MAX_PER_PAGE = 100
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


def openapi_paths() -> dict:
    """This blueprint's part of the OpenAPI document (paths relative to the `/api/v1` server)."""
    error = {"description": "An error.",
             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    item = {"type": "object", "required": ["id", "title", "url", "source", "published_at",
                                           "markets", "matched", "talking_points"],
            "properties": {
                "id": {"type": "integer"},
                "title": {"type": "string", "description": "Plain text."},
                "url": {"type": "string", "format": "uri", "description": "The story."},
                "hub_url": {"type": "string", "format": "uri",
                            "description": "The item's page in the hub."},
                "source": {"type": "string", "description": "The feed's name."},
                "published_at": {"type": "string", "format": "date-time"},
                "markets": {"type": "array", "items": {"type": "string"}},
                "matched": {"type": "object",
                            "additionalProperties": {"type": "array", "items": {"type": "string"}},
                            "description": "Market slug → the query terms that tagged the item "
                                           "(empty when its feed did)."},
                "talking_points": {"type": ["string", "null"], "description": "Markdown."},
                "talking_points_html": {"type": ["string", "null"],
                                        "description": "Rendered and sanitised."},
                "pinned": {"type": "boolean"},
            }}
    market = {"name": "market", "in": "query", "schema": {"type": "string"},
              "description": "A market slug from feeds.yml."}
    days = {"name": "days", "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": services.MAX_DAYS,
                       "default": 7},
            "description": "How far back to look. Pinned items are included whatever their age."}
    return {
        "/news": {"get": {
            "summary": "The news digest: items tagged to markets, newest first",
            "parameters": [
                market, days,
                {"name": "page", "in": "query",
                 "schema": {"type": "integer", "minimum": 1, "default": 1}},
                {"name": "per_page", "in": "query",
                 "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                            "default": 20}},
            ],
            "responses": {
                "200": {"description": "A page of news items.", "content": {"application/json": {
                    "schema": {"type": "object", "required": ["items"], "properties": {
                        "items": {"type": "array", "items": item},
                        "total": {"type": "integer"}, "page": {"type": "integer"},
                        "per_page": {"type": "integer"},
                        "market": {"type": ["string", "null"]}, "days": {"type": "integer"},
                    }}}}},
                "401": error, "403": error,
                "422": {**error, "description": "Unknown market or invalid days/paging, "
                                                "named in `fields`."},
            }}},
        "/news/{market}.atom": {"get": {
            "summary": "A market's news as an Atom feed (last 30 days), for feed readers",
            "description": "Readers that can't send a bearer token use the personal URL shown on "
                           "the digest page, which carries a `key`.",
            "parameters": [
                {"name": "market", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "key", "in": "query", "schema": {"type": "string"},
                 "description": "Personal feed key; revoked when the password changes."},
            ],
            "responses": {"200": {"description": "Atom 1.0.",
                                  "content": {"application/atom+xml": {}}},
                          "401": error, "404": error},
        }},
    }


register_paths(lambda: {"paths": openapi_paths()})
