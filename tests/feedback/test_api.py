"""Feedback in the JSON API: give or change a verdict, refused input, who reads what."""

from __future__ import annotations

import pytest

from enablement.models import AssetStatus, Feedback


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
def test_api_refuses_invalid_feedback(client, login_as, create_asset, body, field, count_rows):
    asset = create_asset()
    login_as("rep")
    response = client.post(f"/api/v1/assets/{asset.id}/feedback", json=body)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert count_rows(Feedback) == 0


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
