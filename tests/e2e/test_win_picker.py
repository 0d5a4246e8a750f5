"""A rep records a win, choosing the assets that helped with the keyboard: recently used first,
typed to find, never dropped when the form comes back with an error."""

from __future__ import annotations

import re

from playwright.sync_api import expect


def ticked_titles(page) -> list[str]:
    ticked = page.locator(".asset-picker-item:has(input:checked) .asset-picker-title")
    return ticked.all_inner_texts()


def test_rep_credits_assets_with_the_picker(journey):
    riley = journey("rep")
    page = riley.page

    # Riley opens two assets before the call…
    riley.goto("/assets/?kind=case_study")
    opened = []
    for index in range(2):
        link = page.locator(".asset-card h3 a").nth(index)
        opened.append(link.inner_text().strip())
        link.click()
        expect(page.get_by_role("heading", name=opened[-1], level=1)).to_be_visible()
        page.go_back()

    # …and after winning the deal, records it.
    riley.goto("/wins/new")
    picker = page.get_by_role("group", name="Assets that helped")
    recent = page.get_by_role("group", name="Recently used by you")
    # Most recent first (journeys before this one may have used others as Riley too).
    titles = recent.locator(".asset-picker-title")
    expect(titles.nth(0)).to_have_text(opened[1])
    expect(titles.nth(1)).to_have_text(opened[0])
    expect(recent.locator(".kind-badge").first).to_have_text("Case study")
    riley.check("win form")

    find = page.get_by_label("Find an asset by title or kind")
    find.focus()
    page.keyboard.type("testimonial")
    status = picker.locator(".asset-picker-status")
    expect(status).to_have_text(re.compile(r"^\d+ of \d+ shown\. None chosen\.$"))
    shown = picker.locator(".asset-picker-item:visible")
    expect(shown.locator(".kind-badge").first).to_have_text("Testimonial")
    testimonial = shown.locator(".asset-picker-title").first.inner_text()
    page.keyboard.press("Enter")  # to the first match, not submitting the form
    expect(page).to_have_url(re.compile(r"/wins/new$"))
    page.keyboard.press("Space")
    expect(status).to_contain_text("1 chosen.")

    # A second search hides the rest but never what is already ticked.
    find.fill("")
    find.focus()
    page.keyboard.type(opened[0][:12])
    expect(picker.locator(".asset-picker-item:visible .asset-picker-title")).to_contain_text(
        [opened[0]])
    expect(picker.get_by_label(testimonial)).to_be_visible()
    picker.get_by_label(opened[0]).check()
    riley.check("two chosen")

    # Sent without an account: the form comes back with both still ticked.
    page.get_by_label("Amount").fill("48000")
    page.get_by_role("button", name="Record the win").click()
    expect(page.get_by_text("Name the account you won.")).to_be_visible()
    assert sorted(ticked_titles(page)) == sorted([testimonial, opened[0]])
    riley.check("form with an error", status=422)

    page.get_by_label("Account").fill("Picker Logistics")
    page.get_by_role("button", name="Record the win").click()
    card = page.locator(".win-card", has_text="Picker Logistics")
    expect(card.get_by_role("link", name=testimonial)).to_be_visible()
    expect(card.get_by_role("link", name=opened[0])).to_be_visible()
    riley.check("win recorded")
