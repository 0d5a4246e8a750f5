"""The hub served for real: a `flask run` subprocess on 127.0.0.1, its CLI, and its request log."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APP = "tests.e2e.hubapp"
STARTUP_SECONDS = 30
STATIC = ("/static/", "/bootstrap/static/")  # files, not pages: left out of the timings

# One known person per role, created in every fresh hub (the demo company's people have random
# passwords).
PASSWORD = "e2e correct horse battery"
USERS = {
    "rep": ("e2e.rep@example.com", "Riley Rep"),
    "marketing": ("e2e.marketing@example.com", "Morgan Marketing"),
    "admin": ("e2e.admin@example.com", "Alex Admin"),
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class LoggedRequest:
    """One line of the hub's structured request log."""

    method: str
    path: str
    status: int
    ms: float


@dataclass
class HubServer:
    """A fresh hub (database, search index, uploads, instance folder) in `root`."""

    root: Path
    port: int = field(default_factory=free_port)
    # One key for the server and every `flask` command run against it: a signed link a command
    # prints (the weekly email's unsubscribe link) must verify on the server.
    secret_key: str = field(default_factory=lambda: "e2e-" + os.urandom(16).hex())
    process: subprocess.Popen | None = None
    _log_offset: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.root / "server.log"

    @property
    def env(self) -> dict[str, str]:
        env = {
            key: value for key, value in os.environ.items()
            # A developer's or CI's database and mail settings must not reach this hub.
            if not key.startswith(("DATABASE_", "TEST_DATABASE", "MAIL_", "FLASK_"))
        }
        env.update({
            "HUB_E2E_INSTANCE_PATH": str(self.root / "instance"),
            "INSTANCE_PATH": str(self.root / "instance"),  # for anything that loads app.py
            "DATABASE_URL": f"sqlite:///{self.root / 'hub.sqlite3'}",
            "SEARCH_INDEX_DIR": str(self.root / "search-index"),
            "UPLOAD_DIR": str(self.root / "uploads"),
            "SECRET_KEY": self.secret_key,
            "FEEDS_FILE": str(REPO / "feeds.yml"),
            "PYTHONUNBUFFERED": "1",
        })
        return env

    def flask(self, *args: str) -> str:
        """Run `flask --app … ARGS` against this hub and return what it printed."""
        result = subprocess.run(
            [sys.executable, "-m", "flask", "--app", APP, *args],
            cwd=REPO, env=self.env, capture_output=True, text=True, timeout=120, check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    def prepare(self) -> None:
        """Schema, first-run setup with the demo company, and one known user per role."""
        self.flask("db", "upgrade")
        self.flask("setup")
        for role, (email, name) in USERS.items():
            self.flask("users", "create", email, "--role", role, "--name", name,
                       "--password", PASSWORD)

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", APP, "run",
             "--host", "127.0.0.1", "--port", str(self.port), "--no-reload", "--no-debugger"],
            cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the hub exited at start:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"/healthz did not answer in {STARTUP_SECONDS}s:\n"
                           f"{self.log_path.read_text()}")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def sign_in_over_http(self, email: str, password: str) -> None:
        """Sign in with a plain HTTP client (to time the sign-in without a browser about)."""
        cookies = urllib.request.HTTPCookieProcessor()
        opener = urllib.request.build_opener(cookies, _NoRedirect)
        with opener.open(f"{self.url}/login", timeout=10) as response:
            html = response.read().decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
        form = {"csrf_token": token.group(1) if token else "", "email": email, "password": password}
        try:
            opener.open(f"{self.url}/login", urllib.parse.urlencode(form).encode(),
                        timeout=10).close()
        except urllib.error.HTTPError as error:  # the redirect home, not followed
            error.close()
            if error.code != 302:
                raise

    def new_requests(self) -> list[LoggedRequest]:
        """Requests the hub logged since the last call (static files left out)."""
        with self.log_path.open("rb") as log:
            log.seek(self._log_offset)
            data = log.read()
        complete = data[: data.rfind(b"\n") + 1]  # a line being written is read next time
        self._log_offset += len(complete)
        found = []
        for line in complete.decode("utf-8", "replace").splitlines():
            if not line.startswith("{"):
                continue  # the development server's own access log, warnings
            try:
                record = json.loads(line)
            except ValueError:
                continue
            if "ms" not in record or record.get("path", "").startswith(STATIC):
                continue
            found.append(LoggedRequest(record["method"], record["path"], record["status"],
                                       float(record["ms"])))
        return found
