"""The worker process: keeps the index current when web processes don't write it, polls news,
sends reminders, and survives a failing step."""

import logging
import threading

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from enablement import worker
from enablement.extensions import db
from enablement.models import SearchOutbox, WorkerHeartbeat, utcnow
from enablement.search.outbox import index_location
from tests.conftest import make_app


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def pending():
    return db.session.scalar(select(func.count(SearchOutbox.id)))


def test_with_a_worker_web_requests_leave_indexing_to_it(tmp_path):
    app = make_app(tmp_path, SEARCH_DRAIN_IN_WEB=False)
    with app.app_context():
        db.create_all()
        from enablement.auth import services

        services.create_user("m@example.com", "M", "marketing", "correct horse battery")
        db.session.commit()
        client = app.test_client()
        client.post("/login", data={"email": "m@example.com", "password": "correct horse battery"})
        client.post("/assets/new/sales_aid", data={"title": "One-pager", "intent": "save"})
        assert pending() == 1  # the web process left it for the worker
        lines = []
        worker.Worker(lines.append, clock=Clock()).step()
        assert pending() == 0
        assert index_location().open().doc_count() == 1
        assert any("applied 1" in line for line in lines)
        db.session.remove()
        db.engine.dispose()


def test_a_failing_step_is_reported_and_the_next_ones_still_run(app, monkeypatch):
    calls = []

    def broken_drain():
        raise RuntimeError("disk full")

    monkeypatch.setattr(worker, "drain", broken_drain)
    monkeypatch.setattr(worker, "send_reminders",
                        lambda notify: calls.append("remind") or type("R", (), {
                            "reminded": [], "summary": lambda self: ""})())
    lines = []
    worker.Worker(lines.append, clock=Clock()).step()
    assert any("search drain failed" in line and "disk full" in line for line in lines)
    assert any(line.startswith("news:") for line in lines)  # polling still ran
    assert calls == ["remind"]


def test_a_database_outage_is_one_line_in_the_log_not_a_traceback(app, monkeypatch, caplog):
    def database_down():
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(worker, "drain", database_down)
    lines = []
    with caplog.at_level(logging.WARNING):
        worker.Worker(lines.append, clock=Clock()).step()
    assert any("search drain failed: database unavailable (connection refused)" in line
               for line in lines)
    drain_records = [r for r in caplog.records if "search drain" in r.getMessage()]
    assert [r.getMessage() for r in drain_records] == [
        "worker: search drain: database unavailable: connection refused"]
    assert drain_records[0].exc_info is None  # an outage is expected now and then


def test_polls_and_reminders_wait_for_their_time(app, monkeypatch):
    polls, reminders = [], []
    monkeypatch.setattr(worker, "poll", lambda: polls.append(1) or type("P", (), {
        "summary": lambda self: "0 feeds"})())
    monkeypatch.setattr(worker, "seconds_until_next_poll", lambda: 600.0)
    monkeypatch.setattr(worker, "send_reminders", lambda notify: reminders.append(1) or type(
        "R", (), {"reminded": [], "summary": lambda self: ""})())
    app.config["NEWS_LOOP_MAX_SLEEP"] = 60
    clock = Clock()
    runner = worker.Worker(lambda line: None, clock=clock)
    runner.step()
    clock.now += 30
    runner.step()
    assert (len(polls), len(reminders)) == (1, 1)
    clock.now += 31  # the loop looks again at least every NEWS_LOOP_MAX_SLEEP seconds
    runner.step()
    assert len(polls) == 2 and len(reminders) == 1
    clock.now += worker.REMINDERS_EVERY
    runner.step()
    assert len(reminders) == 2


def test_run_stops_when_asked(app):
    stop = threading.Event()
    stop.set()
    assert worker.run(stop, lambda line: None) == 0


def test_worker_command_is_registered(app, runner):
    result = runner.invoke(args=["worker", "--help"])
    assert result.exit_code == 0 and "search index" in result.output


