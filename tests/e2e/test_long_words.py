"""Text people type wraps on every page (issue 11), and /insights opens with its summary, each
panel opened by a click or the keyboard (issue 16).

A hub of its own (the shared one stays free of junk) gets the longest unbroken word each field
takes, 2,000 characters where it takes that many: a user's name, an asset's title, summary, tags
and fields, a rating's comment, a request, a win, a search, a synonym. Then every page a rep,
marketing and an admin see is opened at 1,280 and 390 px with every <details> opened, and no
text people typed may reach past the screen or out of the box that scrolls it.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.e2e.checks import DESKTOP, PHONE
from tests.e2e.server import PASSWORD, HubServer

MARK = "Unbroken"


def word(length: int) -> str:
    return (MARK * (length // len(MARK) + 1))[:length]


LONG_EMAIL = "long.name@example.com"

# Text nodes holding the marker whose boxes end past the screen, or past the scrolling box
# around them (a table you must scroll sideways to read is what issue 11 complained about).
# Boxes that clip on purpose (overflow: hidden with an ellipsis) are left alone.
TEXT_PROBE = """
(mark) => {
  const width = document.documentElement.clientWidth;
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.data.includes(mark)) continue;
    let limit = width, clipped = false;
    for (let p = node.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if (overflow === "hidden" || overflow === "clip") { clipped = true; break; }
      if (overflow === "auto" || overflow === "scroll") {
        limit = Math.min(limit, p.getBoundingClientRect().right);
        break;
      }
    }
    if (clipped) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const right = Math.max(0, ...[...range.getClientRects()].map((r) => r.right));
    if (right > limit + 1) {
      const el = node.parentElement;
      const classes = typeof el.className === "string" ? el.className.trim() : "";
      out.push(`<${el.tagName.toLowerCase()}${classes ? " class=" + classes : ""}> ends at ` +
               `${Math.round(right)}px, its box at ${Math.round(limit)}px`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 5)};
}
"""


@pytest.fixture(scope="module")
def hub(tmp_path_factory, playwright_api):
    """This module's own hub, with the long words in it (overrides the shared one)."""
    server = HubServer(tmp_path_factory.mktemp("long-words"))
    server.prepare()
    server.flask("users", "create", LONG_EMAIL, "--role", "rep", "--name", word(120),
                 "--password", PASSWORD)
    server.start()
    try:
        server.seeded = seed(server, playwright_api)
        yield server
    finally:
        server.stop()


def api(hub: HubServer, playwright_api, email: str):
    token = hub.flask("tokens", "create", email).split()[-1]
    return playwright_api.request.new_context(
        base_url=hub.url, extra_http_headers={"Authorization": f"Bearer {token}"})


def seed(hub: HubServer, playwright_api) -> dict:
    def send(client, method: str, path: str, body: dict | None = None) -> dict:
        response = client.fetch(path, method=method, data=json.dumps(body) if body else None,
                                headers={"Content-Type": "application/json"})
        assert response.ok, f"{method} {path}: {response.status} {response.text()[:300]}"
        return response.json() if response.text() else {}

    marketing = api(hub, playwright_api, "e2e.marketing@example.com")
    rep = api(hub, playwright_api, LONG_EMAIL)
    common = {"summary": word(1000), "body": word(2000), "status": "published",
              "markets": ["logistics"], "personas": [word(100)], "products": [word(100)]}
    story = send(marketing, "POST", "/api/v1/assets", {
        **common, "kind": "case_study", "title": word(200), "customer": word(200),
        "industry": word(100), "challenge": word(2000), "solution": word(2000),
        "results": word(2000)})
    email = send(marketing, "POST", "/api/v1/assets", {
        **common, "kind": "email_template", "title": "Long " + word(195),
        "subject": word(200), "email_body": word(2000)})
    send(rep, "POST", f"/api/v1/assets/{story['id']}/feedback",
         {"helpful": False, "comment": word(2000)})
    request = send(rep, "POST", "/api/v1/requests",
                   {"text": word(2000), "market": "logistics", "kind": "case_study"})
    send(rep, "POST", "/api/v1/wins", {"account": word(200), "market": "logistics",
                                       "amount": 1000, "asset_ids": [story["id"]],
                                       "note": word(2000)})
    for query in (word(2000), f"refrigerated {word(40)}", "cold chain " + word(30)):
        send(rep, "GET", "/api/v1/search?q=" + query)
    for client in (marketing, rep):
        client.dispose()
    return {"story": story["id"], "email": email["id"], "request": request["id"]}


