"""Content requests in the browser: a rep follows one from open to done; marketing links, drafts
and sets statuses from the list or the request's page."""

from __future__ import annotations

from sqlalchemy import select

from enablement.extensions import db
from enablement.models import Asset, ContentRequest


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
