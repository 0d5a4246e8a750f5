"""A weekly nudge to owners of stale assets: past their review date, or unused for 90 days.

Each owner hears at most once per 7 days, however often the command runs (the Reminder table
remembers when). How the owner is told is the caller's choice: a `notify(user, message, url)`
callable; `notify_owner` (a notification in the hub, and an email where SMTP is configured) is
what `flask insights remind` and the worker use.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from flask import url_for
from sqlalchemy import select

from enablement.extensions import db
from enablement.insights.dashboard import UNUSED_DAYS, review_overdue, unused_assets
from enablement.models import Reminder, Role, User
from enablement.notifications import mail
from enablement.notifications.services import notify

REMINDER_INTERVAL = timedelta(days=7)
FRESHNESS_URL = "/insights#freshness"

Notify = Callable[[User, str, str], None]


@dataclass
class ReminderRun:
    reminded: list[User] = field(default_factory=list)
    assets: int = 0  # stale assets of the owners reminded
    recently_reminded: int = 0  # owners skipped: reminded within the last 7 days
    unowned: int = 0  # stale assets without an active marketing owner to remind

    def summary(self) -> str:
        return (f"Reminded {len(self.reminded)} owner{'s' if len(self.reminded) != 1 else ''} "
                f"about {self.assets} stale asset{'s' if self.assets != 1 else ''}; "
                f"{self.recently_reminded} already reminded this week; "
                f"{self.unowned} stale asset{'s' if self.unowned != 1 else ''} without an owner "
                f"to remind.")


def notify_owner(user: User, message: str, url: str) -> None:
    """A notification in the hub, and an email (sent after the commit) where SMTP is set up."""
    notify(user.id, message, url)
    try:  # a full link when SERVER_NAME is configured; the path otherwise
        link = url_for("insights.index", _anchor="freshness", _external=True)
    except RuntimeError:
        link = url
    mail.queue(mail.Mail(
        to=user.email, subject="Your assets need a look",
        body=f"Hi {user.name},\n\n{message}\n\nSee them under Freshness on the Insights page:"
             f"\n{link}\n\nYou get this at most once a week.\n\n— Enablement Hub\n"))


def reminder_message(overdue: int, unused: int) -> str:
    parts = []
    if overdue:
        parts.append(f"{overdue} past {'its' if overdue == 1 else 'their'} review date")
    if unused:
        parts.append(f"{unused} not used by reps in {UNUSED_DAYS} days")
    total = overdue + unused
    return f"{total} of your assets need{'s' if total == 1 else ''} a look: {' and '.join(parts)}."


def stale_by_owner(now: datetime) -> dict[int | None, dict[str, list[dict]]]:
    """Owner id → their overdue and unused assets (None collects assets nobody owns)."""
    owners: dict[int | None, dict[str, list[dict]]] = {}
    for name, rows in (("overdue", review_overdue(now.date(), limit=None)),
                       ("unused", unused_assets(now, limit=None))):
        for row in rows:
            owner_id = row["owner"]["id"] if row["owner"] else None
            owners.setdefault(owner_id, {"overdue": [], "unused": []})[name].append(row)
    return owners


def send_reminders(notify: Notify, now: datetime | None = None,
                   dry_run: bool = False) -> ReminderRun:
    """Tell each owner of stale assets, unless they were told in the last 7 days. Flushes."""
    now = now or datetime.now(UTC)
    run = ReminderRun()
    stale = stale_by_owner(now)
    ids = [owner_id for owner_id in stale if owner_id is not None]
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
    last_sent = {r.user_id: r for r in db.session.scalars(
        select(Reminder).where(Reminder.user_id.in_(ids)))}
    for owner_id, assets in stale.items():
        count = len(assets["overdue"]) + len(assets["unused"])
        owner = users.get(owner_id)
        if owner is None or not owner.active or not owner.has_role(Role.MARKETING):
            run.unowned += count
            continue
        reminder = last_sent.get(owner_id)
        if reminder is not None and reminder.sent_at > now - REMINDER_INTERVAL:
            run.recently_reminded += 1
            continue
        run.reminded.append(owner)
        run.assets += count
        if dry_run:
            continue
        notify(owner, reminder_message(len(assets["overdue"]), len(assets["unused"])),
               FRESHNESS_URL)
        if reminder is None:
            db.session.add(Reminder(user_id=owner_id, sent_at=now))
        else:
            reminder.sent_at = now
    db.session.flush()
    return run
