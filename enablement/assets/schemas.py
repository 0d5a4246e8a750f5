"""JSON Schemas of assets for the OpenAPI document, one per kind, from the same field definitions
the services validate with (kinds.py, services.clean_input, services.publish_problems).

What the API enforces is said here, so a client (or a fuzzer) that follows the schema is not
refused: each kind's own fields and nobody else's, the known markets and stages, and, when an
asset is created published, what publishing needs (a summary, a market, the kind's required
fields; a white paper can't be created published: its document is attached afterwards).
Lengths count the text as sent; the hub counts it after trimming, so it never refuses less.
"""

from __future__ import annotations

from enablement.assets.kinds import (
    BODY_MAX,
    KINDS,
    METRICS_MAX,
    STAGES,
    SUMMARY_MAX,
    TAG_MAX,
    TAGS_PER_FACET,
    TITLE_MAX,
    FieldSpec,
    KindSpec,
)
from enablement.markets import markets
from enablement.models import AssetStatus

# At least one character left once control characters and surrounding space are removed
# (text.clean_text): a title of spaces is no title.
NOT_BLANK = r"[^\s\x00-\x1f\x7f\x85]"
METRIC_VALUE_MAX = 40
STATUSES = [s.value for s in AssetStatus]


def component_name(kind: str, suffix: str = "") -> str:
    """`case_study` → `CaseStudy` + suffix, the name of that kind's schema."""
    return "".join(part.title() for part in kind.split("_")) + suffix


def _tags(items: dict, description: str = "") -> dict:
    schema = {"type": "array", "maxItems": TAGS_PER_FACET, "items": items}
    return {**schema, "description": description} if description else schema


def _common_input() -> dict:
    slugs = list(markets())
    market_items = {"type": "string", "enum": slugs} if slugs else {"type": "string"}
    return {
        "title": {"type": "string", "maxLength": TITLE_MAX, "pattern": NOT_BLANK},
        "summary": {"type": "string", "maxLength": SUMMARY_MAX},
        "body": {"type": "string", "maxLength": BODY_MAX, "description": "Markdown."},
        "markets": {**_tags(market_items, "Market slugs from feeds.yml."),
                    **({} if slugs else {"maxItems": 0})},
        "personas": _tags({"type": "string", "maxLength": TAG_MAX}),
        "stages": _tags({"type": "string", "enum": [s for s, _ in STAGES]}),
        "products": _tags({"type": "string", "maxLength": TAG_MAX}),
        "review_by": {"type": ["string", "null"], "format": "date"},
        "internal_only": {"type": "boolean", "default": False,
                          "description": "Never shareable with buyers (reps still see it)."},
    }


def _metric(spec: FieldSpec, *, output: bool = False) -> dict:
    text = {} if output else {"pattern": NOT_BLANK}
    return {"type": "object", "required": ["value", "label"], "additionalProperties": False,
            "properties": {
                "value": {"type": "string", "maxLength": METRIC_VALUE_MAX, **text},
                "label": {"type": "string", "maxLength": spec.max_length, **text}}}


def _field(spec: FieldSpec, *, output: bool = False) -> dict:
    described = {"description": spec.label + (f" {spec.help}" if spec.help else "")}
    if spec.type == "bool":
        return {"type": "boolean", **described}
    if spec.type == "choice":
        # Unset is "" (a draft may leave it empty); publishing needs one of the choices.
        return {"type": "string", "enum": ["", *(c for c, _ in spec.choices)], **described}
    if spec.type == "metrics":
        return {"type": "array", "maxItems": METRICS_MAX, **described,
                "items": _metric(spec, output=output)}
    return {"type": "string", "maxLength": spec.max_length, **described}


def _publish_needs(spec: KindSpec) -> dict:
    """The extra constraints when an asset is created published (services.publish_problems)."""
    needs = {"summary": {"pattern": NOT_BLANK}, "markets": {"minItems": 1}}
    for field in spec.fields:
        if field.required_to_publish:
            needs[field.name] = {"enum": [c for c, _ in field.choices]} \
                if field.type == "choice" else {"pattern": NOT_BLANK}
    return {"required": ["status", *needs], "properties": {
        "status": {"const": AssetStatus.PUBLISHED.value}, **needs}}


