"""The notifications page: each user reads their own; the header counts the unread ones until
the page is opened."""

from __future__ import annotations

import pytest

from enablement.assets import services as asset_services
from enablement.extensions import db
from enablement.notifications.services import notify, unread_count
from enablement.requests import services as requests


def test_notifications_page_is_personal(client, auth, create_user):
    one, two = create_user("rep"), create_user("rep")
    notify(one.id, "For one only", "/assets/")
    db.session.commit()
    auth.login(two)
    assert "For one only" not in client.get("/notifications").get_data(as_text=True)
    assert unread_count(one) == 1
    auth.login(one)
    assert 'class="badge notification-count">1<' in client.get("/").get_data(as_text=True)
    page = client.get("/notifications").get_data(as_text=True)
    assert '<a href="/assets/">For one only</a>' in page
    assert unread_count(one) == 0
    assert "notification-new" not in client.get("/notifications").get_data(as_text=True)


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_news_about_an_asset_since_taken_back_is_a_placeholder(client, auth, create_user,
                                                               create_asset, status):
    rep, marketer = create_user("rep"), create_user("marketing")
    asset = create_asset(owner=marketer, title="Harbor & Pine cut missed visits by 38%")
    asked = requests.create_request(rep, "A construction case study")
    requests.link_asset(marketer, asked, asset.id)  # published already: the rep is told
    db.session.commit()
    auth.login(rep)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Harbor &amp; Pine cut missed visits by 38%" in page
    assert f'href="/assets/{asset.id}"' in page

    asset_services.change_status(marketer, asset, status)
    asset_services.update_asset(marketer, asset, {"title": "CONFIDENTIAL DRAFT: Harbor pricing"},
                                partial=True)
    db.session.commit()
    page = client.get("/notifications").get_data(as_text=True)
    assert "Harbor" not in page and f"/assets/{asset.id}" not in page
    assert "A construction case study" not in page  # the whole message goes, not just the title
    assert "This was about an asset no longer published." in page
    notify(rep.id, "Something else", "/requests")  # news not about an asset is shown as it is
    db.session.commit()
    assert '<a href="/requests">Something else</a>' in client.get(
        "/notifications").get_data(as_text=True)


def test_news_about_a_deleted_asset_is_a_placeholder(client, auth, create_user, create_asset):
    rep, marketer = create_user("rep"), create_user("marketing")
    asset = create_asset(owner=marketer, title="Harbor & Pine cut missed visits by 38%")
    notify(rep.id, f"“{asset.title}” is published.", f"/assets/{asset.id}#feedback")
    asset_services.delete_asset(marketer, asset)
    db.session.commit()
    auth.login(rep)
    page = client.get("/notifications").get_data(as_text=True)
    assert "Harbor" not in page and "This was about an asset no longer published." in page
