"""Wins in the JSON API: recording one, a CRM posting the same deal twice, refused input, the
list with its summary and paging."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from enablement.assets import services as asset_services
from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import Win
from enablement.wins import services as wins


def test_api_records_a_win(client, login_as, helped, people):
    rep = login_as("rep")
    response = client.post("/api/v1/wins", json={
        "account": "FrostLine", "market": "construction", "amount": 48000.5,
        "asset_ids": [helped["case"].id], "note": "Thanks marketing!",
        "lead_marketer_email": "liam@example.com"})
    assert response.status_code == 201
    body = response.json
    assert body["amount"] == 48000.5 and body["closed_on"] == date.today().isoformat()
    assert body["rep"] == {"id": rep.id, "name": rep.name}
    assert body["lead_source"] == "marketing"
    assert body["lead_marketer"]["name"] == "Liam Leads"
    assert body["assets"][0]["owner"]["name"] == "Cara Content"
    assert response.headers["Location"].endswith(f"/wins#win-{body['id']}")
    usage = client.get(f"/api/v1/assets/{helped['case'].id}").json["usage"]
    assert usage["wins"] == 1


def test_a_crm_webhook_posts_idempotently(client, people, helped, count_rows):
    token = auth_services.create_token(people["leads"], "crm")
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    payload = {"account": "FrostLine", "amount": "48000", "market": "construction",
               "asset_ids": [helped["case"].id], "closed_on": "2026-01-15",
               "rep_email": "rita@example.com", "lead_source": "marketing",
               "lead_marketer_email": "liam@example.com", "external_id": "006Hs00001"}
    first = client.post("/api/v1/wins", json=payload, headers=headers)
    again = client.post("/api/v1/wins", json=payload, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json == first.json
    assert first.json["rep"]["name"] == "Rita Rep"
    assert first.json["external_id"] == "006Hs00001"
    assert count_rows(Win) == 1


@pytest.mark.parametrize(("body", "field"), [
    ({"amount": 10}, "account"),
    ({"account": "Acme", "amount": "ten"}, "amount"),
    ({"account": "Acme", "amount": 10, "asset_ids": 5}, "asset_ids"),
    ({"account": "Acme", "amount": 10, "rep_email": "omar@example.com"}, "rep_email"),
])
def test_api_refuses_invalid_wins(client, login_as, people, body, field, count_rows):
    login_as("rep")
    response = client.post("/api/v1/wins", json=body)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert count_rows(Win) == 0


def test_api_lists_wins_with_the_summary(client, login_as, people):
    wins.record_win(people["rep"], {"account": "One", "amount": 10})
    wins.record_win(people["rep"], {"account": "Two", "amount": 20,
                                    "closed_on": (date.today() - timedelta(days=100)).isoformat()})
    db.session.commit()
    login_as("rep")
    listed = client.get("/api/v1/wins").json
    assert [w["account"] for w in listed["items"]] == ["One", "Two"]
    assert listed["summary"]["wins"] == 2 and listed["summary"]["amount"] == 30
    assert listed["summary"]["leaderboards"]["closers"][0]["user"]["name"] == "Rita Rep"
    recent = client.get("/api/v1/wins?days=30").json
    assert [w["account"] for w in recent["items"]] == ["One"] and recent["days"] == 30
    paged = client.get("/api/v1/wins?per_page=1&page=2").json
    assert [w["account"] for w in paged["items"]] == ["Two"]
    for query in ("days=0", "days=x", "per_page=500"):
        assert client.get(f"/api/v1/wins?{query}").status_code == 422


@pytest.mark.parametrize("status", ["draft", "archived"])
def test_the_api_shows_reps_a_placeholder_for_an_asset_no_longer_published(
        client, auth, people, helped, status):
    wins.record_win(people["rep"], {"account": "FrostLine", "amount": 10,
                                    "asset_ids": [helped["case"].id, helped["email"].id]})
    db.session.commit()
    asset_services.change_status(people["content"], helped["case"], status)
    asset_services.update_asset(people["content"], helped["case"],
                                {"title": "CONFIDENTIAL DRAFT: FrostLine pricing"}, partial=True)
    db.session.commit()
    auth.login(people["rep"])
    listed = client.get("/api/v1/wins").get_data(as_text=True)
    assert "CONFIDENTIAL" not in listed and f"/assets/{helped['case'].id}" not in listed
    shown = client.get("/api/v1/wins").json["items"][0]["assets"]
    assert {"id": None, "title": "an asset no longer published", "kind": None, "owner": None,
            "url": None} in shown
    assert {a["title"] for a in shown} == {"an asset no longer published", "Cold open"}
    auth.logout()
    auth.login(people["leads"])
    shown = client.get("/api/v1/wins").json["items"][0]["assets"]
    assert "CONFIDENTIAL DRAFT: FrostLine pricing" in {a["title"] for a in shown}
