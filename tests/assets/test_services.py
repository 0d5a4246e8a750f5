"""The assets service without HTTP: validation, publishing rules, revisions, files and browsing."""

from __future__ import annotations

import hashlib
import io
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from enablement.assets import services
from enablement.assets.kinds import (
    BODY_MAX,
    KINDS,
    METRICS_MAX,
    STAGES,
    SUMMARY_MAX,
    TAG_MAX,
    TAGS_PER_FACET,
    TITLE_MAX,
)
from enablement.errors import Forbidden, NotFound, ValidationError
from enablement.extensions import db
from enablement.models import (
    Asset,
    AssetRevision,
    AssetStatus,
    AssetTag,
    Attachment,
    UsageEvent,
)
from tests.conftest import KIND_DEFAULTS, asset_fields
from tests.filefactory import make_docx, make_encrypted_pdf, make_pdf, make_pptx, make_zip_bomb_docx

MB = 1024 * 1024
STORED_NAME = re.compile(r"[0-9a-f]{32}\.(pdf|docx|pptx)")
PDF = make_pdf("Scheduling crews under OSHA rules")


@pytest.fixture
def app(emptied_app):
    """conftest's `app`, built once for this module (see `emptied_app`)."""
    return emptied_app


@pytest.fixture
def marketing(create_user):
    return create_user("marketing")


@pytest.fixture
def rep(create_user):
    return create_user("rep")


@pytest.fixture
def upload_dir(app):
    return Path(app.config["UPLOAD_DIR"])


def field_errors(data: dict, kind: str = "case_study", **kwargs) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        services.clean_input(data, kind, **kwargs)
    return caught.value.fields


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def attach(actor, asset, data: bytes = PDF, name: str = "guide.pdf", max_bytes: int = 10 * MB):
    from flask import current_app

    return services.attach_file(
        actor, asset, io.BytesIO(data), name, current_app.config["UPLOAD_DIR"], max_bytes
    )


def files_in(upload_dir: Path) -> list[str]:
    return sorted(p.name for p in upload_dir.iterdir()) if upload_dir.exists() else []


# --- clean_input: limits ----------------------------------------------------------------

COMMON_LIMITS = [("title", TITLE_MAX), ("summary", SUMMARY_MAX), ("body", BODY_MAX)]
KIND_LIMITS = [
    (kind, spec.name, spec.max_length)
    for kind, kind_def in KINDS.items()
    for spec in kind_def.fields
    if spec.type in ("line", "text")
]


@pytest.mark.parametrize(("name", "limit"), COMMON_LIMITS, ids=[n for n, _ in COMMON_LIMITS])
def test_common_text_fields_accept_exactly_their_limit(app, name, limit):
    cleaned = services.clean_input({"title": "T", name: "x" * limit}, "case_study")
    assert cleaned[name] == "x" * limit


@pytest.mark.parametrize(("name", "limit"), COMMON_LIMITS, ids=[n for n, _ in COMMON_LIMITS])
def test_common_text_fields_refuse_one_character_over(app, name, limit):
    errors = field_errors({"title": "T", name: "x" * (limit + 1)})
    assert f"at most {limit:,} characters" in errors[name]
    assert f"(this is {limit + 1:,})" in errors[name]


@pytest.mark.parametrize(("kind", "name", "limit"), KIND_LIMITS,
                         ids=[f"{k}-{n}" for k, n, _ in KIND_LIMITS])
def test_kind_fields_accept_exactly_their_limit(app, kind, name, limit):
    cleaned = services.clean_input({"title": "T", name: "y" * limit}, kind)
    assert cleaned[name] == "y" * limit


@pytest.mark.parametrize(("kind", "name", "limit"), KIND_LIMITS,
                         ids=[f"{k}-{n}" for k, n, _ in KIND_LIMITS])
def test_kind_fields_refuse_one_character_over(app, kind, name, limit):
    errors = field_errors({"title": "T", name: "y" * (limit + 1)}, kind)
    assert list(errors) == [name]
    assert f"at most {limit:,} characters" in errors[name]


def test_limits_are_counted_after_trimming(app):
    cleaned = services.clean_input({"title": "  " + "x" * TITLE_MAX + "\n "}, "case_study")
    assert cleaned["title"] == "x" * TITLE_MAX


@pytest.mark.parametrize("facet", ["personas", "products"])
def test_tags_accept_their_length_and_count_limits(app, facet):
    tags = [f"{i:03d}" + "t" * (TAG_MAX - 3) for i in range(TAGS_PER_FACET)]
    assert services.clean_input({"title": "T", facet: tags}, "case_study")[facet] == tags


@pytest.mark.parametrize(
    ("facet", "value", "message"),
    [
        ("personas", ["p" * (TAG_MAX + 1)], f"at most {TAG_MAX} characters"),
        ("products", ["p" * (TAG_MAX + 1)], f"at most {TAG_MAX} characters"),
        ("personas", [f"persona {i}" for i in range(TAGS_PER_FACET + 1)],
         f"At most {TAGS_PER_FACET} personas"),
        ("products", [f"product {i}" for i in range(TAGS_PER_FACET + 1)],
         f"At most {TAGS_PER_FACET} products"),
        ("personas", {"CFO": True}, "must be a list of text values"),
        ("products", ["Fieldline", 7], "must be a list of text values"),
        ("markets", "construction,retail", "Unknown market: retail"),
        ("markets", ["construction", None], "must be a list of text values"),
        ("stages", ["demo"], "Unknown sales stage: demo"),
        ("stages", 3, "must be a list of text values"),
    ],
    ids=["persona-too-long", "product-too-long", "too-many-personas", "too-many-products",
         "personas-dict", "product-number", "unknown-market", "market-none", "unknown-stage",
         "stages-number"],
)
def test_bad_tags_are_reported_on_their_field(app, facet, value, message):
    errors = field_errors({"title": "T", facet: value})
    assert list(errors) == [facet]
    assert message in errors[facet]


