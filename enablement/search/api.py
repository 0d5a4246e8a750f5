"""Synonym groups in the JSON API: what marketing keeps on /search/synonyms, for scripts."""

from __future__ import annotations

from flask import jsonify, url_for
from flask_login import current_user
from sqlalchemy import select

from enablement.api.common import api_blueprint, json_body
from enablement.api.openapi import (
    AUTH_ERRORS,
    DATE_TIME,
    INVALID,
    PERSON,
    error_response,
    id_parameter,
    json_operation,
    ok_response,
    register_paths,
)
from enablement.errors import NotFound, ValidationError
from enablement.extensions import db
from enablement.models import Role, Synonym
from enablement.search import synonyms
from enablement.security import role_required
from enablement.web import iso

bp = api_blueprint("search_api", __name__)


def synonym_json(group: Synonym) -> dict:
    creator = group.created_by
    return {"id": group.id, "terms": list(group.terms),
            "created_by": {"id": creator.id, "name": creator.name} if creator else None,
            "created_at": iso(group.created_at)}


@bp.get("/synonyms")
@role_required(Role.MARKETING)
def list_synonyms():
    groups = db.session.scalars(select(Synonym).order_by(Synonym.id)).all()
    return jsonify({"items": [synonym_json(g) for g in groups]})


@bp.post("/synonyms")
@role_required(Role.MARKETING)
def add_synonyms():
    body = json_body()
    unknown = {name: "Unknown field." for name in body if name != "terms"}
    if unknown:
        raise ValidationError("Only terms can be sent.", unknown)
    terms = body.get("terms")
    if not isinstance(terms, list) or not all(isinstance(t, str) and "," not in t
                                              for t in terms):
        raise ValidationError("Send the terms as a list.", {
            "terms": "A list of words or phrases (without commas), e.g. "
                     "[\"ROI\", \"return on investment\"]."})
    group = synonyms.add_synonyms(current_user, ", ".join(terms))
    db.session.commit()
    response = jsonify(synonym_json(group))
    response.headers["Location"] = url_for("search.synonym_list")
    return response, 201


@bp.delete("/synonyms/<int:synonym_id>")
@role_required(Role.MARKETING)
def delete_synonyms(synonym_id: int):
    group = db.session.get(Synonym, synonym_id)
    if group is None:
        raise NotFound("No such synonym group.")
    synonyms.delete_synonyms(current_user, group)
    db.session.commit()
    return "", 204


def document() -> dict:
    synonym = {"type": "object", "additionalProperties": False,
               "required": ["id", "terms", "created_by", "created_at"], "properties": {
                   "id": {"type": "integer"},
                   "terms": {"type": "array", "items": {"type": "string"}},
                   "created_by": PERSON, "created_at": DATE_TIME}}
    return {"paths": {
        "/synonyms": {
            "get": {"summary": "Synonym groups searches use (marketing)",
                    "responses": {"200": ok_response("Oldest first.", "SynonymList"),
                                  **AUTH_ERRORS}},
            "post": json_operation(
                "Add a synonym group: its words widen each other in searches", "SynonymInput",
                {"201": ok_response("Added; searches use it from now on.", "Synonym")},
                {"422": INVALID}),
        },
        "/synonyms/{synonym_id}": {
            "parameters": [id_parameter("synonym_id")],
            "delete": {"summary": "Remove a synonym group",
                       "responses": {"204": {"description": "Removed."},
                                     "400": error_response("A browser session without its "
                                                           "CSRF token."),
                                     "404": error_response("No such group."), **AUTH_ERRORS}},
        },
    }, "schemas": {
        "Synonym": synonym,
        "SynonymList": {"type": "object", "additionalProperties": False, "required": ["items"],
                        "properties": {"items": {"type": "array", "items": {
                            "$ref": "#/components/schemas/Synonym"}}}},
        "SynonymInput": {"type": "object", "additionalProperties": False, "required": ["terms"],
                         "properties": {"terms": {
                             "type": "array", "minItems": 2, "maxItems": synonyms.MAX_TERMS,
                             "items": {"type": "string", "minLength": 1, "pattern": "^[^,]*$",
                                       "maxLength": synonyms.MAX_TERM_CHARS},
                             "description": "Two or more words or phrases, each with a "
                                            "searchable word (not only words like `the`); "
                                            "repeats (ignoring case) count once."}}},
    }}


register_paths(document)
