"""Marketing writes a white paper, drops its PDF on the form, previews it, is told what is missing
before publishing, and publishes in one pass; the same PDF dropped again is flagged at once."""

from __future__ import annotations

import base64
import re

from playwright.sync_api import expect

from tests import filefactory

TITLE = "Cold-chain compliance for field crews"
PDF_NAME = "cold-chain-guide.pdf"
PDF = filefactory.make_pdf("Cold-chain compliance: what field crews log at each stop", pages=2)

DROP = """(files) => {
  const transfer = new DataTransfer();
  for (const f of files) {
    const bytes = Uint8Array.from(atob(f.data), (c) => c.charCodeAt(0));
    transfer.items.add(new File([bytes], f.name, { type: f.type }));
  }
  return transfer;
}"""


def drop(page, files: list[tuple[str, bytes]]) -> None:
    """Drag files from the desktop onto the form's drop zone, as a person does."""
    transfer = page.evaluate_handle(DROP, [
        {"name": name, "data": base64.b64encode(data).decode(), "type": "application/pdf"}
        for name, data in files])
    zone = page.locator("[data-drop-zone]")
    zone.dispatch_event("dragenter", {"dataTransfer": transfer})
    zone.dispatch_event("dragover", {"dataTransfer": transfer})
    zone.dispatch_event("drop", {"dataTransfer": transfer})


def test_marketing_publishes_a_white_paper_in_one_pass(journey):
    maya = journey("marketing")
    page = maya.page
    # The preview opens in a tab of its own: its pages are checked like any other.
    maya.context.on("page", lambda tab: (tab.on("response", maya._on_response),
                                         tab.on("console", maya._on_console)))

    maya.goto("/assets/new/white_paper")
    expect(page.get_by_role("heading", name="New white paper")).to_be_visible()
    expect(page.get_by_label("Title", exact=True)).to_have_attribute("required", "")
    expect(page.get_by_label("Abstract")).to_have_accessible_name("Abstract needed to publish")
    maya.check("new white paper form")

    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_label("Abstract").fill("What field crews must log at each stop, and why.")
    drop(page, [(PDF_NAME, PDF)])
    zone = page.locator("[data-drop-zone]")
    expect(zone.locator(".chosen-file")).to_have_count(1)
    expect(zone.locator(".chosen-file")).to_contain_text(PDF_NAME)
    expect(zone.get_by_role("status")).to_have_text(re.compile(r"^1 document chosen, \d+ KB: "
                                                               "attached when you save\\.$"))
    maya.check("a PDF dropped on the form")

    # Preview: the asset as reps will see it, in another tab; the form stays as typed.
    with maya.context.expect_page() as opened:
        page.get_by_role("button", name="Preview in a new tab").click()
    preview = opened.value
    preview.wait_for_load_state()
    expect(preview.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(preview.get_by_text("Preview, not saved.")).to_be_visible()
    expect(preview.get_by_text(f"Download {PDF_NAME}")).to_be_visible()
    expect(preview.get_by_text("Add a summary")).to_be_visible()
    form_page, maya.page = maya.page, preview
    maya.check("preview")
    maya.page = form_page
    preview.close()
    expect(page.get_by_label("Title", exact=True)).to_have_value(TITLE)
    expect(zone.locator(".chosen-file")).to_have_count(1)

    # Publishing with the summary and market missing: told before anything goes live.
    page.get_by_role("button", name="Save and publish").click()
    summary = page.get_by_role("alert").filter(has_text="isn't ready to publish")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text([
        "Add a summary: reps see it in lists and search results.",
        "Tag at least one market so reps can find it."])
    expect(page.get_by_label("Title", exact=True)).to_have_value(TITLE)
    expect(page.get_by_text(f"You had chosen {PDF_NAME}: choose it again.")).to_be_visible()
    maya.check("not ready to publish", status=422)

    summary.get_by_role("link", name=re.compile("^Add a summary")).click()
    expect(page.get_by_label("Summary")).to_be_focused()
    page.get_by_label("Summary").fill("The log each stop needs, on one page.")
    page.get_by_role("group", name="Markets").get_by_label("Retail & Grocery").check()
    drop(page, [(PDF_NAME, PDF)])
    page.get_by_role("button", name="Save and publish").click()
    expect(page.get_by_text(f"Published: reps can now find it. Attached {PDF_NAME}.")
           ).to_be_visible()
    expect(page.get_by_role("link", name=f"Download {PDF_NAME}")).to_be_visible()
    expect(page.locator(".asset-usage")).to_contain_text("0 views")  # marketing's own look
    maya.check("published in one pass")

    # The same PDF again, under another name: flagged as soon as it is dropped.
    page.get_by_role("link", name="Edit", exact=True).click()
    drop(page, [("cold-chain-guide-final.pdf", PDF)])
    expect(zone.locator(".chosen-message")).to_have_text(
        f"cold-chain-guide-final.pdf is the same file as one already attached as {PDF_NAME}: "
        "it won't be added twice.")
    maya.check("the same PDF dropped again")

    # Leaving with something unsaved asks first; staying keeps it all.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.type), dialog.dismiss()))
    page.get_by_label("Title", exact=True).fill(TITLE + " (2026)")
    page.get_by_role("link", name="Cancel").click()
    expect(page.get_by_label("Title", exact=True)).to_have_value(TITLE + " (2026)")
    assert asked == ["beforeunload"]
    expect(zone.locator(".chosen-file")).to_have_count(1)
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("so it wasn't added again")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Download "))).to_have_count(1)
