"""`flask weekly-email`: admins see or send one person's email, or everyone's that is due."""

from __future__ import annotations

from enablement.weekly import services as weekly


def test_preview_prints_the_email_and_sends_nothing(runner, subscribe, add_news, inbox):
    rep = subscribe(email="rita@example.com")
    add_news("Crane rules tighten", talking_points="Ask about cranes.")
    result = runner.invoke(args=["weekly-email", "preview", "RITA@example.com"])
    assert result.exit_code == 0, result.output
    assert "To: rita@example.com" in result.output
    assert "Subject: Your week on the hub: 1 news item" in result.output
    assert "Crane rules tighten" in result.output and "Ask about cranes." in result.output
    html = runner.invoke(args=["weekly-email", "preview", rep.email, "--html"]).output
    assert "<h2>News this week (1)</h2>" in html
    assert inbox.messages == []
    # Nothing recorded: the worker still sends this week's email.
    assert runner.invoke(args=["weekly-email", "run"]).output.startswith(
        "weekly email 20")
    assert len(inbox.messages) == 1


def test_preview_says_when_there_is_nothing_to_say(runner, subscribe):
    rep = subscribe()
    result = runner.invoke(args=["weekly-email", "preview", rep.email])
    assert result.exit_code == 0
    assert "Nothing to say to" in result.output


def test_send_sends_now_but_still_once_a_week(runner, subscribe, add_news, inbox):
    rep = subscribe()
    add_news("Contractor news")
    first = runner.invoke(args=["weekly-email", "send", rep.email])
    assert first.exit_code == 0, first.output
    assert "1 sent" in first.output
    second = runner.invoke(args=["weekly-email", "send", rep.email])
    assert "0 sent" in second.output and "1 already claimed" in second.output
    assert len(inbox.messages) == 1


def test_send_refuses_people_who_did_not_opt_in_and_unknown_addresses(
        runner, create_user, subscribe, inbox):
    rep = create_user("rep")
    result = runner.invoke(args=["weekly-email", "send", rep.email])
    assert result.exit_code != 0 and "hasn't turned the weekly email on" in result.output
    result = runner.invoke(args=["weekly-email", "send", "nobody@example.com"])
    assert result.exit_code != 0 and "No user nobody@example.com" in result.output
    left = subscribe()
    weekly.unsubscribe(left)
    assert runner.invoke(args=["weekly-email", "send", left.email]).exit_code != 0
    assert inbox.messages == []
