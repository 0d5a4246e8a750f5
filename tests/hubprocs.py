"""A real hub in a temp dir for the fault and multi-host tests: gunicorn and the worker as
processes on 127.0.0.1, set up as README's production section says (SEARCH_DRAIN_IN_WEB=0, one
worker). Each hub has its own instance folder, index, uploads and database: a SQLite file, or a
schema on TEST_DATABASE_URL's server as in conftest.py."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import requests
import sqlalchemy
import yaml
from sqlalchemy import select

from enablement import create_app
from enablement.assets import services as asset_services
from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import Asset
from enablement.search.index import IndexLocation
from enablement.search.outbox import drain
from tests.conftest import DATA, PASSWORD, _database_config

REPO = Path(__file__).resolve().parent.parent
AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition: Callable[[], object], timeout: float, interval: float = 0.1,
               what: str = "condition") -> float:
    """Seconds until `condition()` is true; AssertionError naming `what` after `timeout`."""
    started = time.monotonic()
    while True:
        if condition():
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


def subprocess_database_url(config: dict) -> str:
    """conftest's database settings as one URL a process can take from DATABASE_URL."""
    url = sqlalchemy.make_url(config["DATABASE_URL"])
    options = config.get("SQLALCHEMY_ENGINE_OPTIONS", {}).get("connect_args", {}).get("options")
    if options:
        url = url.update_query_dict({"options": options})
    return url.render_as_string(hide_password=False)


