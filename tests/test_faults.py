"""Faults in a real deployment: gunicorn and the worker as processes, traffic to 127.0.0.1 only.

Each test breaks one thing (a web worker killed mid-request, the worker process killed mid-poll
and mid-drain, an index directory that cannot be written, a full upload disk, PostgreSQL
restarting) and checks that the hub answers clearly, recovers by itself and loses nothing. They
start processes and wait for them, so they are marked `faults`: `make faults` runs them, `make test`
leaves them out.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from sqlalchemy import insert, select

from enablement.extensions import db
from enablement.models import Asset, SearchOutbox, User
from tests import filefactory
from tests.hubprocs import Hub, publish, search_ids, signed_in, wait_until

pytestmark = pytest.mark.faults

IS_ROOT = os.geteuid() == 0


@pytest.fixture
def hubs(tmp_path):
    """Make hubs with `hubs(**options)`; their processes are stopped after the test."""
    made: list[Hub] = []

    def make(**options) -> Hub:
        made.append(Hub(tmp_path / f"hub{len(made)}", **options))
        return made[-1]

    yield make
    for hub in made:
        hub.close()
        hub.print_errors()


class Traffic:
    """Requests in a loop on a background thread, each recorded with its outcome and duration."""

    def __init__(self, *calls):
        self.calls = calls
        self.records: list[tuple[float, str, int | str, float]] = []  # at, what, status, seconds
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            for name, call in self.calls:
                started = time.monotonic()
                try:
                    status = call().status_code
                except requests.RequestException as error:
                    status = type(error).__name__
                self.records.append((started, name, status, time.monotonic() - started))
            self._stop.wait(0.05)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join(60)

    def statuses(self, after: float = 0.0) -> Counter:
        return Counter(status for at, _, status, _ in self.records if at >= after)


# ---------------------------------------------------------------- web workers


def connection_owner(pids: list[int], server_port: int, client_port: int) -> int | None:
    """Which of `pids` holds the server side of the connection from `client_port`."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local_port = int(fields[1].split(":")[1], 16)
        remote_port = int(fields[2].split(":")[1], 16)
        if local_port == server_port and remote_port == client_port and fields[9] != "0":
            inodes.add(f"socket:[{fields[9]}]")
    for pid in pids:
        with contextlib.suppress(OSError):
            for fd in Path(f"/proc/{pid}/fd").iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd) in inodes:
                        return pid
    return None


