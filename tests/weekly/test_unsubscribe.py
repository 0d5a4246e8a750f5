"""The one-click unsubscribe: the link and List-Unsubscribe header from a real email work without
signing in or a CSRF token (RFC 8058), the GET only asks, and forged or expired links change
nothing."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from enablement.extensions import db
from enablement.weekly import services as weekly
from enablement.weekly.sending import send_due
from enablement.weekly.unsubscribe import SALT, token_for
from tests.conftest import make_app


@pytest.fixture
def csrf_client(app, app_config, tmp_path):
    """A browser (or mail client) against a hub with CSRF protection on, as in production, on the
    same database as `app`."""
    strict = make_app(tmp_path, **app_config, WTF_CSRF_ENABLED=True)
    yield strict.test_client()
    with strict.app_context():
        db.engine.dispose()


def path_of(url: str) -> str:
    return urlsplit(url).path


def subscribed(user) -> bool:
    db.session.expire_all()
    return weekly.is_subscribed(user)


def test_the_emails_one_click_header_unsubscribes_without_a_session(
        subscribe, add_news, inbox, csrf_client):
    rep = subscribe(email="rita@example.com")
    add_news("Contractor news")
    send_due()
    [(_, message)] = inbox.messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message["List-Unsubscribe"].strip("<>")
    assert url.startswith("http://hub.test/weekly-email/unsubscribe/")
    assert url in message.get_body(("plain",)).get_content()

    # What a mail client sends (RFC 8058): a POST with this body, no cookie, no CSRF token.
    response = csrf_client.post(path_of(url), data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "won't get the weekly email any more" in response.get_data(as_text=True)
    assert not subscribed(rep)
    assert weekly.chosen_markets(rep) == ["construction"]  # kept for turning it back on


def test_following_the_link_asks_first(subscribe, client):
    """Link checkers and previews fetch GETs: only the button unsubscribes."""
    rep = subscribe(email="rita@example.com")
    url = f"/weekly-email/unsubscribe/{token_for(rep)}"
    page = client.get(url)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Stop sending the weekly email to <strong>r…@example.com</strong>?" in text
    assert '<form method="post">' in text and "Unsubscribe</button>" in text
    assert subscribed(rep)
    assert client.post(url).status_code == 200
    assert not subscribed(rep)
    again = client.get(url).get_data(as_text=True)
    assert "there is nothing to unsubscribe from" in again


def forged_tokens(rep) -> dict[str, str]:
    good = token_for(rep)
    payload = URLSafeTimedSerializer("test-secret", salt=SALT).loads(good)  # [id, fingerprint]
    other_key = URLSafeTimedSerializer("not-our-secret", salt=SALT).dumps(payload)
    other_salt = URLSafeTimedSerializer("test-secret", salt="news-atom-feed").dumps(payload)
    return {
        "tampered signature": good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
        "another user's id": good.replace(good.split(".")[0], "WzIsIngiXQ"),
        "signed with another key": other_key,
        "signed for another purpose": other_salt,
        "not a token": "placeholder",
        "far too long": "A" * 5000,
    }


@pytest.mark.parametrize("kind", ["tampered signature", "another user's id",
                                  "signed with another key", "signed for another purpose",
                                  "not a token", "far too long"])
def test_a_forged_link_changes_nothing(subscribe, csrf_client, kind):
    rep = subscribe()
    url = f"/weekly-email/unsubscribe/{forged_tokens(rep)[kind]}"
    for method in ("get", "post"):
        response = getattr(csrf_client, method)(url)
        assert response.status_code == 400
    assert subscribed(rep)
    assert "This unsubscribe link isn&#39;t valid." in response.get_data(as_text=True)


class SignedLongAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 91 * 24 * 3600


def test_an_expired_link_changes_nothing_and_says_what_to_do(app, subscribe, csrf_client):
    rep = subscribe()
    payload = URLSafeTimedSerializer(app.secret_key, salt=SALT).loads(token_for(rep))
    old = URLSafeTimedSerializer(app.secret_key, salt=SALT, signer=SignedLongAgo).dumps(payload)
    assert old.split(".")[0] == token_for(rep).split(".")[0]  # the same payload, only older
    response = csrf_client.post(f"/weekly-email/unsubscribe/{old}")
    assert response.status_code == 400
    assert "expired" in response.get_data(as_text=True)
    assert subscribed(rep)
    csrf_client.application.config["WEEKLY_EMAIL_LINK_DAYS"] = 120  # the same link now works
    assert csrf_client.post(f"/weekly-email/unsubscribe/{old}").status_code == 200
    assert not subscribed(rep)


def test_a_link_stops_working_when_the_address_changes(subscribe, client):
    """The link names the address it was sent to: an id reused by another account, or the
    account moved to another mailbox, isn't unsubscribed by an old email."""
    rep = subscribe(email="old@example.com")
    url = f"/weekly-email/unsubscribe/{token_for(rep)}"
    rep.email = "new@example.com"
    db.session.commit()
    assert client.post(url).status_code == 400
    assert subscribed(rep)
