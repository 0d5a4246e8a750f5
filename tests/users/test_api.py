"""Users through the API (users/api.py): admins list, add, change roles and deactivate, with the
admin page's rules; nobody else gets in."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import User

USER_KEYS = {"id", "email", "name", "role", "active", "created_at", "last_login_at"}


@pytest.fixture
def token_of(app):
    def make(user):
        token = auth_services.create_token(user)
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}
    return make


@pytest.fixture
def admin(create_user, token_of):
    user = create_user("admin", email="ada@example.com", name="Ada Admin")
    return user, token_of(user)


def users() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_admins_list_everyone_page_by_page(client, admin, create_user):
    _, headers = admin
    for n in range(3):
        create_user("rep", email=f"rep{n}@example.com")
    first = client.get("/api/v1/users?per_page=2", headers=headers).json
    assert first["total"] == 4 and first["page"] == 1 and len(first["items"]) == 2
    assert set(first["items"][0]) == USER_KEYS
    assert first["items"][0]["email"] == "ada@example.com"
    second = client.get("/api/v1/users?per_page=2&page=2", headers=headers).json
    assert [u["email"] for u in second["items"]] == ["rep1@example.com", "rep2@example.com"]


def test_a_user_added_with_a_generated_password_can_sign_in_with_it(client, admin, auth):
    _, headers = admin
    response = client.post("/api/v1/users", headers=headers,
                           json={"email": " Mara@Example.com", "name": "Mara", "role": "marketing"})
    assert response.status_code == 201, response.data
    body = response.json
    assert body["email"] == "mara@example.com" and body["role"] == "marketing"
    assert body["active"] is True and body["last_login_at"] is None
    assert response.headers["Cache-Control"] == "no-store"
    assert client.get(response.headers["Location"], headers=headers).json == {
        k: v for k, v in body.items() if k != "password"}
    assert auth.login("mara@example.com", body["password"]).status_code == 302


def test_a_password_given_is_not_echoed(client, admin):
    _, headers = admin
    response = client.post("/api/v1/users", headers=headers,
                           json={"email": "rep@example.com", "password": "long enough pw"})
    assert response.status_code == 201
    assert "password" not in response.json and response.json["role"] == "rep"


@pytest.mark.parametrize(("body", "status", "field"), [
    ({"name": "No email"}, 422, "email"),
    ({"email": "not an email"}, 422, "email"),
    ({"email": "ada@example.com"}, 409, "email"),
    ({"email": "x@example.com", "role": "owner"}, 422, "role"),
    ({"email": "x@example.com", "password": "short"}, 422, "password"),
    ({"email": "x@example.com", "name": "n" * 121}, 422, "name"),
    ({"email": ["x@example.com"]}, 422, "email"),
    ({"email": "x@example.com", "admin": True}, 422, "admin"),
], ids=["no-email", "bad-email", "taken", "role", "short-password", "long-name", "list",
        "unknown"])
def test_bad_new_users_are_refused_naming_the_field(client, admin, body, status, field):
    _, headers = admin
    response = client.post("/api/v1/users", headers=headers, json=body)
    assert response.status_code == status, response.data
    assert field in response.json["error"]["fields"]
    assert users() == 1


def test_a_role_change_or_deactivation_ends_sessions_and_stops_tokens(client, admin,
                                                                      create_user, token_of,
                                                                      auth):
    _, headers = admin
    rep = create_user("rep", email="riley@example.com")
    rep_headers = token_of(rep)
    promoted = client.patch(f"/api/v1/users/{rep.id}", headers=headers,
                            json={"role": "marketing", "name": "Riley R."})
    assert promoted.status_code == 200
    assert promoted.json["role"] == "marketing" and promoted.json["name"] == "Riley R."
    assert client.get("/api/v1/synonyms", headers=rep_headers).status_code == 200

    gone = client.patch(f"/api/v1/users/{rep.id}", headers=headers, json={"active": False})
    assert gone.status_code == 200 and gone.json["active"] is False
    assert client.get("/api/v1/assets", headers=rep_headers).status_code == 401


@pytest.mark.parametrize(("body", "field"), [
    ({"role": "rep"}, "role"), ({"active": False}, "role"), ({"active": "no"}, "active"),
    ({"email": "new@example.com"}, "email"), ({"role": {}}, "role"), ({"role": ["admin"]}, "role"),
    ({"name": 5}, "name"),
], ids=["last-admin-demoted", "last-admin-deactivated", "not-a-bool", "email-fixed",
        "role-object", "role-list", "name-number"])
def test_the_last_admin_stays_and_bad_changes_are_refused(client, admin, body, field):
    user, headers = admin
    response = client.patch(f"/api/v1/users/{user.id}", headers=headers, json=body)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    db.session.expire_all()
    assert (user.role, user.active) == ("admin", True)


def test_admins_cannot_deactivate_themselves(client, admin, create_user):
    user, headers = admin
    create_user("admin")
    response = client.patch(f"/api/v1/users/{user.id}", headers=headers, json={"active": False})
    assert response.json["error"]["fields"] == {"active": "Ask another admin."}


@pytest.mark.parametrize("role", ["rep", "marketing"])
def test_only_admins_reach_users(client, create_user, token_of, role):
    headers = token_of(create_user(role))
    target = create_user("rep")
    assert client.get("/api/v1/users", headers=headers).status_code == 403
    assert client.post("/api/v1/users", headers=headers,
                       json={"email": "sneaky@example.com"}).status_code == 403
    assert client.patch(f"/api/v1/users/{target.id}", headers=headers,
                        json={"role": "admin"}).status_code == 403
    assert client.get("/api/v1/users").status_code == 401
    assert users() == 2 and db.session.get(User, target.id).role == "rep"


def test_an_unknown_user_is_not_found(client, admin):
    _, headers = admin
    assert client.get("/api/v1/users/999999", headers=headers).status_code == 404
    assert client.patch("/api/v1/users/999999", headers=headers,
                        json={"role": "rep"}).status_code == 404
