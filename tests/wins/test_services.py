"""Recording wins: what a win needs, who may be credited, who may claim a CRM deal id, the same
deal sent twice, and who may correct a win and how."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from enablement.assets import services as asset_services
from enablement.assets.usage import usage_for
from enablement.errors import Forbidden, ValidationError
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
    usage = usage_for([helped["case"].id, helped["draft"].id])
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


CRM_DEAL = {"account": "FrostLine", "amount": "48000", "closed_on": "2026-01-15",
            "rep_email": "rita@example.com", "external_id": "crm-42"}


@pytest.mark.parametrize(("who", "integration"), [
    ("rep", False), ("rep", True),  # a rep's token is no integration
    ("leads", False),  # marketing in the browser neither
])
def test_only_an_integration_may_claim_a_crm_deal_id(app, people, who, integration, count_rows):
    with pytest.raises(Forbidden) as error:
        wins.record_win(people[who], {**CRM_DEAL, "rep_email": None},
                        integration=integration)
    assert "external_id" in error.value.fields
    assert count_rows(Win) == 0
    win, created = wins.record_win(people["leads"], CRM_DEAL, integration=True)
    assert created and win.external_id == "crm-42"


def test_an_integration_s_external_id_is_checked_like_any_field(app, people, count_rows):
    with pytest.raises(ValidationError) as error:
        wins.record_win(people["leads"], {**CRM_DEAL, "external_id": "x" * 101},
                        integration=True)
    assert "external_id" in error.value.fields and count_rows(Win) == 0


def test_the_same_deal_sent_again_returns_the_first_win(app, people, count_rows):
    first, created = wins.record_win(people["leads"], CRM_DEAL, integration=True)
    db.session.commit()
    again, created_again = wins.record_win(people["leads"], {**CRM_DEAL,
                                                             "external_id": " crm-42 "},
                                           integration=True)
    assert created and not created_again and again.id == first.id
    assert count_rows(Win) == 1


def test_who_recorded_a_win_and_admins_may_correct_it(app, people, create_user):
    win, _ = wins.record_win(people["rep"], {"account": "Acme", "amount": 10})
    db.session.commit()
    with pytest.raises(Forbidden):
        wins.update_win(people["other_rep"], win, {"account": "Mine now", "amount": 10})
    with pytest.raises(Forbidden):
        wins.update_win(people["leads"], win, {"account": "Acme", "amount": 10})
    wins.update_win(people["rep"], win, {"amount": "12", "note": "Grew."}, partial=True)
    assert (win.account, win.amount, win.note, win.rep_id) == (
        "Acme", Decimal("12.00"), "Grew.", people["rep"].id)
    wins.update_win(create_user("admin"), win, {"account": "Acme Corp"}, partial=True)
    assert (win.account, win.rep_id, win.recorded_by_id) == (
        "Acme Corp", people["rep"].id, people["rep"].id)


def test_a_correction_is_checked_like_a_new_win_and_changes_nothing_when_refused(app, people,
                                                                                helped):
    win, _ = wins.record_win(people["rep"], {"account": "Acme", "amount": 10})
    db.session.commit()
    for data, field in [({"amount": "lots"}, "amount"),
                        ({"asset_ids": [helped["draft"].id]}, "asset_ids"),
                        ({"rep_email": "omar@example.com"}, "rep_email")]:
        with pytest.raises(ValidationError) as error:
            wins.update_win(people["rep"], win, data, partial=True)
        assert field in error.value.fields
    with pytest.raises(Forbidden) as error:
        wins.update_win(people["rep"], win, {"external_id": ""}, partial=True)
    assert "external_id" in error.value.fields
    db.session.rollback()
    assert (win.amount, win.assets, win.external_id) == (Decimal("10.00"), [], None)


def test_a_correction_keeps_credited_assets_since_taken_back(app, people, helped,
                                                             create_user):
    win, _ = wins.record_win(people["rep"], {
        "account": "Acme", "amount": 10, "asset_ids": [helped["case"].id, helped["email"].id]})
    db.session.commit()
    asset_services.change_status(people["content"], helped["case"], AssetStatus.ARCHIVED)
    db.session.commit()
    # The rep can't see the archived one, so leaving it out of their list doesn't drop it.
    wins.update_win(people["rep"], win, {"asset_ids": [helped["email"].id]}, partial=True)
    assert {a.id for a in win.assets} == {helped["case"].id, helped["email"].id}
    wins.update_win(people["rep"], win, {"asset_ids": []}, partial=True)
    assert [a.id for a in win.assets] == [helped["case"].id]
    # An admin sees it: may keep it credited though archived, or drop it.
    admin = create_user("admin")
    wins.update_win(admin, win, {"asset_ids": [helped["case"].id, helped["email"].id]},
                    partial=True)
    assert {a.id for a in win.assets} == {helped["case"].id, helped["email"].id}
    wins.update_win(admin, win, {"asset_ids": [helped["email"].id]}, partial=True)
    assert [a.id for a in win.assets] == [helped["email"].id]
