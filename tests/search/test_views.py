"""The search page, result clicks, synonyms page and asking marketing when nothing is found."""

import pytest
from sqlalchemy import select

from enablement.extensions import db
from enablement.models import AssetStatus, ContentRequest, SearchLog, Synonym
from enablement.search.outbox import drain


@pytest.fixture
def indexed(app, create_asset):
    asset = create_asset(title="OSHA recordkeeping for field crews", markets=["construction"])
    create_asset(title="OSHA draft", status=AssetStatus.DRAFT)
    drain()
    return asset


def test_search_page_shows_results_with_badges_snippets_and_facets(client, login_as, indexed):
    login_as("rep")
    page = client.get("/search?q=osha").get_data(as_text=True)
    assert "1 result for “osha”" in page
    assert "<mark>OSHA</mark> recordkeeping" in page
    assert "Case study" in page and "Construction" in page
    assert "OSHA draft" not in page
    assert f"/search/open/1/asset/{indexed.id}" in page


def test_add_to_a_share_is_offered_only_for_what_may_leave_the_company(
        client, login_as, create_asset):
    offered = create_asset(title="Kestrel crews case study")
    no_permission = create_asset("testimonial", title="Kestrel crews quote", permission=False)
    internal = create_asset("sales_aid", title="Kestrel crews battle card", internal_only=True)
    email = create_asset("email_template", title="Kestrel crews follow-up email")
    drain()
    login_as("rep")
    page = client.get("/search?q=kestrel").get_data(as_text=True)
    assert "4 results" in page
    for asset in (offered, no_permission, internal, email):
        assert f"/search/open/1/asset/{asset.id}" in page
    assert f"/shares/new?asset_id={offered.id}" in page
    for refused in (no_permission, internal, email):
        assert f"/shares/new?asset_id={refused.id}" not in page
    assert page.count("Add to a share") == 1


def test_filters_and_sort_come_from_the_query_string(client, login_as, indexed):
    login_as("rep")
    page = client.get("/search?q=osha&market=healthcare&sort=newest&page=x&per_page=y")
    assert page.status_code == 200
    assert "0 results" in page.get_data(as_text=True)


def test_opening_a_result_records_the_click_and_redirects(client, login_as, indexed):
    login_as("rep")
    client.get("/search?q=osha")
    entry = db.session.scalars(select(SearchLog)).one()
    response = client.get(f"/search/open/{entry.id}/asset/{indexed.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assets/{indexed.id}")
    db.session.refresh(entry)
    assert entry.clicked_doc == f"asset:{indexed.id}"
    assert client.get(f"/search/open/{entry.id}/nonsense/1").status_code == 404


def test_nothing_found_offers_to_ask_marketing(client, login_as, indexed):
    rep = login_as("rep")
    page = client.get("/search?q=cold+storage+midwest").get_data(as_text=True)
    assert "Nothing found" in page and "Ask marketing" in page
    response = client.post("/requests", data={"text": "A case study for cold storage",
                                              "market": "logistics", "kind": "case_study",
                                              "search_query": "cold storage midwest"})
    assert response.status_code == 302
    request = db.session.scalars(select(ContentRequest)).one()
    assert (request.requester_id, request.market, request.kind, request.search_query) == (
        rep.id, "logistics", "case_study", "cold storage midwest")
    assert "A case study for cold storage" in client.get("/requests").get_data(as_text=True)


def test_every_results_page_offers_to_ask_marketing_with_the_search_filled_in(client, login_as,
                                                                              indexed):
    """Most searches that fail find something ("nothing matched all of your words")."""
    login_as("rep")
    page = client.get("/search?q=construction+case+study+osha+midwest").get_data(as_text=True)
    assert "Nothing matched all of your words" in page and 'href="#ask-marketing"' in page
    assert "Didn&#39;t find it? Ask marketing" in page or "Didn't find it? Ask marketing" in page
    assert 'name="search_query" type="hidden" value="construction case study osha midwest"' in page
    assert '<option selected value="construction">' in page  # what the words named
    assert '<option selected value="case_study">' in page
    full = client.get("/search?q=osha").get_data(as_text=True)
    assert "1 result for" in full and 'id="ask-marketing"' in full


