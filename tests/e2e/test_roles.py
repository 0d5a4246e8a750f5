"""An admin adds a user; a rep cannot reach marketing's or the admin's pages."""

from __future__ import annotations

from playwright.sync_api import expect

NEW_EMAIL = "jordan.field@example.com"


def test_admin_adds_a_user(journey):
    alex = journey("admin")
    page = alex.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", name="Users", level=1)).to_be_visible()
    alex.check("users")

    page.get_by_role("link", name="Add user").click()
    alex.check("add user form")

    email = page.get_by_label("Email")
    email.fill("jordan.field")
    page.get_by_role("button", name="Add user").click()
    expect(email).to_have_attribute("aria-invalid", "true")
    error = page.locator(f"#{email.get_attribute('aria-describedby').split()[-1]}")
    expect(error).to_have_attribute("role", "alert")
    expect(error).to_be_visible()
    alex.check("add user errors", status=422)

    page.get_by_label("Email").fill(NEW_EMAIL)
    page.get_by_label("Name").fill("Jordan Field")
    page.get_by_label("Role").select_option("rep")
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_text(NEW_EMAIL).first).to_be_visible()
    alex.check("user added")


MARKETING_PAGES = ["/assets/new", "/assets/new/case_study", "/insights", "/search/synonyms",
                   "/admin/users/", "/admin/users/new", "/news/feeds"]


def test_rep_cannot_reach_marketing_pages(journey):
    luis = journey("rep")
    nav = luis.page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Assets")).to_be_visible()
    for link in ("Insights", "New asset", "Synonyms", "Users", "Feeds"):
        expect(nav.get_by_role("link", name=link)).to_have_count(0)
    for path in MARKETING_PAGES:
        response = luis.goto(path)
        assert response.status == 403, path
        expect(luis.page.get_by_role("heading", name="Not for your role")).to_be_visible()
        luis.check(f"forbidden {path}", status=403)