def test_a_web_worker_killed_mid_request_is_replaced_while_others_keep_answering(hubs):
    hub = hubs()
    web = hub.start_web(workers=2)
    rep, _ = signed_in(web.base, hub.rep_email)
    searching = ("search", lambda: rep.get(web.base + "/api/v1/search", params={"q": "crew"},
                                           timeout=30))
    health = ("healthz", lambda: requests.get(web.base + "/healthz", timeout=30))
    before = web.children()

    with Traffic(searching, health) as traffic:
        # A marketer's publish the worker is in the middle of: headers and half the body are in.
        body = json.dumps({"kind": "case_study", "status": "published", "title": "Half sent",
                           "customer": "Harbor", "challenge": "a", "solution": "b",
                           "results": "c"}).encode()
        client = socket.create_connection(("127.0.0.1", web.port))
        client.sendall(
            b"POST /api/v1/assets HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/json\r\nAuthorization: Bearer " + hub.token.encode()
            + b"\r\nContent-Length: " + str(len(body)).encode() + b"\r\n\r\n"
            + body[: len(body) // 2])
        client_port = client.getsockname()[1]
        victim = None

        def found():
            nonlocal victim
            victim = connection_owner(web.children(), web.port, client_port)
            return victim

        wait_until(found, 10, 0.05, "a web worker to take the request")
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        client.settimeout(10)
        try:
            answer = client.recv(1024)
        except ConnectionResetError:
            answer = b""
        client.close()
        recovery = wait_until(
            lambda: len(web.children()) == 2 and victim not in web.children(), 30, 0.05,
            "gunicorn to replace the killed worker")
        time.sleep(1.0)  # traffic on the replacement too

    assert answer == b""  # the killed request got no half answer, only a closed connection
    print(f"\nkilled web worker {victim}; replaced in {recovery:.2f} s; "
          f"traffic meanwhile: {dict(traffic.statuses(killed_at))}")
    assert set(traffic.statuses()) == {200}, traffic.records
    assert traffic.statuses(killed_at)[200] > 0
    assert set(web.children()) - set(before), "a new worker was booted"
    assert hub.scalar("SELECT count(*) FROM asset") == 1  # the seed only: nothing half-made


# ---------------------------------------------------------------- the worker process


class FeedServer:
    """Two RSS feeds on 127.0.0.1: `fast` answers at once, `slow` only once released."""

    def __init__(self):
        self.asked = threading.Event()  # the slow feed has been asked for
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                name = self.path.strip("/").removesuffix(".xml")
                if name == "slow":
                    outer.asked.set()
                    outer.release.wait(60)
                items = "".join(
                    f"<item><title>{name} story {n} about crews</title>"
                    f"<link>https://{name}.example/{n}</link><guid>{name}-{n}</guid>"
                    f"<description>Scheduling crews, story {n}.</description></item>"
                    for n in range(5))
                body = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{name}</title>'
                        f"<link>https://{name}.example/</link>{items}</channel></rss>").encode()
                with contextlib.suppress(OSError):  # the worker asking may have been killed
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        port = self.server.server_port
        self.feeds = [{"id": name, "name": f"{name.title()} news",
                       "url": f"http://127.0.0.1:{port}/{name}.xml"} for name in ("fast", "slow")]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.close()


def test_the_worker_killed_mid_poll_loses_nothing_after_a_restart(hubs, feed_server):
    hub = hubs(feeds=feed_server.feeds)
    web = hub.start_web(workers=1)
    worker = hub.start_worker()
    wait_until(feed_server.asked.is_set, 30, 0.05, "the worker to poll the slow feed")
    # Marketing publishes while the worker is stuck in its poll: the changes wait in the outbox.
    published = []
    for n in range(3):
        response = publish(web.base, hub.token, f"Crew scheduling playbook {n}")
        assert response.status_code == 201, response.text
        published.append(response.json()["id"])
    worker.kill()
    pending = hub.pending_outbox()
    assert pending >= 3

    feed_server.release.set()
    worker = hub.start_worker()
    recovery = wait_until(lambda: hub.pending_outbox() == 0, 60, 0.2, "the outbox to drain")
    wait_until(lambda: hub.scalar("SELECT count(*) FROM news_item") == 10 and
               hub.pending_outbox() == 0, 60, 0.2, "both feeds' items")
    print(f"\nworker killed mid-poll with {pending} changes pending; restarted worker applied "
          f"them in {recovery:.2f} s")
    assert all(hub.indexed(f"asset:{asset_id}") for asset_id in published)
    states = hub.scalar("SELECT string_agg(state, ',') FROM news_feed"
                        if "postgresql" in hub.database_url
                        else "SELECT group_concat(state) FROM news_feed")
    assert sorted(states.split(",")) == ["ok", "ok"]
    check = hub.check()
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Traceback" not in web.log()


def test_the_worker_killed_mid_drain_loses_nothing_after_a_restart(hubs):
    hub = hubs()
    with hub.app.app_context():
        owner_id = db.session.scalar(select(User.id).where(User.role == "marketing"))
        ids = db.session.scalars(insert(Asset).returning(Asset.id), [
            {"kind": "sales_aid", "title": f"Battle card {n}: crews against spreadsheets",
             "summary": "Why crews beat spreadsheets. " * 5, "body": "Scheduling. " * 200,
             "status": "published", "owner_id": owner_id, "details": {"aid_type": "battle_card"}}
            for n in range(4000)]).all()
        db.session.execute(insert(SearchOutbox), [
            {"doc_type": "asset", "doc_id": asset_id} for asset_id in ids])
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    worker = hub.start_worker()
    wait_until(lambda: hub.pending_outbox() < len(ids), 120, 0.02,
               "the worker to apply its first batch")
    worker.kill()
    pending = hub.pending_outbox()
    assert 0 < pending < len(ids), "killed in the middle of draining"

    worker = hub.start_worker()
    recovery = wait_until(lambda: hub.pending_outbox() == 0, 120, 0.2, "the outbox to drain")
    print(f"\nworker killed mid-drain with {pending} of {len(ids)} changes pending; restarted "
          f"worker applied them in {recovery:.2f} s")
    check = hub.check()
    assert check.returncode == 0, check.stdout + check.stderr


# ---------------------------------------------------------------- the index directory


@contextlib.contextmanager
def read_only(path: Path):
    """Make `path` unwritable for everyone, root included: a read-only bind mount (as when a disk
    is remounted read-only after errors); without root, taking away the write permission."""
    if IS_ROOT:
        mounted = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True)
        if mounted.returncode:
            pytest.skip(f"cannot bind-mount: {mounted.stderr.decode().strip()}")
        try:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(path)], check=True)
            yield
        finally:
            # Lazily: the hub's processes keep the index files they have open.
            subprocess.run(["umount", "--lazy", str(path)], check=True)
    else:
        modes = {p: p.stat().st_mode for p in [path, *path.rglob("*")] if p.is_dir()}
        for directory, mode in modes.items():
            directory.chmod(mode & ~0o222)
        try:
            yield
        finally:
            for directory, mode in modes.items():
                directory.chmod(mode)


