"""`/hub <words>` answers a rep in Slack with the top three results they may see in the hub."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from sqlalchemy import select

from enablement.models import AssetStatus, SearchLog
from enablement.search.outbox import drain
from enablement.slack import blocks
from tests.slack.blockkit import problems
from tests.slack.conftest import signed_headers


@pytest.fixture
def command(client, fake_slack):
    """Run `/hub text` as a Slack user; returns the immediate answer (the results follow at the
    response URL, fake_slack.responses)."""

    def run(text: str, user_id: str = "U100", response_url: str | None = None):
        body = urlencode({"token": "legacy", "team_id": "T1", "user_id": user_id,
                          "command": "/hub", "text": text,
                          "response_url": response_url or fake_slack.base + "/response/1",
                          "trigger_id": "1.2.3"}).encode()
        headers = signed_headers(body, **{"Content-Type": "application/x-www-form-urlencoded"})
        with client.post("/slack/commands", data=body, headers=headers) as response:
            return response

    return run


@pytest.fixture
def library(app, create_asset):
    """Four published case studies about cold storage and a draft that matches too."""
    for n in range(4):
        create_asset(title=f"Cold storage case study {n}",
                     summary=f"Cold storage crews on time, story {n}.")
    create_asset(title="Cold storage draft secret plan", status=AssetStatus.DRAFT)
    drain()


def test_a_rep_gets_the_top_three_they_may_see(app, command, fake_slack, create_user, library):
    rep = create_user("rep", email="Rita.Rep@example.com")
    fake_slack.add_user("U100", "rita.rep@example.com")
    response = command("cold storage")
    assert response.status_code == 200 and response.data == b""  # acknowledged at once
    [answer] = fake_slack.responses
    assert answer["response_type"] == "ephemeral"
    sections = [b["text"]["text"] for b in answer["blocks"] if b["type"] == "section"]
    assert sections[0] == "Top 3 of 4 for “cold storage”"
    results = sections[1:]
    assert len(results) == 3
    for text in results:
        assert text.startswith("*<http://hub.test/assets/")
        assert "Cold storage case study" in text and "_Case study_" in text
        assert "*Cold* *storage*" in text  # matched words in bold
    assert "draft" not in str(answer).lower()
    [button] = answer["blocks"][-1]["elements"]
    assert button["text"]["text"] == "See all 4 in the hub"
    url = urlsplit(button["url"])
    assert (url.path, parse_qs(url.query)) == ("/search", {"q": ["cold storage"]})
    assert problems(answer) == []
    [users_info] = fake_slack.calls_to("users.info")
    assert users_info == {"user": "U100"}
    log = app.extensions["sqlalchemy"].session.scalars(select(SearchLog)).one()
    assert (log.user_id, log.source, log.query) == (rep.id, "slack", "cold storage")


def test_marketing_sees_what_marketing_may_see(app, command, fake_slack, create_user, library):
    create_user("marketing", email="mo@example.com")
    fake_slack.add_user("U100", "mo@example.com")
    command("cold storage")
    # Search shows published content to everyone; drafts stay out of Slack too.
    assert "draft" not in str(fake_slack.responses).lower()


@pytest.mark.parametrize("slack_user", [
    None,  # not in the workspace's answer at all
    {"email": "stranger@example.com"},  # no hub account with that email
    {"email": "rita@example.com", "is_email_confirmed": False},
    {"email": "rita@example.com", "deleted": True},
    {"email": "rita@example.com", "is_bot": True},
])
def test_unknown_people_get_a_polite_refusal_only(app, command, fake_slack, create_user,
                                                  library, slack_user):
    create_user("rep", email="rita@example.com")
    if slack_user:
        email = slack_user.pop("email")
        fake_slack.add_user("U100", email, **slack_user)
    command("cold storage")
    [answer] = fake_slack.responses
    assert answer["text"].startswith("Sorry, I can't search the hub for you")
    assert len(answer["blocks"]) == 1 and "case study" not in str(answer).lower()
    db = app.extensions["sqlalchemy"]
    assert db.session.scalars(select(SearchLog)).all() == []


def test_a_deactivated_hub_account_is_refused(app, command, fake_slack, create_user, library):
    rep = create_user("rep", email="rita@example.com")
    rep.active = False
    app.extensions["sqlalchemy"].session.commit()
    fake_slack.add_user("U100", "rita@example.com")
    command("cold storage")
    assert fake_slack.responses[0]["text"].startswith("Sorry")


def test_the_mapping_is_remembered(app, command, fake_slack, create_user, library):
    create_user("rep", email="rita@example.com")
    fake_slack.add_user("U100", "rita@example.com")
    command("cold storage")
    command("case study")
    assert len(fake_slack.calls_to("users.info")) == 1
    assert len(fake_slack.responses) == 2


def test_no_words_get_the_usage(app, command, fake_slack):
    response = command("   ")
    assert response.json["text"] == "Search the hub from Slack: /hub cold storage case study"
    assert fake_slack.calls == []


def test_nothing_found_says_so_and_offers_the_search_page(app, command, fake_slack, create_user,
                                                          library):
    create_user("rep", email="rita@example.com")
    fake_slack.add_user("U100", "rita@example.com")
    command("zebra husbandry")
    [answer] = fake_slack.responses
    assert answer["text"] == "Nothing in the hub matches “zebra husbandry”."
    assert problems(answer) == []


def test_answers_go_only_to_slack(app, command, fake_slack, create_user, library):
    create_user("rep", email="rita@example.com")
    fake_slack.add_user("U100", "rita@example.com")
    command("cold storage", response_url="http://127.0.0.1:9/elsewhere")
    command("cold storage", response_url="https://evil.example/hooks.slack.com")
    assert fake_slack.responses == []


def test_block_kit_limits_hold_for_hostile_text(app):
    with app.test_request_context():
        long = "Ω" * 5000
        hits = [{"title": long + "|<&>", "kind": "case_study", "type": "asset",
                 "url": "http://hub.test/assets/1",
                 "snippet": "<mark>" + "x" * 5000 + "</mark> &amp; " + "y" * 5000}] * 3
        message = blocks.search_message(long, 10**6, hits)
        assert problems(message) == []
        [see_all] = message["blocks"][-1]["elements"]
        assert see_all["url"].endswith("%CE%A9")  # shortened whole characters at a time
        odd = blocks.search_message("q", 1, [{**hits[0], "title": "A|<&>B"}])
        assert "<http://hub.test/assets/1|A¦&lt;&amp;&gt;B>" in odd["blocks"][1]["text"]["text"]
        unfurl = blocks.asset_unfurl(long, "case_study", long, ["m"] * 40)
        assert problems(unfurl) == []
        notice = blocks.asset_published({"title": long, "summary": long, "kind": "sales_aid",
                                         "markets": ["m"] * 500, "url": "http://hub.test/a"}, {})
        assert problems(notice) == []
        pinned = blocks.talking_points_pinned({"title": long, "talking_points": long,
                                               "markets": ["m"] * 500, "url": "https://n.test",
                                               "hub_url": "http://hub.test/news/1"}, {})
        assert problems(pinned) == []


def test_without_a_bot_token_nobody_can_be_matched(app, command, fake_slack, create_user,
                                                   library):
    create_user("rep", email="rita@example.com")
    fake_slack.add_user("U100", "rita@example.com")
    app.config["SLACK_BOT_TOKEN"] = ""
    command("cold storage")
    assert fake_slack.calls == []
    assert fake_slack.responses[0]["text"].startswith("Sorry")
