"""A rep turns the weekly email on for one market, then leaves it from the email's own link,
without signing in."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.e2e.server import USERS


def test_rep_opts_in_to_the_weekly_email_and_unsubscribes_from_its_link(journey, hub):
    riley = journey("rep")
    page = riley.page
    riley.goto("/notifications")
    page.get_by_role("link", name="Settings: weekly email").click()
    expect(page.get_by_role("heading", name="Notification settings", level=1)).to_be_visible()
    riley.check("settings")

    page.get_by_label("Send me a weekly email").check()
    page.get_by_label("Healthcare").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Weekly email turned on.")).to_be_visible()
    expect(page.get_by_label("Healthcare")).to_be_checked()
    riley.check("saved")

    email = hub.flask("weekly-email", "preview", USERS["rep"][0])
    assert "Healthcare" in email
    link = re.search(r"Unsubscribe in one click: (\S+)", email).group(1)

    reader = journey()  # the email's reader: no session in this browser
    reader.goto(urlsplit(link).path)
    expect(reader.page.get_by_text("Stop sending the weekly email")).to_be_visible()
    reader.check("unsubscribe asks")
    reader.page.get_by_role("button", name="Unsubscribe").click()
    expect(reader.page.get_by_text("won't get the weekly email any more")).to_be_visible()
    reader.check("unsubscribed")

    page.reload()
    expect(page.get_by_label("Send me a weekly email")).not_to_be_checked()
