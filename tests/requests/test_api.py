"""Content requests in the JSON API: asking, listing, refused input and filters, marketing's
answer, and what a rep may not see or change."""

from __future__ import annotations

import pytest

from enablement.models import ContentRequest


def test_api_creates_and_lists_the_callers_requests(client, login_as, ask):
    ask(text="Someone else's request")
    login_as("rep")
    response = client.post("/api/v1/requests", json={
        "text": "Case study for cold-storage logistics", "market": "construction",
        "kind": "case_study"})
    assert response.status_code == 201
    assert response.json["status"] == "open" and response.json["asset"] is None
    assert response.headers["Location"].endswith(f"/api/v1/requests/{response.json['id']}")
    assert "requester" not in response.json
    listed = client.get("/api/v1/requests").json
    assert listed["total"] == 1
    assert [r["text"] for r in listed["items"]] == ["Case study for cold-storage logistics"]
    assert client.get("/api/v1/requests?status=done").json["total"] == 0
    assert client.get("/api/v1/requests?scope=all").json["total"] == 1  # reps: still their own
    one = client.get(f"/api/v1/requests/{response.json['id']}")
    assert one.status_code == 200 and one.json["market"] == "construction"


@pytest.mark.parametrize(("body", "field"), [
    ({}, "text"),
    ({"text": "   "}, "text"),
    ({"text": 42}, "text"),
    ({"text": "x" * 2001}, "text"),
    ({"text": "ok", "market": "atlantis"}, "market"),
    ({"text": "ok", "kind": "poem"}, "kind"),
    ({"text": "ok", "market": ["construction"]}, "market"),
])
def test_api_refuses_invalid_requests(client, login_as, body, field, count_rows):
    login_as("rep")
    response = client.post("/api/v1/requests", json=body)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert count_rows(ContentRequest) == 0


@pytest.mark.parametrize("query", ["status=closed", "page=0", "per_page=1000", "scope=team"])
def test_api_refuses_bad_list_filters(client, login_as, query):
    login_as("rep")
    assert client.get(f"/api/v1/requests?{query}").status_code == 422


def test_api_marketing_links_drafts_and_sees_the_requester(client, login_as, ask,
                                                           create_asset):
    request = ask()
    login_as("marketing")
    everyone = client.get("/api/v1/requests?scope=all").json
    assert everyone["items"][0]["requester"]["id"] == request.requester_id
    assert client.get("/api/v1/requests").json["total"] == 0  # marketing's own: none

    response = client.post(f"/api/v1/requests/{request.id}/draft", json={})
    assert response.status_code == 201
    draft_id = response.json["asset"]["id"]
    assert response.headers["Location"].endswith(f"/api/v1/assets/{draft_id}")
    assert response.json["status"] == "planned"

    published = create_asset()
    response = client.patch(f"/api/v1/requests/{request.id}", json={"asset_id": published.id})
    assert response.json["status"] == "done" and response.json["fulfilled_at"]
    response = client.patch(f"/api/v1/requests/{request.id}", json={"status": "open"})
    assert response.json["status"] == "open" and response.json["fulfilled_at"] is None
    response = client.patch(f"/api/v1/requests/{request.id}", json={"text": "changed"})
    assert response.status_code == 422 and "text" in response.json["error"]["fields"]
    response = client.patch(f"/api/v1/requests/{request.id}", json={"asset_id": 999999})
    assert response.status_code == 422


def test_api_publishing_the_linked_asset_shows_done_to_the_rep(client, auth, create_user):
    rep, marketer = create_user("rep"), create_user("marketing")
    auth.login(rep)
    request_id = client.post("/api/v1/requests", json={"text": "Battle card vs Acme",
                                                       "kind": "sales_aid"}).json["id"]
    auth.login(marketer)
    draft_id = client.post(f"/api/v1/requests/{request_id}/draft",
                           json={}).json["asset"]["id"]
    client.patch(f"/api/v1/assets/{draft_id}", json={
        "summary": "Beat Acme.", "markets": ["construction"], "aid_type": "battle_card",
        "status": "published"})
    auth.login(rep)
    mine = client.get(f"/api/v1/requests/{request_id}").json
    assert mine["status"] == "done" and mine["asset"]["id"] == draft_id


def test_api_reps_cannot_change_or_see_others_requests(client, login_as, ask):
    request = ask()
    login_as("rep")
    assert client.get(f"/api/v1/requests/{request.id}").status_code == 404
    assert client.patch(f"/api/v1/requests/{request.id}",
                        json={"status": "done"}).status_code == 403
    assert client.post(f"/api/v1/requests/{request.id}/draft", json={}).status_code == 403