def test_unknown_markets_and_stages_list_the_valid_ones(app):
    errors = field_errors({"title": "T", "markets": ["retail", "construction", "mining"],
                           "stages": ["discovery", "demo"]})
    assert errors["markets"].startswith("Unknown market: retail, mining.")
    assert "construction, healthcare, logistics" in errors["markets"]
    assert errors["stages"].startswith("Unknown sales stage: demo.")
    assert ", ".join(slug for slug, _ in STAGES) in errors["stages"]


def test_market_slugs_are_case_sensitive(app):
    assert "Unknown market: Construction" in field_errors(
        {"title": "T", "markets": ["Construction"]})["markets"]


# --- clean_input: normalising ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("title", "Harbor\x00 & Pine\x07\x1b", "Harbor & Pine"),
        ("title", "  Two\nlines\tand   spaces ", "Two lines and spaces"),
        ("title", "del\x7f", "del"),
        ("summary", "First line.\r\nSecond\x0b line.\x0c", "First line.\nSecond line."),
        ("body", "## Heading\n\n\tindented\x00 code\x08", "## Heading\n\n\tindented code"),
        ("customer", "Harbor\x01 &\n Pine", "Harbor & Pine"),
        ("challenge", "Line one\r\nLine\x02 two", "Line one\nLine two"),
    ],
    ids=["title-control", "title-whitespace", "title-del", "summary-crlf", "body-tab-kept",
         "line-field", "text-field"],
)
def test_control_characters_are_stripped(app, name, raw, expected):
    assert services.clean_input({"title": "T", name: raw}, "case_study")[name] == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["CFO", "cfo", " CFO ", "Safety Manager", "SAFETY manager"], ["CFO", "Safety Manager"]),
        ("CFO, cfo,Safety   Manager,, ", ["CFO", "Safety Manager"]),
        (["Straße", "STRASSE"], ["Straße"]),
        (["Ops\x00 Director", "ops director"], ["Ops Director"]),
        ("", []),
        (None, []),
        ([], []),
        ([" ", ""], []),
    ],
    ids=["list", "comma-text", "casefold", "control-chars", "empty-text", "none", "empty-list",
         "blank-items"],
)
def test_tags_are_trimmed_and_deduplicated_ignoring_case(app, value, expected):
    assert services.clean_input({"title": "T", "personas": value}, "case_study")["personas"] \
        == expected


def test_known_markets_and_stages_are_kept_in_order(app):
    cleaned = services.clean_input(
        {"title": "T", "markets": ["logistics", "construction", "logistics"],
         "stages": "closing,discovery"}, "case_study")
    assert cleaned["markets"] == ["logistics", "construction"]
    assert cleaned["stages"] == ["closing", "discovery"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-12-31", date(2026, 12, 31)),
        (" 2026-01-05 ", date(2026, 1, 5)),
        (date(2027, 3, 1), date(2027, 3, 1)),
        ("", None),
        (None, None),
    ],
    ids=["iso", "padded", "date", "empty", "none"],
)
def test_review_by_is_parsed(app, value, expected):
    assert services.clean_input({"title": "T", "review_by": value}, "case_study")["review_by"] \
        == expected


@pytest.mark.parametrize(
    "value", ["31/12/2026", "2026-02-30", "next week", "2026-13-01", 20261231, ["2026-12-31"]],
    ids=["european", "no-such-day", "words", "no-such-month", "number", "list"],
)
def test_review_by_refuses_what_is_not_a_date(app, value):
    assert field_errors({"title": "T", "review_by": value}) == {
        "review_by": "Use a date like 2026-12-31."}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("38% | fewer missed visits\n\n  2x|faster scheduling  \r\n",
         [{"value": "38%", "label": "fewer missed visits"},
          {"value": "2x", "label": "faster scheduling"}]),
        ("$1.2M | saved | per year", [{"value": "$1.2M", "label": "saved | per year"}]),
        ([{"value": " 40 ", "label": " sites "}], [{"value": "40", "label": "sites"}]),
        ([{"value": "9", "label": "crews\x00"}], [{"value": "9", "label": "crews"}]),
        ("", []),
        (None, []),
        ([], []),
    ],
    ids=["text-lines", "pipe-in-label", "list", "control-chars", "empty-text", "none",
         "empty-list"],
)
def test_metrics_are_read_from_text_lines_or_lists(app, value, expected):
    assert services.clean_input({"title": "T", "metrics": value}, "case_study")["metrics"] \
        == expected


