"""The admin pages for users, their sessions, sign-in locks and API tokens (users/views.py)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import event, select

from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import ApiToken, LoginThrottle, ShownOnceSecret, User
from tests.auth.support import (
    LOCKED_MESSAGE,
    SHOWN_ONCE_ON_PAGE,
    TOKEN,
    copy_of_session,
    from_address,
    input_value,
    readable_session,
    text,
    user_named,
)
from tests.conftest import PASSWORD


def test_admin_sees_every_user(client, login_as, create_user):
    login_as("admin")
    create_user("marketing", email="mara@example.com", name="Mara Keller")
    page = text(client.get("/admin/users/"))
    assert "Mara Keller" in page and "mara@example.com" in page and "marketing" in page


def test_the_users_page_takes_the_same_queries_however_many_users(client, login_as,
                                                                  create_user):
    """Its commit (a secret shown once is gone) comes after rendering, so no listed user is
    loaded again one by one."""
    login_as("admin")

    def statements_for_page() -> int:
        db.session.expire_all()  # as in a fresh request: nothing loaded yet
        statements = []

        def listener(*args):
            statements.append(args[2])

        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/admin/users/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    few = statements_for_page()
    for _ in range(10):
        create_user("rep")
    assert statements_for_page() == few


@pytest.mark.parametrize("role", ["rep", "marketing"])
def test_only_admins_manage_users(client, login_as, role):
    login_as(role)
    assert client.get("/admin/users/").status_code == 403
    response = client.post("/admin/users/new", data={"email": "sneaky@example.com",
                                                    "role": "admin"})
    assert response.status_code == 403
    assert user_named("sneaky@example.com") is None


def test_admin_creates_a_user_with_a_password(client, auth, login_as):
    login_as("admin")
    response = client.post("/admin/users/new", data={
        "email": "new@example.com", "name": "Nia New", "role": "marketing",
        "password": "a long enough password"})
    assert response.status_code == 302 and response.headers["Location"] == "/admin/users/"
    page = text(client.get("/admin/users/"))
    assert "Added new@example.com as marketing." in page
    assert "shown once" not in page
    user = user_named("new@example.com")
    assert (user.name, user.role, user.active) == ("Nia New", "marketing", True)
    auth.logout()
    assert auth.login("new@example.com", password="a long enough password").status_code == 302


def test_admin_creates_a_user_with_a_generated_password(app, client, auth, login_as):
    login_as("admin")
    response = client.post("/admin/users/new", data={"email": "gen@example.com", "role": "rep"})
    # The password is in no cookie: Flask's session cookie is signed, not encrypted.
    assert "Their password" not in readable_session(app, client)
    page = client.get(response.headers["Location"])
    assert page.headers["Cache-Control"] == "no-store"
    assert "Added gen@example.com as rep." in text(page)
    assert "Their password, shown once:" in text(page)
    [password] = SHOWN_ONCE_ON_PAGE.findall(page.get_data(as_text=True))
    assert password not in readable_session(app, client)
    assert db.session.query(ShownOnceSecret).count() == 0  # gone once shown
    again = text(client.get("/admin/users/"))
    assert "shown once" not in again and password not in again
    auth.logout()
    assert auth.login("gen@example.com", password=password).status_code == 302


def test_a_secret_waits_for_no_one_else(app, client, login_as, create_user):
    """Only the browser that made the password can show it, and only for a few minutes."""
    login_as("admin")
    client.post("/admin/users/new", data={"email": "gen@example.com", "role": "rep"})
    [stored] = db.session.scalars(select(ShownOnceSecret)).all()
    assert "gen@example.com" not in stored.ciphertext  # encrypted; the key is in the session
    other_admin = app.test_client()
    other = create_user("admin")
    other_admin.post("/login", data={"email": other.email, "password": PASSWORD})
    assert SHOWN_ONCE_ON_PAGE.search(other_admin.get("/admin/users/").get_data(as_text=True)) \
        is None
    stored.created_at -= timedelta(minutes=app.config["SHOWN_ONCE_MINUTES"] + 1)
    db.session.commit()
    assert SHOWN_ONCE_ON_PAGE.search(client.get("/admin/users/").get_data(as_text=True)) is None
    assert db.session.query(ShownOnceSecret).count() == 0


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"email": "taken@example.com"}, "email", "Already in use."),
    ({"email": "TAKEN@example.com"}, "email", "Already in use."),
    ({"email": "not an email"}, "email", "email"),
    ({"email": ""}, "email", "This field is required."),
    ({"password": "Qz7-pw"}, "password", "Use at least 10 characters."),
    ({"name": "n" * 121}, "name", "120"),
    ({"role": "overlord"}, "role", "Not a valid choice"),
])
def test_admin_create_user_form_errors_keep_what_was_typed(client, login_as, create_user,
                                                           data, field, message):
    login_as("admin")
    create_user("rep", email="taken@example.com")
    typed = {"email": "fresh@example.com", "name": "Typed Name", "role": "marketing",
             "password": "", **data}
    response = client.post("/admin/users/new", data=typed)
    assert response.status_code == 422
    page = text(response)
    error = re.search(rf'id="{field}-error"[^>]*>([^<]*)<', page)
    assert error and message.lower() in error.group(1).lower(), page
    if field != "email":
        assert input_value(page, "email") == typed["email"]
    if field != "name":
        assert input_value(page, "name") == typed["name"]
    if field != "role":
        assert re.search(r'<option selected value="marketing">|'
                         r'<option value="marketing" selected>', page)
    if typed["password"]:
        assert typed["password"] not in page
    assert db.session.query(User).count() == 2


def test_admin_edits_a_role(client, login_as, create_user):
    login_as("admin")
    user = create_user("rep", name="Riley Rep")
    page = text(client.get(f"/admin/users/{user.id}"))
    assert input_value(page, "name") == "Riley Rep"
    response = client.post(f"/admin/users/{user.id}", data={
        "name": "Riley Rep", "role": "marketing", "active": "y"})
    assert response.status_code == 302
    assert f"Saved {user.email}." in text(client.get("/admin/users/"))
    assert user_named(user.email).role == "marketing"


def test_admin_sets_a_new_password(client, auth, login_as, create_user):
    login_as("admin")
    user = create_user("rep")
    client.post(f"/admin/users/{user.id}", data={"name": "Rep", "role": "rep", "active": "y",
                                                 "password": "fresh passphrase"})
    auth.logout()
    assert auth.login(user).status_code == 401
    assert auth.login(user, password="fresh passphrase").status_code == 302


def test_admin_deactivates_a_user_who_is_signed_out_at_once(app, client, login_as, create_user,
                                                            auth):
    rep = create_user("rep")
    rep_browser = app.test_client()
    rep_browser.post("/login", data={"email": rep.email, "password": PASSWORD})
    assert rep_browser.get("/").status_code == 200

    login_as("admin")
    response = client.post(f"/admin/users/{rep.id}", data={"name": "Rep", "role": "rep"})
    assert response.status_code == 302
    assert user_named(rep.email).active is False
    assert "Deactivated" in text(client.get("/admin/users/"))
    # Their open session stops working, and they can't sign in again.
    assert rep_browser.get("/").status_code == 302
    assert rep_browser.post("/login", data={"email": rep.email,
                                            "password": PASSWORD}).status_code == 401


@pytest.mark.parametrize("data", [
    {"role": "marketing", "active": "y"},
    {"role": "rep", "active": "y"},
    {"role": "admin"},
], ids=["demote-to-marketing", "demote-to-rep", "deactivate"])
def test_the_last_admin_cannot_demote_or_deactivate_themselves(client, login_as, data):
    admin = login_as("admin")
    response = client.post(f"/admin/users/{admin.id}", data={"name": admin.name, **data})
    assert response.status_code == 422
    assert "Make someone else an admin first." in text(response)
    user = user_named(admin.email)
    assert (user.role, user.active) == ("admin", True)
    assert client.get("/admin/users/").status_code == 200


def test_an_admin_cannot_deactivate_themselves_even_with_other_admins(client, login_as,
                                                                       create_user):
    admin = login_as("admin")
    create_user("admin")
    response = client.post(f"/admin/users/{admin.id}", data={"name": admin.name, "role": "admin"})
    assert response.status_code == 422
    assert "Ask another admin." in text(response)
    assert user_named(admin.email).active is True


def test_an_admin_can_step_down_when_another_admin_remains(client, login_as, create_user):
    admin = login_as("admin")
    create_user("admin")
    response = client.post(f"/admin/users/{admin.id}", data={
        "name": admin.name, "role": "marketing", "active": "y"})
    assert response.status_code == 302
    assert user_named(admin.email).role == "marketing"
    assert client.get("/admin/users/").status_code == 403


def test_edit_unknown_user_is_404(client, login_as):
    login_as("admin")
    assert client.get("/admin/users/999999").status_code == 404


def test_admin_creates_and_revokes_a_token_in_the_browser(app, client, login_as,
                                                          create_user):
    login_as("admin")
    integration = create_user("marketing")
    response = client.post(f"/admin/users/{integration.id}/tokens", data={"name": "CRM webhook"})
    assert response.status_code == 302
    assert TOKEN.search(readable_session(app, client)) is None  # not in the cookie
    page = text(client.get(response.headers["Location"]))
    assert f"New API token for {integration.email}, shown once:" in page
    token = TOKEN.search(page).group(0)
    assert "CRM webhook" in page
    api = {"Authorization": f"Bearer {token}"}
    created = client.post("/api/v1/assets", json={"kind": "sales_aid", "title": "From CRM"},
                          headers=api)
    assert created.status_code == 201
    assert created.get_json()["owner"]["id"] == integration.id
    assert TOKEN.search(text(client.get(f"/admin/users/{integration.id}"))) is None  # shown once

    stored = db.session.scalar(select(ApiToken).where(ApiToken.user_id == integration.id))
    response = client.post(f"/admin/users/{integration.id}/tokens/{stored.id}/revoke")
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Token revoked" in page and "revoked" in page.split("API tokens")[1]
    assert client.get("/api/v1/assets", headers=api).status_code == 401


def test_revoking_a_token_through_another_user_is_404(client, login_as, create_user):
    login_as("admin")
    owner, other = create_user("marketing"), create_user("rep")
    token = auth_services.create_token(owner)
    db.session.commit()
    token_id = db.session.scalar(select(ApiToken.id))
    response = client.post(f"/admin/users/{other.id}/tokens/{token_id}/revoke")
    assert response.status_code == 404
    assert client.get("/api/v1/assets",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200


# ---------------------------------------------------------------- sessions


def _rep_signed_in(app, create_user):
    """A rep signed in in their own browser, and a copy of that browser's cookie."""
    rep = create_user("rep")
    browser = app.test_client()
    assert browser.post("/login", data={"email": rep.email,
                                        "password": PASSWORD}).status_code == 302
    copy = copy_of_session(app, browser)
    assert browser.get("/").status_code == copy.get("/").status_code == 200
    return rep, browser, copy


