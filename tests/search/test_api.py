"""GET /api/v1/search: the search page's results, facets and suggestion as JSON."""

import pytest

from enablement.models import AssetStatus
from enablement.search.outbox import drain


@pytest.fixture
def token(app, runner, create_user):
    user = create_user("rep")
    return runner.invoke(args=["tokens", "create", user.email]).output.split()[-1]


@pytest.fixture
def indexed(app, create_asset):
    published = create_asset(title="OSHA recordkeeping for field crews", markets=["construction"])
    create_asset(title="OSHA draft", status=AssetStatus.DRAFT)
    drain()
    return published


def get(client, token, query):
    return client.get(f"/api/v1/search?{query}", headers={"Authorization": f"Bearer {token}"})


def test_search_returns_the_designed_shape(client, token, indexed):
    response = get(client, token, "q=regional&market=construction")
    assert response.status_code == 200
    body = response.json
    assert {"query", "total", "page", "per_page", "results", "facets", "suggestion"} <= set(body)
    assert body["total"] == 1 and body["query"] == "regional"
    result = body["results"][0]
    assert result["type"] == "asset" and result["id"] == indexed.id
    assert result["kind"] == "case_study" and result["markets"] == ["construction"]
    assert result["url"].endswith(f"/assets/{indexed.id}")
    assert "<mark>regional</mark>" in result["snippet"]
    assert result["published_at"].endswith("+00:00")
    assert body["facets"]["kind"] == {"case_study": 1}


def test_typo_gets_corrected(client, token, indexed):
    body = get(client, token, "q=recordkeepng").json
    assert body["corrected_from"] == "recordkeepng" and body["total"] == 1


def test_paging_out_of_range_is_a_clear_error(client, token, indexed):
    response = get(client, token, "q=osha&per_page=500")
    assert response.status_code == 422
    assert "per_page" in response.json["error"]["fields"]


def test_needs_a_token(client, indexed):
    assert client.get("/api/v1/search?q=osha").status_code == 401


def test_words_naming_a_kind_or_market_are_filters_the_response_describes(client, token,
                                                                         indexed):
    body = get(client, token, "q=construction+case+studies").json
    assert body["query"] == "construction case studies" and body["total"] == 1
    assert body["results"][0]["id"] == indexed.id
    assert body["understood"] == [
        {"filter": "market", "value": "construction", "label": "Construction",
         "words": "construction", "literal": "market:construction"},
        {"filter": "kind", "value": "case_study", "label": "Case studies",
         "words": "case studies", "literal": "kind:case_study"}]
    as_words = get(client, token, "q=construction+case+studies"
                                  "&literal=market:construction&literal=kind:case_study").json
    assert as_words["understood"] == [] and as_words["query"] == "construction case studies"


@pytest.mark.parametrize("literal", ["x" * 5000, "&".join(["literal=kind:case_study"] * 300),
                                     "market:%00", ""])
def test_odd_literal_values_are_harmless(client, token, indexed, literal):
    query = literal if literal.startswith("literal=") else f"literal={literal}"
    response = get(client, token, f"q=osha&{query}")
    assert response.status_code == 200 and response.json["total"] == 1
