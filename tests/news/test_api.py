"""One news item through the API (news/api.py): reps read it, marketing sets its talking points
and pin, as on the item page."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import delete, select

from enablement.auth import services as auth_services
from enablement.demo.news import load_demo_news
from enablement.extensions import db
from enablement.models import NewsItem, SearchOutbox
from tests.news import support

feeds_file = support.feeds_file
news_app = support.news_app
news_user = support.news_user

SHIPPED = (Path(__file__).parent.parent.parent / "feeds.yml").read_text()
DEMO_MARKETS = SHIPPED[:SHIPPED.index("\nfeeds:\n")] + "\n"
TITLE = "Warehouse labor shortage eases, but turnover stays high"


@pytest.fixture
def item(news_app, feeds_file) -> NewsItem:
    feeds_file.write([], markets=DEMO_MARKETS)
    load_demo_news()
    db.session.execute(delete(SearchOutbox))
    db.session.commit()
    return db.session.scalar(select(NewsItem).where(NewsItem.title == TITLE))


@pytest.fixture
def client(news_app):
    return news_app.test_client()


@pytest.fixture
def bearer(news_user):
    def make(role: str):
        token = auth_services.create_token(news_user(role))
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}
    return make


def test_marketing_sets_talking_points_and_pins_and_reps_read_them(client, item, bearer):
    url = f"/api/v1/news/{item.id}"
    changed = client.patch(url, headers=bearer("marketing"), json={
        "talking_points": "Ask about **turnover**.\n\n<img src=x onerror=alert(1)>",
        "pinned": True})
    assert changed.status_code == 200, changed.data
    rep = bearer("rep")
    shown = client.get(url, headers=rep).json
    assert shown == changed.json
    assert shown["pinned"] is True and shown["title"] == TITLE
    assert shown["talking_points"].startswith("Ask about **turnover**.")
    assert "<strong>turnover</strong>" in shown["talking_points_html"]
    assert "<img" not in shown["talking_points_html"]
    digest = client.get("/api/v1/news?market=logistics", headers=rep).json
    assert [i["pinned"] for i in digest["items"] if i["id"] == item.id] == [True]

    cleared = client.patch(url, headers=bearer("admin"),
                           json={"talking_points": None, "pinned": False}).json
    assert (cleared["talking_points"], cleared["pinned"]) == (None, False)


@pytest.mark.parametrize(("body", "field"), [
    ({"talking_points": "x" * 5001}, "talking_points"),
    ({"talking_points": ["a list"]}, "talking_points"),
    ({"pinned": "yes"}, "pinned"),
    ({"title": "Renamed"}, "title"),
], ids=["too-long", "not-text", "not-a-bool", "unknown"])
def test_bad_changes_are_refused_naming_the_field(client, item, bearer, body, field):
    before = (item.talking_points, item.pinned)
    response = client.patch(f"/api/v1/news/{item.id}", headers=bearer("marketing"), json=body)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    db.session.expire_all()
    assert (db.session.get(NewsItem, item.id).talking_points, item.pinned) == before


def test_reps_read_but_cannot_change_an_item(client, item, bearer):
    rep = bearer("rep")
    assert client.get(f"/api/v1/news/{item.id}", headers=rep).status_code == 200
    assert client.patch(f"/api/v1/news/{item.id}", headers=rep,
                        json={"pinned": True}).status_code == 403
    assert client.get(f"/api/v1/news/{item.id}").status_code == 401
    assert client.get("/api/v1/news/999999", headers=rep).status_code == 404
    db.session.expire_all()
    assert db.session.get(NewsItem, item.id).pinned is False
