"""Shares through the JSON API: DESIGN.md's names, the shareability rule, and who sees what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import Share, utcnow
from enablement.shares import tokens


@pytest.fixture
def bearer(create_user):
    def factory(role="rep", user=None):
        user = user or create_user(role)
        token = auth_services.create_token(user, "test")
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}, user

    return factory


def test_a_rep_shares_published_assets_and_gets_the_full_buyer_link(client, bearer,
                                                                    create_asset):
    headers, rep = bearer("rep")
    study, aid = create_asset("case_study"), create_asset("sales_aid")
    response = client.post("/api/v1/shares", headers=headers, json={
        "asset_ids": [study.id, aid.id], "account": "Harbor & Pine",
        "recipient_email": "dana@harbor.example", "note": "As promised."})
    assert response.status_code == 201, response.json
    body = response.json
    assert body["revoked"] is False
    assert [a["id"] for a in body["assets"]] == [study.id, aid.id]
    assert body["url"].startswith("http://hub.test/s/")
    token = body["url"].rsplit("/", 1)[1]
    assert len(token) >= 22 and tokens.looks_like_token(token)  # 192 random bits
    share = db.session.get(Share, body["id"])
    # Stored like API tokens: by hash; the readable copy is encrypted.
    assert share.token_hash == tokens.hash_token(token) and token not in share.token_sealed
    expires = share.expires_at - utcnow()
    assert timedelta(days=29, hours=23) < expires <= timedelta(days=30)
    assert client.get(response.headers["Location"], headers=headers).json["url"] == body["url"]


@pytest.mark.parametrize("kind, status, fields, reason", [
    ("case_study", "draft", {}, "published"),
    ("case_study", "archived", {}, "published"),
    ("email_template", "published", {}, "Email templates"),
    ("testimonial", "published", {"permission": False}, "permission"),
    ("case_study", "published", {"internal_only": True}, "internal only"),
])
def test_what_may_not_leave_the_company_is_a_422_naming_asset_ids(
        client, bearer, create_asset, count_rows, kind, status, fields, reason):
    headers, _ = bearer("rep")
    refused = create_asset(kind, status=status, **fields)
    fine = create_asset("case_study")
    response = client.post("/api/v1/shares", headers=headers, json={
        "asset_ids": [fine.id, refused.id], "account": "Harbor & Pine"})
    assert response.status_code == 422
    assert reason in response.json["error"]["fields"]["asset_ids"]
    assert refused.title not in response.json["error"]["fields"]["asset_ids"]
    assert count_rows(Share) == 0


def test_a_testimonial_with_public_permission_can_be_shared(client, bearer, create_asset):
    headers, _ = bearer("rep")
    quote = create_asset("testimonial", permission=True)
    response = client.post("/api/v1/shares", headers=headers,
                           json={"asset_ids": [quote.id], "account": "Harbor & Pine"})
    assert response.status_code == 201


@pytest.mark.parametrize("body, field", [
    ({"account": ""}, "account"),
    ({"account": "x" * 201}, "account"),
    ({"expires_in_days": 366}, "expires_in_days"),
    ({"expires_in_days": 0}, "expires_in_days"),
    ({"expires_in_days": "soon"}, "expires_in_days"),
    ({"recipient_email": "not an email"}, "recipient_email"),
    ({"passcode": "abc"}, "passcode"),
    ({"passcode": 1234}, "passcode"),
    ({"allow_download": "yes"}, "allow_download"),
    ({"note": "n" * 5001}, "note"),
    ({"asset_ids": []}, "asset_ids"),
    ({"asset_ids": [2**40]}, "asset_ids"),
    ({"asset_ids": "1"}, "asset_ids"),
    ({"colour": "red"}, "colour"),
])
def test_bad_input_is_a_422_naming_the_field(client, bearer, create_asset, count_rows,
                                             body, field):
    headers, _ = bearer("rep")
    asset = create_asset("case_study")
    response = client.post("/api/v1/shares", headers=headers, json={
        "asset_ids": [asset.id], "account": "Harbor & Pine", **body})
    assert response.status_code == 422, response.json
    assert field in response.json["error"]["fields"]
    assert count_rows(Share) == 0


def test_passcodes_are_stored_hashed(client, bearer, create_asset):
    headers, _ = bearer("rep")
    asset = create_asset("case_study")
    body = client.post("/api/v1/shares", headers=headers, json={
        "asset_ids": [asset.id], "account": "Harbor & Pine", "passcode": "open sesame",
        "expires_in_days": 365}).json
    share = db.session.get(Share, body["id"])
    assert body["passcode"] is True and "open sesame" not in share.passcode_hash


def test_only_the_owner_and_admins_see_a_share_and_its_activity(client, bearer, create_asset):
    owner_headers, _ = bearer("rep")
    body = client.post("/api/v1/shares", headers=owner_headers, json={
        "asset_ids": [create_asset().id], "account": "Harbor & Pine"}).json
    for role, expected in (("rep", 404), ("marketing", 404), ("admin", 200)):
        headers, _ = bearer(role)
        for path in (f"/api/v1/shares/{body['id']}", f"/api/v1/shares/{body['id']}/activity"):
            assert client.get(path, headers=headers).status_code == expected, (role, path)
        assert client.patch(f"/api/v1/shares/{body['id']}", headers=headers,
                            json={"note": "mine now"}).status_code == expected
    activity = client.get(f"/api/v1/shares/{body['id']}/activity", headers=owner_headers).json
    assert activity == {"views": 0, "visitors": 0, "downloads": 0, "events": [],
                        "assets": [{"asset_id": body["assets"][0]["id"], "views": 0,
                                    "seconds": 0.0, "pages": []}]}


def test_patch_extends_changes_and_revokes(client, bearer, create_asset):
    headers, _ = bearer("rep")
    first, second = create_asset(), create_asset("sales_aid")
    body = client.post("/api/v1/shares", headers=headers, json={
        "asset_ids": [first.id], "account": "Harbor & Pine"}).json
    url = f"/api/v1/shares/{body['id']}"
    changed = client.patch(url, headers=headers, json={
        "expires_in_days": 90, "add_asset_ids": [second.id], "allow_download": True}).json
    assert changed["allow_download"] is True
    assert [a["id"] for a in changed["assets"]] == [first.id, second.id]
    share = db.session.get(Share, body["id"])
    assert share.expires_at - utcnow() > timedelta(days=89)
    changed = client.patch(url, headers=headers, json={"remove_asset_ids": [first.id]}).json
    assert [a["id"] for a in changed["assets"]] == [second.id]
    assert client.patch(url, headers=headers, json={"revoked": True}).json["revoked"] is True
    refused = client.patch(url, headers=headers, json={"expires_in_days": 10})
    assert refused.status_code == 422 and "expires_in_days" in refused.json["error"]["fields"]
    assert client.patch(url, headers=headers, json={"revoked": False}).status_code == 422


def test_delete_revokes_and_keeps_the_activity(client, bearer, create_asset):
    headers, _ = bearer("rep")
    body = client.post("/api/v1/shares", headers=headers, json={
        "asset_ids": [create_asset().id], "account": "Harbor & Pine"}).json
    assert client.delete(f"/api/v1/shares/{body['id']}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/shares/{body['id']}", headers=headers).json["revoked"] is True


def test_the_list_is_the_reps_own_hottest_first(client, bearer, create_asset, create_user):
    headers, rep = bearer("rep")
    asset = create_asset()
    ids = [client.post("/api/v1/shares", headers=headers, json={
        "asset_ids": [asset.id], "account": f"Account {n}"}).json["id"] for n in range(3)]
    other_headers, _ = bearer("rep")
    client.post("/api/v1/shares", headers=other_headers,
                json={"asset_ids": [asset.id], "account": "Someone else's"})
    db.session.get(Share, ids[0]).last_activity_at = utcnow()
    db.session.commit()
    listed = client.get("/api/v1/shares", headers=headers).json
    assert [s["id"] for s in listed["items"]] == [ids[0], ids[2], ids[1]]
    assert listed["total"] == 3
    assert client.get("/api/v1/shares?scope=all", headers=headers).status_code == 422
    admin_headers, _ = bearer("admin")
    assert client.get("/api/v1/shares?scope=all", headers=admin_headers).json["total"] == 4
    assert db.session.scalar(select(Share.views).where(Share.id == ids[0])) == 0


def test_assets_carry_internal_only(client, bearer):
    headers, _ = bearer("marketing")
    from tests.conftest import asset_fields

    created = client.post("/api/v1/assets", headers=headers, json={
        "kind": "case_study", **asset_fields(), "internal_only": True})
    assert created.status_code == 201 and created.json["internal_only"] is True
    patched = client.patch(f"/api/v1/assets/{created.json['id']}", headers=headers,
                           json={"internal_only": False})
    assert patched.json["internal_only"] is False
    bad = client.patch(f"/api/v1/assets/{created.json['id']}", headers=headers,
                       json={"internal_only": "yes"})
    assert bad.status_code == 422 and "internal_only" in bad.json["error"]["fields"]


def test_an_asset_unpublished_after_sharing_is_not_named_to_the_rep(client, bearer,
                                                                    create_asset):
    from enablement.assets import services as asset_services

    headers, rep = bearer("rep")
    asset = create_asset("case_study", title="Secret pricing study")
    body = client.post("/api/v1/shares", headers=headers, json={
        "asset_ids": [asset.id], "account": "Harbor & Pine"}).json
    asset_services.change_status(asset.owner, asset, "draft")
    db.session.commit()
    shown = client.get(f"/api/v1/shares/{body['id']}", headers=headers).json["assets"][0]
    assert shown["title"] != "Secret pricing study" and shown["available"] is False
