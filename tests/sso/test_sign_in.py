"""Signing in through a real OpenID provider on 127.0.0.1: who gets in, who doesn't, and what
each failure returns. None of the failures signs anyone in."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import select

from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import AuditEvent, SsoState, User
from tests.conftest import PASSWORD
from tests.sso.conftest import query_of
from tests.sso.provider import new_key

# Made once: RSA keys take a moment.
STRANGER_KEY = new_key("key-1")  # same kid as the provider's first key, never published
UNKNOWN_KID_KEY = new_key("key-unknown")


def user_by_email(email):
    return db.session.scalar(select(User).where(User.email == email))


def failures():
    return [e.details.get("reason") for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "auth.login_failed"))]


def test_first_sign_in_creates_the_user_with_the_mapped_role(browser, provider):
    authorize_url = browser.start("/assets/")
    sent = query_of(authorize_url)
    assert sent["code_challenge_method"] == "S256" and sent["nonce"] and sent["state"]
    assert sent["scope"] == "openid email profile"
    response = browser.back_at_hub(browser.at_provider(authorize_url))
    assert response.status_code == 302 and response.headers["Location"].endswith("/assets/")
    assert browser.signed_in()
    user = user_by_email("dana@example.com")
    assert (user.name, user.role, user.sso_subject) == ("Dana Ruiz", "marketing", "okta-00u1")
    events = [(e.action, e.actor, e.details) for e in db.session.scalars(select(AuditEvent))]
    assert ("user.created", "sso", {"role": "marketing", "via": "sso"}) in events
    assert ("auth.login", "dana@example.com", {"method": "sso"}) in events


def test_later_sign_ins_update_name_and_role(browser, provider, app, create_user):
    create_user("admin")  # someone else stays admin
    browser.sign_in()
    provider.person.update({"name": "Dana Ruiz-Ortega", "groups": ["Hub Admins"]})
    browser.client.post("/logout")
    browser.sign_in()
    user = user_by_email("dana@example.com")
    assert (user.name, user.role) == ("Dana Ruiz-Ortega", "admin")
    provider.person["groups"] = ["Everyone"]  # no role group: the default role
    browser.client.post("/logout")
    browser.sign_in()
    assert user_by_email("dana@example.com").role == "rep"


def test_keys_rotated_at_the_provider_are_fetched_again(browser, provider):
    browser.sign_in()
    browser.client.post("/logout")
    provider.rotate()
    assert browser.sign_in().status_code == 302 and browser.signed_in()


REFUSALS = {
    "wrong audience": ({"claims": {"aud": "someone-else"}}, "aud"),
    # azp names us, but we're not in aud: Authlib alone would let this through.
    "audience without us": ({"claims": {"aud": ["a", "b"], "azp": "hub-client"}}, "aud"),
    "expired": ({"claims": {"exp": int(time.time()) - 3600, "iat": int(time.time()) - 3700}},
                "expired"),
    "issued in the future": ({"claims": {"iat": int(time.time()) + 3600}}, "future"),
    "bad signature": ({"sign_with": STRANGER_KEY}, "BadSignatureError"),
    "unknown key id": ({"sign_with": UNKNOWN_KID_KEY}, "key"),
    "other issuer": ({"claims": {"iss": "https://evil.example"}}, "iss"),
    "unverified email": ({"claims": {"email_verified": False}}, "email not verified"),
    "domain not allowed": ({"claims": {"email": "dana@elsewhere.com"}}, "domain not allowed"),
    "no email": ({"claims": {"email": None}}, "no email"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_bad_id_token_signs_no_one_in(browser, provider, case, capsys):
    provider.tamper.update(REFUSALS[case][0])
    response = browser.sign_in()
    assert response.status_code == 401
    assert not browser.signed_in()
    assert user_by_email("dana@example.com") is None
    reason, = failures()
    assert REFUSALS[case][1].lower() in reason.lower(), reason
    with capsys.disabled():
        print(f"\n  {case}: {response.status_code}, audit reason: {reason}")


def test_a_replayed_state_is_refused(browser, provider, capsys):
    browser.sign_in()
    browser.client.post("/logout")
    replayed = browser.client.get(browser.last_callback)  # the provider's answer, again
    assert replayed.status_code == 401 and not browser.signed_in()
    with capsys.disabled():
        print(f"\n  replayed state: {replayed.status_code}, audit reason: {failures()[-1]}")


def test_an_answer_meant_for_another_browser_is_refused(browser, provider, app):
    callback = browser.at_provider(browser.start())  # the victim's browser started this
    attacker = app.test_client()
    path = callback.split("hub.test", 1)[1]
    assert attacker.get(path).status_code == 401
    assert attacker.get("/").status_code == 302
    assert browser.back_at_hub(callback).status_code == 302  # the real browser still can


def test_a_replayed_nonce_is_refused(browser, provider, capsys):
    first = query_of(browser.start())
    browser.client.get("/login/sso")  # a new attempt: a new nonce
    provider.tamper["claims"] = {"nonce": first["nonce"]}  # the old nonce comes back
    authorize_url = browser.start()
    response = browser.back_at_hub(browser.at_provider(authorize_url))
    assert response.status_code == 401 and not browser.signed_in()
    assert "nonce" in failures()[-1].lower()
    with capsys.disabled():
        print(f"\n  replayed nonce: {response.status_code}, audit reason: {failures()[-1]}")


def test_an_existing_local_account_is_not_taken_over(browser, provider, create_user, app):
    local = create_user("admin", email="dana@example.com")
    response = browser.sign_in()
    assert response.status_code == 401 and "already exists" in response.get_data(as_text=True)
    assert not browser.signed_in() and db.session.get(User, local.id).sso_subject is None
    app.config["OIDC_LINK_EXISTING"] = True
    assert browser.sign_in().status_code == 302 and browser.signed_in()
    linked = db.session.get(User, local.id)
    assert linked.sso_subject == "okta-00u1"


def test_a_deactivated_user_cannot_sign_in_through_the_provider(browser, provider, create_user):
    create_user("admin")
    browser.sign_in()
    browser.client.post("/logout")
    user = user_by_email("dana@example.com")
    auth_services.update_user(None, user, name=user.name, role=user.role, active=False)
    db.session.commit()
    assert browser.sign_in().status_code == 401 and not browser.signed_in()
    assert failures()[-1] == "deactivated"


def test_sign_out_ends_the_provider_session_too(browser, provider):
    browser.sign_in()
    response = browser.client.post("/logout")
    target = response.headers["Location"]
    assert target.startswith(f"{provider.issuer}/logout?")
    params = query_of(target)
    assert params["post_logout_redirect_uri"] == "http://hub.test/login"
    assert params["id_token_hint"].count(".") == 2
    assert not browser.signed_in()
    # The token waited in the database, not in the cookie, and is gone once used.
    assert db.session.scalar(select(SsoState).where(SsoState.key.startswith("id_token:"))) is None


def test_a_token_with_hundreds_of_groups_still_signs_in(browser, provider):
    provider.person["groups"] = [f"group-{n:04d}-{'x' * 30}" for n in range(300)]
    assert browser.sign_in().status_code == 302 and browser.signed_in()


def test_sign_out_stays_in_the_hub_when_the_provider_has_no_logout(browser, provider, app):
    provider.advertise_logout = False
    app.extensions.pop("hub_oidc", None)  # discovery is read again
    browser.sign_in()
    assert browser.client.post("/logout").headers["Location"].endswith("/login")


def test_the_login_page_offers_the_provider(client, provider):
    page = client.get("/login").get_data(as_text=True)
    assert "Sign in with Okta" in page and 'name="password"' in page


def test_an_unreachable_provider_is_a_clear_page_not_a_500(client, app):
    app.config["OIDC_ISSUER"] = "http://127.0.0.1:9"  # nothing listens there
    app.extensions.pop("hub_oidc", None)
    response = client.get("/login/sso")
    assert response.status_code == 503 and "reached right now" in response.get_data(as_text=True)


def test_with_local_login_off_only_break_glass_admins_use_passwords(app, client, create_user,
                                                                     auth):
    rep = create_user("rep")
    admin = create_user("admin", email="root@example.com")
    app.config.update(LOCAL_LOGIN=False, BREAK_GLASS_ADMINS="root@example.com")
    page = client.get("/login").get_data(as_text=True)
    assert "Break-glass admin sign-in" in page and "Sign in with Okta" in page
    assert auth.login(rep).status_code == 401
    assert failures() == ["password sign-in is off"]
    assert auth.login(admin, PASSWORD).status_code == 302


def test_a_copied_cookie_cannot_replay_the_answer_either(browser, provider, app):
    callback = browser.at_provider(browser.start())
    copy = app.test_client()
    cookie = browser.client.get_cookie("session", domain="hub.test")
    copy.set_cookie("session", cookie.value, domain="hub.test")
    assert browser.back_at_hub(callback).status_code == 302  # used once, by its browser
    path = callback.split("hub.test", 1)[1]
    assert copy.get(path).status_code == 401  # the same answer with a copy of the cookie
    assert copy.get("/").status_code == 302