def test_an_unwritable_index_delays_search_updates_but_loses_nothing(hubs):
    hub = hubs(config={"SEARCH_MAX_LAG": 2})
    web = hub.start_web(workers=2)
    worker = hub.start_worker()
    rep, _ = signed_in(web.base, hub.rep_email)
    first = publish(web.base, hub.token, "Harbor crews on time").json()["id"]
    wait_until(lambda: hub.pending_outbox() == 0, 30, 0.2, "the first asset's indexing")

    with read_only(hub.root / "index"):
        published = []
        for n in range(3):
            response = publish(web.base, hub.token, f"Granite crews playbook {n}")
            assert response.status_code == 201, response.text  # the database takes the write
            published.append(response.json()["id"])
        health = {}

        def degraded():
            health.update(requests.get(web.base + "/healthz", timeout=10).json())
            return health["status"] == "degraded"

        wait_until(degraded, 30, 0.5, "/healthz to report the waiting changes")
        assert hub.pending_outbox() == 3
        assert worker.alive()
        # Searching keeps working on what the index already has.
        assert search_ids(rep, web.base, "harbor") == {f"asset:{first}"}
        assert search_ids(rep, web.base, "granite") == set()
        writable_again = time.monotonic()

    recovery = wait_until(lambda: hub.pending_outbox() == 0, 60, 0.1, "the outbox to drain")
    print(f"\nread-only index: /healthz said {health}; writable again, the worker applied the "
          f"3 waiting changes in {recovery:.2f} s")
    assert health["checks"]["index_updates"].startswith("error: 3 changes waiting")
    assert health["checks"]["database"] == health["checks"]["index"] == "ok"
    assert search_ids(rep, web.base, "granite") == {f"asset:{i}" for i in published}
    assert requests.get(web.base + "/healthz", timeout=10).json()["status"] == "ok"
    assert "search drain failed" in worker.log()
    assert time.monotonic() - writable_again < 60
    check = hub.check()
    assert check.returncode == 0, check.stdout + check.stderr


# ---------------------------------------------------------------- the upload disk


@pytest.fixture
def tiny_upload_disk(tmp_path):
    """A 1 MB file system for uploads, so the disk really fills up (needs root)."""
    if not IS_ROOT:
        pytest.skip("mounting a 1 MB tmpfs needs root")
    path = tmp_path / "tiny"
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(path)],
                             capture_output=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a tmpfs: {mounted.stderr.decode().strip()}")
    yield path
    subprocess.run(["umount", str(path)], check=True)


def test_a_full_upload_disk_is_a_clear_error_with_nothing_half_written(hubs, tiny_upload_disk):
    hub = hubs()
    web = hub.start_web(workers=1, UPLOAD_DIR=str(tiny_upload_disk))
    marketer, csrf = signed_in(web.base, hub.marketer_email)
    response = requests.post(web.base + "/api/v1/assets", timeout=30, json={
        "kind": "white_paper", "title": "Scheduling guide", "abstract": "Crews and rules."},
        headers={"Authorization": f"Bearer {hub.token}"})
    asset_id = response.json()["id"]
    pdf = filefactory.make_pdf("Scheduling guide")
    too_big = pdf[:9] + b"%" + b"0" * (2 * 1024 * 1024) + b"\n" + pdf[9:]  # 2 MB on a 1 MB disk

    response = marketer.post(f"{web.base}/assets/{asset_id}/attachments",
                             data={"csrf_token": csrf}, allow_redirects=False, timeout=30,
                             files={"file": ("guide.pdf", too_big, "application/pdf")})
    page = marketer.get(f"{web.base}/assets/{asset_id}/edit", timeout=30).text

    shown = re.search(r"There is no room[^<]*", page)
    print(f"\nupload onto a full disk: {response.status_code}, then the edit page says: "
          f"{shown.group(0) if shown else '(nothing)'}")
    assert response.status_code == 303, response.text
    assert "no room left to store files" in page
    assert os.listdir(tiny_upload_disk) == []  # no half-written file, not even a .part
    assert hub.scalar("SELECT count(*) FROM attachment") == 0
    assert hub.scalar("SELECT count(*) FROM asset_revision WHERE action = 'attached'") == 0

    response = marketer.post(f"{web.base}/assets/{asset_id}/attachments",
                             data={"csrf_token": csrf}, allow_redirects=False, timeout=30,
                             files={"file": ("guide.pdf", pdf, "application/pdf")})
    assert response.status_code == 303
    assert hub.scalar("SELECT count(*) FROM attachment") == 1  # small files still fit
    assert "Traceback" not in web.log()


