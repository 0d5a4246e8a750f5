"""Recording wins: what a win needs, who may be credited, the same CRM deal twice, the totals
and leaderboards."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import Decimal

import pytest

from enablement.assets import services as asset_services
from enablement.errors import Conflict, Forbidden, ValidationError
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


def test_other_details_under_a_known_deal_id_are_a_conflict_kept_for_an_admin(app, people,
                                                                             count_rows):
    first, _ = wins.record_win(people["leads"], CRM_DEAL, integration=True)
    db.session.commit()
    with pytest.raises(wins.ExternalIdConflict) as error:
        wins.record_win(people["leads"], {**CRM_DEAL, "amount": 99}, integration=True)
    assert error.value.status == 409 and error.value.win.id == first.id
    assert error.value.sent["amount"] == "99.00"
    assert first.amount == Decimal("48000.00")  # nothing overwritten
    kept = wins.note_conflict(people["leads"], error.value)
    again = wins.note_conflict(people["leads"], error.value)  # sent again: counted, not kept twice
    db.session.commit()
    assert again.id == kept.id and kept.times == 2 and wins.open_conflicts() == [kept]
    assert wins.conflict_differences(kept) == [("Amount", "$48,000", "$99")]
    assert count_rows(Win) == 1


def test_an_admin_settles_a_conflict_with_what_the_integration_sent(app, people, helped,
                                                                    create_user):
    # A rep claimed the deal id before it was reserved: their fake win holds it.
    fake, _ = wins.record_win(people["rep"], {"account": "Made up", "amount": 1})
    fake.external_id = "crm-42"
    db.session.commit()
    with pytest.raises(wins.ExternalIdConflict) as error:
        wins.record_win(people["leads"], {**CRM_DEAL, "asset_ids": [helped["case"].id]},
                        integration=True)
    conflict = wins.note_conflict(people["leads"], error.value)
    db.session.commit()
    with pytest.raises(Forbidden):
        wins.resolve_conflict(people["leads"], conflict, use_sent=True)  # marketing isn't admin
    admin = create_user("admin")
    win = wins.resolve_conflict(admin, conflict, use_sent=True)
    db.session.commit()
    assert (win.id, win.account, win.amount, win.external_id) == (
        fake.id, "FrostLine", Decimal("48000.00"), "crm-42")
    assert [a.id for a in win.assets] == [helped["case"].id]
    assert conflict.resolved_by_id == admin.id and wins.open_conflicts() == []
    with pytest.raises(Conflict):
        wins.resolve_conflict(admin, conflict, use_sent=False)


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
