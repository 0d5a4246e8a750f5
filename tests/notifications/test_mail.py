"""Email to requesters, through a real SMTP server on 127.0.0.1 (aiosmtpd): sent after the commit,
never for a rolled-back change, and a mail server that is down never breaks the page."""

from __future__ import annotations

import logging

import pytest

from enablement.assets import services as asset_services
from enablement.extensions import db
from enablement.models import AssetStatus
from enablement.notifications import mail
from enablement.requests import services as content_requests
from tests.conftest import make_app
from tests.mailserver import MAIL_SETTINGS, free_port

LOGGER = "enablement.notifications.mail"


@pytest.fixture
def app_config(mail_config):
    """The usual test app, configured to send mail to the test server."""
    return mail_config


@pytest.fixture
def linked_draft(create_user, create_asset, inbox):
    """A rep's request, answered by a marketer's draft not yet published (the "planned" email
    that linking sends is already delivered and set aside)."""
    rep = create_user("rep", email="rita@example.com", name="Rita Rep")
    marketer = create_user("marketing")
    request = content_requests.create_request(rep, "Case study for cold storage",
                                              "construction", "case_study")
    draft = create_asset(status=AssetStatus.DRAFT, owner=marketer, title="Cold storage, on time")
    content_requests.link_asset(marketer, request, draft.id)
    db.session.commit()
    assert [m["Subject"] for _, m in inbox.messages] == ["Planned: your content request"]
    inbox.messages.clear()
    return request, draft, marketer


def test_the_requester_is_emailed_once_the_publish_is_committed(app, inbox, linked_draft):
    request, draft, marketer = linked_draft
    asset_services.change_status(marketer, draft, AssetStatus.PUBLISHED)
    assert inbox.messages == []  # flushed, not committed: nothing sent yet
    db.session.commit()
    [(recipients, message)] = inbox.messages
    assert recipients == ["rita@example.com"]
    assert message["From"] == "Enablement Hub <hub@example.com>"
    assert message["Subject"] == "Published for you: Cold storage, on time"
    body = message.get_content()
    assert "Hi Rita Rep," in body and "Case study for cold storage" in body
    assert f"http://hub.test/assets/{draft.id}" in body
    db.session.commit()
    assert len(inbox.messages) == 1  # a later commit doesn't send it again


def test_nothing_is_sent_for_a_change_that_rolls_back(app, inbox, linked_draft):
    request, draft, marketer = linked_draft
    asset_services.change_status(marketer, draft, AssetStatus.PUBLISHED)
    db.session.rollback()
    db.session.commit()
    assert inbox.messages == []
    assert db.session.get(type(request), request.id).status == "planned"


def test_publishing_in_the_browser_emails_the_requester(app, client, auth, inbox, linked_draft):
    request, draft, marketer = linked_draft
    auth.login(marketer)
    response = client.post(f"/assets/{draft.id}/status", data={"status": "published"})
    assert response.status_code == 302
    assert [to for to, _ in inbox.messages] == [["rita@example.com"]]


def test_smtp_login_is_used_when_configured(app, inbox, linked_draft):
    app.config.update(MAIL_USERNAME="hub", MAIL_PASSWORD="s3cret")
    request, draft, marketer = linked_draft
    asset_services.change_status(marketer, draft, AssetStatus.PUBLISHED)
    db.session.commit()
    assert inbox.logins == [("hub", "s3cret")]
    assert len(inbox.messages) == 1


def test_a_refused_login_is_logged_not_raised(app, inbox, linked_draft, caplog):
    app.config.update(MAIL_USERNAME="hub", MAIL_PASSWORD="wrong")
    request, draft, marketer = linked_draft
    asset_services.change_status(marketer, draft, AssetStatus.PUBLISHED)
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        db.session.commit()
    assert inbox.messages == []
    assert "could not email rita@example.com" in caplog.text
    assert db.session.get(type(request), request.id).status == "done"


def test_a_mail_server_that_is_down_never_breaks_the_page(app, client, auth, linked_draft,
                                                          caplog):
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    request, draft, marketer = linked_draft
    auth.login(marketer)
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        response = client.post(f"/assets/{draft.id}/status", data={"status": "published"})
    assert response.status_code == 302
    assert "could not email rita@example.com" in caplog.text
    assert db.session.get(type(request), request.id).status == "done"
    auth.login(request.requester)
    assert "Cold storage, on time" in client.get("/notifications").get_data(as_text=True)


def test_inactive_requesters_are_not_emailed(app, inbox, linked_draft):
    request, draft, marketer = linked_draft
    request.requester.active = False
    asset_services.change_status(marketer, draft, AssetStatus.PUBLISHED)
    db.session.commit()
    assert inbox.messages == []


def test_without_a_mail_server_nothing_is_queued(tmp_path, inbox):
    app = make_app(tmp_path, **MAIL_SETTINGS)
    with app.app_context():
        assert not mail.enabled()
        mail.queue(mail.Mail("rita@example.com", "Hi", "Body"))
        assert mail.PENDING not in db.session.info
        db.session.remove()
    assert inbox.messages == []


def test_send_reports_failure_instead_of_raising(app, caplog):
    settings = {**app.config, "MAIL_PORT": free_port()}
    with caplog.at_level(logging.ERROR, logger=LOGGER):
        assert mail.send(mail.Mail("x@example.com", "Hi", "Body"), settings) is False
    assert "could not email x@example.com" in caplog.text


def test_mail_settings_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("MAIL_SERVER", "smtp.example.com")
    monkeypatch.setenv("MAIL_PORT", "2525")
    monkeypatch.setenv("MAIL_USERNAME", "hub")
    monkeypatch.setenv("MAIL_PASSWORD", "pw")
    monkeypatch.setenv("MAIL_USE_TLS", "0")
    monkeypatch.setenv("MAIL_FROM", "hub@example.com")
    config = make_app(tmp_path).config
    assert (config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_USERNAME"],
            config["MAIL_PASSWORD"], config["MAIL_USE_TLS"], config["MAIL_FROM"]) == (
        "smtp.example.com", 2525, "hub", "pw", False, "hub@example.com")


def test_mail_is_off_by_default(tmp_path):
    config = make_app(tmp_path).config
    assert config["MAIL_SERVER"] == "" and config["MAIL_USE_TLS"] is True
