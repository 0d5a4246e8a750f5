"""The weekly email as a rep receives it, through the real SMTP server: what it says, what it never
says (drafts, other markets), and that nothing goes out when there is nothing to say."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from enablement.extensions import db
from enablement.models import AssetStatus, SendStatus, WeeklyEmailSend, utcnow
from enablement.requests import services as content_requests
from enablement.weekly import services as weekly
from enablement.weekly.sending import send_due
from tests.weekly.conftest import parts


def sends():
    return {(row.user_id, row.status) for row in db.session.scalars(select(WeeklyEmailSend))}


def test_a_rep_gets_news_assets_and_requests_for_their_markets(
        subscribe, add_news, create_asset, create_user, inbox):
    rita = subscribe(markets=["construction"], email="rita@example.com", name="Rita Rep")
    add_news("Crane rules tighten on job sites",
             talking_points="Ask about **crane** schedules.\n\n- Safety first")
    add_news("Cold storage boom", markets=["logistics"])
    add_news("Old news from last month", days_ago=20)
    create_asset(title="Harbor & Pine cut missed visits", markets=["construction"])
    create_asset(title="Clinic rollout story", markets=["healthcare"])
    create_asset(title="Secret draft for builders", status=AssetStatus.DRAFT)
    create_asset(title="Retired builder story", status=AssetStatus.ARCHIVED)
    content_requests.create_request(rita, "Battle card against spreadsheets", "construction")
    db.session.commit()

    run = send_due()

    assert (run.sent, run.empty, run.failed) == (1, 0, 0)
    [(recipients, message)] = inbox.messages
    assert recipients == ["rita@example.com"]
    assert message["Subject"] == "Your week on the hub: 1 news item, 1 new asset"
    text, html = parts(message)
    for body in (text, html):
        assert "Rita Rep" in body
        assert "Crane rules tighten on job sites" in body
        assert "Harbor &amp; Pine" in body if body is html else "Harbor & Pine" in body
        assert "Battle card against spreadsheets" in body and "Open" in body
        for absent in ("Cold storage boom", "Old news from last month", "Clinic rollout",
                       "Secret draft", "Retired builder"):
            assert absent not in body
    assert "Ask about **crane** schedules." in text
    assert "Ask about <strong>crane</strong> schedules." in html
    assert "<li>Safety first</li>" in html
    assert "http://hub.testhttp" not in text + html
    assert "\n  http://hub.test/news/" in text and "\n  http://hub.test/assets/" in text
    assert sends() == {(rita.id, "sent")}


def test_every_market_when_none_is_chosen(subscribe, add_news, inbox):
    subscribe(markets=[])
    add_news("Hospital budgets", markets=["healthcare"])
    add_news("Freight rates", markets=["logistics"])
    send_due()
    [(_, message)] = inbox.messages
    text, _ = parts(message)
    assert "Hospital budgets" in text and "Freight rates" in text


def test_talking_points_come_first_and_long_weeks_link_to_the_rest(
        app, subscribe, add_news, inbox):
    app.config["WEEKLY_EMAIL_MAX_ITEMS"] = 2
    subscribe()
    add_news("Newest without talking points", days_ago=0.1)
    add_news("Older contractor story", days_ago=2)
    add_news("Contractor story with talking points", days_ago=3, talking_points="Say this.")
    send_due()
    [(_, message)] = inbox.messages
    text, _ = parts(message)
    assert text.index("Contractor story with talking points") < \
        text.index("Newest without talking points")
    assert "Older contractor story" not in text
    assert "1 more in the news digest: http://hub.test/news" in text
    assert message["Subject"].startswith("Your week on the hub: 3 news items")


def test_values_are_escaped_in_the_html_part(subscribe, add_news, inbox):
    subscribe(name="<b>Rita</b>")
    add_news("<script>alert(1)</script> contractor <img src=x onerror=alert(2)>",
             talking_points="<script>alert(3)</script> [click](javascript:alert(4))")
    send_due()
    [(_, message)] = inbox.messages
    _, html = parts(message)
    assert "<script>" not in html and "<img" not in html and "href=\"javascript" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;Rita&lt;/b&gt;" in html


def test_drafts_never_reach_the_email_whoever_reads_it(
        subscribe, create_asset, create_user, inbox):
    """A marketer may open drafts in the hub, but an email can be forwarded: it names only what
    anyone may open. A request answered by a draft shows its status, not the draft."""
    marketer = subscribe(role="marketing")
    rep = subscribe()
    draft = create_asset(title="Unreleased pricing sheet", status=AssetStatus.DRAFT)
    create_asset(title="Published guide")
    request = content_requests.create_request(rep, "Pricing sheet please", "construction")
    content_requests.link_asset(marketer, request, draft.id)
    db.session.commit()
    inbox.messages.clear()  # the request's own "planned" email
    send_due()
    assert len(inbox.messages) == 2
    for _, message in inbox.messages:
        for body in parts(message):
            assert "Unreleased pricing sheet" not in body
            assert "Published guide" in body
    [rep_text] = [parts(m)[0] for to, m in inbox.messages if to == [rep.email]]
    assert "[Planned] Pricing sheet please" in rep_text and "Planned this week" in rep_text


def test_a_fulfilled_request_is_news_and_names_its_published_answer(
        subscribe, create_asset, create_user, inbox):
    rep = subscribe()
    marketer = create_user("marketing")
    asset = create_asset(title="Cold storage case study", status=AssetStatus.DRAFT)
    request = content_requests.create_request(rep, "Cold storage story", "construction")
    content_requests.link_asset(marketer, request, asset.id)
    db.session.commit()
    from enablement.assets import services as asset_services

    asset_services.change_status(marketer, asset, AssetStatus.PUBLISHED)
    db.session.commit()
    inbox.messages.clear()  # the request's own emails (planned, published)
    send_due()
    [(_, message)] = inbox.messages
    text, html = parts(message)
    assert "[Done] Cold storage story" in text and "Done this week." in text
    assert f"Answered by: Cold storage case study http://hub.test/assets/{asset.id}" in text
    assert "request update" in message["Subject"]


def test_nothing_to_say_sends_nothing(subscribe, add_news, create_asset, create_user, inbox):
    """A quiet week in the rep's markets, and a request nobody touched this week: no email (the
    request alone isn't news), and the week is recorded so the worker doesn't look again."""
    rep = subscribe(markets=["construction"])
    add_news("Hospital news only", markets=["healthcare"])
    create_asset(title="Clinic story", markets=["healthcare"])
    request = content_requests.create_request(rep, "Something old", "construction")
    request.created_at = request.updated_at = utcnow() - timedelta(days=30)
    db.session.commit()
    run = send_due()
    assert inbox.messages == []
    assert (run.sent, run.empty) == (0, 1)
    assert sends() == {(rep.id, SendStatus.EMPTY.value)}


def test_people_who_did_not_opt_in_or_opted_out_get_nothing(
        subscribe, add_news, create_user, inbox):
    create_user("rep")  # never opted in
    leaver = subscribe()
    weekly.unsubscribe(leaver)
    gone = subscribe()
    gone.active = False  # deactivated by an admin
    db.session.commit()
    add_news("Contractor news")
    assert send_due().sent == 0
    assert inbox.messages == []


def test_nothing_goes_out_outside_the_send_window(app, subscribe, add_news, inbox):
    """The day after the send moment, the week is over for the worker: a rep who opts in on a
    Wednesday hears from the hub on the next send day, not within minutes."""
    now = utcnow()
    app.config["WEEKLY_EMAIL_HOUR"] = now.hour
    app.config["WEEKLY_EMAIL_WEEKDAY"] = ("monday", "tuesday", "wednesday", "thursday", "friday",
                                          "saturday", "sunday")[(now.weekday() - 2) % 7]
    subscribe()
    add_news("Contractor news")
    assert send_due() is None
    assert inbox.messages == [] and sends() == set()


def test_without_a_mail_server_nothing_is_claimed(app, subscribe, add_news, inbox):
    app.config["MAIL_SERVER"] = ""
    subscribe()
    add_news("Contractor news")
    assert send_due() is None
    assert sends() == set()  # nothing lost: the week is still there to send once mail works
