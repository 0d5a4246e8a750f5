"""Feedback on assets: one verdict per rep, changeable; the owner and marketing read it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from enablement.assets import services as asset_services
from enablement.errors import Forbidden, ValidationError
from enablement.extensions import db
from enablement.insights import feedback
from enablement.models import AssetStatus, Feedback


def feedback_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(Feedback))


# ---------------------------------------------------------------- the service


def test_one_verdict_per_rep_which_they_can_change(app, create_user, create_asset):
    rep, asset = create_user("rep"), create_asset()
    first, created = feedback.give_feedback(rep, asset, True, "  Great for CFOs.  ")
    assert created and first.helpful and first.comment == "Great for CFOs."
    second, created = feedback.give_feedback(rep, asset, False, None)
    db.session.commit()
    assert not created and second.id == first.id
    assert (second.helpful, second.comment) == (False, "")
    assert feedback_rows() == 1
    usage = asset_services.usage_for([asset.id])[asset.id]
    assert (usage["helpful"], usage["not_helpful"]) == (0, 1)


def test_votes_are_counted_per_asset(app, create_user, create_asset):
    one, other = create_asset(), create_asset("testimonial")
    for verdict in (True, True, False):
        feedback.give_feedback(create_user("rep"), one, verdict)
    feedback.give_feedback(create_user("rep"), other, False)
    db.session.commit()
    usage = asset_services.usage_for([one.id, other.id])
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
                                              field):
    rep, asset = create_user("rep"), create_asset()
    with pytest.raises(ValidationError) as error:
        feedback.give_feedback(rep, asset, helpful, comment)
    assert field in error.value.fields
    assert feedback_rows() == 0


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


# ---------------------------------------------------------------- the browser


def test_a_rep_rates_an_asset_on_its_page_and_can_change_their_mind(client, login_as,
                                                                    create_asset):
    asset = create_asset()
    login_as("rep")
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    assert "Did this help?" in page and 'name="helpful" value="yes"' in page
    response = client.post(f"/assets/{asset.id}/feedback",
                           data={"helpful": "yes", "comment": "Won me the meeting."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assets/{asset.id}#feedback")
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    assert "You said this was <strong>helpful</strong>" in page
    assert "Won me the meeting." in page  # their own comment, ready to edit
    assert "1 helpful vote, 0 not helpful" in page
    client.post(f"/assets/{asset.id}/feedback", data={"helpful": "no", "comment": ""})
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    assert "You said this was <strong>not helpful</strong>" in page
    assert "0 helpful votes, 1 not helpful" in page
    assert feedback_rows() == 1


def test_the_owner_sees_comments_other_reps_do_not(client, auth, create_user, create_asset):
    owner = create_user("marketing")
    asset = create_asset(owner=owner)
    rater, other = create_user("rep", name="Rita Rater"), create_user("rep")
    auth.login(rater)
    client.post(f"/assets/{asset.id}/feedback",
                data={"helpful": "no", "comment": "Needs a <b>pricing</b> slide."})
    auth.login(other)
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    assert "pricing" not in page and "What reps said" not in page
    auth.login(owner)
    page = client.get(f"/assets/{asset.id}").get_data(as_text=True)
    assert "What reps said" in page
    assert "Needs a &lt;b&gt;pricing&lt;/b&gt; slide." in page
    assert "Rita Rater" in page and "Not helpful" in page


def test_a_comment_too_long_is_shown_again_with_the_error(client, login_as, create_asset):
    asset = create_asset()
    login_as("rep")
    response = client.post(f"/assets/{asset.id}/feedback",
                           data={"helpful": "yes", "comment": "x" * 2001})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "x" * 2001 in page
    assert "2000 characters" in page
    assert feedback_rows() == 0


def test_a_verdict_is_needed(client, login_as, create_asset):
    asset = create_asset()
    login_as("rep")
    response = client.post(f"/assets/{asset.id}/feedback", data={"comment": "Hmm"})
    assert response.status_code == 422
    assert "Choose helpful or not." in response.get_data(as_text=True)
    assert client.get(f"/assets/{asset.id}/feedback").status_code == 200


def test_reps_cannot_rate_what_they_cannot_see(client, login_as, create_asset):
    draft = create_asset(status=AssetStatus.DRAFT)
    login_as("rep")
    assert client.post(f"/assets/{draft.id}/feedback", data={"helpful": "yes"}).status_code \
        == 404
    assert feedback_rows() == 0


# ---------------------------------------------------------------- the API


def test_api_feedback_is_201_then_200_when_changed(client, login_as, create_asset):
    asset = create_asset()
    rep = login_as("rep")
    response = client.post(f"/api/v1/assets/{asset.id}/feedback",
                           json={"helpful": True, "comment": "Used it twice."})
    assert response.status_code == 201
    assert response.json["helpful"] is True and response.json["comment"] == "Used it twice."
    assert response.json["user"] == {"id": rep.id, "name": rep.name}
    again = client.post(f"/api/v1/assets/{asset.id}/feedback", json={"helpful": False})
    assert again.status_code == 200
    assert again.json["id"] == response.json["id"] and again.json["helpful"] is False
    usage = client.get(f"/api/v1/assets/{asset.id}").json["usage"]
    assert (usage["helpful"], usage["not_helpful"]) == (0, 1)


@pytest.mark.parametrize(("body", "field"), [
    ({}, "helpful"),
    ({"helpful": "true"}, "helpful"),
    ({"helpful": True, "comment": ["x"]}, "comment"),
    ({"helpful": True, "comment": "x" * 2001}, "comment"),
])
def test_api_refuses_invalid_feedback(client, login_as, create_asset, body, field):
    asset = create_asset()
    login_as("rep")
    response = client.post(f"/api/v1/assets/{asset.id}/feedback", json=body)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert feedback_rows() == 0


def test_api_feedback_on_hidden_or_missing_assets_is_404(client, login_as, create_asset):
    draft = create_asset(status=AssetStatus.DRAFT)
    login_as("rep")
    for asset_id in (draft.id, 999999):
        response = client.post(f"/api/v1/assets/{asset_id}/feedback", json={"helpful": True})
        assert response.status_code == 404


def test_api_lists_all_feedback_for_the_owner_and_only_your_own_for_others(
        client, auth, create_user, create_asset):
    owner = create_user("marketing")
    asset = create_asset(owner=owner)
    first, second = create_user("rep"), create_user("rep")
    for rep, verdict in ((first, True), (second, False)):
        auth.login(rep)
        client.post(f"/api/v1/assets/{asset.id}/feedback", json={"helpful": verdict})
    listed = client.get(f"/api/v1/assets/{asset.id}/feedback").json
    assert [f["user"]["id"] for f in listed["items"]] == [second.id]
    assert (listed["helpful"], listed["not_helpful"]) == (1, 1)
    auth.login(owner)
    listed = client.get(f"/api/v1/assets/{asset.id}/feedback").json
    assert {f["user"]["id"] for f in listed["items"]} == {first.id, second.id}
