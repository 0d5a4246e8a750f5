"""The test OpenID provider on 127.0.0.1 and a hub set up to sign in through it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from tests.sso.provider import CLIENT_ID, CLIENT_SECRET, Provider, Running


@pytest.fixture(scope="module")
def running_provider():
    running = Running(Provider())
    yield running.provider
    running.stop()


@pytest.fixture
def provider(running_provider):
    """The module's provider, reset for each test (same keys: making RSA keys is slow)."""
    running_provider.keys[:] = running_provider.keys[-1:]
    running_provider.tamper.clear()
    running_provider.codes.clear()
    running_provider.log.clear()
    running_provider.advertise_logout = True
    running_provider.person.clear()
    running_provider.person.update({"sub": "okta-00u1", "email": "dana@example.com",
                                    "email_verified": True, "name": "Dana Ruiz",
                                    "groups": ["Everyone", "Field Marketing"]})
    return running_provider


@pytest.fixture
def app_config(running_provider):
    return {"OIDC_ISSUER": running_provider.issuer, "OIDC_CLIENT_ID": CLIENT_ID,
            "OIDC_CLIENT_SECRET": CLIENT_SECRET, "OIDC_PROVIDER_NAME": "Okta",
            "OIDC_ROLE_MAP": "Field Marketing=marketing, Hub Admins=admin",
            "OIDC_ALLOWED_DOMAINS": "example.com"}


class Browser:
    """The hub's test client walking the redirects through the provider, as a browser would."""

    def __init__(self, client):
        self.client = client
        self.last_callback = None

    def start(self, next_page: str | None = None):
        response = self.client.get("/login/sso", query_string={"next": next_page} if next_page
                                   else None)
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response.headers["Location"]

    def at_provider(self, authorize_url: str) -> str:
        answer = requests.get(authorize_url, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]

    def back_at_hub(self, callback_url: str):
        parts = urlsplit(callback_url)
        self.last_callback = f"{parts.path}?{parts.query}"
        return self.client.get(self.last_callback)

    def sign_in(self, next_page: str | None = None):
        return self.back_at_hub(self.at_provider(self.start(next_page)))

    def signed_in(self) -> bool:
        return self.client.get("/").status_code == 200


@pytest.fixture
def browser(client, provider):
    return Browser(client)


def query_of(url: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