# ---------------------------------------------------------------- PostgreSQL restarting


def postgres_cluster() -> list[str] | None:
    """The local cluster's version and name, when this test may restart it."""
    if "postgresql" not in (os.environ.get("TEST_DATABASE_URL") or ""):
        return None
    if not IS_ROOT or not shutil.which("pg_ctlcluster"):
        return None
    listed = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    fields = listed.stdout.split()
    return fields[:2] if len(fields) >= 2 else None


def test_a_postgresql_restart_gives_clear_errors_then_recovers_losing_nothing(hubs):
    cluster = postgres_cluster()
    if cluster is None:
        pytest.skip("needs TEST_DATABASE_URL on a local PostgreSQL cluster, and root")
    hub = hubs()
    web = hub.start_web(workers=2)
    worker = hub.start_worker()
    rep, _ = signed_in(web.base, hub.rep_email)
    published: list[int] = []
    failed_publishes: list[int | str] = []
    bodies: dict[int, str] = {}

    def publishing():
        response = publish(web.base, hub.token, f"Crew playbook {len(published)}")
        if response.status_code == 201:
            published.append(response.json()["id"])
        else:
            failed_publishes.append(response.status_code)
            bodies[response.status_code] = response.text
        return response

    def home():
        response = rep.get(web.base + "/", timeout=30)
        if response.status_code != 200:
            bodies[response.status_code] = response.text
        return response

    searching = ("search", lambda: rep.get(web.base + "/api/v1/search", params={"q": "crew"},
                                           timeout=30))
    with Traffic(("publish", publishing), ("home", home), searching) as traffic:
        time.sleep(2)
        restart_started = time.monotonic()
        subprocess.run(["pg_ctlcluster", *cluster, "restart"], check=True, timeout=120)
        restarted = time.monotonic()
        time.sleep(10)

    failures = [(at, status) for at, _, status, _ in traffic.records if status != 200
                and status != 201]
    after = [(at, status) for at, _, status, _ in traffic.records if at >= restarted]
    first_ok = next((at for at, status in after if status in (200, 201)), None)
    assert first_ok is not None, f"nothing succeeded after: {traffic.statuses(restarted)}"
    slowest = max(seconds for *_, seconds in traffic.records)
    errors_from = min((at for at, _ in failures), default=restart_started) - restart_started
    errors_until = max((at for at, _ in failures), default=restart_started) - restart_started
    print(f"\nPostgreSQL restart took {restarted - restart_started:.1f} s; answers from then on: "
          f"{dict(traffic.statuses(restart_started))}; errors from {errors_from:.1f} s to "
          f"{errors_until:.1f} s after it began; first success {first_ok - restarted:.2f} s after "
          f"it was back; slowest request {slowest:.2f} s")
    assert slowest < 15, f"no request hangs: one took {slowest:.1f} s"
    assert all(status == 503 for _, status in failures), failures  # clear errors only
    late = [(round(at - first_ok, 2), status) for at, status in after
            if at > first_ok + 1.0 and status not in (200, 201)]
    assert not late, f"it recovers by itself: failures after the first success {late[:10]}"
    for text in bodies.values():
        assert "database" in text.lower(), text  # the error says what is wrong

    wait_until(lambda: hub.pending_outbox() == 0, 60, 0.2, "the outbox to drain")
    assert worker.alive(), worker.log()[-3000:]
    in_db = set(hub.column("SELECT id FROM asset")) - {int(hub.seed_asset.split(":")[1])}
    assert set(published) <= in_db
    # A publish whose answer was lost may still have committed, never more than those.
    assert len(in_db) <= len(published) + len(failed_publishes)
    missing = [asset_id for asset_id in in_db if not hub.indexed(f"asset:{asset_id}")]
    assert not missing, f"committed but not searchable: {missing}"
    check = hub.check()
    assert check.returncode == 0, check.stdout + check.stderr
