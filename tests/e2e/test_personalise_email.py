"""A rep personalises an email template minutes before sending it, and copies it."""

from __future__ import annotations

import re

from playwright.sync_api import expect

TEMPLATE = "Cold outreach: construction safety leaders (OSHA recordkeeping)"


def test_rep_personalises_and_copies_an_email_template(journey):
    luis = journey("rep", permissions=("clipboard-read", "clipboard-write"))
    page = luis.page

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Assets").click()
    page.get_by_label("Kind").select_option("email_template")  # filters apply at once
    page.wait_for_url(re.compile(r"kind=email_template"))
    expect(page.get_by_role("heading", name="Email templates", level=1)).to_be_visible()
    luis.check("email templates")

    page.get_by_role("link", name=TEMPLATE).click()
    panel = page.locator("#personalise")
    expect(panel.get_by_role("heading", name="Personalise and send")).to_be_visible()
    luis.check("email template")

    panel.get_by_label("First name").fill("Dana")
    panel.get_by_label("Company").fill("Harbor & Pine")
    panel.get_by_label("Title").fill("Director of Safety")
    panel.get_by_label("Market").fill("commercial construction")
    warning = panel.locator(".merge-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Pain point")
    expect(warning).not_to_contain_text("Company")
    # A screen reader hears how many fields are still empty, not the whole email again.
    expect(panel.get_by_role("status").filter(has_text="still empty")).to_have_text(
        "1 field still empty.")
    expect(panel.locator(".email-preview")).not_to_have_attribute("aria-live", re.compile("."))
    expect(panel.locator(".merge-subject")).to_have_text(
        "Harbor & Pine jobsite paperwork vs. the next OSHA visit")
    luis.check("a field still empty")

    panel.get_by_label("Pain point").fill("the new fall-protection program")
    expect(warning).to_be_hidden()
    button = panel.get_by_role("button", name="Copy body", exact=True)
    button.click()
    copied = panel.locator('[data-copy-status="body"]')
    expect(copied).to_have_text("Copied")
    expect(copied).to_have_attribute("role", "status")
    pressed, shown = button.bounding_box(), copied.bounding_box()
    assert 0 <= shown["x"] - (pressed["x"] + pressed["width"]) < 24  # right beside the button
    assert abs((shown["y"] + shown["height"] / 2) - (pressed["y"] + pressed["height"] / 2)) < 8
    text = page.evaluate("navigator.clipboard.readText()")
    assert text.startswith("Hi Dana,\n")
    assert "As Director of Safety at Harbor & Pine, you're probably weighing the new " \
           "fall-protection program right now." in text
    assert "{{" not in text
    luis.check("copied")