def test_metrics_accept_their_limits(app):
    metrics = [{"value": "v" * 40, "label": "l" * 120}] * METRICS_MAX
    assert services.clean_input({"title": "T", "metrics": metrics}, "case_study")["metrics"] \
        == metrics


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("38% fewer missed visits", "Each metric needs a value and a label"),
        ("38% |", "Each metric needs a value and a label"),
        ("| fewer missed visits", "Each metric needs a value and a label"),
        ([{"value": "38%"}], "Each metric needs a value and a label"),
        ([{"value": 38, "label": "fewer"}], "Metrics are a list of {value, label}"),
        (["38% | fewer"], "Metrics are a list of {value, label}"),
        ({"value": "38%", "label": "fewer"}, "Metrics are a list of {value, label}"),
        ("\n".join(f"{i} | thing" for i in range(METRICS_MAX + 1)),
         f"At most {METRICS_MAX} headline metrics"),
        ([{"value": "v" * 41, "label": "fewer"}], "at most 40 characters"),
        ([{"value": "38%", "label": "l" * 121}], "at most 120 characters"),
    ],
    ids=["no-pipe", "no-label", "no-value", "missing-key", "number-value", "list-of-text",
         "single-dict", "too-many", "value-too-long", "label-too-long"],
)
def test_bad_metrics_are_refused(app, value, message):
    errors = field_errors({"title": "T", "metrics": value})
    assert list(errors) == ["metrics"]
    assert message in errors["metrics"]


@pytest.mark.parametrize(("value", "expected"), [(True, True), (False, False), (None, False)])
def test_testimonial_permission_is_a_yes_or_no(app, value, expected):
    cleaned = services.clean_input({"title": "T", "permission": value}, "testimonial")
    assert cleaned["permission"] is expected


@pytest.mark.parametrize("value", ["yes", "true", 1, 0, [True]])
def test_testimonial_permission_refuses_anything_but_true_or_false(app, value):
    assert field_errors({"title": "T", "permission": value}, "testimonial") == {
        "permission": "We have permission to use this quote publicly must be true or false."}


@pytest.mark.parametrize(
    ("value", "expected"),
    [("battle_card", "battle_card"), ("talk_track", "talk_track"), ("", ""), (None, "")],
)
def test_sales_aid_type_is_one_of_the_choices(app, value, expected):
    assert services.clean_input({"title": "T", "aid_type": value}, "sales_aid")["aid_type"] \
        == expected


@pytest.mark.parametrize("value", ["poster", "Battle card", "BATTLE_CARD", ["battle_card"],
                                   {"battle_card": 1}, 3],
                         ids=["unknown", "label", "upper", "list", "dict", "number"])
def test_sales_aid_type_refuses_anything_else(app, value):
    errors = field_errors({"title": "T", "aid_type": value}, "sales_aid")
    assert errors == {"aid_type": "Choose one of: battle_card, one_pager, talk_track, other."}


@pytest.mark.parametrize(
    ("data", "kind", "errors"),
    [
        ({}, "case_study", {"title": "Give the asset a title."}),
        ({"title": ""}, "case_study", {"title": "Give the asset a title."}),
        ({"title": " \n\t "}, "case_study", {"title": "Give the asset a title."}),
        ({"title": "\x00\x07"}, "case_study", {"title": "Give the asset a title."}),
        ({"title": 42}, "case_study", {"title": "Title must be text."}),
        ({"title": "T", "summary": ["a"]}, "case_study", {"summary": "Summary must be text."}),
        ({"title": "T", "quote": 1}, "testimonial", {"quote": "Quote must be text."}),
        ({"title": "T", "status": "published"}, "case_study", {"status": "Unknown field."}),
        ({"title": "T", "quote": "Nice"}, "case_study", {"quote": "Unknown field."}),
        ({"title": "T", "customer": "Acme"}, "email_template", {"customer": "Unknown field."}),
    ],
    ids=["missing-title", "empty-title", "blank-title", "control-only-title", "number-title",
         "list-summary", "number-quote", "status-not-editable", "other-kinds-field",
         "case-study-field-on-email"],
)
def test_invalid_input_is_reported_by_field(app, data, kind, errors):
    assert field_errors(data, kind) == errors


def test_every_problem_is_reported_at_once(app):
    errors = field_errors({"title": "", "summary": "s" * (SUMMARY_MAX + 1), "markets": ["mars"],
                           "stages": ["demo"], "metrics": "nope", "colour": "red"})
    assert set(errors) == {"title", "summary", "markets", "stages", "metrics", "colour"}


def test_full_input_gives_every_field_with_empty_defaults(app):
    cleaned = services.clean_input({"title": "Only a title"}, "testimonial")
    assert cleaned == {
        "title": "Only a title", "summary": "", "body": "", "markets": [], "personas": [],
        "stages": [], "products": [], "review_by": None, "internal_only": False, "quote": "",
        "person": "",
        "person_title": "", "company": "", "permission": False,
    }


def test_partial_input_checks_only_what_was_sent(app):
    assert services.clean_input({"summary": " New summary "}, "case_study", partial=True) == {
        "summary": "New summary"}
    assert field_errors({"title": " "}, "case_study", partial=True) == {
        "title": "Give the asset a title."}
    assert field_errors({"markets": ["mars"]}, "case_study", partial=True).keys() == {"markets"}


# --- create_asset ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_marketing_creates_a_draft_of_every_kind(app, marketing, kind):
    asset = services.create_asset(marketing, kind, asset_fields(kind))
    db.session.commit()

    stored = db.session.get(Asset, asset.id)
    assert (stored.kind, stored.status, stored.owner_id) == (kind, "draft", marketing.id)
    assert stored.title == "Harbor & Pine cut missed site visits by 38%"
    assert stored.markets == ["construction"]
    assert stored.stages == ["evaluation"]
    assert stored.personas == ["Operations Director"]
    assert stored.products == ["Fieldline Schedule"]
    assert stored.published_at is None
    for name, value in KIND_DEFAULTS[kind].items():
        assert stored.details[name] == value
    [revision] = stored.revisions
    assert (revision.action, revision.user_id) == ("created", marketing.id)


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "white_paper"])
def test_complete_assets_can_be_created_published(app, marketing, kind):
    asset = services.create_asset(marketing, kind, asset_fields(kind), status=AssetStatus.PUBLISHED)
    db.session.commit()
    assert db.session.get(Asset, asset.id).status == "published"
    assert asset.published_at is not None
    assert [r.action for r in asset.revisions] == ["published", "created"]