class Process:
    """A started process, its log, and (for gunicorn) its address."""

    def __init__(self, name: str, command: list[str], env: dict, log_path: Path,
                 port: int | None = None):
        self.name = name
        self.port = port
        self.log_path = log_path
        self._log = open(log_path, "w")  # noqa: SIM115  (closed by stop)
        self.popen = subprocess.Popen(command, cwd=REPO, env=env, stdout=self._log,
                                      stderr=subprocess.STDOUT, start_new_session=True)

    @property
    def pid(self) -> int:
        return self.popen.pid

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.popen.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no cleanup, no goodbye, as when the OOM killer or a power cut strikes."""
        self.popen.kill()
        self.popen.wait()

    def stop(self) -> None:
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(30)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self._log.close()

    def children(self) -> list[int]:
        """Pids whose parent is this process (gunicorn's web workers)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The name in parentheses may contain spaces; the ppid is the 2nd field after it.
            if int(stat.rsplit(")", 1)[1].split()[1]) == self.pid:
                found.append(int(entry.name))
        return sorted(found)


class Hub:
    """One hub deployment: its folders, database, accounts and processes."""

    def __init__(self, root: Path, *, shared: bool = False, drain_in_web: bool = False,
                 feeds: list[dict] | None = None, config: dict | None = None):
        """`shared`: folders and database usable by other users (web processes as nobody)."""
        self.root = root
        self.shared = shared
        for name in ("instance", "index", "uploads", "db", "logs"):
            (root / name).mkdir(parents=True, exist_ok=True)
        database = _database_config(root)
        if not os.environ.get("TEST_DATABASE_URL"):
            database = {"DATABASE_URL": f"sqlite:///{root / 'db' / 'hub.sqlite3'}"}
        self.database_url = subprocess_database_url(database)
        self.feeds_file = root / "feeds.yml"
        self.write_feeds(feeds or [])
        if config:
            (root / "instance" / "config.py").write_text(
                "".join(f"{key} = {value!r}\n" for key, value in config.items()))
        self.env = {
            **os.environ,
            "INSTANCE_PATH": str(root / "instance"),
            "DATABASE_URL": self.database_url,
            "SECRET_KEY": secrets.token_hex(32),
            "SEARCH_INDEX_DIR": str(root / "index"),
            "UPLOAD_DIR": str(root / "uploads"),
            "FEEDS_FILE": str(self.feeds_file),
            "SEARCH_DRAIN_IN_WEB": "1" if drain_in_web else "0",
            "NEWS_ALLOW_PRIVATE_NETWORKS": "1",
            "PYTHONUNBUFFERED": "1",
            "XDG_RUNTIME_DIR": str(root / "logs"),  # gunicorn's control socket, one per hub
            "LOG_LEVEL": "info",
        }
        self.processes: list[Process] = []
        self.app = create_app({key: self.env[key] for key in (
            "INSTANCE_PATH", "DATABASE_URL", "SECRET_KEY", "SEARCH_INDEX_DIR", "UPLOAD_DIR",
            "FEEDS_FILE")} | {"TESTING": True, **(config or {})})
        with self.app.app_context():
            db.create_all()
            self.rep_email = "rep@example.com"
            self.marketer_email = "marketer@example.com"
            auth_services.create_user(self.rep_email, "Rita Rep", "rep", PASSWORD)
            marketer = auth_services.create_user(self.marketer_email, "Mark Eting", "marketing",
                                                 PASSWORD)
            self.token = auth_services.create_token(marketer, "fault tests")
            db.session.commit()
            # A library is never empty in practice (and the first generation gets made here).
            asset_services.create_asset(marketer, "sales_aid", {
                "title": "Welcome kit for new reps", "summary": "Where to start.",
                "markets": ["healthcare"], "aid_type": "one_pager"}, status="published")
            db.session.commit()
            drain()
            self.seed_asset = f"asset:{db.session.scalar(select(Asset.id))}"
            db.session.remove()
            db.engine.dispose()
        if shared:
            self._share()

    def _share(self) -> None:
        """Let other users reach the folders and write the database and uploads, but not the
        index: it stays root's, mode 0755, as on a web host with a read-only index."""
        for path in (self.root, *self.root.parents):
            if path == Path("/"):
                break
            if path.stat().st_mode & 0o005 != 0o005:
                path.chmod(path.stat().st_mode | 0o005)
        for name in ("db", "uploads", "logs", "instance"):
            (self.root / name).chmod(0o777)
        for path in (self.root / "db").iterdir():
            path.chmod(0o666)

    def write_feeds(self, feeds: list[dict]) -> None:
        shipped = yaml.safe_load((DATA / "feeds.yml").read_text())
        self.feeds_file.write_text(yaml.safe_dump({**shipped, "feeds": feeds}, sort_keys=False))

    # ------------------------------------------------------------ processes

    def _start(self, name: str, command: list[str], user: str | None, port: int | None = None,
               **env: str) -> Process:
        prefix = AS_NOBODY if user == "nobody" else []
        log_path = self.root / "logs" / f"{name}-{len(self.processes)}.log"
        process = Process(name, [*prefix, sys.executable, "-m", *command],
                          {**self.env, **env}, log_path, port)
        self.processes.append(process)
        return process

    def start_web(self, workers: int = 2, user: str | None = None, port: int | None = None,
                  **env: str) -> Process:
        """gunicorn -c gunicorn.conf.py app:app on `port` (a free one by default), once /healthz
        answers."""
        port = port or free_port()
        web = self._start("web", ["gunicorn", "-c", "gunicorn.conf.py", "app:app"], user, port,
                          BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers), **env)

        def answers():
            assert web.alive(), f"gunicorn exited:\n{web.log()}"
            try:
                return requests.get(web.base + "/healthz", timeout=5).status_code
            except requests.ConnectionError:
                return None

        wait_until(answers, 60, 0.2, "gunicorn to answer /healthz")
        wait_until(lambda: len(web.children()) >= workers, 30, 0.1, "gunicorn's workers")
        return web

    def start_worker(self, user: str | None = None, **env: str) -> Process:
        worker = self._start("worker", ["flask", "--app", "app", "worker"], user, **env)
        wait_until(lambda: "Worker started" in worker.log() or not worker.alive(), 60, 0.1,
                   "the worker to start")
        assert worker.alive(), worker.log()
        return worker

    def flask(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=REPO,
                              env=self.env, capture_output=True, text=True, timeout=timeout)

    def close(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        self.processes.clear()

    def print_errors(self) -> None:
        """The tracebacks in the processes' logs (pytest shows them when a test fails)."""
        for log in sorted((self.root / "logs").glob("*.log")):
            text = log.read_text(errors="replace")
            if "Traceback" in text:
                start = text.index("Traceback")
                print(f"--- {log.name}\n{text[start:start + 6000]}")

    # ------------------------------------------------------------ what the database says

    def scalar(self, sql: str, **params):
        engine = sqlalchemy.create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return connection.execute(sqlalchemy.text(sql), params).scalar()
        finally:
            engine.dispose()

    def column(self, sql: str, **params) -> list:
        engine = sqlalchemy.create_engine(self.database_url)
        try:
            with engine.connect() as connection:
                return connection.execute(sqlalchemy.text(sql), params).scalars().all()
        finally:
            engine.dispose()

    def pending_outbox(self) -> int:
        return self.scalar("SELECT count(*) FROM search_outbox")

    def indexed(self, doc_key: str) -> bool:
        index = IndexLocation(self.env["SEARCH_INDEX_DIR"]).open()
        try:
            with index.searcher() as searcher:
                return searcher.document(doc_key=doc_key) is not None
        finally:
            index.close()

    def check(self) -> subprocess.CompletedProcess:
        """`flask search check`: exit 0 when the index and the database agree."""
        return self.flask("search", "check")


# ---------------------------------------------------------------- clients


def signed_in(base: str, email: str) -> tuple[requests.Session, str]:
    """A browser-like session signed in as `email`, and its CSRF token."""
    session = requests.Session()
    token = CSRF.search(session.get(base + "/login", timeout=10).text).group(1)
    response = session.post(base + "/login", data={"email": email, "password": PASSWORD,
                                                   "csrf_token": token},
                            allow_redirects=False, timeout=10)
    assert response.status_code == 302, response.text
    return session, token


def publish(base: str, token: str, title: str, timeout: float = 30, **fields) -> requests.Response:
    """Marketing publishes a case study through the API."""
    body = {"kind": "case_study", "status": "published", "title": title,
            "summary": "Crew scheduling for a regional builder.", "customer": "Harbor & Pine",
            "challenge": "Missed visits.", "solution": "Crew scheduling.",
            "results": "38% fewer missed visits.", "markets": ["construction"], **fields}
    return requests.post(base + "/api/v1/assets", json=body, timeout=timeout,
                         headers={"Authorization": f"Bearer {token}"})


def search_ids(session: requests.Session, base: str, query: str) -> set[str]:
    """The doc keys the JSON search API finds for `query` (raises on anything but 200)."""
    response = session.get(base + "/api/v1/search", params={"q": query, "per_page": 50},
                           timeout=30)
    response.raise_for_status()
    return {f"{hit['type']}:{hit['id']}" for hit in response.json()["results"]}


def remove_tree(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
