"""Provisioning as an identity provider does it: create, find, change, deactivate, delete and
group users over /scim/v2, and what a person then notices in the hub."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import AuditEvent, User
from tests.conftest import PASSWORD

USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.fixture
def scim(client, scim_headers):
    def call(method, path, body=None, **kwargs):
        return client.open(f"/scim/v2{path}", method=method, json=body,
                           headers={**scim_headers, **kwargs.pop("headers", {})}, **kwargs)
    return call


def new_user(scim, email="dana@example.com", **fields):
    body = {"schemas": [USER], "userName": email, "name": {"givenName": "Dana",
                                                           "familyName": "Ruiz"},
            "emails": [{"value": email, "type": "work", "primary": True}], "active": True,
            "externalId": "00u1", **fields}
    response = scim("POST", "/Users", body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def patch(*operations):
    return {"schemas": [PATCH], "Operations": list(operations)}


def audit_actions(user_email):
    return [(e.action, e.actor) for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.target == user_email).order_by(AuditEvent.id))]


def test_a_provisioned_user_is_created_found_and_shown_as_sent(scim):
    created = new_user(scim)
    assert created["userName"] == "dana@example.com" and created["active"] is True
    assert created["meta"]["location"].endswith(f"/scim/v2/Users/{created['id']}")
    user = db.session.get(User, int(created["id"]))
    assert (user.email, user.name, user.role) == ("dana@example.com", "Dana Ruiz", "rep")
    found = scim("GET", '/Users?filter=userName eq "DANA@example.com"')
    assert found.mimetype == "application/scim+json"
    assert [r["id"] for r in found.get_json()["Resources"]] == [created["id"]]
    assert scim("GET", '/Users?filter=userName eq "nobody@example.com"').get_json()[
        "totalResults"] == 0
    assert audit_actions("dana@example.com")[0] == ("user.created", "scim:Test IdP")
    assert scim("POST", "/Users", {"schemas": [USER], "userName": "dana@example.com"}
                ).get_json()["scimType"] == "uniqueness"


def test_paging_with_start_index_and_count(scim, create_user):
    for n in range(5):
        create_user("rep", email=f"page{n}@example.com")
    body = scim("GET", "/Users?startIndex=2&count=2").get_json()
    assert body["totalResults"] == 5 and body["startIndex"] == 2 and body["itemsPerPage"] == 2
    assert [r["userName"] for r in body["Resources"]] == ["page1@example.com",
                                                          "page2@example.com"]
    assert scim("GET", "/Users?startIndex=x").status_code == 400
    huge = scim("GET", f"/Users?startIndex={10**30}&count={10**30}").get_json()
    assert huge["totalResults"] == 5 and huge["Resources"] == []


def test_deactivating_ends_sessions_and_api_tokens_at_once(scim, app, auth, client):
    created = new_user(scim)
    user = db.session.get(User, int(created["id"]))
    auth_services.set_password(user, PASSWORD)
    token = auth_services.create_token(user, "crm")
    db.session.commit()
    browser = app.test_client()
    browser.post("/login", data={"email": user.email, "password": PASSWORD})
    assert browser.get("/").status_code == 200
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/assets", headers=bearer).status_code == 200
    # Entra ID's way of saying it: op and value capitalised, the boolean as text.
    response = scim("PATCH", f"/Users/{created['id']}",
                    patch({"op": "Replace", "path": "active", "value": "False"}))
    assert response.status_code == 200 and response.get_json()["active"] is False
    assert browser.get("/").status_code == 302  # signed out at the next click
    assert client.get("/api/v1/assets", headers=bearer).status_code == 401
    refused = app.test_client().post("/login", data={"email": user.email, "password": PASSWORD})
    assert refused.status_code == 401
    assert ("user.deactivated", "scim:Test IdP") in audit_actions(user.email)


def test_deleting_keeps_attribution_but_ends_access_and_a_new_post_brings_them_back(
        scim, create_asset, app):
    created = new_user(scim)
    user = db.session.get(User, int(created["id"]))
    user.role = "marketing"  # so they can own an asset
    db.session.commit()
    asset = create_asset(owner=user)
    assert scim("DELETE", f"/Users/{created['id']}").status_code == 204
    gone = scim("GET", f"/Users/{created['id']}")
    assert gone.status_code == 404 and gone.get_json()["status"] == "404"
    db.session.expire_all()
    assert asset.owner.email == "dana@example.com" and not user.active
    assert ("user.deleted", "scim:Test IdP") in audit_actions(user.email)
    again = new_user(scim)
    assert again["id"] == created["id"] and again["active"] is True


def test_put_replaces_and_patch_changes_one_attribute(scim):
    created = new_user(scim)
    replaced = scim("PUT", f"/Users/{created['id']}", {
        "schemas": [USER], "userName": "dana@example.com", "displayName": "Dana R.",
        "emails": [{"value": "dana.ruiz@example.com", "primary": True}]}).get_json()
    assert replaced["displayName"] == "Dana R." and "name" not in replaced
    user = db.session.get(User, int(created["id"]))
    assert (user.email, user.name) == ("dana.ruiz@example.com", "Dana R.")
    changed = scim("PATCH", f"/Users/{created['id']}", patch(
        {"op": "replace", "path": 'emails[type eq "work"].value',
         "value": "dr@example.com"})).get_json()
    assert {"value": "dr@example.com", "type": "work"} in changed["emails"]


def test_groups_named_like_roles_give_their_members_the_role(scim, app, create_user):
    create_user("admin")  # so the member isn't the last admin when they leave Hub Admins
    app.config["OIDC_ROLE_MAP"] = "Hub Admins=admin"
    member = new_user(scim)
    group = scim("POST", "/Groups", {"schemas": [GROUP], "displayName": "marketing",
                                     "members": [{"value": member["id"]}]})
    assert group.status_code == 201
    user = db.session.get(User, int(member["id"]))
    assert user.role == "marketing"
    shown = scim("GET", f"/Users/{member['id']}").get_json()
    assert shown["groups"][0]["display"] == "marketing"
    admins = scim("POST", "/Groups", {"schemas": [GROUP], "displayName": "Hub Admins",
                                      "members": [{"value": member["id"]}]}).get_json()
    assert db.session.get(User, int(member["id"])).role == "admin"
    left = scim("PATCH", f"/Groups/{admins['id']}", patch(
        {"op": "remove", "path": f'members[value eq "{member["id"]}"]'}))
    assert left.status_code == 200 and "members" not in left.get_json()
    assert db.session.get(User, int(member["id"])).role == "marketing"
    scim("DELETE", f"/Groups/{group.get_json()['id']}")
    assert db.session.get(User, int(member["id"])).role == "rep"
    other = scim("POST", "/Groups", {"schemas": [GROUP], "displayName": "Everyone",
                                     "members": [{"value": member["id"]}]})
    assert other.status_code == 201 and db.session.get(User, int(member["id"])).role == "rep"
    assert ("user.role_changed", "scim:Test IdP") in audit_actions("dana@example.com")


def test_the_last_admin_cannot_be_deprovisioned(scim, create_user):
    admin = create_user("admin")
    refused = scim("PATCH", f"/Users/{admin.id}", patch(
        {"op": "replace", "value": {"active": False}}))
    assert refused.status_code == 400 and "admin" in refused.get_json()["detail"]
    assert db.session.get(User, admin.id).active


@pytest.mark.parametrize(("headers", "status"), [
    ({"Authorization": ""}, 401),
    ({"Authorization": "Bearer ehscim_wrong"}, 401),
])
def test_requests_without_a_live_scim_token_are_refused(client, app, headers, status):
    response = client.get("/scim/v2/Users", headers=headers)
    assert response.status_code == status and response.mimetype == "application/scim+json"
    assert response.get_json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]


def test_an_admin_session_or_api_token_is_not_a_scim_token(client, login_as, scim_secret):
    admin = login_as("admin")
    assert client.get("/scim/v2/Users").status_code == 401
    token = auth_services.create_token(admin)
    db.session.commit()
    assert client.get("/scim/v2/Users",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 401


@pytest.mark.parametrize(("method", "path", "body", "status", "scim_type"), [
    ("GET", '/Users?filter=userName eq', None, 400, "invalidFilter"),
    ("GET", '/Users?filter=userName zz "a"', None, 400, "invalidFilter"),
    ("GET", "/Users/999999", None, 404, None),
    ("GET", "/Users/99999999999999999999", None, 404, None),
    ("POST", "/Users", {"schemas": [USER]}, 400, "invalidValue"),
    ("POST", "/Users", {"schemas": [USER], "userName": "no-email"}, 400, "invalidValue"),
    ("POST", "/Users", {"schemas": [USER], "userName": "x@example.com",
                        "emails": "nope"}, 400, "invalidValue"),
    ("PATCH", "/Users/1", {"schemas": [PATCH], "Operations": [{"op": "move"}]}, 400,
     "invalidSyntax"),
    ("PUT", "/Users", {}, 405, None),
    ("GET", "/Users?filter=" + "(" * 400 + 'userName eq "a"' + ")" * 400, None, 400,
     "invalidFilter"),
    ("GET", "/Users?filter=" + "not(" * 200 + 'userName eq "a"' + ")" * 200, None, 400,
     "invalidFilter"),
    ("GET", "/Nothing", None, 404, None),
])
def test_bad_requests_get_scim_errors(scim, create_user, method, path, body, status, scim_type):
    create_user("admin")
    response = scim(method, path, body)
    error = response.get_json()
    assert response.status_code == status, error
    assert error["status"] == str(status) and error.get("scimType") == scim_type


def test_a_body_that_is_not_json_is_a_scim_error(client, scim_headers):
    response = client.post("/scim/v2/Users", data="{nope", headers=scim_headers)
    assert response.status_code == 400 and response.mimetype == "application/scim+json"


def test_token_cli_creates_lists_and_revokes(runner, client):
    created = runner.invoke(args=["scim", "token", "create", "--name", "Okta"])
    secret = created.output.split()[-1]
    assert created.exit_code == 0 and secret.startswith("ehscim_")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/scim/v2/ServiceProviderConfig", headers=headers).status_code == 200
    listed = runner.invoke(args=["scim", "token", "list"])
    assert "Okta" in listed.output and secret not in listed.output
    token_id = listed.output.split()[0]
    assert runner.invoke(args=["scim", "token", "revoke", token_id]).exit_code == 0
    assert client.get("/scim/v2/ServiceProviderConfig", headers=headers).status_code == 401
    actions = [e.action for e in db.session.scalars(select(AuditEvent))]
    assert actions == ["scim_token.created", "scim_token.revoked"]


def test_admins_see_who_the_provider_deleted(scim, client, login_as):
    created = new_user(scim)
    scim("DELETE", f"/Users/{created['id']}")
    login_as("admin")
    assert "Deleted" in client.get("/admin/users/").get_data(as_text=True)
    page = client.get(f"/admin/users/{created['id']}").get_data(as_text=True)
    assert "Deleted by the identity provider" in page


def test_admins_make_and_revoke_scim_tokens_on_the_users_page(client, login_as):
    admin = login_as("admin")
    response = client.post("/admin/users/scim-tokens", data={"name": "Okta"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    secret = page.split('class="shown-once user-select-all">', 1)[1].split("<", 1)[0]
    assert secret.startswith("ehscim_") and 'New SCIM token "Okta"' in page.replace("&#34;", '"')
    assert secret not in client.get("/admin/users/").get_data(as_text=True)  # shown once
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/scim/v2/Users", headers=headers).status_code == 200
    token_id = db.session.scalars(select(AuditEvent.target_id).where(
        AuditEvent.action == "scim_token.created")).one()
    client.post(f"/admin/users/scim-tokens/{token_id}/revoke")
    assert client.get("/scim/v2/Users", headers=headers).status_code == 401
    assert audit_actions("Okta") == [("scim_token.created", admin.email),
                                     ("scim_token.revoked", admin.email)]


def test_reps_cannot_make_scim_tokens(client, login_as):
    login_as("marketing")
    assert client.post("/admin/users/scim-tokens", data={"name": "x"}).status_code == 403
