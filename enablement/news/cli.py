"""`flask news poll [--force] [--loop]`, and what admins need around it.

`news poll` exits 0 when the run completed, even if some feeds failed (it prints their errors and
records them for the feeds page); non-zero only when it could not run at all.
"""

from __future__ import annotations

import signal
import sys
import threading

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from enablement.errors import DomainError
from enablement.extensions import db
from enablement.models import NewsItem, Role, User, utcnow
from enablement.news import services
from enablement.news.config import ConfigError, parse_config
from enablement.news.poller import FeedOutcome, PollerUnavailable, load_config, poll, poll_loop
from enablement.news.tagging import apply_tagging, tag_item

news_cli = AppGroup("news", help="Industry news: feeds, polling, tagging.")


def _progress(on_terminal: bool):
    """A line per feed on a terminal; elsewhere (cron, a worker's log) only the failures."""
    def report(outcome: FeedOutcome, done: int, total: int) -> None:
        if on_terminal or outcome.error:
            width = len(str(total))
            click.echo(f"[{done:>{width}}/{total}] {outcome.line()}")
    return report


@news_cli.command("poll")
@click.option("--force", is_flag=True,
              help="Poll every feed now, ignoring the schedule (requests stay conditional).")
@click.option("--loop", is_flag=True, help="Keep polling on schedule (the worker process).")
def poll_command(force, loop):
    """Poll the feeds that are due."""
    progress = _progress(sys.stdout.isatty())
    if not loop:
        _poll_once(force, progress)
        return
    stop = threading.Event()
    previous = {signum: signal.signal(signum, lambda *_: stop.set())
                for signum in (signal.SIGTERM, signal.SIGINT)}
    try:
        click.echo("Polling on schedule; Ctrl-C or SIGTERM stops after the current round.")
        runs = poll_loop(stop, click.echo, progress, force_first=force)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    click.echo(f"Stopped after {runs} rounds.")


def _poll_once(force: bool, progress) -> None:
    try:
        report = poll(force=force, progress=progress)
    except PollerUnavailable as error:
        raise click.ClickException(f"cannot poll: {error}") from error
    if report.config_error:
        click.echo(f"feeds.yml: {report.config_error}", err=True)
    click.echo(report.summary())


@news_cli.command("feeds")
def feeds_command():
    """Show each feed's state, last error and next poll."""
    for row in services.feed_rows():
        feed = row.feed
        next_poll = feed.next_poll_at.strftime("%Y-%m-%d %H:%M") if feed and \
            feed.next_poll_at else "-"
        line = f"{row.key:<28} {row.state:<9} next {next_poll:<16} {row.items:>5} items"
        if feed and feed.last_error:
            line += f"  {feed.last_error}"
        if not row.in_config:
            line += "  (not in feeds.yml)"
        click.echo(line)


@news_cli.command("retry")
@click.argument("feed_id")
def retry_command(feed_id):
    """Poll FEED_ID on the next round, even if it is gone, paused or backing off."""
    actor = User(role=Role.ADMIN.value)  # whoever runs the command line acts as an admin
    try:
        feed = services.retry_feed(actor, feed_id)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"{feed.key} will be polled on the next round.")


@news_cli.command("check")
def check_command():
    """Check feeds.yml: every market query, feed and setting; exits 1 when it is invalid."""
    path = current_app.config["FEEDS_FILE"]
    try:
        with open(path, encoding="utf-8") as handle:
            config = parse_config(handle.read())
    except (OSError, ConfigError, UnicodeDecodeError) as error:
        raise click.ClickException(f"{path}: {error}") from error
    for warning in config.warnings:
        click.echo(f"warning: {warning}")
    click.echo(f"{path} is valid: {len(config.markets)} markets, {len(config.feeds)} feeds"
               + (", a suppress rule." if config.suppress else "."))


@news_cli.command("retag")
def retag_command():
    """Tag every stored item again with the current market queries (after editing them)."""
    try:
        config = load_config()
    except PollerUnavailable as error:
        raise click.ClickException(str(error)) from error
    changed = total = 0
    last_id = 0
    while True:
        items = db.session.scalars(
            select(NewsItem).where(NewsItem.id > last_id).order_by(NewsItem.id).limit(500)
            .options(selectinload(NewsItem.tags), selectinload(NewsItem.feed))).all()
        if not items:
            break
        for item in items:
            total += 1
            if apply_tagging(item, tag_item(config, item)):
                item.updated_at = utcnow()  # search sees a newer version and re-indexes it
                changed += 1
        last_id = items[-1].id
        db.session.flush()
    db.session.commit()
    from enablement.search.outbox import drain

    drain()
    click.echo(f"Re-tagged {total} items; {changed} changed.")
