"""Odd input is a 4xx that names the field, never a 500 and never a slow or huge answer.

JSON nested a thousand deep, whole numbers beyond what a database column holds (in a URL or any
JSON field), NaN, and bodies of half a million unknown keys.
"""

from __future__ import annotations

import json
import time

import pytest
from sqlalchemy import func, select

from enablement.errors import MAX_ERROR_FIELDS
from enablement.extensions import db
from enablement.models import Asset, ContentRequest, Win
from enablement.models.base import LARGEST_ID
from enablement.routing import IdConverter

HUGE = 2**63  # one more than the largest whole number a database stores
LARGEST = 2**63 - 1


@pytest.fixture
def app(emptied_app):
    """conftest's `app`, built once for this module (see `emptied_app`)."""
    return emptied_app


@pytest.fixture
def marketing(login_as):
    return login_as("marketing")


def nested(depth: int, inner: str = "1") -> str:
    return "[" * depth + inner + "]" * depth


def post_json(client, url: str, text: str, method: str = "post"):
    return getattr(client, method)(url, data=text, content_type="application/json")


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


# --- JSON bodies ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "text", "field"),
    [
        ("/api/v1/assets", '{"kind": "case_study", "title": ' + nested(1000) + "}", "title"),
        ("/api/v1/assets", '{"kind": "case_study", "metrics": ' + nested(11) + "}", "metrics"),
        ("/api/v1/assets", nested(1000), "body"),
        ("/api/v1/assets", json.dumps({"kind": "case_study", "title": "Odd", "review_by": HUGE}),
         "review_by"),
        ("/api/v1/wins", json.dumps({"account": "Acme", "market": "construction", "amount": 5,
                                     "asset_ids": [HUGE]}), "asset_ids"),
        ("/api/v1/wins", '{"account": "Acme", "amount": 5, "asset_ids": [' + "9" * 5000 + "]}",
         "asset_ids"),
        ("/api/v1/wins", '{"account": "Acme", "amount": 1e400, "asset_ids": []}', "amount"),
        ("/api/v1/wins", json.dumps({"account": "Acme", "amount": 5,
                                     "asset_ids": [-HUGE - 1]}), "asset_ids"),
        ("/api/v1/requests", json.dumps({"text": "Need a deck", "kind": {"a": [[HUGE]]}}),
         "kind"),
    ],
    ids=["deep-title", "deep-metrics", "deep-array", "huge-date", "huge-id", "5000-digits",
         "infinite", "huge-negative", "huge-deep-inside"],
)
def test_odd_json_is_refused_naming_the_field(client, marketing, url, text, field):
    response = post_json(client, url, text)
    assert response.status_code == 422, response.get_data(as_text=True)
    assert list(response.json["error"]["fields"]) == [field]
    assert (count(Asset), count(Win), count(ContentRequest)) == (0, 0, 0)


def test_huge_ids_in_a_patch_are_refused_naming_the_field(client, marketing):
    created = client.post("/api/v1/requests", json={"text": "A deck for clinics"})
    assert created.status_code == 201
    response = client.patch(f"/api/v1/requests/{created.json['id']}",
                            data=json.dumps({"asset_id": HUGE}), content_type="application/json")
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["asset_id"]


@pytest.mark.parametrize("text", ['{"title": NaN}', '{"title": -Infinity}', "{\"title\": 'x'}",
                                  b'{"title": "\xff"}'])
def test_what_is_not_json_is_a_400(client, marketing, text):
    response = post_json(client, "/api/v1/assets", text)
    assert response.status_code == 400
    assert response.json["error"]["message"] == "The request body is not valid JSON."


def test_the_largest_possible_id_is_looked_for_and_not_found(client, marketing):
    response = client.post("/api/v1/wins", data=json.dumps(
        {"account": "Acme", "market": "construction", "amount": 5, "asset_ids": [LARGEST_ID]}),
        content_type="application/json")
    assert response.status_code == 422  # checked against the assets, found to be none of them
    assert str(LARGEST_ID) in response.json["error"]["fields"]["asset_ids"]


