"""Counting what buyers read: the 2-second rule, beacons' bounds, bots, and the rep's notices."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from enablement.extensions import db
from enablement.models import (
    Notification,
    Share,
    ShareDownload,
    ShareDwell,
    ShareVisit,
    utcnow,
)
from enablement.shares import activity, engagement
from tests.conftest import make_app
from tests.shares.conftest import BROWSER, beacon


@pytest.fixture
def app_config(mail_config):
    return mail_config


def test_a_view_counts_only_after_two_visible_seconds(buyer, make_share, inbox, count_rows):
    share, token = make_share()
    asset_id = share.items[0].asset_id
    buyer.get(f"/s/{token}")
    assert beacon(buyer, token, [{"a": asset_id, "p": 0, "ms": 1999}]).status_code == 204
    assert (count_rows(ShareVisit), share.views, inbox.messages) == (0, 0, [])
    assert beacon(buyer, token, [{"a": asset_id, "p": 0, "ms": 2000}]).status_code == 204
    db.session.refresh(share)
    assert count_rows(ShareVisit) == 1 and share.views == 1
    # The rep hears of the first real open, in the hub and by email.
    [note] = db.session.scalars(select(Notification)).all()
    assert note.user_id == share.owner_id and "Harbor & Pine opened" in note.message
    assert note.url == f"/shares/{share.id}"
    [(to, mail)] = inbox.messages
    assert to == [share.owner.email] and "opened your share" in mail["Subject"]
    assert token not in mail.get_content()


def test_the_rep_reading_their_own_link_is_not_counted_as_the_buyer(
        client, login_as, buyer, make_share, white_paper, inbox, count_rows):
    rep = login_as("rep")
    paper = white_paper()
    share, token = make_share(owner=rep, assets=[paper], allow_download=True)
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    page = client.get(f"/s/{token}").get_data(as_text=True)
    assert f"signed in to the hub as {rep.name}" in page
    assert f'href="/shares/{share.id}"' in page  # the way back to their share
    assert beacon(client, token, [{"a": paper.id, "p": 1, "ms": 9000}]).status_code == 204
    download = f"/s/{token}/a/{paper.id}/f/{paper.attachments[0].id}"
    with client.get(download) as response:
        assert response.status_code == 200
    db.session.refresh(share)
    assert (count_rows(ShareVisit), count_rows(ShareDownload), share.views) == (0, 0, 0)
    assert inbox.messages == []
    assert db.session.scalars(select(Notification)).all() == []

    # The buyer, with no hub session, sees no note and is counted.
    page = buyer.get(f"/s/{token}").get_data(as_text=True)
    assert "signed in to the hub" not in page and f"/shares/{share.id}" not in page
    beacon(buyer, token, [{"a": paper.id, "p": 1, "ms": 3000}])
    with buyer.get(download) as response:
        assert response.status_code == 200
    db.session.refresh(share)
    assert (count_rows(ShareVisit), count_rows(ShareDownload), share.views) == (1, 1, 1)


def test_a_colleague_signed_in_to_the_hub_is_not_counted_either(
        client, login_as, make_share, count_rows):
    share, token = make_share()
    login_as("marketing")
    client.environ_base["HTTP_USER_AGENT"] = BROWSER
    page = client.get(f"/s/{token}").get_data(as_text=True)
    assert "signed in to the hub" in page and f"/shares/{share.id}" not in page
    beacon(client, token, [{"a": share.items[0].asset_id, "p": 0, "ms": 5000}])
    assert count_rows(ShareVisit) == 0 and share.views == 0


@pytest.mark.parametrize("agent", [
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5",
    "Mozilla/5.0 (compatible; Mimecast URL protect)", "curl/8.5.0", "",
])
def test_announced_bots_never_count(app, make_share, count_rows, agent):
    share, token = make_share()
    bot = app.test_client()
    bot.environ_base["HTTP_USER_AGENT"] = agent
    assert bot.get(f"/s/{token}").status_code == 200
    response = beacon(bot, token, [{"a": share.items[0].asset_id, "p": 0, "ms": 5000}])
    assert response.status_code == 204
    assert count_rows(ShareVisit) == 0 and share.views == 0


@pytest.mark.parametrize("body", [
    {"v": "short", "events": []},
    {"v": "k" * 24},
    {"v": "k" * 24, "events": {}},
    {"v": "k" * 24, "events": [{"a": 1, "p": 0, "ms": -1}]},
    {"v": "k" * 24, "events": [{"a": 1, "p": 0, "ms": 10**9}]},
    {"v": "k" * 24, "events": [{"a": 1, "p": 2001, "ms": 10}]},
    {"v": "k" * 24, "events": [{"a": "1", "p": 0, "ms": 10}]},
    {"v": "k" * 24, "events": [{"a": 1, "p": 0, "ms": 1.5}]},
    {"v": "k" * 24, "events": [{"a": 1, "p": 0, "ms": True}]},
    {"v": "k" * 24, "events": [{"a": 1, "p": 0, "ms": 10, "ip": "1.2.3.4"}]},
    {"v": "k" * 24, "events": [{"a": 1, "p": 0, "ms": 10}] * 51},
    {"v": "k" * 24, "events": [], "extra": 1},
    ["not", "an", "object"],
])
def test_a_malformed_beacon_is_refused_and_records_nothing(buyer, make_share, count_rows, body):
    _, token = make_share()
    response = buyer.post(f"/s/{token}/beacon", json=body)
    assert response.status_code == 400 and response.data == b""
    assert count_rows(ShareVisit) == 0


def test_an_oversized_or_non_json_beacon_is_refused(buyer, make_share, count_rows):
    _, token = make_share()
    assert buyer.post(f"/s/{token}/beacon", data=b"x" * 9000,
                      content_type="text/plain").status_code == 413
    assert buyer.post(f"/s/{token}/beacon", data=b"{nope",
                      content_type="text/plain").status_code == 400
    assert buyer.get(f"/s/{token}/beacon").status_code == 405
    assert count_rows(ShareVisit) == 0


def test_time_is_kept_per_asset_and_pdf_page_and_only_for_the_shares_assets(
        buyer, make_share, white_paper, create_asset):
    paper, elsewhere = white_paper(pages=3), create_asset("sales_aid")
    share, token = make_share(assets=[paper])
    buyer.get(f"/s/{token}")
    beacon(buyer, token, [{"a": paper.id, "p": 1, "ms": 2500},
                          {"a": elsewhere.id, "p": 0, "ms": 9000}])
    beacon(buyer, token, [{"a": paper.id, "p": 1, "ms": 500}, {"a": paper.id, "p": 2, "ms": 3000}])
    found = activity.activity_json(share)
    assert found["views"] == 1 and found["visitors"] == 1
    assert found["assets"] == [{"asset_id": paper.id, "views": 1, "seconds": 6.0, "pages": [
        {"page": 1, "seconds": 3.0}, {"page": 2, "seconds": 3.0}]}]
    [event] = found["events"]
    assert event["visitor"] == "new visitor" and event["type"] == "view"


def test_later_beacons_cannot_claim_more_time_than_passed(app, make_share):
    share, _ = make_share()
    asset_id = share.items[0].asset_id
    start = utcnow()
    first = engagement.Beacon("v" * 20, {(asset_id, 0): 2000})
    engagement.record(share, "h" * 64, first, start)
    inflated = engagement.Beacon("v" * 20, {(asset_id, 0): 600_000})
    engagement.record(share, "h" * 64, inflated, start + timedelta(seconds=5))
    db.session.commit()
    total = db.session.scalar(select(ShareDwell.ms))
    assert total <= 2000 + 5000 + engagement.SLACK_MS


def test_a_second_page_load_is_a_second_view_of_the_same_visitor(buyer, make_share):
    share, token = make_share()
    asset_id = share.items[0].asset_id
    buyer.get(f"/s/{token}")
    beacon(buyer, token, [{"a": asset_id, "p": 0, "ms": 2500}], view_key="a" * 24)
    beacon(buyer, token, [{"a": asset_id, "p": 0, "ms": 2500}], view_key="b" * 24)
    found = activity.activity_json(share)
    assert (found["views"], found["visitors"]) == (2, 1)


def test_coming_back_tells_the_rep_again_but_not_too_often(app, make_share, inbox):
    share, _ = make_share()
    asset_id = share.items[0].asset_id
    now = utcnow()

    def visit(key, at):
        engagement.record(share, "h" * 64, engagement.Beacon(key * 20, {(asset_id, 0): 3000}),
                          at)
        db.session.commit()

    visit("a", now)
    visit("b", now + timedelta(minutes=5))  # the same sitting: no news
    visit("c", now + timedelta(minutes=50))  # back, but within the hour of the last notice
    visit("d", now + timedelta(minutes=120))  # back later: told
    messages = [mail["Subject"] for _, mail in inbox.messages]
    assert messages == ["Harbor & Pine opened your share", "Harbor & Pine came back to your share"]
    assert db.session.get(Share, share.id).views == 4


def test_the_rep_sees_the_timeline_on_the_share_page(client, auth, buyer, make_share,
                                                     white_paper, create_user):
    rep = create_user("rep")
    paper = white_paper(pages=3)
    share, token = make_share(owner=rep, assets=[paper], require_email=True)
    from tests.shares.conftest import form_key

    page = buyer.get(f"/s/{token}").get_data(as_text=True)
    buyer.post(f"/s/{token}/email", data={"email": "dana@harbor.example",
                                          "form_key": form_key(page)})
    beacon(buyer, token, [{"a": paper.id, "p": 1, "ms": 4200}, {"a": paper.id, "p": 3, "ms": 900}])
    auth.login(rep)
    detail = client.get(f"/shares/{share.id}").get_data(as_text=True)
    assert "dana@harbor.example" in detail and "p. 1: 4.2 s" in detail
    assert "read up to page 3" in detail
    assert f'data-page="1" data-asset="{paper.id}">4.2<' in detail


def test_activity_older_than_the_retention_is_forgotten(app, make_share, count_rows):
    share, _ = make_share()
    asset_id = share.items[0].asset_id
    long_ago = utcnow() - timedelta(days=400)
    engagement.record(share, "h" * 64, engagement.Beacon("o" * 20, {(asset_id, 0): 3000}),
                      long_ago)
    engagement.record(share, "i" * 64, engagement.Beacon("n" * 20, {(asset_id, 0): 3000}),
                      utcnow())
    db.session.commit()
    assert activity.purge(days=365) == 1
    db.session.commit()
    assert count_rows(ShareVisit) == 1 and count_rows(ShareDwell) == 1


def test_beacons_are_rate_limited_per_source(tmp_path, make_share):
    limited = make_app(tmp_path / "limited", SHARE_BEACON_RATE_LIMIT="3 per minute")
    with limited.app_context():
        db.create_all()
        client = limited.test_client()
        client.environ_base["HTTP_USER_AGENT"] = BROWSER
        statuses = [beacon(client, "A" * 32, []).status_code for _ in range(4)]
        db.session.remove()
        db.engine.dispose()
    assert statuses == [204, 204, 204, 429]


def test_the_purge_command_uses_the_retention_setting(app, runner, make_share, count_rows):
    share, _ = make_share()
    engagement.record(share, "h" * 64, engagement.Beacon(
        "o" * 20, {(share.items[0].asset_id, 0): 3000}), utcnow() - timedelta(days=40))
    db.session.commit()
    app.config["SHARE_ACTIVITY_RETENTION_DAYS"] = 60
    assert "Forgot 0 buyer visits" in runner.invoke(args=["shares", "purge"]).output
    app.config["SHARE_ACTIVITY_RETENTION_DAYS"] = 30
    assert "Forgot 1 buyer visit older than 30 days" in runner.invoke(
        args=["shares", "purge"]).output
    assert count_rows(ShareVisit) == 0


def test_two_first_beacons_of_one_view_at_once_both_count(buyer, make_share, monkeypatch):
    """The other worker stores the visit between this one's lookup and insert."""
    share, token = make_share()
    asset_id = share.items[0].asset_id
    buyer.get(f"/s/{token}")
    beacon(buyer, token, [{"a": asset_id, "p": 0, "ms": 2500}], view_key="first" * 4)
    real_visitor_for = engagement.visitor_for

    def raced(share_, cookie_hash, email=""):
        visitor = real_visitor_for(share_, cookie_hash, email)
        with db.engine.begin() as other:  # another worker's connection, committed first
            other.execute(ShareVisit.__table__.insert().values(
                share_id=share_.id, visitor_id=visitor.id, view_key="k" * 24,
                started_at=utcnow(), last_seen_at=utcnow()))
        monkeypatch.setattr(engagement, "visitor_for", real_visitor_for)
        return visitor

    db.session.commit()
    monkeypatch.setattr(engagement, "visitor_for", raced)
    assert beacon(buyer, token, [{"a": asset_id, "p": 0, "ms": 2500}]).status_code == 204
    visit = db.session.scalar(select(ShareVisit).where(ShareVisit.view_key == "k" * 24))
    assert [d.ms for d in visit.dwells] == [2500]
