"""The wins board: totals for a period and who to celebrate."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from decimal import Decimal

from enablement.assets import services as asset_services
from enablement.extensions import db
from enablement.models import AssetStatus
from enablement.wins import board
from enablement.wins import services as wins


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

    result = board.summary(board.period_start(90))
    assert (result.wins, result.amount) == (3, Decimal(650))
    assert (result.with_content, result.with_content_amount) == (2, Decimal(150))
    assert result.marketing_sourced == 1
    assert [(s.user.name, s.wins, s.amount) for s in result.closers] == [
        ("Omar Rep", 2, Decimal(550)), ("Rita Rep", 1, Decimal(100))]
    # Cara owns two assets in win A: credited once for it.
    assert [(s.user.name, s.wins, s.amount) for s in result.content_marketers] == [
        ("Cara Content", 2, Decimal(150)), ("Sol Second", 1, Decimal(50))]
    assert [(s.user.name, s.wins) for s in result.lead_marketers] == [("Liam Leads", 1)]
    assert board.summary().wins == 4
