"""Signing in and out, and sessions that end when they should (auth/views.py)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from werkzeug.security import check_password_hash

from enablement.auth import services as auth_services
from enablement.extensions import db
from tests.auth.support import (
    WRONG_MESSAGE,
    copy_of_session,
    input_value,
    readable_session,
    text,
    user_named,
)
from tests.conftest import PASSWORD

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
    assert "You are signed out, on this and every other device." in text(client.get("/login"))
    assert client.get("/").status_code == 302
    assert client.get("/api/v1/assets").status_code == 401


def test_logout_when_signed_out_goes_to_login(client):
    response = client.post("/logout")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


# ---------------------------------------------------------------- sessions end together


def _signed_in_twice(app, client, auth, user):
    """`client` signed in as `user`, a copy of its cookie, and a second device of theirs."""
    assert auth.login(user).status_code == 302
    copy = copy_of_session(app, client)
    other_device = app.test_client()
    assert other_device.post("/login", data={"email": user.email,
                                             "password": PASSWORD}).status_code == 302
    for browser in (client, copy, other_device):
        assert browser.get("/").status_code == 200
    return copy, other_device


def _signed_out(browser) -> bool:
    page = browser.get("/assets/")
    api = browser.get("/api/v1/assets")
    return (page.status_code == 302 and urlsplit(page.headers["Location"]).path == "/login"
            and api.status_code == 401)


def test_the_session_names_its_version_not_just_the_user(app, client, auth, create_user):
    user = create_user("rep")
    auth.login(user)
    assert f'"_user_id": "{user.id}:1"' in readable_session(app, client)


def test_a_copied_cookie_stops_working_after_logout(app, client, auth, create_user):
    user = create_user("rep")
    copy, other_device = _signed_in_twice(app, client, auth, user)
    auth.logout()
    assert _signed_out(copy)
    assert _signed_out(other_device)  # signing out ends every session of the user
    assert auth.login(user).status_code == 302  # and signing in again works
    assert client.get("/").status_code == 200
    assert _signed_out(copy)


@pytest.mark.parametrize("change", ["password", "role", "deactivate-and-reactivate",
                                    "sign-out-everywhere"])
def test_a_change_by_the_services_ends_every_session(app, client, auth, create_user, change):
    user = create_user("rep")
    copy, other_device = _signed_in_twice(app, client, auth, user)
    stored = user_named(user.email)
    if change == "password":
        auth_services.set_password(stored, "a brand new passphrase")
    elif change == "role":
        auth_services.update_user(stored, stored, name=stored.name, role="marketing", active=True)
    elif change == "deactivate-and-reactivate":
        admin = create_user("admin")
        auth_services.update_user(admin, stored, name=stored.name, role="rep", active=False)
        db.session.commit()
        auth_services.update_user(admin, stored, name=stored.name, role="rep", active=True)
    else:
        auth_services.end_sessions(stored)
    db.session.commit()
    for browser in (client, copy, other_device):
        assert _signed_out(browser), change


def test_renaming_a_user_keeps_their_sessions(app, client, auth, create_user):
    user = create_user("rep")
    auth.login(user)
    stored = user_named(user.email)
    auth_services.update_user(stored, stored, name="A New Name", role="rep", active=True)
    db.session.commit()
    assert client.get("/").status_code == 200


def test_a_session_from_before_versions_has_ended(app, client, create_user):
    """Cookies made before this release name the user by id alone: they sign in again."""
    user = create_user("rep")
    with client.session_transaction() as session:
        session["_user_id"] = str(user.id)
        session["_fresh"] = True
    assert _signed_out(client)


def test_api_tokens_are_not_sessions(app, client, auth, create_user):
    """Ending sessions leaves integrations running; deactivating the user stops them."""
    user = create_user("marketing")
    token = auth_services.create_token(user, "CRM")
    db.session.commit()
    api = {"Authorization": f"Bearer {token}"}
    stored = user_named(user.email)
    auth_services.end_sessions(stored)
    auth_services.set_password(stored, "a brand new passphrase")
    db.session.commit()
    assert client.get("/api/v1/assets", headers=api).status_code == 200
    admin = create_user("admin")
    auth_services.update_user(admin, user_named(user.email), name="M", role="marketing",
                              active=False)
    db.session.commit()
    assert client.get("/api/v1/assets", headers=api).status_code == 401