def test_admins_can_create_assets(app, create_user):
    admin = create_user("admin")
    assert services.create_asset(admin, "sales_aid", asset_fields("sales_aid")).owner_id == admin.id


def test_unknown_kind_is_refused(app, marketing):
    with pytest.raises(ValidationError) as caught:
        services.create_asset(marketing, "podcast", {"title": "T"})
    assert "kind" in caught.value.fields
    assert count(Asset) == 0


def test_invalid_input_creates_nothing(app, marketing):
    with pytest.raises(ValidationError):
        services.create_asset(marketing, "case_study", {"title": "T", "markets": ["mars"]})
    db.session.rollback()
    assert count(Asset) == 0
    assert count(AssetTag) == 0


# --- publish_problems ----------------------------------------------------------------------

REQUIRED_TO_PUBLISH = [
    (kind, spec.name)
    for kind, kind_def in KINDS.items()
    for spec in kind_def.fields
    if spec.required_to_publish
]


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "white_paper"])
def test_a_complete_asset_has_no_problems(app, marketing, kind):
    asset = services.create_asset(marketing, kind, asset_fields(kind))
    assert services.publish_problems(asset) == {}


@pytest.mark.parametrize(
    ("missing", "problem"),
    [("summary", "Add a summary"), ("markets", "Tag at least one market")],
)
@pytest.mark.parametrize("kind", list(KINDS))
def test_summary_and_markets_are_needed_to_publish(app, marketing, kind, missing, problem):
    asset = services.create_asset(marketing, kind, asset_fields(kind, **{missing: None}))
    problems = services.publish_problems(asset)
    assert problem in problems[missing]
    with pytest.raises(ValidationError) as caught:
        services.change_status(marketing, asset, AssetStatus.PUBLISHED)
    assert missing in caught.value.fields
    assert asset.status == "draft"


@pytest.mark.parametrize(("kind", "name"), REQUIRED_TO_PUBLISH,
                         ids=[f"{k}-{n}" for k, n in REQUIRED_TO_PUBLISH])
def test_each_kinds_own_required_fields_are_needed_to_publish(app, marketing, kind, name):
    asset = services.create_asset(marketing, kind, asset_fields(kind, **{name: ""}))
    if kind == "white_paper":
        attach(marketing, asset)
    problems = services.publish_problems(asset)
    assert list(problems) == [name]
    assert problems[name].endswith("is needed before publishing.")


def test_optional_kind_fields_are_not_needed(app, marketing):
    asset = services.create_asset(marketing, "testimonial",
                                  asset_fields("testimonial", person_title="", permission=False))
    assert services.publish_problems(asset) == {}


def test_a_white_paper_without_its_document_cannot_be_published(app, marketing):
    asset = services.create_asset(marketing, "white_paper", asset_fields("white_paper"))
    assert services.publish_problems(asset) == {
        "attachments": "Attach the document before publishing."}
    with pytest.raises(ValidationError) as caught:
        services.change_status(marketing, asset, AssetStatus.PUBLISHED)
    assert "attachments" in caught.value.fields
    assert asset.status == "draft"


def test_a_white_paper_with_its_document_can_be_published(app, marketing):
    asset = services.create_asset(marketing, "white_paper", asset_fields("white_paper"))
    attach(marketing, asset)
    assert services.publish_problems(asset) == {}
    services.change_status(marketing, asset, AssetStatus.PUBLISHED)
    db.session.commit()
    assert db.session.get(Asset, asset.id).status == "published"


# --- update_asset and revisions --------------------------------------------------------------


def test_an_edit_keeps_a_revision_of_who_changed_what_and_when(app, marketing, create_user):
    asset = services.create_asset(marketing, "case_study", asset_fields("case_study"))
    db.session.commit()
    editor = create_user("marketing")
    before = datetime.now(UTC)
    services.update_asset(editor, asset, asset_fields(
        "case_study", title="Harbor & Pine: 38% fewer missed visits",
        markets=["construction", "logistics"], customer="Harbor and Pine",
        metrics="38% | fewer missed visits\n2x | faster planning", review_by="2026-12-31",
    ))
    db.session.commit()

    revision = db.session.get(Asset, asset.id).revisions[0]
    assert revision.action == "edited"
    assert revision.user_id == editor.id
    assert before <= revision.created_at <= datetime.now(UTC)
    assert revision.changes == {
        "title": ["Harbor & Pine cut missed site visits by 38%",
                  "Harbor & Pine: 38% fewer missed visits"],
        "markets": [["construction"], ["construction", "logistics"]],
        "customer": ["Harbor & Pine Builders", "Harbor and Pine"],
        "metrics": [[{"value": "38%", "label": "fewer missed visits"}],
                    [{"value": "38%", "label": "fewer missed visits"},
                     {"value": "2x", "label": "faster planning"}]],
        "review_by": [None, "2026-12-31"],
    }
    assert asset.title == "Harbor & Pine: 38% fewer missed visits"
    assert asset.markets == ["construction", "logistics"]
    assert asset.review_by == date(2026, 12, 31)


