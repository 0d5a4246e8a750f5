"""The worker process: keeps the index current when web processes don't write it, polls news,
sends reminders, and survives a failing step."""

import threading

from sqlalchemy import func, select

from enablement import worker
from enablement.extensions import db
from enablement.models import SearchOutbox
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
