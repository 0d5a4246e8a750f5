"""Marketing publishes a case study with its PDF; a rep finds it through a typo and downloads it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests import filefactory

CUSTOMER = "Quillfeather Dairy Cooperative"
TITLE = "Quillfeather Dairy Cooperative cuts spoiled milk pickups by 52%"
PDF_NAME = "quillfeather-case-study.pdf"
PDF = filefactory.make_pdf("Quillfeather Dairy Cooperative: the full case study", pages=2)
MARKET = "Retail & Grocery"


@pytest.fixture(scope="module")
def published():
    """What the marketing journey published, for the rep's journey that follows it."""
    return {}


def test_marketing_publishes_a_case_study(journey, published):
    maya = journey()
    maya.goto("/login")
    maya.check("sign in")
    maya.login("marketing")
    page = maya.page
    expect(page.get_by_role("heading", name="Hi Morgan")).to_be_visible()
    maya.check("home")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="New asset").click()
    expect(page.get_by_role("heading", name="What are you publishing?")).to_be_visible()
    maya.check("choose a kind")

    page.get_by_role("link", name=re.compile("^Case study")).click()
    maya.check("new case study form")

    # Saving with nothing filled in: each problem is announced next to its field.
    page.get_by_role("button", name="Save draft").click()
    title = page.get_by_label("Title", exact=True)
    expect(title).to_have_attribute("aria-invalid", "true")
    error = page.locator(f"#{title.get_attribute('aria-describedby').split()[-1]}")
    expect(error).to_be_visible()
    expect(error).to_have_attribute("role", "alert")
    maya.check("form errors", status=422)

    title.fill(TITLE)
    page.get_by_label("Summary").fill(
        "A regional dairy co-op put 140 pickup routes on live dispatch with temperature checks.")
    page.get_by_label("Customer").fill(CUSTOMER)
    page.get_by_label("Industry").fill("Dairy and food distribution")
    page.get_by_label("Challenge").fill("Drivers reached farms after milk had waited too long.")
    page.get_by_label("Solution").fill("Route dispatch with temperature readings at every stop.")
    page.get_by_label("Results").fill("Spoiled pickups fell 52% in two quarters.")
    page.get_by_label("Headline metrics").fill("52% | fewer spoiled pickups\n140 | routes")
    page.get_by_role("group", name="Markets").get_by_label(MARKET).check()
    page.get_by_role("group", name="Markets").get_by_label("Logistics & Transportation").check()
    page.get_by_role("group", name="Sales stages").get_by_label("Evaluation").check()
    page.get_by_label("Personas").fill("Operations Director, Quality Manager")
    page.get_by_role("button", name="Save draft").click()

    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_text("Preview of a draft")).to_be_visible()
    maya.check("draft preview")

    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label(re.compile("^Add documents")).set_input_files(
        files=[{"name": PDF_NAME, "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text(f"Changes saved. Attached {PDF_NAME}.")).to_be_visible()
    expect(page.get_by_role("link", name=f"Download {PDF_NAME}")).to_be_visible()
    maya.check("draft with the PDF attached")

    page.get_by_role("button", name="Publish", exact=True).click()
    expect(page.get_by_text("Published: reps can now find it.")).to_be_visible()
    expect(page.get_by_text("Preview of a draft")).to_have_count(0)
    maya.check("published")
    published["url"] = page.url


def test_rep_finds_the_case_study_with_a_typo_and_downloads_it(journey, published):
    if "url" not in published:
        pytest.fail("the marketing journey above must publish the case study first")
    luis = journey("rep")
    page = luis.page
    luis.check("home")

    page.keyboard.press("/")
    search_box = page.get_by_role("searchbox", name="Search assets and news")
    expect(search_box).to_be_focused()
    search_box.type("quilfeather")
    search_box.press("Enter")
    page.wait_for_url(re.compile(r"/search\?"))
    did_you_mean = page.get_by_role("link", name=re.compile("quillfeather", re.I)).filter(
        has=page.locator("strong"))
    if did_you_mean.count():
        luis.check("search with a typo: did you mean")
        did_you_mean.first.click()
    else:
        expect(page.get_by_text(re.compile(r"so we searched .*quillfeather", re.I))).to_be_visible()
    result = page.get_by_role("link", name=TITLE)
    expect(result).to_be_visible()
    luis.check("search results")

    page.get_by_role("complementary", name="Refine results").get_by_role(
        "link", name=re.compile(f"^{re.escape(MARKET)}")).click()
    expect(page).to_have_url(re.compile(r"market=retail"))
    expect(result).to_be_visible()
    luis.check("filtered by market")

    result.click()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Manage")).to_have_count(0)
    luis.check("case study")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"Download {PDF_NAME}").click()
    download = download_info.value
    assert download.suggested_filename == PDF_NAME
    with open(download.path(), "rb") as handle:
        assert handle.read() == PDF
