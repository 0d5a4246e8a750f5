"""The hub with the keyboard alone: a skip link that works, focus you can see, errors you hear."""

from __future__ import annotations

import re

from playwright.sync_api import expect

FOCUS = """
() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const label = (el.innerText || el.value || el.name || "").trim().slice(0, 40);
  return {
    what: `${el.tagName.toLowerCase()} “${label}”`,
    inMain: Boolean(document.getElementById("main")?.contains(el)) && el.id !== "main",
    ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
          || style.boxShadow !== "none",
    onScreen: box.width > 4 && box.height > 4 && box.bottom > 0 && box.right > 0
              && box.top < window.innerHeight && box.left < window.innerWidth,
  };
}
"""

REP_PAGES = ["/", "/assets/", "/search?q=cold+chain", "/news", "/requests", "/wins"]
TAB_STOPS = 12


def focused(page) -> dict:
    return page.evaluate(FOCUS)


def assert_skip_link_and_focus(visitor, path: str) -> None:
    """Tab first reaches a visible skip link that works; every later stop shows its focus."""
    page = visitor.page
    visitor.goto(path)
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["what"].startswith("a “Skip to content”"), f"{path}: first Tab reached {first}"
    assert first["onScreen"] and first["ring"], f"{path}: the skip link is not visible: {first}"
    slug = re.sub(r"[^a-z0-9]+", "-", path).strip("-") or "home"
    page.screenshot(path=str(visitor.screenshots / f"skip-link-{slug}.png"))

    # Through the header and into the page: every stop shows where the focus is.
    stops = 1
    for _ in range(TAB_STOPS):
        page.keyboard.press("Tab")
        stop = focused(page)
        if stop["what"].startswith("body"):
            break  # past the last control
        assert stop["ring"], f"{path}: no visible focus on {stop['what']}"
        assert stop["onScreen"], f"{path}: focus went to something hidden: {stop['what']}"
        stops += 1

    visitor.goto(path)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main", f"{path}: skip link went nowhere"
    page.keyboard.press("Tab")
    after = focused(page)
    assert after["inMain"], f"{path}: after skipping, Tab reached {after['what']}, outside the page"
    assert after["ring"], f"{path}: no visible focus on {after['what']}"
    visitor.report.keyboard.append((path, stops + 1))


def test_keyboard_only(journey):
    visitor = journey()
    page = visitor.page

    assert_skip_link_and_focus(visitor, "/login")

    # Sign in with the keyboard; a wrong password is announced at the password field.
    visitor.goto("/login")
    page.keyboard.press("Tab")  # the skip link…
    page.keyboard.press("Enter")  # …to the form
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "email"
    page.keyboard.type("e2e.rep@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("not the password")
    page.keyboard.press("Enter")
    password = page.get_by_label("Password")
    expect(password).to_have_attribute("aria-invalid", "true")
    error = page.locator(f"#{password.get_attribute('aria-describedby').split()[-1]}")
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_contain_text("don't match")
    visitor.check("wrong password", status=401)

    visitor.login("rep")
    for path in REP_PAGES:
        assert_skip_link_and_focus(visitor, path)
        visitor.check(path)  # the page reached after a skip: checked like any other

    # "/" jumps to search from anywhere but a text field.
    visitor.goto("/assets/")
    page.keyboard.press("/")
    expect(page.get_by_role("searchbox", name="Search assets and news")).to_be_focused()
