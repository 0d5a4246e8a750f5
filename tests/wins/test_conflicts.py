"""An integration sending a known deal with other details: nothing changes, the version sent
is kept (counted when sent again), and an admin keeps the record or takes what was sent."""

from __future__ import annotations

from decimal import Decimal

import pytest

from enablement.errors import Conflict, Forbidden
from enablement.extensions import db
from enablement.models import Win
from enablement.wins import conflicts
from enablement.wins import services as wins

CRM_DEAL = {"account": "FrostLine", "amount": "48000", "closed_on": "2026-01-15",
            "rep_email": "rita@example.com", "external_id": "crm-42"}


def test_other_details_under_a_known_deal_id_are_a_conflict_kept_for_an_admin(app, people,
                                                                             count_rows):
    first, _ = wins.record_win(people["leads"], CRM_DEAL, integration=True)
    db.session.commit()
    with pytest.raises(wins.ExternalIdConflict) as error:
        wins.record_win(people["leads"], {**CRM_DEAL, "amount": 99}, integration=True)
    assert error.value.status == 409 and error.value.win.id == first.id
    assert error.value.sent["amount"] == "99.00"
    assert first.amount == Decimal("48000.00")  # nothing overwritten
    kept = conflicts.note_conflict(people["leads"], error.value)
    # Sent again: counted, not kept twice.
    again = conflicts.note_conflict(people["leads"], error.value)
    db.session.commit()
    assert again.id == kept.id and kept.times == 2 and conflicts.open_conflicts() == [kept]
    assert conflicts.conflict_differences(kept) == [("Amount", "$48,000", "$99")]
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
    conflict = conflicts.note_conflict(people["leads"], error.value)
    db.session.commit()
    with pytest.raises(Forbidden):  # marketing isn't an admin
        conflicts.resolve_conflict(people["leads"], conflict, use_sent=True)
    admin = create_user("admin")
    win = conflicts.resolve_conflict(admin, conflict, use_sent=True)
    db.session.commit()
    assert (win.id, win.account, win.amount, win.external_id) == (
        fake.id, "FrostLine", Decimal("48000.00"), "crm-42")
    assert [a.id for a in win.assets] == [helped["case"].id]
    assert conflict.resolved_by_id == admin.id and conflicts.open_conflicts() == []
    with pytest.raises(Conflict):
        conflicts.resolve_conflict(admin, conflict, use_sent=False)