@pytest.mark.parametrize("asset_id", [LARGEST_ID + 1, LARGEST])
def test_ids_no_row_can_have_are_refused_before_the_database(client, marketing, asset_id):
    # PostgreSQL's integer ids stop at 2^31 - 1; a larger number used to be a 500 there
    response = client.post("/api/v1/wins", data=json.dumps(
        {"account": "Acme", "market": "construction", "amount": 5, "asset_ids": [asset_id]}),
        content_type="application/json")
    assert response.status_code == 422
    assert "A list of asset ids" in response.json["error"]["fields"]["asset_ids"]
    assert count(Win) == 0


def test_half_a_million_unknown_keys_are_named_once_capped(client, marketing):
    keys = ", ".join(f'"key{n}": 1' for n in range(500_000))
    body = '{"kind": "case_study", "title": "Odd", ' + keys + "}"
    started = time.monotonic()
    response = post_json(client, "/api/v1/assets", body)

    assert response.status_code == 422
    assert len(response.get_data()) < 5_000  # was 13 MB
    fields = response.json["error"]["fields"]
    assert len(fields) == MAX_ERROR_FIELDS
    assert set(fields.values()) == {"Unknown field."}
    assert "499,980 more fields not shown" in response.json["error"]["message"]
    assert time.monotonic() - started < 10
    assert count(Asset) == 0


def test_long_field_names_are_cut_in_the_answer(client, marketing):
    response = client.post("/api/v1/assets", json={"kind": "case_study", "x" * 100_000: 1})
    assert response.status_code == 422
    assert len(response.get_data()) < 2_000


# --- ids in URLs ----------------------------------------------------------------------------


@pytest.mark.parametrize("url", [
    f"/api/v1/assets/{HUGE}", f"/assets/{HUGE}", f"/assets/{HUGE}/history",
    f"/api/v1/requests/{HUGE}", f"/news/{HUGE}", f"/search/open/{HUGE}/asset/1",
    f"/search/open/1/asset/{HUGE}", f"/api/v1/assets/{'9' * 40}", f"/api/v1/assets/{LARGEST}",
    f"/api/v1/assets/{LARGEST_ID}", f"/api/v1/assets/{LARGEST_ID + 1}", f"/assets/{LARGEST_ID + 1}",
    f"/api/v1/requests/{LARGEST_ID + 1}",
])
def test_ids_beyond_the_database_are_not_found(client, marketing, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(("method", "url"), [
    ("delete", f"/api/v1/assets/{LARGEST_ID + 1}"), ("patch", f"/api/v1/assets/{LARGEST_ID + 1}"),
    ("post", f"/api/v1/assets/{LARGEST_ID + 1}/feedback"),
    ("post", f"/api/v1/assets/{LARGEST_ID + 1}/attachments"),
    ("patch", f"/api/v1/requests/{HUGE}"), ("post", f"/assets/{LARGEST_ID + 1}/delete"),
])
def test_writes_to_ids_beyond_the_database_are_not_found_either(client, marketing, method, url):
    """Not a 405 naming the methods the id's route would take: there is no such route."""
    response = getattr(client, method)(url, json={})
    assert response.status_code == 404
    assert "Allow" not in response.headers


def test_every_int_in_every_route_is_bounded(app):
    converters = [converter for rule in app.url_map.iter_rules()
                  for converter in rule._converters.values()
                  if "int" in rule.rule]
    assert converters
    assert all(isinstance(c, IdConverter) and c.max == LARGEST_ID for c in converters
               if c.regex.startswith(r"\d"))


# --- page numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "field"), [
    (f"/api/v1/assets?page={HUGE}", "page"),
    (f"/api/v1/search?q=osha&page={HUGE}", "page"),
    (f"/api/v1/search?q=osha&per_page={HUGE}", "per_page"),
    (f"/api/v1/news?page={HUGE}", "page"),
    (f"/api/v1/requests?page={HUGE}", "page"),
])
def test_page_numbers_past_any_page_are_refused_naming_the_field(client, marketing, url, field):
    response = client.get(url)
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == [field]


@pytest.mark.parametrize("url", [f"/assets/?page={HUGE}", f"/search?q=osha&page={HUGE}",
                                 "/search?q=osha&page=1000001"])
def test_pages_past_any_page_say_which_parameter_is_wrong(client, marketing, url):
    response = client.get(url)
    assert response.status_code == 422
    assert "<code>page</code>: Use a whole number from 1 to 1,000,000." in \
        response.get_data(as_text=True)
