"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it is sent; the `inbox` and
`mail_config` fixtures in conftest start one per test."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy

from aiosmtpd.smtp import AuthResult

MAIL_SETTINGS = {"MAIL_USE_TLS": False, "MAIL_FROM": "Enablement Hub <hub@example.com>",
                 "MAIL_TIMEOUT": 5}


class Inbox:
    """An aiosmtpd handler that keeps every message it is sent, and every login tried."""

    def __init__(self):
        self.messages = []
        self.logins = []
        self.port = 0

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