def test_saving_without_changes_keeps_no_revision(app, marketing):
    asset = services.create_asset(marketing, "case_study", asset_fields("case_study"))
    db.session.commit()
    services.update_asset(marketing, asset, asset_fields("case_study"))
    db.session.commit()
    assert [r.action for r in asset.revisions] == ["created"]
    assert count(AssetRevision) == 1


def test_editing_keeps_tags_that_stay_and_drops_removed_ones(app, marketing):
    asset = services.create_asset(marketing, "case_study", asset_fields(
        "case_study", markets=["construction", "healthcare"], personas=["CFO", "COO"]))
    db.session.commit()
    services.update_asset(marketing, asset, {"markets": ["healthcare"], "personas": ["COO", "CTO"]},
                          partial=True)
    db.session.commit()
    db.session.expire_all()
    stored = db.session.get(Asset, asset.id)
    assert stored.markets == ["healthcare"]
    assert sorted(stored.personas) == ["COO", "CTO"]
    assert count(AssetTag) == 5  # healthcare, COO, CTO, evaluation, Fieldline Schedule


def test_a_partial_edit_changes_only_the_fields_sent(app, marketing):
    asset = services.create_asset(marketing, "email_template", asset_fields("email_template"))
    db.session.commit()
    services.update_asset(marketing, asset, {"subject": "New subject"}, partial=True)
    db.session.commit()
    assert asset.details["subject"] == "New subject"
    assert asset.details["email_body"] == KIND_DEFAULTS["email_template"]["email_body"]
    assert asset.title == asset_fields("email_template")["title"]
    assert asset.revisions[0].changes == {
        "subject": [KIND_DEFAULTS["email_template"]["subject"], "New subject"]}


def test_long_text_in_a_revision_is_shortened(app, marketing):
    asset = services.create_asset(marketing, "case_study", asset_fields("case_study"))
    services.update_asset(marketing, asset, {"body": "b" * 5000}, partial=True)
    db.session.commit()
    before, after = asset.revisions[0].changes["body"]
    assert before == "## Why it matters\nCrews arrive on time."
    assert after == "b" * services.REVISION_TEXT_LIMIT + "…"
    assert asset.body == "b" * 5000


def test_a_published_asset_must_stay_asset_fields(app, marketing, create_asset):
    asset = create_asset("case_study")
    with pytest.raises(ValidationError) as caught:
        services.update_asset(marketing, asset, {"summary": "", "customer": ""}, partial=True)
    assert set(caught.value.fields) == {"summary", "customer"}
    db.session.rollback()
    stored = db.session.get(Asset, asset.id)
    assert stored.summary == "How a regional builder scheduled crews across 40 sites."
    assert stored.details["customer"] == "Harbor & Pine Builders"
    assert [r.action for r in stored.revisions] == ["published", "created"]


def test_invalid_edit_changes_nothing(app, marketing, create_asset):
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    with pytest.raises(ValidationError):
        services.update_asset(marketing, asset, asset_fields("case_study", title="x" * 201))
    assert asset.title == "Harbor & Pine cut missed site visits by 38%"
    assert len(asset.revisions) == 1


# --- change_status ------------------------------------------------------------------------


def test_status_transitions_and_their_revisions(app, marketing):
    asset = services.create_asset(marketing, "sales_aid", asset_fields("sales_aid"))
    db.session.commit()
    for target in ("published", "archived", "published", "draft", "archived", "draft"):
        services.change_status(marketing, asset, target)
        db.session.commit()
        assert db.session.get(Asset, asset.id).status == target
    assert [(r.action, r.changes) for r in reversed(asset.revisions)] == [
        ("created", {}),
        ("published", {"status": ["draft", "published"]}),
        ("archived", {"status": ["published", "archived"]}),
        ("published", {"status": ["archived", "published"]}),
        ("unpublished", {"status": ["published", "draft"]}),
        ("archived", {"status": ["draft", "archived"]}),
        ("unpublished", {"status": ["archived", "draft"]}),
    ]


def test_published_at_is_set_once_on_first_publication(app, marketing):
    asset = services.create_asset(marketing, "sales_aid", asset_fields("sales_aid"))
    assert asset.published_at is None
    services.change_status(marketing, asset, AssetStatus.PUBLISHED)
    db.session.commit()
    first = asset.published_at
    assert first is not None
    services.change_status(marketing, asset, AssetStatus.ARCHIVED)
    services.change_status(marketing, asset, AssetStatus.PUBLISHED)
    services.change_status(marketing, asset, AssetStatus.DRAFT)
    services.change_status(marketing, asset, AssetStatus.PUBLISHED)
    db.session.commit()
    assert db.session.get(Asset, asset.id).published_at == first


def test_setting_the_same_status_records_nothing(app, marketing, create_asset):
    asset = create_asset("case_study")
    services.change_status(marketing, asset, AssetStatus.PUBLISHED)
    assert [r.action for r in asset.revisions] == ["published", "created"]


@pytest.mark.parametrize("status", ["live", "", "PUBLISHED", None])
def test_unknown_status_is_refused(app, marketing, create_asset, status):
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    with pytest.raises(ValidationError) as caught:
        services.change_status(marketing, asset, status)
    assert caught.value.fields == {"status": "Use draft, published or archived."}
    assert asset.status == "draft"


def test_an_incomplete_draft_can_still_be_archived(app, marketing):
    asset = services.create_asset(marketing, "case_study", {"title": "Idea"})
    services.change_status(marketing, asset, AssetStatus.ARCHIVED)
    assert asset.status == "archived"
    assert asset.published_at is None


# --- reps cannot write ----------------------------------------------------------------------

