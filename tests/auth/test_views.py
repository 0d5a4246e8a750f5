"""Signing in and out, the users and tokens CLI, and the admin pages for users and tokens."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import ApiToken, LoginFailure, User
from tests.conftest import PASSWORD

WRONG_MESSAGE = "That email and password don't match an active account."
TOKEN = re.compile(r"ehub_[A-Za-z0-9_-]+")
SHOWN_ONCE = re.compile(r"Password \(shown once\): ([A-Za-z0-9_-]+)")


def user_named(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def input_value(page: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    value = tag and re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else None


# ---------------------------------------------------------------- signing in


def test_login_page_has_the_form(client):
    page = text(client.get("/login"))
    for name in ("email", "password", "next"):
        assert f'name="{name}"' in page


def test_login_redirects_home_and_signs_in(client, auth, create_user):
    user = create_user("rep", name="Riley Rep")
    response = auth.login(user)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200 and "Riley Rep" in text(home)
    assert user_named(user.email).last_login_at is not None


def test_login_ignores_email_case_and_spaces(client, auth, create_user):
    create_user("rep", email="casey@example.com")
    assert auth.login("  Casey@Example.COM ").status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused_and_keeps_the_email(client, auth, create_user):
    user = create_user("rep")
    response = auth.login(user, password="not the password")
    assert response.status_code == 401
    page = text(response)
    assert WRONG_MESSAGE in page
    assert input_value(page, "email") == user.email
    assert "not the password" not in page
    assert client.get("/").status_code == 302  # still signed out


@pytest.mark.parametrize("email", ["nobody@example.com", "not-an-email"])
def test_unknown_user_gets_the_same_message(client, auth, email):
    response = auth.login(email)
    assert response.status_code == 401
    assert WRONG_MESSAGE in text(response)
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("data", [
    {},
    {"email": "someone@example.com"},
    {"password": PASSWORD},
    {"email": "", "password": ""},
])
def test_incomplete_login_form_is_400(client, data):
    response = client.post("/login", data=data)
    assert response.status_code == 400
    assert "This field is required." in text(response)


def test_inactive_user_is_refused(client, auth, create_user):
    user = create_user("admin")
    user.active = False
    db.session.commit()
    response = auth.login(user)
    assert response.status_code == 401
    assert WRONG_MESSAGE in text(response)
    assert client.get("/").status_code == 302


def test_throttling_blocks_even_the_right_password(app, client, auth, create_user):
    user = create_user("rep")
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit):
        assert auth.login(user, password="guess guess guess").status_code == 401
    response = auth.login(user)  # the right password, but too late
    assert response.status_code == 429
    assert "Too many failed sign-ins" in text(response)
    assert client.get("/").status_code == 302
    # Colleagues on the same network are not locked out by one person's typos.
    colleague = create_user("rep")
    assert auth.login(colleague).status_code == 302


def test_throttling_counts_failures_whatever_the_email_case(app, auth, create_user):
    user = create_user("rep", email="mixed@example.com")
    for n in range(app.config["LOGIN_MAX_FAILURES"]):
        email = "MIXED@example.com" if n % 2 else "mixed@example.com"
        auth.login(email, password="guess guess guess")
    assert auth.login(user).status_code == 429


def test_failures_outside_the_window_do_not_count(app, client, auth, create_user):
    user = create_user("rep")
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        auth.login(user, password="guess guess guess")
    long_ago = auth_services.utcnow().replace(year=2000)
    for failure in db.session.scalars(select(LoginFailure)):
        failure.created_at = long_ago
    db.session.commit()
    assert auth.login(user).status_code == 302


def test_success_clears_earlier_failures(app, client, auth, create_user):
    user = create_user("rep")
    limit = app.config["LOGIN_MAX_FAILURES"]
    for _ in range(limit - 1):
        auth.login(user, password="guess guess guess")
    assert auth.login(user).status_code == 302
    auth.logout()
    for _ in range(limit - 1):
        auth.login(user, password="guess guess guess")
    assert auth.login(user).status_code == 302


@pytest.mark.parametrize(("target", "expected"), [
    ("/assets/", "/assets/"),
    ("/assets/?kind=case_study&market=logistics", "/assets/?kind=case_study&market=logistics"),
    ("//evil.com", "/"),
    ("///evil.com", "/"),
    ("/\\evil.com", "/"),
    ("https://evil.com", "/"),
    ("javascript:alert(1)", "/"),
    ("/\tevil", "/"),
    ("", "/"),
])
def test_next_only_goes_to_local_paths(auth, create_user, target, expected):
    user = create_user("rep")
    response = auth.client.post("/login", data={"email": user.email, "password": PASSWORD,
                                                "next": target})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == expected
    assert urlsplit(location).netloc in ("", "hub.test")


def test_next_from_the_query_string_survives_the_form(client, create_user):
    user = create_user("rep")
    page = text(client.get("/login?next=/assets/%3Fkind%3Dtestimonial"))
    assert input_value(page, "next") == "/assets/?kind=testimonial"
    response = client.post("/login", data={"email": user.email, "password": PASSWORD,
                                           "next": input_value(page, "next")})
    assert response.headers["Location"] == "/assets/?kind=testimonial"


def test_unauthenticated_page_redirects_to_login_and_back(client, create_user):
    response = client.get("/assets/?kind=case_study")
    assert response.status_code == 302
    location = urlsplit(response.headers["Location"])
    assert location.path == "/login"
    assert parse_qs(location.query)["next"] == ["/assets/?kind=case_study"]
    login_page = client.get(response.headers["Location"])
    assert "Please sign in to continue." in text(login_page)
    user = create_user("rep")
    signed_in = client.post("/login", data={
        "email": user.email, "password": PASSWORD,
        "next": input_value(text(login_page), "next")})
    assert signed_in.headers["Location"] == "/assets/?kind=case_study"
    assert client.get("/assets/?kind=case_study").status_code == 200


def test_unauthenticated_api_gets_401_json(client):
    response = client.get("/api/v1/assets")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"
    assert "Location" not in response.headers


def test_signed_in_user_visiting_login_goes_home(client, login_as):
    login_as("rep")
    response = client.get("/login")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_session_cookie_is_httponly_and_samesite_lax(auth, create_user):
    response = auth.login(create_user("rep"))
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))
    attributes = {part.strip().split("=")[0].lower(): part.strip()
                  for part in cookie.split(";")[1:]}
    assert "httponly" in attributes
    assert attributes["samesite"].lower() == "samesite=lax"


def test_passwords_are_stored_hashed(real_password_hashing, create_user):
    user = create_user("rep")
    stored = user_named(user.email).password_hash
    assert PASSWORD not in stored
    assert stored.split(":")[0] in ("scrypt", "pbkdf2")
    assert check_password_hash(stored, PASSWORD)
    # Two users with the same password get different hashes (salted).
    assert create_user("rep").password_hash != stored


# ---------------------------------------------------------------- signing out


def test_logout_is_post_only(client, login_as):
    login_as("rep")
    assert client.get("/logout").status_code == 405
    assert client.get("/").status_code == 200  # the GET did not sign anyone out


def test_logout_signs_out(client, auth, login_as):
    login_as("rep")
    response = auth.logout()
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "You are signed out." in text(client.get("/login"))
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/assets").status_code == 401


def test_logout_when_signed_out_goes_to_login(client):
    response = client.post("/logout")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


# ---------------------------------------------------------------- users CLI


def test_cli_create_user_with_password(runner, auth):
    result = runner.invoke(args=["users", "create", "mara@example.com", "--role", "marketing",
                                 "--password", "a long enough password"])
    assert result.exit_code == 0, result.output
    assert "Created marketing mara@example.com." in result.output
    assert "shown once" not in result.output
    assert user_named("mara@example.com").role == "marketing"
    assert auth.login("mara@example.com", password="a long enough password").status_code == 302


def test_cli_create_user_generates_a_password_shown_once(runner, auth):
    result = runner.invoke(args=["users", "create", "Rae@Example.com"])
    assert result.exit_code == 0, result.output
    [password] = SHOWN_ONCE.findall(result.output)
    assert result.output.count(password) == 1
    user = user_named("rae@example.com")
    assert user.role == "rep"
    assert password not in user.password_hash
    assert auth.login("rae@example.com", password=password).status_code == 302


@pytest.mark.parametrize(("args", "message"), [
    (["dup@example.com"], "already exists"),
    (["DUP@example.com", "--role", "admin"], "already exists"),
    (["not-an-email"], "Invalid email"),
    (["short@example.com", "--password", "short"], "Password too short"),
])
def test_cli_create_user_errors(runner, create_user, args, message):
    create_user("rep", email="dup@example.com")
    result = runner.invoke(args=["users", "create", *args])
    assert result.exit_code == 1
    assert message in result.output
    assert db.session.query(User).count() == 1
    assert user_named("dup@example.com").role == "rep"


def test_cli_create_user_refuses_an_unknown_role(runner):
    result = runner.invoke(args=["users", "create", "boss@example.com", "--role", "boss"])
    assert result.exit_code == 2
    assert "Invalid value" in result.output and "boss" in result.output
    assert user_named("boss@example.com") is None


def test_cli_list_users(runner, create_user):
    create_user("admin", email="ada@example.com")
    inactive = create_user("marketing", email="mo@example.com")
    inactive.active = False
    db.session.commit()
    result = runner.invoke(args=["users", "list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["ada@example.com", "admin", "active"]
    assert lines[1].split() == ["mo@example.com", "marketing", "inactive"]


def test_cli_set_role(runner, create_user):
    user = create_user("rep")
    result = runner.invoke(args=["users", "set-role", user.email, "marketing"])
    assert result.exit_code == 0, result.output
    assert f"{user.email} is now marketing." in result.output
    assert user_named(user.email).role == "marketing"


@pytest.mark.parametrize(("args", "exit_code"), [
    (["ghost@example.com", "admin"], 1),
    (["{rep}", "overlord"], 2),
])
def test_cli_set_role_errors(runner, create_user, args, exit_code):
    rep = create_user("rep")
    result = runner.invoke(args=["users", "set-role", *[a.format(rep=rep.email) for a in args]])
    assert result.exit_code == exit_code
    assert user_named(rep.email).role == "rep"


def test_cli_set_role_keeps_the_last_admin(runner, create_user):
    admin = create_user("admin")
    result = runner.invoke(args=["users", "set-role", admin.email, "rep"])
    assert result.exit_code == 1
    assert "at least one active admin" in result.output
    assert user_named(admin.email).role == "admin"
    # With a second admin, the first may step down.
    create_user("admin")
    assert runner.invoke(args=["users", "set-role", admin.email, "rep"]).exit_code == 0
    assert user_named(admin.email).role == "rep"


def test_cli_reset_password(runner, auth, create_user):
    user = create_user("rep")
    result = runner.invoke(args=["users", "reset-password", user.email])
    assert result.exit_code == 0, result.output
    [password] = SHOWN_ONCE.findall(result.output)
    assert auth.login(user, password=PASSWORD).status_code == 401
    assert auth.login(user, password=password).status_code == 302


def test_cli_reset_password_with_a_chosen_password(runner, auth, create_user):
    user = create_user("rep")
    result = runner.invoke(args=["users", "reset-password", user.email,
                                 "--password", "brand new passphrase"])
    assert result.exit_code == 0 and "shown once" not in result.output
    assert auth.login(user, password="brand new passphrase").status_code == 302


@pytest.mark.parametrize(("args", "message"), [
    (["ghost@example.com"], "No user ghost@example.com"),
    (["{rep}", "--password", "short"], "Password too short"),
])
def test_cli_reset_password_errors(runner, auth, create_user, args, message):
    rep = create_user("rep")
    result = runner.invoke(args=["users", "reset-password",
                                 *[a.format(rep=rep.email) for a in args]])
    assert result.exit_code == 1 and message in result.output
    assert auth.login(rep).status_code == 302  # the old password still works


def test_cli_token_create(runner, client, create_user):
    user = create_user("rep")
    result = runner.invoke(args=["tokens", "create", user.email, "--name", "CRM"])
    assert result.exit_code == 0
    token = result.output.split()[-1]
    assert TOKEN.fullmatch(token)
    assert client.get("/api/v1/assets",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 200
    stored = db.session.scalar(select(ApiToken).where(ApiToken.user_id == user.id))
    assert stored.name == "CRM" and token not in stored.token_hash


def test_cli_token_create_refuses_unknown_and_inactive_users(runner, create_user):
    result = runner.invoke(args=["tokens", "create", "ghost@example.com"])
    assert result.exit_code == 1 and "No active user ghost@example.com" in result.output
    inactive = create_user("rep")
    inactive.active = False
    db.session.commit()
    result = runner.invoke(args=["tokens", "create", inactive.email])
    assert result.exit_code == 1
    assert db.session.query(ApiToken).count() == 0


# ---------------------------------------------------------------- admin pages


def test_admin_sees_every_user(client, login_as, create_user):
    login_as("admin")
    create_user("marketing", email="mara@example.com", name="Mara Keller")
    page = text(client.get("/admin/users/"))
    assert "Mara Keller" in page and "mara@example.com" in page and "marketing" in page


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


def test_admin_creates_a_user_with_a_generated_password(client, auth, login_as):
    login_as("admin")
    client.post("/admin/users/new", data={"email": "gen@example.com", "role": "rep"})
    page = text(client.get("/admin/users/"))
    password = re.search(r"Their password, shown once: ([A-Za-z0-9_-]+)", page).group(1)
    assert "shown once" not in text(client.get("/admin/users/"))  # flashed a single time
    auth.logout()
    assert auth.login("gen@example.com", password=password).status_code == 302


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"email": "taken@example.com"}, "email", "Already in use."),
    ({"email": "TAKEN@example.com"}, "email", "Already in use."),
    ({"email": "not an email"}, "email", "email"),
    ({"email": ""}, "email", "This field is required."),
    ({"password": "short"}, "password", "Use at least 10 characters."),
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


def test_admin_creates_and_revokes_a_token_in_the_browser(client, login_as, create_user):
    login_as("admin")
    integration = create_user("marketing")
    response = client.post(f"/admin/users/{integration.id}/tokens", data={"name": "CRM webhook"})
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
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
