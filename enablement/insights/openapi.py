"""The insights API's part of the OpenAPI document: the /insights page as JSON."""

from __future__ import annotations

from enablement.api.openapi import AUTH_ERRORS, PERSON, error_response, exact, ok_response
from enablement.insights import dashboard, periods
from enablement.insights.metrics import METRICS


def document() -> dict:
    integer, string = {"type": "integer"}, {"type": "string"}
    date = {"type": "string", "format": "date"}
    when = {"type": ["string", "null"], "format": "date-time"}
    ref = {"$ref": "#/components/schemas/InsightsAsset"}
    counts = {a: integer for a in (*dashboard.ACTIONS, "total")}

    def array(items: dict) -> dict:
        return {"type": "array", "items": items}

    def obj(properties: dict, optional: tuple[str, ...] = ()) -> dict:
        return exact(properties, optional)

    usage_row = obj({"asset": ref, "published_at": when, **counts})
    schemas = {
        "InsightsAsset": obj({"id": integer, "title": string, "kind": string,
                              "url": {"type": "string", "format": "uri"},
                              "owner": PERSON}),
        "Insights": {"type": "object", "additionalProperties": False, "required": [
            "period", "summary", "metrics", "usage", "feedback", "gaps", "coverage",
            "freshness"],
            "properties": {
            "period": obj({"from": date, "to": date, "days": integer,
                           "preset": {"type": ["integer", "null"], "enum": [*periods.PRESETS,
                                                                            None]},
                           "bucket": {"type": "string", "enum": ["day", "week"]}}),
            "summary": {**array(obj({
                "key": {"type": "string", "enum": [
                    "rep_usage", "assets_used_by_reps", "searches_short", "requests_waiting",
                    "wins_with_content", "review_overdue"]},
                "label": string, "value": integer,
                "previous": {"type": ["integer", "null"], "description":
                             "The same number for as many days just before the period; null "
                             "where it counts what is waiting now."},
                "better": {"type": "string", "enum": ["higher", "lower"]},
                "section": {"type": "string", "description": "Where the page explains it."},
                "capped": {"type": "boolean", "description": "At least this many (only "
                                                             "when true)."}},
                optional=("capped",))),
                "description": "The numbers the page opens with."},
            "metrics": array(obj({
                "metric": {"type": "string", "enum": list(METRICS)}, "label": string,
                "unit": {"type": "string", "enum": ["count", "days", "money"]},
                "help": string, "higher_is_better": {"type": "boolean"},
                "value": {"type": ["number", "null"]}, "target": {"type": ["number", "null"]},
                "target_period_days": {"type": ["integer", "null"]},
                "target_scaled": {"type": "boolean", "description":
                                  "The target was set for another period length and scaled."},
                "progress": {"type": ["number", "null"], "description": "1.0 means met."},
                "met": {"type": "boolean"}})),
            "usage": obj({
                "by": {"type": "string", "enum": ["reps"]},
                "most_used": array(usage_row),
                "least_used": {**array(usage_row),
                               "description": "Published assets, never-used ones first."},
                "over_time": array(obj({"start": date, "end": date, **counts}))}),
            "feedback": {**array(obj({
                "asset": ref, "helpful": integer, "not_helpful": integer,
                "comments": array(obj({"helpful": {"type": "boolean"}, "comment": string,
                                       "by": {"type": ["string", "null"]}, "at": when}))})),
                "description": "Worst-rated first."},
            "gaps": obj({
                "searches": array(obj({
                    "normalized_query": string, "example": string, "title": string,
                    "searches": integer, "no_results": integer, "no_clicks": integer,
                    "people": integer, "last_searched_at": when,
                    "kind": {"type": ["string", "null"],
                             "description": "The kind the words suggest, if any."},
                    "also_searched_as": {**array(string), "description":
                                         "Spellings a typo apart, folded into this gap."},
                    "draft": {**obj({"id": integer,
                                     "url": {"type": "string", "format": "uri"}}),
                              "type": ["object", "null"]}})),
                "questions": {**array(obj({
                    "normalized_query": string, "example": string, "title": string,
                    "questions": integer, "unanswered": integer, "badly_answered": integer,
                    "people": integer, "last_asked_at": when,
                    "kind": {"type": ["string", "null"]}})),
                    "description": "Questions nobody's content answers: reps' questions no "
                                   "passage answered, or whose answers they voted down."},
                "left_out": {**obj({"not_searches": integer, "misspellings": integer}),
                             "description": "Reps' searches not counted: ones that don't read "
                                            "like a search (no letters, longer than a "
                                            "sentence, code or markup), and misspellings of "
                                            "searches that found something. Marketing's and "
                                            "admins' searches never count."},
                "set_aside": {**array(obj({
                    "normalized_query": string, "example": string, "searches": integer,
                    "state": {"type": "string", "enum": ["dismissed", "snoozed"]},
                    "until": when, "by": {"type": ["string", "null"]}, "at": when})),
                    "description": "Gaps marketing dismissed or snoozed, hidden from "
                                   "`searches`."},
                "open_requests": array({"type": "object", "description":
                                        "Open and planned requests, oldest first, as "
                                        "GET /requests/{request_id} shows them."})}),
            "coverage": obj({
                "markets": array(obj({"slug": string, "name": string})),
                "kinds": array(obj({"slug": string, "label": string})),
                "counts": {"type": "object", "description": "market → kind → published assets",
                           "additionalProperties": {"type": "object",
                                                    "additionalProperties": integer}},
                "empty": array({"type": "array", "items": string, "minItems": 2,
                                "maxItems": 2})}),
            "freshness": obj({
                "unused_days": integer,
                "review_overdue": array(obj({"asset": ref, "review_by": date,
                                             "days_overdue": integer})),
                "unused": array(obj({"asset": ref, "published_at": when,
                                     "last_used_at": when}))}),
            "buyers": {**obj({
                "shares": integer, "opens": integer,
                "assets": array(obj({
                    "asset": ref, "shared": integer, "opened": integer,
                    "median_seconds": {"type": ["number", "null"]},
                    "completion": {"type": ["integer", "null"],
                                   "description": "% of opens that reached the PDF's last "
                                                  "page (null without a PDF)."}})),
                "never_opened": array(obj({"asset": ref, "shared": integer})),
                "markets": {**array(obj({
                    "market": {"type": ["string", "null"]}, "label": string,
                    "shared": integer, "opened": integer})),
                    "description": "Per market of the shared assets (null: assets for every "
                                   "market), most opened first."}}),
                "description": "Buyer engagement with shared links: shares made and views "
                               "begun in the period (a view: the buyer page visible 2 s)."},
        }},
    }
    period_params = [
        {"name": "days", "in": "query", "description": "The last N days, today included.",
         "schema": {"type": "integer", "minimum": 1, "maximum": periods.MAX_DAYS,
                    "default": periods.DEFAULT_DAYS}},
        {"name": "from", "in": "query", "schema": date,
         "description": "With `to`: a period of whole UTC days (overrides `days`)."},
        {"name": "to", "in": "query", "schema": date},
    ]
    return {"paths": {"/insights": {"get": {
        "summary": "What reps use, rate, ask for and fail to find; coverage, freshness and the "
                   "shared metrics (marketing and admins)",
        "parameters": period_params,
        "responses": {
            "200": ok_response("The insights for the period.", "Insights"),
            "401": AUTH_ERRORS["401"],
            "403": error_response("Reps can't see insights."),
            "422": error_response("Invalid period, named in `fields`."),
        }}}}, "schemas": schemas}
