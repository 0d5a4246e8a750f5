"""The weekly email as a message: a subject that says what is in it, plain text and HTML (every
value escaped by Jinja; talking points are Markdown rendered through the sanitising helper), and
the one-click unsubscribe headers of RFC 2369 and RFC 8058."""

from __future__ import annotations

import re

from flask import current_app, url_for

from enablement.markdown import render_markdown
from enablement.notifications.mail import Mail
from enablement.weekly import unsubscribe
from enablement.weekly.content import WeeklyContent


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def subject(content: WeeklyContent) -> str:
    parts = []
    if content.news_total:
        parts.append(_plural(content.news_total, "news item", "news items"))
    if content.assets_total:
        parts.append(_plural(content.assets_total, "new asset", "new assets"))
    updates = sum(1 for r in content.requests if r.update)
    if updates:
        parts.append(_plural(updates, "request update", "request updates"))
    return "Your week on the hub: " + (", ".join(parts) if parts else "your requests")


def compose(content: WeeklyContent) -> Mail:
    """The email for `content`, addressed to its person, with their own unsubscribe link."""
    unsubscribe_url = url_for("weekly.unsubscribe", token=unsubscribe.token_for(content.user),
                              _external=True)
    values = {
        "content": content,
        "unsubscribe_url": unsubscribe_url,
        "settings_url": url_for("notifications.settings", _external=True),
        "digest_url": url_for("news.digest", _external=True),
        "assets_url": url_for("assets.index", _external=True),
        "requests_url": url_for("requests.index", _external=True),
        "markdown": render_markdown,
    }
    env = current_app.jinja_env  # .html templates are autoescaped, .txt ones are not
    return Mail(
        to=content.user.email,
        subject=subject(content),
        # Sections left out leave blank lines behind; one blank line between parts is enough.
        body=re.sub(r"\n{3,}", "\n\n", env.get_template("weekly/email.txt").render(values)),
        html=env.get_template("weekly/email.html").render(values),
        headers=(("List-Unsubscribe", f"<{unsubscribe_url}>"),
                 ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
                 ("Auto-Submitted", "auto-generated")),
    )
