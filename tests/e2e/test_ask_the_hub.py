"""A rep asks the hub a question, sees the passage that answers it with its source, says it
helped, opens the page it came from; a PDF's answer opens the file at its page."""

from __future__ import annotations

import re

from playwright.sync_api import expect

QUESTION = "when is the OSHA 300A summary posted?"


def test_a_rep_asks_sees_the_answer_and_opens_its_source(journey):
    rep = journey("rep")
    page = rep.page
    box = page.get_by_role("searchbox", name="Search assets and news")
    box.fill(QUESTION)
    box.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("results? for"))).to_be_visible()
    panel = page.locator("#answers")
    expect(panel.get_by_role("heading", name="Answers from your content")).to_be_visible()
    answers = panel.locator("article.answer")
    first = answers.first
    expect(first.locator("mark")).to_contain_text("OSHA 300A summaries are posted")
    expect(first).to_contain_text("Email template")
    rep.check("the answer above the results")

    first.get_by_role("button", name=re.compile("^Helpful")).click()
    expect(first.get_by_role("status")).to_have_text("Thanks: marketing sees this.")

    # The white paper's answer names its page and links to it; the PDF opens in the browser.
    from_pdf = answers.filter(has_text="White paper, page 1")
    expect(from_pdf).to_have_count(1)
    href = from_pdf.get_by_role("link").first.get_attribute("href")
    assert re.fullmatch(r"/assets/\d+/attachments/\d+/view#page=1", href), href
    shown = page.request.get(rep.hub.url + href.split("#")[0])
    assert shown.ok and shown.headers["content-type"] == "application/pdf"
    assert shown.headers["content-disposition"].startswith("inline")

    title = first.get_by_role("link").first.inner_text()
    first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name=title, level=1)).to_be_visible()
    rep.check("the answer's source")

    # The Ask switch answers words that don't read as a question, in the page itself.
    box = page.get_by_role("searchbox", name="Search assets and news")
    box.fill("offline sync")
    page.get_by_role("switch", name="Ask").check()
    box.press("Enter")
    expect(page.get_by_role("switch", name="Ask")).to_be_checked()
    expect(page.locator("#answers article.answer").first.locator("mark")).to_be_visible()
    rep.check("asked with the switch")
