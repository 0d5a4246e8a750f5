"""Email to requesters, through a real SMTP server on 127.0.0.1 (aiosmtpd): sent after the commit,
never for a rolled-back change, and a mail server that is down never breaks the page."""

from __future__ import annotations

import logging
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from enablement.assets import services as asset_services
from enablement.extensions import db
from enablement.insights import mail
from enablement.insights import requests as content_requests
from enablement.models import AssetStatus
from tests.conftest import make_app


class Inbox:
    """An aiosmtpd handler that keeps every message it is sent."""

    def __init__(self):
        self.messages = []
        self.logins = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=auth_data.password == b"s3cret")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(),
                            authenticator=handler.authenticate, auth_require_tls=False)
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


MAIL_SETTINGS = {"MAIL_USE_TLS": False, "MAIL_FROM": "Enablement Hub <hub@example.com>",
                 "MAIL_TIMEOUT": 5}


@pytest.fixture
def mail_settings(inbox):
    return {**MAIL_SETTINGS, "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": inbox.port}


@pytest.fixture
def app(tmp_path, mail_settings):
    """The usual test app, configured to send mail to the test server."""
    app = make_app(tmp_path, **mail_settings)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def linked_draft(create_user, create_asset):
    """A rep's request, answered by a marketer's draft not yet published."""
    rep = create_user("rep", email="rita@example.com", name="Rita Rep")
    marketer = create_user("marketing")
    request = content_requests.create_request(rep, "Case study for cold storage",
                                              "construction", "case_study")
    draft = create_asset(status=AssetStatus.DRAFT, owner=marketer, title="Cold storage, on time")
    content_requests.link_asset(marketer, request, draft.id)
    db.session.commit()
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
    with caplog.at_level(logging.ERROR, logger="enablement.insights.mail"):
        db.session.commit()
    assert inbox.messages == []
    assert "could not email rita@example.com" in caplog.text
    assert db.session.get(type(request), request.id).status == "done"


def test_a_mail_server_that_is_down_never_breaks_the_page(app, client, auth, linked_draft,
                                                          caplog):
    app.config["MAIL_PORT"] = free_port()  # nothing listens there
    request, draft, marketer = linked_draft
    auth.login(marketer)
    with caplog.at_level(logging.ERROR, logger="enablement.insights.mail"):
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
    with caplog.at_level(logging.ERROR, logger="enablement.insights.mail"):
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