@pytest.mark.parametrize("data", [
    {"role": "marketing", "active": "y"},
    {"role": "rep", "active": "y", "password": "fresh passphrase"},
    {"role": "rep"},  # deactivated
], ids=["role", "password", "deactivate"])
def test_an_admins_change_ends_every_session_of_the_user(app, client, login_as, create_user,
                                                        data):
    rep, browser, copy = _rep_signed_in(app, create_user)
    login_as("admin")
    response = client.post(f"/admin/users/{rep.id}", data={"name": "Rep", **data})
    assert response.status_code == 302
    assert browser.get("/").status_code == copy.get("/").status_code == 302


def test_a_reactivated_users_old_sessions_stay_ended(app, client, login_as, create_user):
    rep, browser, copy = _rep_signed_in(app, create_user)
    login_as("admin")
    client.post(f"/admin/users/{rep.id}", data={"name": "Rep", "role": "rep"})
    client.post(f"/admin/users/{rep.id}", data={"name": "Rep", "role": "rep", "active": "y"})
    assert user_named(rep.email).active is True
    assert browser.get("/").status_code == copy.get("/").status_code == 302


def test_admin_signs_a_user_out_everywhere(app, client, login_as, create_user):
    rep, browser, copy = _rep_signed_in(app, create_user)
    token = auth_services.create_token(user_named(rep.email), "CRM")
    db.session.commit()
    login_as("admin")
    page = text(client.get(f"/admin/users/{rep.id}"))
    assert "Sign out everywhere" in page
    response = client.post(f"/admin/users/{rep.id}/sign-out")
    assert response.status_code == 302
    assert f"Signed {rep.email} out everywhere." in text(client.get(response.headers["Location"]))
    assert browser.get("/").status_code == copy.get("/").status_code == 302
    assert browser.get("/api/v1/assets",
                       headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert client.get("/admin/users/").status_code == 200  # the admin is still signed in


def test_an_admin_who_changes_their_own_role_stays_signed_in_here_only(app, client, login_as,
                                                                     create_user):
    admin = login_as("admin")
    create_user("admin")
    copy = copy_of_session(app, client)
    response = client.post(f"/admin/users/{admin.id}", data={
        "name": admin.name, "role": "marketing", "active": "y"})
    assert response.status_code == 302
    assert client.get("/insights").status_code == 200  # this browser, with its new role
    assert copy.get("/").status_code == 302  # a copy of the old cookie: ended


def test_an_admin_signing_themselves_out_everywhere_is_signed_out(client, login_as):
    admin = login_as("admin")
    client.post(f"/admin/users/{admin.id}/sign-out")
    assert client.get("/admin/users/").status_code == 302


# ---------------------------------------------------------------- sign-in locks


def test_admin_sees_and_clears_a_sign_in_lock(app, client, auth, login_as, create_user):
    rep = create_user("rep")
    for _ in range(app.config["LOGIN_FREE_FAILURES"]):
        auth.login(rep, password="guess guess guess", **from_address("203.0.113.66"))
    assert auth.login(rep, **from_address("203.0.113.66")).status_code == 429

    login_as("admin")
    page = text(client.get("/admin/users/"))
    locks = page.split("Sign-in locks")[1]
    assert rep.email in locks and "203.0.113.66" in locks
    assert "No email is locked" not in locks
    lock = db.session.scalar(select(LoginThrottle).where(LoginThrottle.email == rep.email,
                                                         LoginThrottle.source == "203.0.113.66"))
    response = client.post(f"/admin/users/locks/{lock.id}/clear")
    assert response.status_code == 302
    page = text(client.get("/admin/users/"))
    assert f"Cleared the sign-in lock on {rep.email}." in page
    assert "No email is locked" in page
    auth.logout()
    response = auth.login(rep, **from_address("203.0.113.66"))
    assert response.status_code == 302, LOCKED_MESSAGE in text(response)


def test_admin_sees_an_account_wide_lock(app, client, auth, login_as, create_user):
    rep = create_user("rep")
    for n in range(app.config["LOGIN_ACCOUNT_FREE_FAILURES"]):
        auth.login(rep, password="guess guess guess", **from_address(f"203.0.113.{n + 1}"))
    login_as("admin")
    locks = text(client.get("/admin/users/")).split("Sign-in locks")[1]
    assert re.search(rf"{re.escape(rep.email)}\s*</td>\s*<td>every new address</td>", locks)


def test_clearing_an_unknown_lock_is_404(client, login_as):
    login_as("admin")
    assert client.post("/admin/users/locks/999999/clear").status_code == 404
