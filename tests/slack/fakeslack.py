"""A fake Slack on 127.0.0.1: the Web API methods the hub calls (users.info, chat.unfurl) and
slash command response URLs, keeping every call it gets."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

TOKEN = "xoxb-test-token"


@dataclass
class FakeSlack:
    users: dict[str, dict] = field(default_factory=dict)  # Slack user id -> user object
    calls: list[tuple[str, dict]] = field(default_factory=list)  # (method, arguments)
    responses: list[dict] = field(default_factory=list)  # posted to response URLs

    def add_user(self, slack_id: str, email: str, **extra) -> None:
        self.users[slack_id] = {"id": slack_id, "deleted": False, "is_bot": False,
                                "is_email_confirmed": True, "profile": {"email": email},
                                **extra}

    def start(self) -> FakeSlack:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - the stdlib's name
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if self.path.startswith("/response/"):
                    fake.responses.append(json.loads(raw))
                    return self._answer({"ok": True})
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    return self._answer({"ok": False, "error": "invalid_auth"})
                method = self.path.rsplit("/", 1)[-1]
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    arguments = json.loads(raw)
                else:
                    arguments = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
                fake.calls.append((method, arguments))
                if method == "users.info":
                    user = fake.users.get(arguments.get("user"))
                    return self._answer({"ok": True, "user": user} if user
                                        else {"ok": False, "error": "user_not_found"})
                return self._answer({"ok": True})

            def _answer(self, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def calls_to(self, method: str) -> list[dict]:
        return [arguments for name, arguments in self.calls if name == method]

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
