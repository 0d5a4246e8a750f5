"""Content requests: reps follow them; marketing links or drafts an asset; publishing it closes
the request and tells the requester in the hub."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from enablement.assets import services as asset_services
from enablement.errors import Forbidden, NotFound, ValidationError
from enablement.extensions import db
from enablement.insights import requests as content_requests
from enablement.models import Asset, AssetStatus, ContentRequest, Notification
from enablement.notifications.services import unread_count


@pytest.fixture
def ask(create_user):
    def factory(requester=None, text="A case study for cold-storage logistics in the Midwest",
                market="construction", kind="case_study"):
        requester = requester or create_user("rep")
        request = content_requests.create_request(requester, text, market, kind)
        db.session.commit()
        return request

    return factory


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# ---------------------------------------------------------------- the service


def test_linking_a_draft_plans_the_request_and_publishing_it_fulfils_it(app, ask, create_user,
                                                                        create_asset):
    marketer = create_user("marketing")
    request = ask()
    draft = create_asset(status=AssetStatus.DRAFT, owner=marketer)
    content_requests.link_asset(marketer, request, draft.id)
    db.session.commit()
    assert (request.status, request.asset_id, request.fulfilled_at) == ("planned", draft.id, None)
    assert count(Notification) == 0

    asset_services.change_status(marketer, draft, AssetStatus.PUBLISHED)
    db.session.commit()
    assert request.status == "done"
    assert request.fulfilled_at is not None
    [note] = db.session.scalars(select(Notification)).all()
    assert note.user_id == request.requester_id
    assert draft.title in note.message and note.url == f"/assets/{draft.id}"
    assert unread_count(request.requester) == 1


def test_publishing_again_does_not_tell_the_requester_twice(app, ask, create_user, create_asset):
    marketer = create_user("marketing")
    request = ask()
    draft = create_asset(status=AssetStatus.DRAFT, owner=marketer)
    content_requests.link_asset(marketer, request, draft.id)
    for status in (AssetStatus.PUBLISHED, AssetStatus.DRAFT, AssetStatus.PUBLISHED):
        asset_services.change_status(marketer, draft, status)
    db.session.commit()
    assert count(Notification) == 1


def test_linking_a_published_asset_fulfils_at_once(app, ask, create_user, create_asset):
    marketer = create_user("marketing")
    request, asset = ask(), create_asset()
    content_requests.link_asset(marketer, request, asset.id)
    db.session.commit()
    assert request.status == "done" and request.fulfilled_at is not None
    assert count(Notification) == 1


def test_publishing_an_unlinked_asset_touches_no_request(app, ask, create_user, create_asset):
    request = ask()
    create_asset()  # created and published at once
    asset_services.create_asset(create_user("marketing"), "sales_aid",
                                {"title": "Card", "summary": "s", "markets": ["construction"],
                                 "aid_type": "battle_card"}, status=AssetStatus.PUBLISHED)
    db.session.commit()
    assert request.status == "open" and count(Notification) == 0


def test_start_draft_creates_a_linked_draft_of_the_requests_kind_and_market(app, ask,
                                                                           create_user):
    marketer = create_user("marketing")
    request = ask(text="Battle card against Acme for " + "very " * 60 + "large fleets",
                  kind="sales_aid", market="healthcare")
    asset = content_requests.start_draft(marketer, request)
    db.session.commit()
    assert (asset.kind, asset.status, asset.markets, asset.owner_id) == (
        "sales_aid", "draft", ["healthcare"], marketer.id)
    assert len(asset.title) <= 200 and asset.title.startswith("Battle card against Acme")
    assert request.text in asset.body
    assert (request.asset_id, request.status) == (asset.id, "planned")


def test_start_draft_needs_a_kind_when_the_request_has_none(app, ask, create_user):
    marketer = create_user("marketing")
    request = ask(kind=None, market=None)
    with pytest.raises(ValidationError) as error:
        content_requests.start_draft(marketer, request)
    assert "kind" in error.value.fields
    asset = content_requests.start_draft(marketer, request, "white_paper")
    assert asset.kind == "white_paper" and asset.markets == []


def test_only_marketing_links_drafts_or_changes_status(app, ask, create_asset):
    request = ask()
    requester = request.requester
    for action in (lambda: content_requests.link_asset(requester, request, create_asset().id),
                   lambda: content_requests.start_draft(requester, request),
                   lambda: content_requests.set_status(requester, request, "done")):
        with pytest.raises(Forbidden):
            action()


def test_archived_or_missing_assets_cannot_answer_a_request(app, ask, create_user,
                                                            create_asset):
    marketer = create_user("marketing")
    request = ask()
    for asset_id in (create_asset(status=AssetStatus.ARCHIVED).id, 999999, "1", True, None):
        with pytest.raises(ValidationError):
            content_requests.link_asset(marketer, request, asset_id)
    assert request.asset_id is None


def test_marking_done_by_hand_tells_the_requester_and_reopening_clears_it(app, ask,
                                                                          create_user):
    marketer = create_user("marketing")
    request = ask()
    content_requests.set_status(marketer, request, "done")
    db.session.commit()
    assert request.fulfilled_at is not None and count(Notification) == 1
    content_requests.set_status(marketer, request, "planned")
    assert request.fulfilled_at is None
    with pytest.raises(ValidationError):
        content_requests.set_status(marketer, request, "closed")


def test_reps_only_see_their_own_requests(app, ask, create_user):
    mine = ask()
    theirs = ask()
    assert content_requests.get_request(mine.requester, mine.id) is mine
    with pytest.raises(NotFound):
        content_requests.get_request(mine.requester, theirs.id)
    assert content_requests.visible_requests(mine.requester) == [mine]
    assert len(content_requests.visible_requests(create_user("marketing"))) == 2


# ---------------------------------------------------------------- the browser


def test_a_rep_follows_a_request_from_open_to_done(client, auth, create_user, create_asset):
    rep, marketer = create_user("rep"), create_user("marketing")
    auth.login(rep)
    response = client.post("/requests", data={"text": "Case study for cold storage",
                                              "market": "construction", "kind": "case_study"})
    assert response.status_code == 302
    request = db.session.scalars(select(ContentRequest)).one()
    page = client.get("/requests").get_data(as_text=True)
    assert "Case study for cold storage" in page and "request-open" in page
    assert client.get(f"/requests/{request.id}").status_code == 200

    auth.login(marketer)
    page = client.get(f"/requests/{request.id}").get_data(as_text=True)
    assert "Start a draft" in page and "Link asset" in page
    response = client.post(f"/requests/{request.id}/draft", data={"kind": "case_study"})
    asset = db.session.scalars(select(Asset)).one()
    assert response.headers["Location"].endswith(f"/assets/{asset.id}/edit")
    assert asset.status == "draft" and asset.markets == ["construction"]

    auth.login(rep)
    page = client.get(f"/requests/{request.id}").get_data(as_text=True)
    assert "request-planned" in page
    assert f'href="/assets/{asset.id}"' not in page  # a draft: reps don't see it yet

    auth.login(marketer)
    client.post(f"/assets/{asset.id}/edit", data={
        "title": "Cold storage on time", "summary": "How FrostLine cut spoilage.",
        "markets": ["construction"], "customer": "FrostLine", "challenge": "Spoilage.",
        "solution": "Scheduling.", "results": "Less spoilage.", "intent": "publish"})
    assert db.session.get(Asset, asset.id).status == "published"

    auth.login(rep)
    home = client.get("/requests").get_data(as_text=True)
    assert 'class="badge notification-count">1<' in home
    page = client.get("/notifications").get_data(as_text=True)
    assert "Cold storage on time" in page and "notification-new" in page
    assert 'class="badge notification-count">1<' not in client.get("/requests").get_data(
        as_text=True)
    page = client.get(f"/requests/{request.id}").get_data(as_text=True)
    assert "request-done" in page and "Cold storage on time" in page


def test_marketing_links_an_existing_asset(client, login_as, ask, create_asset):
    request = ask()
    candidate = create_asset(title="Cold chain case study")
    login_as("marketing")
    page = client.get(f"/requests/{request.id}").get_data(as_text=True)
    assert f'<option value="{candidate.id}">Cold chain case study' in page
    response = client.post(f"/requests/{request.id}/link", data={"asset_id": str(candidate.id)})
    assert response.status_code == 302
    assert request.status == "done" and request.asset_id == candidate.id
    response = client.post(f"/requests/{request.id}/link", data={"asset_id": "nope"})
    assert response.status_code == 302  # back to the page, with a message
    assert request.asset_id == candidate.id


def test_marketing_sets_a_status_from_the_list_or_the_request(client, login_as, ask):
    request = ask()
    login_as("marketing")
    response = client.post(f"/requests/{request.id}/status", data={"status": "planned"})
    assert response.headers["Location"].endswith("/requests")
    response = client.post(f"/requests/{request.id}/status",
                           data={"status": "done", "back": "detail"})
    assert response.headers["Location"].endswith(f"/requests/{request.id}")
    assert request.status == "done"
    response = client.post(f"/requests/{request.id}/status", data={"status": "bogus"})
    assert response.status_code == 422 and request.status == "done"


def test_requests_page_filters_by_status(client, login_as, ask):
    ask(text="First thing we need")
    done = ask(text="Second thing we need")
    done.status = "done"
    db.session.commit()
    login_as("marketing")
    page = client.get("/requests?status=done").get_data(as_text=True)
    assert "Second thing" in page and "First thing" not in page
    page = client.get("/requests?mine=1").get_data(as_text=True)
    assert "My content requests" in page and "First thing" not in page


def test_reps_cannot_open_others_requests_or_answer_them(client, login_as, ask, create_asset):
    request = ask()
    login_as("rep")
    assert client.get(f"/requests/{request.id}").status_code == 404
    assert client.post(f"/requests/{request.id}/draft", data={}).status_code == 403
    assert client.post(f"/requests/{request.id}/link",
                       data={"asset_id": create_asset().id}).status_code == 403


# ---------------------------------------------------------------- the API


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
def test_api_refuses_invalid_requests(client, login_as, body, field):
    login_as("rep")
    response = client.post("/api/v1/requests", json=body)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert count(ContentRequest) == 0


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
