"""Feedback on assets: one verdict per rep, changeable; the owner and marketing read it."""

from __future__ import annotations

import pytest

from enablement.assets.usage import usage_for
from enablement.errors import Forbidden, ValidationError
from enablement.extensions import db
from enablement.feedback import services as feedback
from enablement.models import Feedback


def test_one_verdict_per_rep_which_they_can_change(app, create_user, create_asset, count_rows):
    rep, asset = create_user("rep"), create_asset()
    first, created = feedback.give_feedback(rep, asset, True, "  Great for CFOs.  ")
    assert created and first.helpful and first.comment == "Great for CFOs."
    second, created = feedback.give_feedback(rep, asset, False, None)
    db.session.commit()
    assert not created and second.id == first.id
    assert (second.helpful, second.comment) == (False, "")
    assert count_rows(Feedback) == 1
    usage = usage_for([asset.id])[asset.id]
    assert (usage["helpful"], usage["not_helpful"]) == (0, 1)


def test_votes_are_counted_per_asset(app, create_user, create_asset):
    one, other = create_asset(), create_asset("testimonial")
    for verdict in (True, True, False):
        feedback.give_feedback(create_user("rep"), one, verdict)
    feedback.give_feedback(create_user("rep"), other, False)
    db.session.commit()
    usage = usage_for([one.id, other.id])
    assert (usage[one.id]["helpful"], usage[one.id]["not_helpful"]) == (2, 1)
    assert (usage[other.id]["helpful"], usage[other.id]["not_helpful"]) == (0, 1)
    assert usage[one.id]["views"] == 0


@pytest.mark.parametrize(("helpful", "comment", "field"), [
    (None, "", "helpful"),
    ("yes", "", "helpful"),
    (1, "", "helpful"),
    (True, 42, "comment"),
    (True, "x" * (feedback.COMMENT_MAX + 1), "comment"),
])
def test_invalid_feedback_is_refused_by_field(app, create_user, create_asset, helpful, comment,
                                              field, count_rows):
    rep, asset = create_user("rep"), create_asset()
    with pytest.raises(ValidationError) as error:
        feedback.give_feedback(rep, asset, helpful, comment)
    assert field in error.value.fields
    assert count_rows(Feedback) == 0


def test_owner_and_marketing_read_everyones_feedback(app, create_user, create_asset):
    owner = create_user("marketing")
    asset = create_asset(owner=owner)
    rep, other_rep = create_user("rep"), create_user("rep")
    feedback.give_feedback(rep, asset, False, "Numbers are from 2021.")
    db.session.commit()
    assert [f.comment for f in feedback.feedback_on(owner, asset)] == ["Numbers are from 2021."]
    assert len(feedback.feedback_on(create_user("marketing"), asset)) == 1
    assert feedback.may_read_feedback(create_user("admin"), asset)
    assert not feedback.may_read_feedback(other_rep, asset)
    with pytest.raises(Forbidden):
        feedback.feedback_on(other_rep, asset)
