"""Wins: recording deals (browser, API, a CRM webhook), crediting people, totals, leaderboards."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from enablement.assets import services as asset_services
from enablement.auth import services as auth_services
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.insights import wins
from enablement.models import AssetStatus, Win


@pytest.fixture
def people(create_user):
    return {
        "rep": create_user("rep", email="rita@example.com", name="Rita Rep"),
        "other_rep": create_user("rep", email="omar@example.com", name="Omar Rep"),
        "content": create_user("marketing", email="cara@example.com", name="Cara Content"),
        "leads": create_user("marketing", email="liam@example.com", name="Liam Leads"),
    }


@pytest.fixture
def helped(create_asset, people):
    """Two published assets owned by Cara, and a draft."""
    return {
        "case": create_asset(owner=people["content"], title="FrostLine case study"),
        "email": create_asset("email_template", owner=people["content"], title="Cold open"),
        "draft": create_asset(status=AssetStatus.DRAFT, owner=people["content"]),
    }


def win_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Win))


# ---------------------------------------------------------------- the service


def test_a_rep_records_a_win_with_the_assets_that_helped(app, people, helped):
    win, created = wins.record_win(people["rep"], {
        "account": "  FrostLine  Logistics ", "market": "construction", "amount": "48,000.50",
        "closed_on": "2026-01-15", "asset_ids": [helped["case"].id, helped["email"].id],
        "lead_marketer_email": "LIAM@example.com", "note": "The case study did it.",
    })
    db.session.commit()
    assert created
    assert (win.account, win.market, win.amount, win.closed_on) == (
        "FrostLine Logistics", "construction", Decimal("48000.50"), date(2026, 1, 15))
    assert (win.rep_id, win.recorded_by_id) == (people["rep"].id, people["rep"].id)
    assert (win.lead_source, win.lead_marketer_id) == ("marketing", people["leads"].id)
    assert [a.title for a in win.assets] == ["Cold open", "FrostLine case study"]
    usage = asset_services.usage_for([helped["case"].id, helped["draft"].id])
    assert usage[helped["case"].id]["wins"] == 1 and usage[helped["draft"].id]["wins"] == 0


def test_defaults_today_self_and_sales_sourced(app, people):
    win, _ = wins.record_win(people["rep"], {"account": "Acme", "amount": 1000})
    assert (win.closed_on, win.rep_id, win.lead_source, win.assets) == (
        date.today(), people["rep"].id, "sales", [])


TOMORROW_PLUS = (date.today() + timedelta(days=3)).isoformat()


@pytest.mark.parametrize(("data", "field"), [
    ({"amount": 10}, "account"),
    ({"account": "  ", "amount": 10}, "account"),
    ({"account": ["Acme"], "amount": 10}, "account"),
    ({"account": "x" * 201, "amount": 10}, "account"),
    ({"account": "Acme"}, "amount"),
    ({"account": "Acme", "amount": "lots"}, "amount"),
    ({"account": "Acme", "amount": -5}, "amount"),
    ({"account": "Acme", "amount": True}, "amount"),
    ({"account": "Acme", "amount": "NaN"}, "amount"),
    ({"account": "Acme", "amount": "1e20"}, "amount"),
    ({"account": "Acme", "amount": 10, "market": "atlantis"}, "market"),
    ({"account": "Acme", "amount": 10, "closed_on": "15/01/2026"}, "closed_on"),
    ({"account": "Acme", "amount": 10, "closed_on": TOMORROW_PLUS}, "closed_on"),
    ({"account": "Acme", "amount": 10, "asset_ids": "all"}, "asset_ids"),
    ({"account": "Acme", "amount": 10, "asset_ids": [True]}, "asset_ids"),
    ({"account": "Acme", "amount": 10, "asset_ids": [999999]}, "asset_ids"),
    ({"account": "Acme", "amount": 10, "asset_ids": list(range(1, 30))}, "asset_ids"),
    ({"account": "Acme", "amount": 10, "lead_source": "magic"}, "lead_source"),
    ({"account": "Acme", "amount": 10, "lead_marketer_email": "rita@example.com"},
     "lead_source"),
    ({"account": "Acme", "amount": 10, "lead_marketer_email": "nobody@example.com"},
     "lead_source"),
    ({"account": "Acme", "amount": 10, "lead_source": "partner",
      "lead_marketer_email": "liam@example.com"}, "lead_source"),
    ({"account": "Acme", "amount": 10, "rep_email": "omar@example.com"}, "rep_email"),
    ({"account": "Acme", "amount": 10, "rep_email": "nobody@example.com"}, "rep_email"),
    ({"account": "Acme", "amount": 10, "note": "x" * 2001}, "note"),
    ({"account": "Acme", "amount": 10, "external_id": "x" * 101}, "external_id"),
])
def test_invalid_wins_are_refused_by_field(app, people, data, field):
    with pytest.raises(ValidationError) as error:
        wins.record_win(people["rep"], data)
    assert field in error.value.fields
    assert win_count() == 0


def test_only_published_assets_are_credited(app, people, helped):
    with pytest.raises(ValidationError) as error:
        wins.record_win(people["rep"], {"account": "Acme", "amount": 10,
                                        "asset_ids": [helped["case"].id, helped["draft"].id]})
    assert str(helped["draft"].id) in error.value.fields["asset_ids"]


def test_marketing_records_a_win_for_a_rep(app, people):
    win, _ = wins.record_win(people["leads"], {"account": "Acme", "amount": 10,
                                               "rep_email": "omar@example.com"})
    assert (win.rep_id, win.recorded_by_id) == (people["other_rep"].id, people["leads"].id)


def test_the_same_external_id_returns_the_first_win(app, people):
    first, created = wins.record_win(people["leads"], {"account": "Acme", "amount": 10,
                                                       "external_id": "crm-42"})
    db.session.commit()
    again, created_again = wins.record_win(people["leads"], {"account": "Acme Inc",
                                                             "amount": 99,
                                                             "external_id": " crm-42 "})
    assert created and not created_again and again.id == first.id and again.amount == 10
    assert win_count() == 1


def test_summary_credits_closers_content_owners_and_lead_marketers(app, people, helped,
                                                                   create_user):
    second_owner = create_user("marketing", name="Sol Second")
    other_asset = asset_services.create_asset(second_owner, "sales_aid", {
        "title": "Battle card", "summary": "s", "markets": ["construction"],
        "aid_type": "battle_card"}, status=AssetStatus.PUBLISHED)
    record = functools.partial(wins.record_win, people["leads"])
    record({"account": "A", "amount": 100, "rep_email": "rita@example.com",
            "asset_ids": [helped["case"].id, helped["email"].id],
            "lead_marketer_email": "liam@example.com"})
    record({"account": "B", "amount": 50, "rep_email": "omar@example.com",
            "asset_ids": [other_asset.id, helped["case"].id]})
    record({"account": "C", "amount": 500, "rep_email": "omar@example.com"})
    record({"account": "Old", "amount": 9999, "rep_email": "rita@example.com",
            "closed_on": (date.today() - timedelta(days=400)).isoformat()})
    db.session.commit()

    result = wins.summary(wins.period_start(90))
    assert (result.wins, result.amount) == (3, Decimal(650))
    assert (result.with_content, result.with_content_amount) == (2, Decimal(150))
    assert result.marketing_sourced == 1
    assert [(s.user.name, s.wins, s.amount) for s in result.closers] == [
        ("Omar Rep", 2, Decimal(550)), ("Rita Rep", 1, Decimal(100))]
    # Cara owns two assets in win A: credited once for it.
    assert [(s.user.name, s.wins, s.amount) for s in result.content_marketers] == [
        ("Cara Content", 2, Decimal(150)), ("Sol Second", 1, Decimal(50))]
    assert [(s.user.name, s.wins) for s in result.lead_marketers] == [("Liam Leads", 1)]
    assert wins.summary().wins == 4


def test_money_is_shown_without_needless_cents():
    assert wins.money(Decimal("12500.00")) == "12,500"
    assert wins.money(Decimal("12500.5")) == "12,500.50"


# ---------------------------------------------------------------- the browser


def test_a_rep_records_a_win_in_the_browser_and_the_wins_page_celebrates_it(
        client, auth, people, helped):
    auth.login(people["rep"])
    page = client.get(f"/wins/new?asset_id={helped['case'].id}").get_data(as_text=True)
    assert f'<option selected value="{helped["case"].id}">' in page
    assert helped["draft"] not in wins.creditable_assets()  # drafts can't be credited
    assert 'name="rep"' not in page  # reps record their own wins
    response = client.post("/wins/new", data={
        "account": "FrostLine", "amount": "48000", "closed_on": "", "market": "construction",
        "asset_ids": [str(helped["case"].id)], "lead_source": "marketing",
        "lead_marketer": str(people["leads"].id), "note": "Case study sealed it."})
    assert response.status_code == 302
    win = db.session.scalars(select(Win)).one()
    assert response.headers["Location"].endswith(f"/wins#win-{win.id}")
    page = client.get("/wins").get_data(as_text=True)
    assert "FrostLine" in page and "48,000" in page
    assert "Closed by <strong>Rita Rep</strong>" in page
    assert "generated by <strong>Liam Leads</strong>" in page
    assert "thanks, Cara Content" in page
    assert "Case study sealed it." in page
    detail = client.get(f"/assets/{helped['case'].id}").get_data(as_text=True)
    assert "1 deal won" in detail and f'/wins#win-{win.id}' in detail


def test_the_win_form_keeps_what_was_typed_and_names_the_problem(client, login_as, helped):
    login_as("rep")
    response = client.post("/wins/new", data={"account": "Acme", "amount": "a lot",
                                              "lead_source": "sales",
                                              "asset_ids": [str(helped["case"].id)]})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'value="Acme"' in page and "The amount is a number" in page
    assert f'<option selected value="{helped["case"].id}">' in page
    assert win_count() == 0


def test_marketing_can_name_the_rep_who_closed(client, login_as, people):
    login_as("marketing")
    page = client.get("/wins/new").get_data(as_text=True)
    assert 'name="rep"' in page and "Omar Rep (omar@example.com)" in page
    client.post("/wins/new", data={"account": "Acme", "amount": "10", "lead_source": "sales",
                                   "rep": str(people["other_rep"].id)})
    assert db.session.scalars(select(Win)).one().rep_id == people["other_rep"].id


def test_the_wins_page_filters_by_period(client, login_as, people):
    wins.record_win(people["rep"], {"account": "Recent deal", "amount": 10})
    wins.record_win(people["rep"], {"account": "Ancient deal", "amount": 10,
                                    "closed_on": (date.today() - timedelta(days=200)).isoformat()})
    db.session.commit()
    login_as("rep")
    page = client.get("/wins").get_data(as_text=True)
    assert "Recent deal" in page and "Ancient deal" not in page
    assert "Ancient deal" in client.get("/wins?period=all").get_data(as_text=True)
    assert client.get("/wins?period=bogus").status_code == 200


# ---------------------------------------------------------------- the API


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


def test_a_crm_webhook_posts_idempotently(client, people, helped):
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
    assert win_count() == 1


@pytest.mark.parametrize(("body", "field"), [
    ({"amount": 10}, "account"),
    ({"account": "Acme", "amount": "ten"}, "amount"),
    ({"account": "Acme", "amount": 10, "asset_ids": 5}, "asset_ids"),
    ({"account": "Acme", "amount": 10, "rep_email": "omar@example.com"}, "rep_email"),
])
def test_api_refuses_invalid_wins(client, login_as, people, body, field):
    login_as("rep")
    response = client.post("/api/v1/wins", json=body)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert win_count() == 0


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
