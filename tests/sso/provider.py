"""A real OpenID provider on 127.0.0.1 for the tests, built from Authlib's JOSE (joserfc) and
PKCE pieces: discovery, JWKS (with key rotation), the authorization endpoint (which signs in
whoever the test says is at the keyboard), the token endpoint (client secret, single-use codes,
PKCE S256) and an end_session_endpoint.

`tamper` lets a test make the provider misbehave the ways that matter: an ID token for another
audience, expired or issued in the future, signed with a key it never published, naming an
unknown key id, from another issuer, or carrying another nonce.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from authlib.oauth2.rfc7636 import create_s256_code_challenge
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from tests.mailserver import free_port

CLIENT_ID = "hub-client"
CLIENT_SECRET = "provider-test-secret"  # noqa: S105 - the test provider's own client secret


def new_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "alg": "RS256", "use": "sig"})


@dataclass
class Provider:
    port: int = field(default_factory=free_port)
    keys: list[RSAKey] = field(default_factory=lambda: [new_key("key-1")])
    person: dict = field(default_factory=dict)  # the claims of whoever signs in next
    tamper: dict = field(default_factory=dict)
    codes: dict = field(default_factory=dict)
    log: list = field(default_factory=list)  # (endpoint, params) of every request
    advertise_logout: bool = True

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rotate(self) -> RSAKey:
        """Publish a new signing key and sign with it from now on (the old one stays listed)."""
        key = new_key(f"key-{len(self.keys) + 1}")
        self.keys.insert(0, key)
        return key

    # ---------------------------------------------------------------- endpoints

    def __call__(self, environ, start_response):
        request = Request(environ)
        handler = {
            "/.well-known/openid-configuration": self.discovery, "/jwks": self.jwks,
            "/authorize": self.authorize, "/token": self.token, "/logout": self.logout,
        }.get(request.path)
        self.log.append((request.path, dict(request.values)))
        response = handler(request) if handler else Response("not found", 404)
        return response(environ, start_response)

    def discovery(self, request) -> Response:
        document = {
            "issuer": self.tamper.get("discovery_issuer", self.issuer),
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }
        if self.advertise_logout:
            document["end_session_endpoint"] = f"{self.issuer}/logout"
        return _json(document)

    def jwks(self, request) -> Response:
        return _json(KeySet(self.keys).as_dict(private=False))

    def authorize(self, request) -> Response:
        args = request.args
        if args.get("client_id") != CLIENT_ID or args.get("response_type") != "code" or \
                args.get("code_challenge_method") != "S256" or not args.get("code_challenge") \
                or not args.get("state") or not args.get("nonce"):
            return Response("bad authorization request", 400)
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"redirect_uri": args["redirect_uri"], "nonce": args["nonce"],
                            "challenge": args["code_challenge"], "person": dict(self.person)}
        query = urlencode({"code": code, "state": args["state"]})
        return Response(status=302, headers={"Location": f"{args['redirect_uri']}?{query}"})

    def token(self, request) -> Response:
        auth = request.headers.get("Authorization", "")
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if auth != f"Basic {expected}":
            return _json({"error": "invalid_client"}, 401)
        grant = self.codes.pop(request.form.get("code", ""), None)  # single use
        if grant is None or request.form.get("redirect_uri") != grant["redirect_uri"]:
            return _json({"error": "invalid_grant"}, 400)
        verifier = request.form.get("code_verifier", "")
        if create_s256_code_challenge(verifier) != grant["challenge"]:
            return _json({"error": "invalid_grant", "error_description": "PKCE"}, 400)
        return _json({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer",
                      "expires_in": 300, "id_token": self.id_token(grant)})

    def id_token(self, grant: dict) -> str:
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 300,
                  "nonce": grant["nonce"], **grant["person"]}
        claims.update(self.tamper.get("claims", {}))
        key = self.tamper.get("sign_with") or self.keys[0]
        kid = self.tamper.get("kid", key.kid)
        return jwt.encode({"alg": "RS256", "kid": kid}, claims, key)

    def logout(self, request) -> Response:
        target = request.args.get("post_logout_redirect_uri", "/")
        return Response(status=302, headers={"Location": target})


def _json(body: dict, status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


class Running:
    """The provider served in a thread until `stop()`."""

    def __init__(self, provider: Provider):
        self.provider = provider
        self.server = make_server("127.0.0.1", provider.port, provider, threaded=True)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(5)