WRITES = {
    "create": lambda user, asset: services.create_asset(user, "sales_aid",
                                                        asset_fields("sales_aid")),
    "update": lambda user, asset: services.update_asset(user, asset, {"title": "Mine"},
                                                        partial=True),
    "publish": lambda user, asset: services.change_status(user, asset, "published"),
    "archive": lambda user, asset: services.change_status(user, asset, "archived"),
    "delete": lambda user, asset: services.delete_asset(user, asset),
    "attach": lambda user, asset: attach(user, asset),
    "detach": lambda user, asset: services.remove_attachment(user, asset.attachments[0]),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_reps_cannot_change_anything(app, rep, create_asset, upload_dir, write):
    asset = create_asset("white_paper", status=AssetStatus.DRAFT)
    files_before = files_in(upload_dir)
    with pytest.raises(Forbidden):
        WRITES[write](rep, asset)
    db.session.rollback()
    assert count(Asset) == 1
    stored = db.session.get(Asset, asset.id)
    assert (stored.title, stored.status) == ("Harbor & Pine cut missed site visits by 38%", "draft")
    assert len(stored.attachments) == 1
    assert len(stored.revisions) == 2  # created, attached
    assert files_in(upload_dir) == files_before


# --- delete_asset ---------------------------------------------------------------------------


def test_delete_removes_the_asset_and_returns_its_files(app, marketing, create_asset, upload_dir):
    asset = create_asset("white_paper")
    second = attach(marketing, asset, make_docx(["Appendix"]), "appendix.docx")
    services.record_usage(marketing, asset, "views")
    db.session.commit()
    stored_names = [a.stored_name for a in asset.attachments]

    returned = services.delete_asset(marketing, asset)
    db.session.commit()

    assert returned == stored_names
    assert second.stored_name in returned
    # The files stay until the caller has committed; it then deletes exactly these.
    assert files_in(upload_dir) == sorted(returned)
    for model in (Asset, AssetTag, Attachment, AssetRevision, UsageEvent):
        assert count(model) == 0, model


def test_delete_of_an_asset_without_files_returns_nothing(app, marketing, create_asset):
    assert services.delete_asset(marketing, create_asset("case_study")) == []


# --- attach_file / remove_attachment ----------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "kind", "words"),
    [
        (PDF, "guide.pdf", "pdf", "Scheduling crews under OSHA rules"),
        (make_docx(["Battle card against Acme"]), "card.docx", "docx", "Battle card against Acme"),
        (make_pptx(["Roadmap 2026"], notes=["Open with the story"]), "deck.pptx", "pptx",
         "Roadmap 2026 Open with the story"),
    ],
    ids=["pdf", "docx", "pptx"],
)
def test_attached_documents_keep_their_text_for_search(app, marketing, create_asset, upload_dir,
                                                        data, name, kind, words):
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    attachment = attach(marketing, asset, data, name)
    db.session.commit()

    stored = db.session.get(Attachment, attachment.id)
    assert stored.asset_id == asset.id
    assert (stored.filename, stored.kind) == (name, kind)
    assert words in stored.text
    assert stored.size == len(data)
    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert stored.uploaded_by_id == marketing.id
    assert STORED_NAME.fullmatch(stored.stored_name)
    assert (upload_dir / stored.stored_name).read_bytes() == data
    assert asset.revisions[0].action == "attached"
    assert asset.revisions[0].changes == {"file": [None, name]}


def test_a_hostile_file_name_is_made_safe(app, marketing, create_asset, upload_dir):
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    attachment = attach(marketing, asset, PDF, "../../etc/passwd.pdf")
    assert attachment.filename == "passwd.pdf"
    assert files_in(upload_dir) == [attachment.stored_name]


@pytest.mark.parametrize(
    ("data", "name", "max_bytes", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "report.pdf", 10 * MB,
         "Only PDF, Word (.docx) and PowerPoint (.pptx) files can be attached"),
        (b"", "empty.pdf", 10 * MB, "The file is empty."),
        (PDF, "guide.pdf", len(PDF) - 1, "The file is larger than"),
        (make_encrypted_pdf("Secret"), "locked.pdf", 10 * MB, "password-protected"),
        (b"%PDF-1.7\nnot really a pdf", "broken.pdf", 10 * MB, "may be damaged"),
        (make_zip_bomb_docx, "bomb.docx", 10 * MB, "more than any real document needs"),
    ],
    ids=["html-named-pdf", "empty", "too-large", "encrypted", "damaged", "zip-bomb"],
)
def test_bad_files_are_refused_and_leave_nothing_behind(app, marketing, create_asset, upload_dir,
                                                        data, name, max_bytes, message):
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    data = data() if callable(data) else data  # the zip bomb is built only when needed
    with pytest.raises(ValidationError, match=re.escape(message)) as caught:
        attach(marketing, asset, data, name, max_bytes=max_bytes)
    assert message in caught.value.fields["file"]
    db.session.commit()
    assert files_in(upload_dir) == []
    assert count(Attachment) == 0
    assert [r.action for r in asset.revisions] == ["created"]


def test_the_same_bytes_twice_on_one_asset_are_refused_whatever_the_name(
        app, marketing, create_asset, upload_dir):
    asset = create_asset("case_study", status=AssetStatus.DRAFT)
    first = attach(marketing, asset, PDF, "guide.pdf")
    db.session.commit()
    with pytest.raises(services.DuplicateFile) as caught:
        attach(marketing, asset, PDF, "guide-final.pdf")
    assert caught.value.fields == {
        "file": "This file is already attached to this asset, as guide.pdf."}
    assert caught.value.existing.id == first.id
    db.session.commit()
    assert files_in(upload_dir) == [first.stored_name]
    assert [r.action for r in asset.revisions] == ["attached", "created"]

    other = create_asset("case_study", status=AssetStatus.DRAFT)  # another asset may carry it
    assert attach(marketing, other, PDF, "guide.pdf").sha256 == first.sha256


