"""Links to hub assets pasted in Slack unfold into title and summary, for published assets the
sharer may open; drafts never unfold, nor anything for people the hub doesn't know."""

from __future__ import annotations

import json

import pytest

from enablement.models import AssetStatus
from tests.slack.blockkit import problems
from tests.slack.conftest import signed_headers


@pytest.fixture
def post_event(client):
    def post(payload: dict):
        body = json.dumps(payload).encode()
        headers = signed_headers(body, **{"Content-Type": "application/json"})
        with client.post("/slack/events", data=body, headers=headers) as response:
            return response

    return post


def _link_shared(*urls: str, user: str = "U100") -> dict:
    return {"type": "event_callback", "team_id": "T1", "event": {
        "type": "link_shared", "channel": "C1", "user": user, "message_ts": "1700000000.1",
        "links": [{"url": url, "domain": "hub.test"} for url in urls]}}


def test_the_url_verification_challenge_is_answered(app, post_event):
    response = post_event({"type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV"})
    assert response.json == {"challenge": "3eZbrw1aBm2rZgRNFdxV"}


def test_a_published_asset_unfolds_for_a_known_rep(app, post_event, fake_slack, create_user,
                                                   create_asset):
    create_user("rep", email="rita@example.com")
    fake_slack.add_user("U100", "rita@example.com")
    published = create_asset(title="Harbor & Pine <cut> missed visits",
                             summary="How a builder scheduled crews.")
    draft = create_asset(title="Secret draft", summary="Not yet.", status=AssetStatus.DRAFT)
    archived = create_asset(title="Old story", status=AssetStatus.ARCHIVED)
    links = [f"http://hub.test/assets/{a.id}" for a in (published, draft, archived)]
    response = post_event(_link_shared(*links, "https://example.com/assets/1",
                                       "http://hub.test/search?q=x"))
    assert response.status_code == 200
    [call] = fake_slack.calls_to("chat.unfurl")
    assert (call["channel"], call["ts"]) == ("C1", "1700000000.1")
    assert list(call["unfurls"]) == [links[0]]
    unfurl = call["unfurls"][links[0]]
    text = unfurl["blocks"][0]["text"]["text"]
    assert text == "*Harbor &amp; Pine &lt;cut&gt; missed visits*\nHow a builder scheduled crews."
    assert unfurl["blocks"][1]["elements"][0]["text"] == "Case study"
    assert problems(unfurl) == []
    assert "Secret draft" not in json.dumps(fake_slack.calls)


def test_marketing_sharing_a_draft_does_not_unfold_it(app, post_event, fake_slack, create_user,
                                                      create_asset):
    create_user("marketing", email="mo@example.com")
    fake_slack.add_user("U100", "mo@example.com")
    draft = create_asset(title="Secret draft", status=AssetStatus.DRAFT)
    post_event(_link_shared(f"http://hub.test/assets/{draft.id}"))
    assert fake_slack.calls_to("chat.unfurl") == []


def test_nothing_unfolds_for_someone_the_hub_does_not_know(app, post_event, fake_slack,
                                                           create_asset):
    fake_slack.add_user("U100", "stranger@example.com")
    asset = create_asset()
    post_event(_link_shared(f"http://hub.test/assets/{asset.id}"))
    assert fake_slack.calls_to("chat.unfurl") == []


def test_the_newer_unfurl_id_form_is_answered_in_kind(app, post_event, fake_slack, create_user,
                                                      create_asset):
    create_user("rep", email="rita@example.com")
    fake_slack.add_user("U100", "rita@example.com")
    asset = create_asset()
    payload = _link_shared(f"http://hub.test/assets/{asset.id}")
    payload["event"].update(unfurl_id="Uv1", source="composer")
    post_event(payload)
    [call] = fake_slack.calls_to("chat.unfurl")
    assert (call["unfurl_id"], call["source"]) == ("Uv1", "composer") and "ts" not in call


def test_other_events_are_acknowledged_and_ignored(app, post_event, fake_slack):
    response = post_event({"type": "event_callback", "event": {"type": "app_mention"}})
    assert response.status_code == 200 and fake_slack.calls == []
    assert post_event(["not", "an", "object"]).status_code == 400
