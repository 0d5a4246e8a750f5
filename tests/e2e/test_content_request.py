"""A rep finds nothing, asks marketing for it; marketing sees the request and the gap."""

from __future__ import annotations

from playwright.sync_api import expect

QUERY = "kombucha brewery"
ASK = "A case study for craft beverage makers: kombucha and brewery delivery routes"


def test_rep_requests_missing_content_and_marketing_sees_the_gap(journey):
    luis = journey("rep")
    page = luis.page
    luis.goto(f"/search?q={QUERY.replace(' ', '+')}")
    expect(page.get_by_text("Nothing found")).to_be_visible()
    luis.check("nothing found")

    page.get_by_label("What do you need?").fill(ASK)
    page.get_by_label("Market", exact=True).select_option(label="Retail & Grocery")
    page.get_by_label("Kind").select_option(label="Case study")
    page.get_by_role("button", name="Ask marketing").click()
    expect(page.get_by_text("Request sent to marketing")).to_be_visible()
    expect(page.get_by_role("link", name=ASK)).to_be_visible()
    luis.check("request sent")

    maya = journey("marketing")
    page = maya.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Insights").click()
    page.get_by_role("heading", name="Content gaps").click()  # panels open on demand
    gaps = page.locator("#gaps")
    expect(gaps.get_by_role("link", name=ASK)).to_be_visible()
    expect(gaps.get_by_text(f"“{QUERY}”", exact=True)).to_be_visible()
    maya.check("insights with the gap")

    gaps.get_by_role("link", name=ASK).click()
    expect(page.get_by_role("heading", name=ASK)).to_be_visible()
    expect(page.get_by_text(f"searched “{QUERY}”")).to_be_visible()
    maya.check("the request")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Requests").click()
    expect(page.get_by_role("link", name=ASK)).to_be_visible()
    maya.check("all requests")
