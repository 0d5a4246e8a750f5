"""Notifications through the API (notifications/api.py): each user reads their own, as the page
shows them, and marks them read."""

from __future__ import annotations

import pytest

from enablement.assets import services as asset_services
from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.notifications.services import notify, unread_count


@pytest.fixture
def token_of(app):
    def make(user):
        token = auth_services.create_token(user)
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}
    return make


def test_each_user_reads_their_own_and_reading_marks_nothing(client, create_user, token_of):
    one, two = create_user("rep"), create_user("rep")
    notify(one.id, "Your request is planned.", "/requests/7")
    notify(one.id, "A note without a link")
    notify(two.id, "For two only", "/assets/")
    db.session.commit()

    body = client.get("/api/v1/notifications", headers=token_of(one)).json
    assert body["unread"] == 2
    assert [(n["message"], n["url"], n["read"]) for n in body["items"]] == [
        ("A note without a link", None, False),
        ("Your request is planned.", "http://hub.test/requests/7", False)]
    assert all(n["created_at"] for n in body["items"])
    assert unread_count(one) == 2


def test_marking_read_empties_the_count_for_that_user_only(client, create_user, token_of):
    one, two = create_user("rep"), create_user("rep")
    for user in (one, two):
        notify(user.id, "Hello", "/")
    db.session.commit()
    headers = token_of(one)
    assert client.post("/api/v1/notifications/read", headers=headers).json == {"marked": 1,
                                                                                "unread": 0}
    assert client.get("/api/v1/notifications", headers=headers).json["items"][0]["read"] is True
    assert client.post("/api/v1/notifications/read", headers=headers).json["marked"] == 0
    assert unread_count(two) == 1


def test_news_about_an_asset_taken_back_hides_its_title_and_link(client, create_user,
                                                                 create_asset, token_of):
    rep, marketer = create_user("rep"), create_user("marketing")
    asset = create_asset(owner=marketer, title="Harbor pricing")
    notify(rep.id, f"“{asset.title}” is published.", f"/assets/{asset.id}")
    asset_services.change_status(marketer, asset, "draft")
    db.session.commit()
    [note] = client.get("/api/v1/notifications", headers=token_of(rep)).json["items"]
    assert note["url"] is None and "Harbor" not in note["message"]


def test_signed_out_callers_are_refused(client):
    assert client.get("/api/v1/notifications").status_code == 401
    assert client.post("/api/v1/notifications/read").status_code == 401