def test_healthz_says_the_worker_is_down_until_it_beats_and_again_when_it_falls_silent(
        app, client, monkeypatch):
    assert client.get("/healthz").json["worker"] == {"status": "down", "last_seen": None}
    monkeypatch.setattr(worker, "poll", lambda: type("P", (), {"summary": lambda self: ""})())
    worker.Worker(lambda line: None, clock=Clock()).step()
    answer = client.get("/healthz").json
    assert answer["status"] == "ok" and answer["worker"]["status"] == "ok"
    assert answer["worker"]["last_seen"].startswith(str(utcnow().year))

    app.config["WORKER_MAX_SILENCE"] = 0.0
    assert client.get("/healthz").json["worker"]["status"] == "down"


def test_the_worker_beats_at_its_interval_not_every_round(app, monkeypatch):
    monkeypatch.setattr(worker, "poll", lambda: type("P", (), {"summary": lambda self: ""})())
    app.config["WORKER_HEARTBEAT_EVERY"] = 15
    clock = Clock()
    runner = worker.Worker(lambda line: None, clock=clock)
    runner.step()
    first = db.session.scalar(select(WorkerHeartbeat.last_seen))
    clock.now += 5
    runner.step()
    assert db.session.scalar(select(WorkerHeartbeat.last_seen)) == first
    clock.now += 11
    runner.step()
    assert db.session.scalar(select(WorkerHeartbeat.last_seen)) > first
    assert db.session.scalar(select(func.count(WorkerHeartbeat.id))) == 1


def test_a_feed_an_admin_retries_is_polled_on_the_next_round(app, monkeypatch):
    polls = []
    due_in = [600.0]
    monkeypatch.setattr(worker, "poll", lambda: polls.append(1) or type("P", (), {
        "summary": lambda self: ""})())
    monkeypatch.setattr(worker, "seconds_until_next_poll", lambda: due_in[0])
    runner = worker.Worker(lambda line: None, clock=Clock())
    runner.step()
    runner.step()
    assert len(polls) == 1  # nothing due: the worker waits
    due_in[0] = 0.0  # "Retry now" makes a feed due
    runner.step()
    assert len(polls) == 2


def test_feeds_page_says_plainly_when_the_worker_is_not_running(app, client, login_as,
                                                                  monkeypatch):
    login_as("admin")
    page = client.get("/news/feeds").get_data(as_text=True)
    assert "The worker isn't running" in page and "has never run here" in page
    assert "flask --app" not in page

    monkeypatch.setattr(worker, "poll", lambda: type("P", (), {"summary": lambda self: ""})())
    worker.Worker(lambda line: None, clock=Clock()).step()
    page = client.get("/news/feeds").get_data(as_text=True)
    assert "The worker is running" in page and "isn't running" not in page


def test_no_page_tells_a_user_to_type_a_shell_command(client):
    page = client.get("/login").get_data(as_text=True)
    assert "flask" not in page and "<code>" not in page


def test_a_round_that_only_checks_the_schedule_leaves_no_transaction_open(app, monkeypatch):
    """The feed check runs every round; the worker then sleeps, and must not sleep inside a
    transaction (on PostgreSQL that is a connection idle in transaction all day)."""
    monkeypatch.setattr(worker, "poll", lambda: type("P", (), {"summary": lambda self: ""})())
    runner = worker.Worker(lambda line: None, clock=Clock())
    runner.step()  # the first round polls and schedules the next poll
    db.session.close()
    runner.step()  # a later one only asks whether a feed is due
    assert not db.session().in_transaction()


def test_a_schedule_that_cannot_be_read_after_a_poll_does_not_end_the_worker(app, monkeypatch):
    monkeypatch.setattr(worker, "poll", lambda: type("P", (), {"summary": lambda self: ""})())

    def unreadable():
        raise RuntimeError("database restarting")

    monkeypatch.setattr(worker, "seconds_until_next_poll", unreadable)
    lines = []
    clock = Clock()
    runner = worker.Worker(lines.append, clock=clock)
    runner.step()  # raised before: the worker process ended
    assert any("news schedule failed" in line for line in lines)
    assert runner.next_poll == clock.now + app.config["NEWS_LOOP_MAX_SLEEP"]
