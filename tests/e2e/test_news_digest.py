"""Marketing adds a talking point to a news story; a rep reads one market's digest before a call."""

from __future__ import annotations

import re

from playwright.sync_api import expect

MARKET = "Healthcare"
POINT = "Ask which clinics still fax visit notes: that is where the hours go."


def test_rep_reads_a_market_digest_with_a_talking_point(journey):
    maya = journey("marketing")
    page = maya.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="News").click()
    page.get_by_label("Market").select_option(label=MARKET)  # filters apply at once
    page.wait_for_url(re.compile(r"market="))
    story = page.locator("article.news-item").filter(
        has_not=page.locator(".news-talking-points")).first
    title = story.get_by_role("heading").inner_text().strip()
    story.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    maya.check("news story")

    page.get_by_role("textbox", name="Talking points").fill(POINT)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator("#tp-heading")).to_be_visible()
    maya.check("talking point saved")

    luis = journey("rep")
    page = luis.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="News").click()
    expect(page.get_by_role("heading", name="Industry news", level=1)).to_be_visible()
    luis.check("digest")

    page.get_by_label("Market").select_option(label=MARKET)  # filters apply at once
    page.wait_for_url(re.compile(r"market="))
    expect(page.get_by_role("heading", name=f"Industry news · {MARKET}", level=1)).to_be_visible()
    card = page.locator("article.news-item").filter(has_text=title)
    expect(card.locator(".news-talking-points")).to_contain_text(POINT)
    luis.check("one market")
