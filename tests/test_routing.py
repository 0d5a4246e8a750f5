"""Absolute links come from PUBLIC_URL (or SERVER_NAME), never from the Host header a client sends.

The API's `url`s, Atom feeds and the router's own redirects are handed to people and programs that
follow them; a forged Host must not put someone else's address into them.
"""

from __future__ import annotations

import pytest
from flask import url_for

from enablement.assets import services as asset_services
from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import AssetStatus
from enablement.news.atom import feed_key_for
from enablement.search.outbox import drain
from tests.conftest import KIND_DEFAULTS, PASSWORD, make_app

EVIL = {"Host": "evil.example"}


def _app(tmp_path, **config):
    app = make_app(tmp_path, SERVER_NAME=None, **config)
    app.app_context().push()
    db.create_all()
    return app


@pytest.fixture
def public_app(tmp_path):
    app = _app(tmp_path, PUBLIC_URL="https://hub.example.com/")
    yield app
    db.session.remove()
    db.engine.dispose()


@pytest.fixture
def signed_in(public_app):
    user = auth_services.create_user("maya@example.com", "Maya", "marketing", PASSWORD)
    data = {"title": "OSHA recordkeeping for field crews", "summary": "Crews on time.",
            "markets": ["construction"], **KIND_DEFAULTS["case_study"]}
    asset = asset_services.create_asset(user, "case_study", data, status=AssetStatus.PUBLISHED)
    token = auth_services.create_token(user)
    db.session.commit()
    drain()
    return {"Authorization": f"Bearer {token}", **EVIL}, asset, user


def test_the_apis_urls_use_the_public_url_whatever_the_host(public_app, signed_in):
    headers, asset, _ = signed_in
    client = public_app.test_client()

    one = client.get(f"/api/v1/assets/{asset.id}", headers=headers).json
    assert one["url"] == f"https://hub.example.com/assets/{asset.id}"
    [hit] = client.get("/api/v1/search?q=osha", headers=headers).json["results"]
    assert hit["url"] == f"https://hub.example.com/assets/{asset.id}"


def test_atom_feeds_link_to_the_public_url_whatever_the_host(public_app, signed_in):
    _, _, user = signed_in
    response = public_app.test_client().get(
        f"/api/v1/news/construction.atom?key={feed_key_for(user)}", headers=EVIL)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'href="https://hub.example.com/api/v1/news/construction.atom"' in body
    assert "evil.example" not in body


def test_the_routers_redirects_use_the_public_url(public_app):
    response = public_app.test_client().get("/assets", headers=EVIL)
    assert response.status_code == 308
    assert response.headers["Location"] == "https://hub.example.com/assets/"


def test_commands_build_full_links_without_a_request(public_app):
    assert url_for("assets.detail", asset_id=7) == "https://hub.example.com/assets/7"


def test_without_a_setting_links_point_at_the_embedded_default(tmp_path, monkeypatch):
    monkeypatch.setenv("PORT", "5123")
    app = _app(tmp_path)
    try:
        with app.test_request_context("/", headers=EVIL):
            assert url_for("news.digest", _external=True) == "http://127.0.0.1:5123/news"
    finally:
        db.engine.dispose()


def test_server_name_is_the_fallback(tmp_path):
    app = make_app(tmp_path, SERVER_NAME="hub.internal:8080")
    with app.test_request_context("/", headers=EVIL):
        assert url_for("news.digest", _external=True) == "http://hub.internal:8080/news"


@pytest.mark.parametrize("value", ["hub.example.com", "ftp://hub.example.com",
                                   "https://hub.example.com/hub", "https://user:pw@hub.example.com",
                                   "https://hub.example.com/?x=1", "https://"])
def test_a_public_url_that_is_not_an_address_is_refused_at_start(tmp_path, value):
    with pytest.raises(ValueError, match="PUBLIC_URL must be the hub's address"):
        make_app(tmp_path, PUBLIC_URL=value)