def asset_input(spec: KindSpec) -> dict:
    """POST /assets for one kind: its fields, and what publishing on creation needs."""
    kind_fields = {f.name: _field(f) for f in spec.fields}
    unpublished = [s for s in STATUSES if s != AssetStatus.PUBLISHED]
    variants = [{"properties": {"status": {"enum": unpublished}}}]
    if not spec.needs_attachment_to_publish:
        variants.append(_publish_needs(spec))
    return {
        "type": "object", "required": ["kind", "title"], "additionalProperties": False,
        "description": f"{spec.label}: {spec.description}"
                       + (" Created as a draft or archived: attach its document, then publish."
                          if spec.needs_attachment_to_publish else ""),
        "properties": {"kind": {"const": spec.slug},
                       "status": {"type": "string", "enum": STATUSES, "default": "draft"},
                       **_common_input(), **kind_fields},
        "anyOf": variants,
    }


def asset_change(spec: KindSpec) -> dict:
    """PATCH /assets/{id} of an asset of one kind: any of its fields (`kind` can't change)."""
    return {"type": "object", "additionalProperties": False,
            "properties": {"kind": {"const": spec.slug},
                           "status": {"type": "string", "enum": STATUSES},
                           **_common_input(), **{f.name: _field(f) for f in spec.fields}}}


def asset_output(spec: KindSpec, attachment_ref: str, person: dict) -> dict:
    """An asset of one kind as the API answers it: every field, always."""
    common = {
        "id": {"type": "integer"},
        "url": {"type": "string", "format": "uri", "description": "Its page in the hub."},
        "kind": {"const": spec.slug},
        "title": {"type": "string"}, "summary": {"type": "string"},
        "body": {"type": "string", "description": "Markdown."},
        "review_by": {"type": ["string", "null"], "format": "date"},
        "internal_only": {"type": "boolean"},
        "status": {"type": "string", "enum": STATUSES},
        **{facet: {"type": "array", "items": {"type": "string"}}
           for facet in ("markets", "personas", "stages", "products")},
        **{f.name: _field(f, output=True) for f in spec.fields},
        "owner": person,
        "created_at": {"type": "string", "format": "date-time"},
        "updated_at": {"type": "string", "format": "date-time"},
        "published_at": {"type": ["string", "null"], "format": "date-time"},
        "attachments": {"type": "array", "items": {"$ref": attachment_ref}},
        "usage": {"type": "object", "additionalProperties": False,
                  "required": list(USAGE), "properties": {
                      name: {"type": "integer", "minimum": 0} for name in USAGE}},
    }
    return {"type": "object", "additionalProperties": False, "required": list(common),
            "properties": common}


USAGE = ("views", "copies", "downloads", "helpful", "not_helpful", "wins")


def by_kind(suffix: str) -> dict:
    """oneOf the kinds' schemas named with `suffix`, told apart by `kind`."""
    refs = {kind: f"#/components/schemas/{component_name(kind, suffix)}" for kind in KINDS}
    return {"oneOf": [{"$ref": ref} for ref in refs.values()],
            "discriminator": {"propertyName": "kind", "mapping": refs}}


def asset_schemas(attachment_ref: str, person: dict) -> dict:
    """Every asset component: AssetInput, AssetChange and Asset, each a oneOf of the kinds."""
    schemas = {}
    for kind, spec in KINDS.items():
        schemas[component_name(kind, "Input")] = asset_input(spec)
        schemas[component_name(kind, "Change")] = asset_change(spec)
        schemas[component_name(kind, "Asset")] = asset_output(spec, attachment_ref, person)
    schemas["AssetInput"] = by_kind("Input")
    schemas["AssetChange"] = {
        "anyOf": [{"$ref": f"#/components/schemas/{component_name(k, 'Change')}"}
                  for k in KINDS],
        "description": "Only the fields sent change, each checked as on creation; only the "
                       "asset's own kind's fields are known. Publishing (`status: published`) "
                       "and editing a published asset need what publishing needs: a summary, a "
                       "market, the kind's required fields (a white paper's document): a 422 "
                       "names what is missing."}
    schemas["Asset"] = by_kind("Asset")
    return schemas
