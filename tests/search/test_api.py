"""GET /api/v1/search: the search page's results, facets and suggestion as JSON."""

import pytest
from sqlalchemy import func, select

from enablement.auth import services as auth_services
from enablement.extensions import db
from enablement.models import AssetStatus, Synonym
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


# ---------------------------------------------------------------- synonyms (search/api.py)


@pytest.fixture
def bearer(app, create_user):
    def make(role="marketing"):
        token = auth_services.create_token(create_user(role))
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}
    return make


def test_marketing_adds_lists_and_removes_synonyms_and_searches_use_them(client, bearer,
                                                                          create_asset):
    headers = bearer("marketing")
    create_asset(title="Cut your return on investment time in half", markets=["construction"])
    drain()
    rep = bearer("rep")
    assert client.get("/api/v1/search?q=roi", headers=rep).json["total"] == 0

    added = client.post("/api/v1/synonyms", headers=headers,
                        json={"terms": ["ROI", "return on investment", "roi"]})
    assert added.status_code == 201, added.data
    group = added.json
    assert group["terms"] == ["ROI", "return on investment"]
    assert group["created_by"]["name"] == "Marketing User" and group["created_at"]
    listed = client.get("/api/v1/synonyms", headers=headers).json
    assert listed == {"items": [group]}
    assert client.get("/api/v1/search?q=roi", headers=rep).json["total"] == 1

    assert client.delete(f"/api/v1/synonyms/{group['id']}", headers=headers).status_code == 204
    assert client.get("/api/v1/synonyms", headers=headers).json == {"items": []}
    assert client.delete(f"/api/v1/synonyms/{group['id']}",
                         headers=headers).json["error"]["code"] == "not_found"
    assert client.get("/api/v1/search?q=roi", headers=rep).json["total"] == 0


@pytest.mark.parametrize(("body", "field"), [
    ({"terms": ["only one"]}, "terms"),
    ({"terms": "ROI, return on investment"}, "terms"),
    ({"terms": ["ROI", "return, on investment"]}, "terms"),
    ({"terms": ["the", "for"]}, "terms"),
    ({"terms": ["ROI", "x" * 61]}, "terms"),
    ({"terms": [f"word{n}" for n in range(11)]}, "terms"),
    ({"terms": ["ROI", 5]}, "terms"),
    ({"terms": ["ROI", "return"], "owner": 1}, "owner"),
], ids=["one", "text", "comma", "stop-words", "too-long", "too-many", "number", "unknown"])
def test_bad_synonyms_are_refused_naming_the_field(client, bearer, body, field):
    response = client.post("/api/v1/synonyms", headers=bearer("marketing"), json=body)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert db.session.scalar(select(func.count()).select_from(Synonym)) == 0


def test_reps_can_neither_read_nor_change_synonyms(client, bearer):
    rep = bearer("rep")
    assert client.get("/api/v1/synonyms", headers=rep).status_code == 403
    assert client.post("/api/v1/synonyms", headers=rep,
                       json={"terms": ["ROI", "return on investment"]}).status_code == 403
    assert client.get("/api/v1/synonyms").status_code == 401
    assert db.session.scalar(select(func.count()).select_from(Synonym)) == 0
