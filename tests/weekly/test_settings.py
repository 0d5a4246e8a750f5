"""Each person turns the weekly email on or off on their own notification settings page."""

from __future__ import annotations

import re

import pytest

from enablement.extensions import db
from enablement.weekly import services as weekly
from tests.conftest import make_app

CSRF_INPUT = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


@pytest.fixture
def app_config():
    """A hub without a mail server: the page says so, and the choice is still kept."""
    return {}


def test_a_rep_opts_in_for_two_markets_and_sees_the_choice_kept(client, login_as):
    rep = login_as("rep")
    page = client.get("/notifications").get_data(as_text=True)
    assert 'href="/notifications/settings"' in page
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert "Send me a weekly email" in page and 'value="healthcare"' in page
    assert "no mail server set up yet" in page  # this test app sends no mail

    response = client.post("/notifications/settings", data={
        "weekly_email": "y", "markets": ["logistics", "construction"]}, follow_redirects=True)
    assert response.status_code == 200
    assert "Weekly email turned on." in response.get_data(as_text=True)
    assert weekly.is_subscribed(rep)
    assert weekly.chosen_markets(rep) == ["construction", "logistics"]  # feeds.yml order
    page = client.get("/notifications/settings").get_data(as_text=True)
    assert re.search(r'name="weekly_email" type="checkbox" value="y" checked|'
                     r'checked[^>]*name="weekly_email"', page)
    assert re.search(r'checked[^>]*value="construction"|value="construction"[^>]*checked', page)
    assert not re.search(r'checked[^>]*value="healthcare"|value="healthcare"[^>]*checked', page)

    client.post("/notifications/settings", data={"markets": ["logistics"]})
    db.session.expire_all()
    assert not weekly.is_subscribed(rep)
    assert weekly.chosen_markets(rep) == ["logistics"]


def test_an_unknown_market_is_refused_and_nothing_is_saved(client, login_as):
    rep = login_as("rep")
    response = client.post("/notifications/settings", data={
        "weekly_email": "y", "markets": ["construction", "atlantis"]})
    assert response.status_code == 422
    assert "Pick from the hub&#39;s markets" in response.get_data(as_text=True)
    assert weekly.subscription_for(rep) is None


@pytest.mark.parametrize("role", ["marketing", "admin"])
def test_every_role_may_opt_in(client, login_as, role):
    person = login_as(role)
    client.post("/notifications/settings", data={"weekly_email": "y"})
    assert weekly.is_subscribed(person)


def test_the_settings_form_needs_its_csrf_token(tmp_path, create_user):
    strict = make_app(tmp_path, WTF_CSRF_ENABLED=True)  # the same database, CSRF on
    rep = create_user("rep")
    client = strict.test_client()
    token = CSRF_INPUT.search(client.get("/login").get_data(as_text=True)).group(1)
    signed_in = client.post("/login", data={"email": rep.email, "csrf_token": token,
                                            "password": "correct horse battery"})
    assert signed_in.status_code == 302
    assert client.post("/notifications/settings", data={"weekly_email": "y"}).status_code == 400
    assert weekly.subscription_for(rep) is None
    with strict.app_context():
        db.engine.dispose()
