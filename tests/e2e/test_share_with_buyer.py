"""A rep shares a case study and a white paper; a buyer in a separate, anonymous browser reads
three PDF pages; the rep's share page shows each page's time within a second of the real one;
revoked, the link answers 410."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

from playwright.sync_api import expect

SECONDS_PER_PAGE = (3.0, 4.0, 2.5)
# A demo white paper (its PDF has several pages); journeys before this one publish others.
DEMO_PAPER = "The True Cost of a Missed Shift"


def _timeline_seconds(page, line: int = 0) -> dict[int, float]:
    """Seconds per PDF page in the share page's newest visit ("p. 2: 4.1 s")."""
    text = page.locator(".share-timeline > li").nth(line).inner_text()
    return {int(n): float(s) for n, s in re.findall(r"p\. (\d+): ([\d.]+) s", text)}


def test_rep_shares_and_sees_what_the_buyer_read(journey):
    riley = journey("rep")
    page = riley.page

    # Riley opens a white paper and shares it, adding a case study in the builder.
    riley.goto("/assets/?kind=white_paper")
    page.locator(".asset-card h3 a", has_text=DEMO_PAPER).first.click()
    paper = page.get_by_role("heading", level=1).inner_text().strip()
    page.get_by_role("link", name="Share with a buyer").click()
    expect(page.get_by_role("heading", name="Share with a buyer", level=1)).to_be_visible()
    expect(page.get_by_label(re.compile(re.escape(paper)))).to_be_checked()
    riley.check("share builder")
    study = page.locator(".share-picker-list label:has-text('(Case study)')").first
    study_title = study.inner_text().removesuffix(" (Case study)").strip()
    study.click()
    page.get_by_label("Account or opportunity").fill("Great Lakes Cold Chain")
    page.get_by_label("Recipient's name").fill("Erin Walsh")
    page.get_by_label("Personal note").fill("Erin, **page 2** has the numbers.")
    page.get_by_role("button", name="Create the link").click()
    expect(page.get_by_role("heading", name="Great Lakes Cold Chain", level=1)).to_be_visible()
    link = urlsplit(page.get_by_role("textbox", name="Buyer link").input_value()).path
    assert re.fullmatch(r"/s/[A-Za-z0-9_-]{32}", link)  # (on PUBLIC_URL's host)
    expect(page.get_by_role("link", name="Email it")).to_have_attribute(
        "href", re.compile(r"^mailto:\?subject="))
    riley.check("share page")

    # The buyer, in a browser of their own with no hub account, opens the link.
    erin = journey()
    buyer = erin.page
    erin.goto(link)
    expect(buyer.get_by_role("heading", name=paper, level=2)).to_be_visible()
    expect(buyer.get_by_role("heading", name=study_title, level=2)).to_be_visible()
    expect(buyer.locator(".buyer-note strong")).to_have_text("page 2")
    assert buyer.locator("nav.subnav, form[role=search]").count() == 0  # nothing of the hub
    erin.check("buyer page")
    buyer.wait_for_timeout(2500)  # visible 2 s: the first view counts however quick the check
    buyer.reload()  # the measured reading is a visit of its own
    pages = buyer.locator(".buyer-pages > li")
    expect(pages.nth(2).locator("img")).to_have_count(1)
    # The script counts nothing until the page has been visible for 2 s: wait that out on the
    # top of the page, then read three pages, each filling the screen for a known time.
    buyer.wait_for_timeout(2500)
    spent = {}
    for number, seconds in enumerate(SECONDS_PER_PAGE, start=1):
        pages.nth(number - 1).evaluate("el => el.scrollIntoView({block: 'start'})")
        started = time.monotonic()
        buyer.wait_for_timeout(seconds * 1000)
        spent[number] = time.monotonic() - started
    buyer.evaluate("window.scrollTo(0, 0)")
    buyer.close(run_before_unload=True)  # leaving sends what is left (pagehide)

    # Riley sees each page's time, within a second of the real one.
    time.sleep(1.0)
    page.reload()
    seen = _timeline_seconds(page)
    assert set(seen) >= {1, 2, 3}, seen
    for number, real in spent.items():
        assert abs(seen[number] - real) <= 1.0, (number, seen[number], real)
    expect(page.locator("#share-views")).to_have_text("2")
    riley.check("share page with activity")

    # Riley checks the link himself: told he isn't counted, and he isn't.
    riley.goto(link)
    expect(page.get_by_role("note")).to_contain_text("not counted as the buyer's reading")
    riley.check("buyer page, read by its rep")
    page.wait_for_timeout(2500)
    page.get_by_role("link", name="Back to this share in the hub").click()
    expect(page.get_by_role("heading", name="Great Lakes Cold Chain", level=1)).to_be_visible()
    expect(page.locator("#share-views")).to_have_text("2")

    # Revoked, the link is gone for everyone.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke the link").click()
    expect(page.locator(".share-link-box .badge")).to_have_text("Revoked")
    late = journey()
    late.goto(link)
    expect(late.page.get_by_role("heading", name="This link isn't available")).to_be_visible()
    assert paper not in late.page.content()
    late.check("revoked link", status=410)
