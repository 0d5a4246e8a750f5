"""Content requests in the JSON API: asking, listing, refused input and filters, marketing's
answer, and what a rep may not see or change."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from enablement.extensions import db
from enablement.models import AssetStatus, ContentRequest, RequestComment


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


def test_api_a_drafted_request_is_done_only_once_its_author_confirms_and_publishes(
        client, auth, create_user):
    rep, marketer = create_user("rep"), create_user("marketing")
    auth.login(rep)
    request_id = client.post("/api/v1/requests", json={"text": "Battle card vs Acme",
                                                       "kind": "sales_aid"}).json["id"]
    auth.login(marketer)
    draft_id = client.post(f"/api/v1/requests/{request_id}/draft",
                           json={}).json["asset"]["id"]
    publish = {"summary": "Beat Acme.", "markets": ["construction"], "aid_type": "battle_card",
               "status": "published"}
    response = client.patch(f"/api/v1/assets/{draft_id}", json=publish)
    assert response.status_code == 422 and "request" in response.json["error"]["fields"]
    response = client.patch(f"/api/v1/requests/{request_id}", json={"draft_confirmed": True})
    assert response.status_code == 422  # still the rep's words
    assert "draft_confirmed" in response.json["error"]["fields"]
    client.patch(f"/api/v1/assets/{draft_id}", json={"body": "Three ways we beat Acme."})
    response = client.patch(f"/api/v1/requests/{request_id}", json={"draft_confirmed": True})
    assert response.status_code == 200 and response.json["draft"]["confirmed_at"]
    assert response.json["status"] == "planned"
    assert client.patch(f"/api/v1/assets/{draft_id}", json=publish).status_code == 200
    auth.login(rep)
    mine = client.get(f"/api/v1/requests/{request_id}").json
    assert mine["status"] == "done" and mine["asset"]["id"] == draft_id
    assert mine["status_label"] == "Done" and "draft" not in mine


def test_api_a_rep_never_reads_the_title_of_a_linked_draft(client, auth, create_user, ask,
                                                           create_asset):
    rep, marketer = create_user("rep"), create_user("marketing")
    request = ask(requester=rep)
    draft = create_asset(status=AssetStatus.DRAFT, title="Unannounced pricing")
    auth.login(marketer)
    response = client.patch(f"/api/v1/requests/{request.id}", json={"asset_id": draft.id})
    assert response.json["asset"]["title"] == "Unannounced pricing"
    auth.login(rep)
    mine = client.get(f"/api/v1/requests/{request.id}").json
    assert (mine["status"], mine["asset"]) == ("planned", None)
    for page in (f"/requests/{request.id}", "/requests"):
        assert "Unannounced pricing" not in client.get(page).get_data(as_text=True)


def test_api_owner_expected_date_and_comments_both_ways(client, auth, create_user):
    rep = create_user("rep", name="Rita Rep")
    marketer = create_user("marketing", name="Cara Content")
    colleague = create_user("marketing", name="Mo Marketing")
    auth.login(rep)
    request_id = client.post("/api/v1/requests", json={"text": "ROI calculator"}).json["id"]
    response = client.post(f"/api/v1/requests/{request_id}/comments",
                           json={"body": "For the Acme renewal."})
    assert response.status_code == 201
    assert (response.json["from"], response.json["author"]["name"]) == ("requester", "Rita Rep")

    auth.login(marketer)
    due = (date.today() + timedelta(days=14)).isoformat()
    response = client.patch(f"/api/v1/requests/{request_id}",
                            json={"expected_on": due, "status": "planned"})
    assert response.status_code == 200
    assert (response.json["owner"]["name"], response.json["expected_on"]) == ("Cara Content", due)
    assert client.post(f"/api/v1/requests/{request_id}/comments",
                       json={"body": "On it."}).json["from"] == "marketing"
    response = client.patch(f"/api/v1/requests/{request_id}", json={"owner_id": colleague.id})
    assert response.json["owner"]["name"] == "Mo Marketing"

    auth.login(rep)
    mine = client.get(f"/api/v1/requests/{request_id}").json
    assert (mine["status_label"], mine["expected_on"]) == ("Planned", due)
    assert mine["owner"] == {"id": colleague.id, "name": "Mo Marketing"}
    assert [(c["from"], c["body"]) for c in mine["comments"]] == [
        ("requester", "For the Acme renewal."), ("marketing", "On it.")]
    assert "comments" not in client.get("/api/v1/requests").json["items"][0]


@pytest.mark.parametrize(("body", "field"), [
    ({"expected_on": "2001-01-01"}, "expected_on"),
    ({"expected_on": "2999-01-01"}, "expected_on"),
    ({"expected_on": "soon"}, "expected_on"),
    ({"expected_on": ["2030-01-01"]}, "expected_on"),
    ({"owner_id": 999_999}, "owner_id"),
    ({"owner_id": 2**80}, "owner_id"),
    ({"owner_id": "me"}, "owner_id"),
    ({"draft_confirmed": False}, "draft_confirmed"),
    ({"draft_confirmed": True}, "draft_confirmed"),  # no draft started from it
    ({"status": ["done"]}, "status"),
    ({"expected_on": None, "asset_id": 0}, "asset_id"),
])
def test_api_refuses_bad_changes_naming_the_field_and_keeps_nothing(client, login_as, ask,
                                                                    body, field):
    request = ask()
    login_as("marketing")
    response = client.patch(f"/api/v1/requests/{request.id}",
                            json={**body, "status": body.get("status", "planned")}
                            if field != "status" else body)
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    db.session.expire_all()
    assert (request.status, request.owner_id, request.expected_on) == ("open", None, None)


def test_api_done_with_an_unpublished_draft_is_refused(client, login_as, ask):
    request = ask()
    login_as("marketing")
    client.post(f"/api/v1/requests/{request.id}/draft", json={})
    response = client.patch(f"/api/v1/requests/{request.id}", json={"status": "done"})
    assert response.status_code == 422
    assert "publish the asset first or unlink it" in response.json["error"]["fields"]["status"]
    response = client.patch(f"/api/v1/requests/{request.id}",
                            json={"asset_id": None, "status": "done"})
    assert response.status_code == 200
    assert (response.json["status"], response.json["asset"]) == ("done", None)


@pytest.mark.parametrize(("body", "code"), [
    ({}, 422), ({"body": ""}, 422), ({"body": "x" * 2001}, 422), ({"body": 7}, 422),
    ({"body": "hi", "author_id": 1}, 422), ([], 400),
])
def test_api_refuses_bad_comments(client, login_as, ask, body, code, count_rows):
    user = login_as("rep")
    request = ask(requester=user)
    response = client.post(f"/api/v1/requests/{request.id}/comments", json=body)
    assert response.status_code == code
    assert count_rows(RequestComment) == 0


def test_api_reps_cannot_change_or_see_others_requests(client, login_as, ask):
    request = ask()
    login_as("rep")
    assert client.get(f"/api/v1/requests/{request.id}").status_code == 404
    assert client.patch(f"/api/v1/requests/{request.id}",
                        json={"status": "done"}).status_code == 403
    assert client.post(f"/api/v1/requests/{request.id}/draft", json={}).status_code == 403
    assert client.post(f"/api/v1/requests/{request.id}/comments",
                       json={"body": "Me too"}).status_code == 404
    assert client.patch(f"/api/v1/requests/{request.id}",
                        json={"owner_id": None}).status_code == 403
