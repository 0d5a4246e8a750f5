"""A hub served on 127.0.0.1 for SCIM clients, and a SCIM token for it."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from enablement.extensions import db
from enablement.scim import tokens
from tests.mailserver import free_port


@pytest.fixture
def port():
    return free_port()


@pytest.fixture
def app_config(port):
    # Requests come to 127.0.0.1:<port>, and SCIM's locations must point there.
    return {"SERVER_NAME": None, "PUBLIC_URL": f"http://127.0.0.1:{port}"}


@pytest.fixture
def live_hub(app, port):
    """The app answering real HTTP on 127.0.0.1 in a thread; yields its base URL."""
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture
def scim_secret(app):
    _, secret = tokens.create_token("Test IdP")
    db.session.commit()
    return secret


@pytest.fixture
def scim_headers(scim_secret):
    return {"Authorization": f"Bearer {scim_secret}", "Content-Type": "application/scim+json"}
