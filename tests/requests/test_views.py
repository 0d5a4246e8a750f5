"""Content requests in the browser: a rep follows one from open to done; marketing links, drafts
and sets statuses from the list or the request's page."""

from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import select

from enablement.extensions import db
from enablement.models import Asset, ContentRequest, Notification, RequestComment
from tests.conftest import PASSWORD

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


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

    # Publishing one click later is refused: the draft still holds the rep's words.
    auth.login(marketer)
    edit = {"title": "Cold storage on time", "summary": "How FrostLine cut spoilage.",
            "body": "FrostLine cut spoilage with crew scheduling.",
            "markets": ["construction"], "customer": "FrostLine", "challenge": "Spoilage.",
            "solution": "Scheduling.", "results": "Less spoilage.", "intent": "publish"}
    response = client.post(f"/assets/{asset.id}/edit", data=edit, follow_redirects=True)
    assert "confirms the real content is written" in response.get_data(as_text=True)
    assert db.session.get(Asset, asset.id).status == "draft"
    assert db.session.get(ContentRequest, request.id).status == "planned"

    # Its author confirms on the request's page (ticking the box), then publishes.
    page = client.get(f"/requests/{request.id}").get_data(as_text=True)
    assert "Confirm the draft" in page
    response = client.post(f"/requests/{request.id}/draft/confirm", data={})
    assert response.status_code == 422 and "Tick the box" in response.get_data(as_text=True)
    client.post(f"/assets/{asset.id}/edit", data={**edit, "intent": "save"})
    response = client.post(f"/requests/{request.id}/draft/confirm", data={"confirmed": "y"})
    assert response.headers["Location"].endswith(f"/assets/{asset.id}/edit")
    client.post(f"/assets/{asset.id}/edit", data=edit)
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
    for refused in ("nope", "²", "9" * 30):  # "²".isdigit(), yet int() can't read it
        response = client.post(f"/requests/{request.id}/link", data={"asset_id": refused})
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
    assert "Use open, planned or done." in response.get_data(as_text=True)


def test_done_with_an_unpublished_draft_is_a_form_error_on_the_request(client, login_as, ask):
    request = ask()
    login_as("marketing")
    client.post(f"/requests/{request.id}/draft", data={"kind": "case_study"})
    response = client.post(f"/requests/{request.id}/status",
                           data={"status": "done", "back": "detail"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="status-error"' in page and "publish the asset first or unlink it" in page
    assert db.session.get(ContentRequest, request.id).status == "planned"


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
    assert client.post(f"/requests/{request.id}/comments",
                       data={"comment": "Me too"}).status_code == 404
    assert client.post(f"/requests/{request.id}/plan", data={}).status_code == 403
    assert client.post(f"/requests/{request.id}/draft/confirm", data={}).status_code == 403


def test_a_thread_on_the_request_page_both_ways(client, auth, create_user, ask):
    rep = create_user("rep", name="Rita Rep")
    marketer = create_user("marketing", name="Cara Content")
    request = ask(requester=rep)
    auth.login(marketer)
    response = client.post(f"/requests/{request.id}/comments",
                           data={"comment": "Which customers <b>matter</b>?"})
    assert response.headers["Location"].endswith(f"/requests/{request.id}#comments")

    auth.login(rep)
    assert 'class="badge notification-count">1<' in client.get("/requests").get_data(
        as_text=True)
    page = client.get(f"/requests/{request.id}").get_data(as_text=True)
    assert "Which customers &lt;b&gt;matter&lt;/b&gt;?" in page  # text, never markup
    assert "Cara Content" in page and "Owner" in page
    assert 'class="badge notification-count">1<' not in page  # opening it read the news
    client.post(f"/requests/{request.id}/comments", data={"comment": "Ohio, mostly."})
    response = client.post(f"/requests/{request.id}/comments", data={"comment": "  "})
    assert response.status_code == 422 and "Write something first." in response.get_data(
        as_text=True)
    bodies = db.session.scalars(select(RequestComment.body).order_by(RequestComment.id)).all()
    assert bodies == ["Which customers <b>matter</b>?", "Ohio, mostly."]
    assert db.session.scalar(select(Notification.message).where(
        Notification.user_id == marketer.id)).startswith("Rita Rep commented")


def test_comments_need_the_csrf_token(csrf_app, ask):
    request = ask()
    client = csrf_app.test_client()
    token = CSRF.search(client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"email": request.requester.email, "password": PASSWORD,
                                "csrf_token": token})
    response = client.post(f"/requests/{request.id}/comments", data={"comment": "Forged"})
    assert response.status_code == 400
    page = client.get(f"/requests/{request.id}").get_data(as_text=True)
    response = client.post(f"/requests/{request.id}/comments", data={
        "comment": "Real", "csrf_token": CSRF.search(page).group(1)})
    assert response.status_code == 302
    assert db.session.scalars(select(RequestComment.body)).all() == ["Real"]


def test_marketing_sets_owner_and_expected_date_and_the_rep_sees_them(client, auth, ask,
                                                                      create_user):
    marketer = create_user("marketing", name="Cara Content")
    colleague = create_user("marketing", name="Mo Marketing")
    request = ask()
    auth.login(marketer)
    past = (date.today() - timedelta(days=1)).isoformat()
    response = client.post(f"/requests/{request.id}/plan",
                           data={"owner_id": str(colleague.id), "expected_on": past})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="expected_on-error"' in page and "The date has passed" in page
    assert f'value="{past}"' in page  # what they typed stays
    assert request.owner_id is None and request.expected_on is None
    response = client.post(f"/requests/{request.id}/plan", data={"owner_id": "²"})
    assert response.status_code == 422 and 'id="owner_id-error"' in response.get_data(as_text=True)

    due = date.today() + timedelta(days=20)
    response = client.post(f"/requests/{request.id}/plan",
                           data={"owner_id": str(colleague.id), "expected_on": due.isoformat()})
    assert response.status_code == 302
    auth.login(request.requester)
    page = client.get(f"/requests/{request.id}").get_data(as_text=True)
    assert "Mo Marketing" in page and f"{due.day} {due:%B %Y}" in page
    assert "Who and when" not in page  # marketing's controls aren't shown to reps


def test_one_set_of_status_labels_on_the_pages(client, login_as, ask):
    request = ask()
    login_as("marketing")
    page = client.get(f"/requests/{request.id}").get_data(as_text=True)
    steps = re.search(r'<ol class="request-steps".*?</ol>', page, re.S).group(0)
    assert re.findall(r">\s*(\w+)\s*</li>", steps) == ["Open", "Planned", "Done"]
    assert '<option value="open" selected>Open</option>' in page
    listing = client.get("/requests").get_data(as_text=True)
    assert ">Open</span>" in listing and ">Open</a>" in listing