def sign_in_long_named_rep(journey):
    person = journey()
    person.goto("/login")
    person.page.get_by_label("Email").fill(LONG_EMAIL)
    person.page.get_by_label("Password").fill(PASSWORD)
    with person.page.expect_navigation():
        person.page.get_by_label("Password").press("Enter")
    person.credentials = (LONG_EMAIL, PASSWORD)
    return person


def assert_text_wraps(person, path: str, problems: list[str]) -> None:
    page = person.page
    response = person.goto(path)
    assert response.status < 400, f"{path}: {response.status}"
    page.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")
    assert page.get_by_text(MARK * 3).count() or page.locator(
        f"[value*={MARK * 3}]").count(), f"{path}: none of the long words is on the page"
    for label, size in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        found = page.evaluate(TEXT_PROBE, MARK * 3)
        if found["scrollWidth"] > found["width"] + 1:
            problems.append(f"{path} at {label} px: the page is {found['scrollWidth']} px wide")
        problems += [f"{path} at {label} px: {line}" for line in found["out"]]
    page.set_viewport_size(DESKTOP)
    person.check(path[:60])  # the step names the screenshots: a 2,000-character one can't


def test_long_words_wrap_on_every_page(journey, hub):
    ids = hub.seeded
    problems: list[str] = []
    riley = sign_in_long_named_rep(journey)
    riley.goto(f"/assets/{ids['story']}")  # a rep's view, so the asset is "most used"
    for path in ("/", "/assets/", f"/assets/{ids['story']}", f"/assets/{ids['email']}",
                 f"/search?q={MARK}", "/search?q=" + word(2000), "/requests",
                 f"/requests/{ids['request']}", "/wins", "/news", "/notifications"):
        assert_text_wraps(riley, path, problems)

    maya = journey("marketing")
    page = maya.page
    maya.goto("/search/synonyms")
    page.get_by_label("Terms that mean the same").fill(f"{word(60)}, x{word(59)}")
    page.get_by_role("button", name="Add group").click()
    expect(page.get_by_text("Synonyms saved")).to_be_visible()
    for path in ("/insights", f"/requests/{ids['request']}", f"/assets/{ids['story']}/edit",
                 f"/assets/{ids['story']}/feedback", "/search/synonyms"):
        assert_text_wraps(maya, path, problems)

    alex = journey("admin")
    for path in ("/admin/users/", "/insights"):
        assert_text_wraps(alex, path, problems)
    assert problems == [], "\n".join(problems)


def test_insights_opens_with_the_summary_and_panels_open_by_keyboard(journey, hub):
    maya = journey("marketing")
    page = maya.page
    maya.goto("/insights")
    summary = page.get_by_role("region", name="Summary")
    expect(summary.get_by_role("link", name="Searches that came up short")).to_be_visible()
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 1600, f"/insights is {height} px tall with every panel closed"
    gaps = page.locator("#gaps")
    expect(gaps).to_be_hidden()
    # The junk search (2,000 characters of one word) is not a gap; the request is listed.
    summary.get_by_role("link", name="Searches that came up short").click()
    expect(gaps).to_be_visible()
    expect(gaps.get_by_text(word(2000))).to_be_visible()  # the rep's request, wrapped
    expect(gaps.get_by_text(f"“{word(2000)[:400]}”")).to_have_count(0)
    expect(gaps.get_by_text(f"“refrigerated {word(40)}”", exact=True)).to_be_visible()
    maya.check("insights with gaps open")

    # The keyboard alone: Tab from the last summary figure reaches the first panel's heading,
    # its focus shows, Enter opens it and Space closes it.
    maya.goto("/insights")
    page.get_by_role("region", name="Summary").get_by_role("link").last.focus()
    page.keyboard.press("Tab")
    first = page.locator("#gaps-panel > summary")
    expect(first).to_be_focused()
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring != "none", "no visible focus on a panel's heading"
    page.keyboard.press("Enter")
    expect(gaps).to_be_visible()
    page.keyboard.press("Space")
    expect(gaps).to_be_hidden()
