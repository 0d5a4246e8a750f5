"""Wins in the JSON API: recording one, a CRM posting the same deal twice, refused input, the
list with its summary and paging."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from enablement.assets import services as asset_services
from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import Win
from enablement.wins import conflicts
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
    for query in ("days=0", "days=x", "days=%C2%B2", "per_page=500"):  # ² isdigit, not int
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


def _token(user) -> dict:
    token = auth_services.create_token(user, "crm")
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


CRM_PAYLOAD = {"account": "FrostLine", "amount": "48000", "closed_on": "2026-01-15",
               "rep_email": "rita@example.com", "external_id": "006Hs00001"}


@pytest.mark.parametrize("caller", ["rep session", "rep token", "marketing session"])
def test_only_an_integration_token_sets_external_id(client, auth, people, caller, count_rows):
    if caller == "rep token":
        headers = _token(people["rep"])
    else:
        auth.login(people["rep" if caller.startswith("rep") else "leads"])
        headers = {}
    response = client.post("/api/v1/wins", json=CRM_PAYLOAD, headers=headers)
    assert response.status_code == 403
    assert "external_id" in response.json["error"]["fields"]
    assert count_rows(Win) == 0


def test_a_rep_s_early_claim_no_longer_swallows_the_real_deal(client, auth, people, helped,
                                                              create_user, count_rows):
    # Before external_id was reserved a rep took the CRM's deal id with a made-up win.
    fake, _ = wins.record_win(people["rep"], {"account": "Made up", "amount": 1})
    fake.external_id = "006Hs00001"
    db.session.commit()
    crm = _token(people["leads"])
    sent = {**CRM_PAYLOAD, "asset_ids": [helped["case"].id]}
    response = client.post("/api/v1/wins", json=sent, headers=crm)
    assert response.status_code == 409
    assert response.json["error"]["fields"]["external_id"] == (
        f"Already recorded as win {fake.id} with other details.")
    assert response.json["win"]["id"] == fake.id
    assert client.post("/api/v1/wins", json=sent, headers=crm).status_code == 409  # retried
    assert count_rows(Win) == 1 and db.session.get(Win, fake.id).account == "Made up"

    auth.login(people["other_rep"])
    assert "Conflicts to settle" not in client.get("/wins").get_data(as_text=True)
    auth.logout()
    admin = create_user("admin")
    auth.login(admin)
    page = client.get("/wins").get_data(as_text=True)
    assert "Conflicts to settle" in page and "Deal 006Hs00001" in page and "(2 times)" in page
    assert "<td>Made up</td><td>FrostLine</td>" in page
    conflict_id = conflicts.open_conflicts()[0].id
    response = client.post(f"/wins/conflicts/{conflict_id}", data={"keep": "sent"})
    assert response.status_code == 302
    listed = client.get("/api/v1/wins").json["items"]
    assert [(w["id"], w["account"], w["amount"], w["external_id"]) for w in listed] == [
        (fake.id, "FrostLine", 48000.0, "006Hs00001")]
    assert "Conflicts to settle" not in client.get("/wins").get_data(as_text=True)
    # From now on the CRM's deal is what's on record: sending it again is a plain retry.
    assert client.post("/api/v1/wins", json=sent, headers=crm).status_code == 200


def test_reps_can_t_settle_conflicts(client, login_as, people):
    wins.record_win(people["leads"], CRM_PAYLOAD, integration=True)
    db.session.commit()
    try:
        wins.record_win(people["leads"], {**CRM_PAYLOAD, "amount": 5}, integration=True)
    except wins.ExternalIdConflict as error:
        conflict = conflicts.note_conflict(people["leads"], error)
        db.session.commit()
    for role in ("rep", "marketing"):
        login_as(role)
        assert client.post(f"/wins/conflicts/{conflict.id}",
                           data={"keep": "sent"}).status_code == 403
    assert conflicts.open_conflicts() == [conflict]


def test_the_recorder_corrects_a_win_through_the_api(client, auth, people, helped):
    win, _ = wins.record_win(people["rep"], {"account": "Acme", "amount": 10,
                                             "asset_ids": [helped["case"].id]})
    db.session.commit()
    auth.login(people["rep"])
    response = client.patch(f"/api/v1/wins/{win.id}", json={"amount": "12.50", "note": "Up"})
    assert response.status_code == 200
    assert (response.json["amount"], response.json["note"], response.json["account"]) == (
        12.5, "Up", "Acme")
    assert [a["id"] for a in response.json["assets"]] == [helped["case"].id]
    refused = client.patch(f"/api/v1/wins/{win.id}", json={"amount": "lots"})
    assert refused.status_code == 422 and "amount" in refused.json["error"]["fields"]
    claimed = client.patch(f"/api/v1/wins/{win.id}", json={"external_id": "006Hs00001"})
    assert claimed.status_code == 403 and "external_id" in claimed.json["error"]["fields"]
    assert client.patch("/api/v1/wins/999999", json={"amount": 1}).status_code == 404
    auth.logout()
    auth.login(people["other_rep"])
    assert client.patch(f"/api/v1/wins/{win.id}", json={"amount": 1}).status_code == 403
    assert db.session.get(Win, win.id).amount == Decimal("12.50")


def test_an_integration_can_t_move_a_deal_id_onto_another_win(client, people):
    crm = _token(people["leads"])
    first = client.post("/api/v1/wins", json=CRM_PAYLOAD, headers=crm).json
    second = client.post("/api/v1/wins", json={**CRM_PAYLOAD, "external_id": "006B"},
                         headers=crm).json
    response = client.patch(f"/api/v1/wins/{second['id']}", json={"external_id": "006Hs00001"},
                            headers=crm)
    assert response.status_code == 409
    assert response.json["error"]["fields"]["external_id"] == (
        f"Already the external_id of win {first['id']}.")


def test_ids_past_what_the_database_holds_are_a_422_naming_the_field(client, login_as):
    login_as("rep")
    huge = "9" * 30
    response = client.post("/api/v1/wins", json={
        "account": "Harbor & Pine", "market": "construction", "amount": 1000,
        "asset_ids": [huge]})
    assert response.status_code == 422
    assert "asset_ids" in response.get_json()["error"]["fields"]
