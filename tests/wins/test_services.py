"""Recording wins: what a win needs, who may be credited, the same CRM deal twice, the totals
and leaderboards."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import Decimal

import pytest

from enablement.assets import services as asset_services
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import AssetStatus, Win
from enablement.wins import services as wins


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
def test_invalid_wins_are_refused_by_field(app, people, data, field, count_rows):
    with pytest.raises(ValidationError) as error:
        wins.record_win(people["rep"], data)
    assert field in error.value.fields
    assert count_rows(Win) == 0


def test_only_published_assets_are_credited(app, people, helped):
    with pytest.raises(ValidationError) as error:
        wins.record_win(people["rep"], {"account": "Acme", "amount": 10,
                                        "asset_ids": [helped["case"].id, helped["draft"].id]})
    assert str(helped["draft"].id) in error.value.fields["asset_ids"]


def test_marketing_records_a_win_for_a_rep(app, people):
    win, _ = wins.record_win(people["leads"], {"account": "Acme", "amount": 10,
                                               "rep_email": "omar@example.com"})
    assert (win.rep_id, win.recorded_by_id) == (people["other_rep"].id, people["leads"].id)


def test_the_same_external_id_returns_the_first_win(app, people, count_rows):
    first, created = wins.record_win(people["leads"], {"account": "Acme", "amount": 10,
                                                       "external_id": "crm-42"})
    db.session.commit()
    again, created_again = wins.record_win(people["leads"], {"account": "Acme Inc",
                                                             "amount": 99,
                                                             "external_id": " crm-42 "})
    assert created and not created_again and again.id == first.id and again.amount == 10
    assert count_rows(Win) == 1


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