def test_a_published_white_paper_keeps_its_only_document(app, marketing, create_asset,
                                                          upload_dir):
    asset = create_asset("white_paper")
    [only] = asset.attachments
    with pytest.raises(ValidationError) as caught:
        services.remove_attachment(marketing, only)
    assert "file" in caught.value.fields
    db.session.rollback()
    assert [a.id for a in db.session.get(Asset, asset.id).attachments] == [only.id]
    assert files_in(upload_dir) == [only.stored_name]


def test_a_published_white_paper_document_can_be_replaced(app, marketing, create_asset):
    asset = create_asset("white_paper")
    [old] = asset.attachments
    new = attach(marketing, asset, make_pdf("Second edition"), "guide-v2.pdf")
    assert services.remove_attachment(marketing, old) == old.stored_name
    db.session.commit()
    assert [a.id for a in db.session.get(Asset, asset.id).attachments] == [new.id]
    assert asset.revisions[0].action == "detached"
    assert asset.revisions[0].changes == {"file": ["guide.pdf", None]}


@pytest.mark.parametrize("status", [AssetStatus.DRAFT, AssetStatus.ARCHIVED])
def test_an_unpublished_white_paper_can_lose_its_document(app, marketing, create_asset, status):
    asset = create_asset("white_paper", status=status)
    services.remove_attachment(marketing, asset.attachments[0])
    db.session.commit()
    assert count(Attachment) == 0


def test_other_kinds_can_lose_their_only_document(app, marketing, create_asset):
    asset = create_asset("case_study")
    attachment = attach(marketing, asset)
    services.remove_attachment(marketing, attachment)
    db.session.commit()
    assert count(Attachment) == 0


# --- reading: who sees what ---------------------------------------------------------------


@pytest.fixture
def catalogue(create_asset, create_user):
    """A small library: two published, one draft, one archived, from two owners."""
    alice, bob = create_user("marketing"), create_user("marketing")
    return {
        "alice": alice,
        "bob": bob,
        "case": create_asset("case_study", owner=alice, title="beta case study",
                             markets=["construction", "healthcare"]),
        "aid": create_asset("sales_aid", owner=bob, title="Alpha battle card",
                            markets=["healthcare"]),
        "draft": create_asset("email_template", status=AssetStatus.DRAFT, owner=alice,
                              title="Gamma draft email", markets=["construction"]),
        "archived": create_asset("testimonial", status=AssetStatus.ARCHIVED, owner=bob,
                                 title="Delta old quote", markets=["logistics"]),
    }


def titles(page) -> list[str]:
    return [asset.title for asset in page.items]


def test_reps_see_only_published_assets(app, rep, catalogue):
    page = services.list_assets(rep)
    assert sorted(titles(page)) == ["Alpha battle card", "beta case study"]
    assert page.total == 2


@pytest.mark.parametrize("role", ["marketing", "admin"])
def test_marketing_and_admins_see_every_status(app, create_user, catalogue, role):
    assert services.list_assets(create_user(role)).total == 4


@pytest.mark.parametrize("key", ["draft", "archived"])
def test_reps_cannot_open_drafts_or_archived_assets(app, rep, catalogue, key):
    with pytest.raises(NotFound):
        services.get_visible_asset(rep, catalogue[key].id)
    assert services.get_visible_asset(catalogue["alice"], catalogue[key].id) is catalogue[key]


def test_reps_can_open_published_assets(app, rep, catalogue):
    assert services.get_visible_asset(rep, catalogue["case"].id).title == "beta case study"


def test_a_missing_asset_is_not_found(app, catalogue):
    with pytest.raises(NotFound):
        services.get_visible_asset(catalogue["alice"], 9999)


def test_visible_to_is_a_query_reps_cannot_escape_with_extra_filters(app, rep, catalogue):
    rows = db.session.scalars(
        services.visible_to(rep).where(Asset.status.in_(["draft", "archived"]))).all()
    assert rows == []


@pytest.mark.parametrize(
    ("filters", "as_rep", "as_marketing"),
    [
        ({"kind": "case_study"}, ["beta case study"], ["beta case study"]),
        ({"kind": "email_template"}, [], ["Gamma draft email"]),
        ({"kind": "podcast"}, [], []),
        ({"market": "healthcare"}, ["Alpha battle card", "beta case study"],
         ["Alpha battle card", "beta case study"]),
        ({"market": "construction"}, ["beta case study"], ["beta case study", "Gamma draft email"]),
        ({"market": "logistics"}, [], ["Delta old quote"]),
        ({"market": "Healthcare"}, [], []),
        ({"status": "draft"}, [], ["Gamma draft email"]),
        ({"status": "archived"}, [], ["Delta old quote"]),
        ({"status": "published"}, ["Alpha battle card", "beta case study"],
         ["Alpha battle card", "beta case study"]),
        ({"kind": "case_study", "market": "logistics"}, [], []),
    ],
    ids=["kind", "kind-draft-only", "unknown-kind", "market", "market-with-draft",
         "market-archived-only", "market-wrong-case", "status-draft", "status-archived",
         "status-published", "kind-and-market"],
)
def test_filters(app, rep, catalogue, filters, as_rep, as_marketing):
    assert sorted(titles(services.list_assets(rep, **filters)), key=str.lower) == as_rep
    assert sorted(titles(services.list_assets(catalogue["alice"], **filters)),
                  key=str.lower) == as_marketing


