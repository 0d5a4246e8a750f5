"""The whole loop on the rep's side: a search finds nothing, the rep asks, marketing publishes, the
rep is told, uses the asset, rates it and records a win with it; the asset shows each step."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from enablement.extensions import db
from enablement.models import ContentRequest


@pytest.fixture
def app_config(mail_config):
    return mail_config


def text(response) -> str:
    return response.get_data(as_text=True)


def test_the_loop_from_an_empty_search_to_a_win(client, auth, create_user, inbox):
    rep = create_user("rep", email="rita@example.com", name="Rita Rep")
    marketer = create_user("marketing", email="cara@example.com", name="Cara Content")

    # The rep searches and finds nothing, then asks from the search page.
    auth.login(rep)
    page = text(client.get("/search?q=cold+storage+logistics"))
    assert "Nothing found" in page and "Ask marketing" in page
    response = client.post("/requests", data={
        "text": "A case study for cold storage logistics in the Midwest",
        "market": "construction", "kind": "case_study",
        "search_query": "cold storage logistics"})
    assert response.status_code == 302
    request = db.session.scalars(select(ContentRequest)).one()
    assert client.get("/api/v1/requests").json["items"][0]["status"] == "open"

    # Marketing starts a draft from the request (the rep hears it is planned), writes the
    # real content, confirms it as its author, and publishes it.
    auth.login(marketer)
    assert "cold storage logistics" in text(client.get("/requests"))
    response = client.post(f"/requests/{request.id}/draft", data={"kind": "case_study"})
    asset_id = int(response.headers["Location"].split("/")[-2])
    assert client.get("/api/v1/requests").json["total"] == 0
    [(recipients, planned)] = inbox.messages
    assert recipients == ["rita@example.com"]
    assert planned["Subject"] == "Planned: your content request"
    assert "A case study for cold storage logistics" not in planned["Subject"]
    response = client.patch(f"/api/v1/assets/{asset_id}", json={
        "summary": "How FrostLine kept every pallet cold.", "customer": "FrostLine",
        "body": "FrostLine schedules cold-chain loads around dock capacity.",
        "challenge": "Spoiled loads.", "solution": "Cold-chain scheduling.",
        "results": "Zero spoiled loads in a year."})
    assert response.status_code == 200, response.json
    response = client.post(f"/requests/{request.id}/draft/confirm", data={"confirmed": "y"})
    assert response.status_code == 302
    response = client.patch(f"/api/v1/assets/{asset_id}", json={"status": "published"})
    assert response.status_code == 200, response.json

    # The rep is told: in the header, on the notifications page, and by email.
    (recipients, message) = inbox.messages[-1]
    assert recipients == ["rita@example.com"] and len(inbox.messages) == 2
    assert f"http://hub.test/assets/{asset_id}" in message.get_content()
    auth.login(rep)
    assert 'class="badge notification-count">2<' in text(client.get("/requests"))
    assert f'href="/assets/{asset_id}"' in text(client.get("/notifications"))
    mine = client.get(f"/api/v1/requests/{request.id}").json
    assert mine["status"] == "done" and mine["asset"]["id"] == asset_id and mine["fulfilled_at"]

    # The rep now finds it, opens it, copies it, rates it and records a win with it.
    page = text(client.get("/search?q=cold+storage"))
    [link] = re.findall(r'<h3 class="h6 mb-1"[^>]*><a href="([^"]+)"', page)
    opened = client.get(html.unescape(link), follow_redirects=True)
    assert opened.request.path == f"/assets/{asset_id}"
    assert client.post(f"/api/v1/assets/{asset_id}/copies").status_code == 204
    assert client.post(f"/api/v1/assets/{asset_id}/feedback",
                       json={"helpful": True, "comment": "Opened the door."}).status_code == 201
    response = client.post("/api/v1/wins", json={
        "account": "FrostLine", "market": "construction", "amount": 48000,
        "asset_ids": [asset_id], "lead_marketer_email": "cara@example.com",
        "note": "The case study did it."})
    assert response.status_code == 201

    # The asset shows each step, on its page and in the API.
    usage = client.get(f"/api/v1/assets/{asset_id}").json["usage"]
    assert usage == {"views": 1, "copies": 1, "downloads": 0, "helpful": 1, "not_helpful": 0,
                     "wins": 1}
    page = text(client.get(f"/assets/{asset_id}"))
    for figure in ("2 views", "1 copy", "0 downloads", "1 helpful vote", "1 deal won"):
        assert figure in page, figure
    assert "FrostLine" in page  # the deal it helped win

    # Marketing reads the feedback and sees the win credited to them.
    auth.login(marketer)
    assert "Opened the door." in text(client.get(f"/assets/{asset_id}"))
    wins_page = text(client.get("/wins"))
    assert "Closed by <strong>Rita Rep</strong>" in wins_page
    assert "generated by <strong>Cara Content</strong>" in wins_page
    assert "thanks, Cara Content" in wins_page