def test_words_that_name_filters_show_as_chips_that_give_the_words_back(client, login_as,
                                                                         indexed):
    login_as("rep")
    page = client.get("/search?q=construction+case+study").get_data(as_text=True)
    assert "1 result for “construction case study”" in page
    chips = page[page.index('id="chosen-filters"'):page.index("search-results")]
    assert "Construction" in chips and "Case studies" in chips
    assert "literal=market:construction" in chips and "literal=kind:case_study" in chips
    assert 'aria-label="Search “case study” as words, not as Case studies"' in chips
    # the facet the words chose is shown chosen, and unchoosing it is the same link
    assert 'aria-current="true"' in page
    as_words = client.get("/search?q=construction+case+study&literal=kind:case_study")
    text = as_words.get_data(as_text=True)
    assert "literal=kind:case_study" in text  # kept in the page's links
    assert "as words, not as Case studies" not in text


def test_a_chosen_facet_is_a_chip_too(client, login_as, indexed):
    login_as("rep")
    page = client.get("/search?q=osha&market=construction").get_data(as_text=True)
    chips = page[page.index('id="chosen-filters"'):page.index("search-results")]
    assert "Remove the filter Construction" in chips and 'href="/search?q=osha"' in chips


def test_a_request_without_text_keeps_what_was_chosen(client, login_as):
    login_as("rep")
    response = client.post("/requests", data={"text": "", "market": "logistics"})
    assert response.status_code == 422
    assert '<option selected value="logistics">' in response.get_data(as_text=True)
    assert db.session.scalar(select(ContentRequest)) is None


def test_reps_see_only_their_requests_and_marketing_moves_them_along(client, login_as, auth,
                                                                      create_user):
    login_as("rep")
    client.post("/requests", data={"text": "Battle card vs CrewGrid"})
    auth.logout()
    login_as("rep")
    assert "Battle card vs CrewGrid" not in client.get("/requests").get_data(as_text=True)
    assert client.post("/requests/1/status", data={"status": "planned"}).status_code == 403
    auth.logout()
    login_as("marketing")
    assert "Battle card vs CrewGrid" in client.get("/requests").get_data(as_text=True)
    assert client.post("/requests/1/status", data={"status": "planned"}).status_code == 302
    assert db.session.get(ContentRequest, 1).status == "planned"
    assert client.post("/requests/1/status", data={"status": "nope"}).status_code == 422


def test_marketing_maintains_synonyms_in_the_browser(client, login_as):
    login_as("marketing")
    response = client.post("/search/synonyms", data={"terms": "HIPAA, health privacy"})
    assert response.status_code == 302
    assert "HIPAA ⇄ health privacy" in client.get("/search/synonyms").get_data(as_text=True)
    bad = client.post("/search/synonyms", data={"terms": "only-one"})
    assert bad.status_code == 422 and "only-one" in bad.get_data(as_text=True)
    synonym = db.session.scalars(select(Synonym)).one()
    assert client.post(f"/search/synonyms/{synonym.id}/delete").status_code == 302
    assert db.session.scalar(select(Synonym)) is None


def test_reps_cannot_edit_synonyms(client, login_as):
    login_as("rep")
    assert client.get("/search/synonyms").status_code == 403


def test_every_page_has_the_search_box(client, login_as):
    login_as("rep")
    page = client.get("/assets/").get_data(as_text=True)
    assert 'role="search"' in page and 'name="q"' in page


def test_empty_search_explains_what_to_type(client, login_as):
    login_as("rep")
    assert "Type a few words" in client.get("/search?q=").get_data(as_text=True)


def test_links_carry_only_the_searchs_own_parameters(client, login_as, indexed):
    login_as("rep")
    junk = "&".join(f"utm_{n}={'x' * 400}" for n in range(120))  # a 47 KB address
    response = client.get(f"/search?q=osha&market=construction&sort=newest&{junk}")

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "1 result for “osha”" in page
    assert "utm_" not in page
    assert len(response.get_data()) < 40_000
    # what the search is made of survives into its facet, sort and page links
    assert "/search?q=osha&amp;market=construction&amp;sort=newest" in page
    assert '<input type="hidden" name="market" value="construction">' in page


@pytest.mark.parametrize(("query", "never_shown"), [
    ("sort=" + "z" * 5000, "z" * 101),
    ("market=" + "m" * 5000, "m" * 101),
    ("&".join(["kind=case_study"] * 500), "kind=case_study&amp;" * 20),
    ("literal=" + "l" * 5000, "l" * 101),
    ("&".join(f"literal=market:m{n}" for n in range(500)), "market:m10&"),
])
def test_overlong_search_parameters_do_not_grow_the_page(client, login_as, indexed, query,
                                                         never_shown):
    login_as("rep")
    response = client.get(f"/search?q=osha&{query}")
    assert response.status_code == 200
    assert never_shown not in response.get_data(as_text=True)
    assert len(response.get_data()) < 40_000