def test_owner_filter(app, rep, catalogue):
    alice, bob = catalogue["alice"], catalogue["bob"]
    assert sorted(titles(services.list_assets(alice, owner_id=alice.id))) == [
        "Gamma draft email", "beta case study"]
    assert sorted(titles(services.list_assets(alice, owner_id=bob.id))) == [
        "Alpha battle card", "Delta old quote"]
    assert titles(services.list_assets(rep, owner_id=alice.id)) == ["beta case study"]


def test_sort_by_title_ignores_case(app, catalogue):
    assert titles(services.list_assets(catalogue["alice"], sort="title")) == [
        "Alpha battle card", "beta case study", "Delta old quote", "Gamma draft email"]


def test_sort_newest_first(app, catalogue):
    assert titles(services.list_assets(catalogue["alice"], sort="newest")) == [
        "Delta old quote", "Gamma draft email", "Alpha battle card", "beta case study"]


def test_sort_recently_updated_first_is_the_default(app, catalogue):
    alice = catalogue["alice"]
    services.update_asset(alice, catalogue["case"], {"summary": "Fresh summary"}, partial=True)
    db.session.commit()
    assert titles(services.list_assets(alice))[0] == "beta case study"
    assert titles(services.list_assets(alice, sort="no-such-sort"))[0] == "beta case study"


def test_paging_reports_totals_and_pages(app, marketing, create_asset):
    for number in range(5):
        create_asset("sales_aid", owner=marketing, title=f"Aid {number}")
    pages = [services.list_assets(marketing, sort="title", page=n, per_page=2) for n in (1, 2, 3)]
    assert [titles(p) for p in pages] == [["Aid 0", "Aid 1"], ["Aid 2", "Aid 3"], ["Aid 4"]]
    assert {(p.total, p.pages, p.per_page) for p in pages} == {(5, 3, 2)}
    assert [p.page for p in pages] == [1, 2, 3]

    beyond = services.list_assets(marketing, page=4, per_page=2)
    assert (beyond.items, beyond.total) == ([], 5)
    assert services.list_assets(marketing, sort="title", page=0, per_page=2).page == 1
    assert titles(services.list_assets(marketing, sort="title", page=-3, per_page=2)) == [
        "Aid 0", "Aid 1"]


def test_an_empty_library_has_one_empty_page(app, rep):
    page = services.list_assets(rep)
    assert (page.items, page.total, page.pages) == ([], 0, 1)


# --- usage and counts ---------------------------------------------------------------------


def test_usage_counts_views_and_downloads_with_all_six_figures(app, rep, catalogue):
    case, aid = catalogue["case"], catalogue["aid"]
    for action in ("views", "views", "downloads", "views", "shares"):
        services.record_usage(rep, case, action)
    services.record_usage(rep, aid, "downloads")
    db.session.commit()

    usage = services.usage_for([case.id, aid.id, catalogue["draft"].id])
    assert usage[case.id] == {"views": 3, "copies": 0, "downloads": 1, "helpful": 0,
                              "not_helpful": 0, "wins": 0}
    assert usage[aid.id] == {"views": 0, "copies": 0, "downloads": 1, "helpful": 0,
                             "not_helpful": 0, "wins": 0}
    assert usage[catalogue["draft"].id] == dict.fromkeys(services.USAGE_ACTIONS, 0)
    assert set(services.USAGE_ACTIONS) == {"views", "copies", "downloads", "helpful",
                                           "not_helpful", "wins"}


def test_only_reps_use_is_recorded(app, rep, marketing, create_user, catalogue):
    case = catalogue["case"]
    for user in (marketing, create_user("admin"), rep):
        for action in ("views", "copies", "downloads"):
            services.record_usage(user, case, action)
    db.session.commit()
    assert {(e.user_id, e.action) for e in db.session.scalars(select(UsageEvent))} == {
        (rep.id, "views"), (rep.id, "copies"), (rep.id, "downloads")}


def test_usage_counts_reps_only_as_the_dashboard_does(app, rep, marketing, create_user,
                                                      catalogue):
    """Events written before marketing's were left out, or by someone since made marketing,
    are not reps' use: the asset page agrees with the insights dashboard."""
    case = catalogue["case"]
    promoted = create_user("rep")
    db.session.add_all([UsageEvent(asset_id=case.id, user_id=user.id, action="views")
                        for user in (rep, marketing, promoted)])
    promoted.role = "marketing"
    db.session.commit()
    assert services.usage_for([case.id])[case.id]["views"] == 1


def test_usage_for_no_assets_is_empty(app):
    assert services.usage_for([]) == {}


def test_counts_only_include_what_a_rep_may_see(app, rep, catalogue):
    assert services.kind_counts(rep) == {"case_study": 1, "sales_aid": 1}
    assert services.facet_counts(rep, "markets") == {"construction": 1, "healthcare": 2}
    assert services.facet_counts(rep, "stages") == {"evaluation": 2}


def test_marketing_counts_include_drafts_and_archived(app, catalogue):
    alice = catalogue["alice"]
    assert services.kind_counts(alice) == {"case_study": 1, "sales_aid": 1, "email_template": 1,
                                           "testimonial": 1}
    assert services.facet_counts(alice, "markets") == {"construction": 2, "healthcare": 2,
                                                       "logistics": 1}
