"""What each kind of asset holds: the shared fields and each kind's own, with their limits.

Forms, validation, the API and the OpenAPI document are all built from these definitions.
"""

from __future__ import annotations

from dataclasses import dataclass

from enablement.models import AssetKind


@dataclass(frozen=True)
class FieldSpec:
    name: str
    label: str
    type: str  # "line", "text", "bool", "choice", "metrics"
    max_length: int = 0
    required_to_publish: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""


@dataclass(frozen=True)
class KindSpec:
    slug: str
    label: str
    plural: str
    description: str
    fields: tuple[FieldSpec, ...]
    needs_attachment_to_publish: bool = False


TITLE_MAX = 200
SUMMARY_MAX = 1000
BODY_MAX = 50_000
TAG_MAX = 100
TAGS_PER_FACET = 20
METRICS_MAX = 6

STAGES: tuple[tuple[str, str], ...] = (
    ("prospecting", "Prospecting"),
    ("discovery", "Discovery"),
    ("evaluation", "Evaluation"),
    ("proposal", "Proposal"),
    ("negotiation", "Negotiation"),
    ("closing", "Closing"),
)

SALES_AID_TYPES = (
    ("battle_card", "Battle card"),
    ("one_pager", "One-pager"),
    ("talk_track", "Talk track"),
    ("other", "Other sales aid"),
)

KINDS: dict[str, KindSpec] = {
    spec.slug: spec
    for spec in (
        KindSpec(
            AssetKind.CASE_STUDY, "Case study", "Case studies",
            "A customer's story: the challenge, what we did and the results.",
            (
                FieldSpec("customer", "Customer", "line", 200, True),
                FieldSpec("industry", "Industry", "line", 100),
                FieldSpec("challenge", "Challenge", "text", 5000, True),
                FieldSpec("solution", "Solution", "text", 5000, True),
                FieldSpec("results", "Results", "text", 5000, True),
                FieldSpec("metrics", "Headline metrics", "metrics", 120,
                          help="One per line: value, then a label, "
                               "e.g. `38% | fewer missed visits`."),
            ),
        ),
        KindSpec(
            AssetKind.EMAIL_TEMPLATE, "Email template", "Email templates",
            "An email reps personalise and send; merge fields look like {{first_name}}.",
            (
                FieldSpec("subject", "Subject", "line", 200, True),
                FieldSpec("email_body", "Email body", "text", 10_000, True,
                          help="Plain text. Merge fields: {{first_name}}, {{company}}, "
                               "{{rep_name}}…"),
            ),
        ),
        KindSpec(
            AssetKind.TESTIMONIAL, "Testimonial", "Testimonials",
            "A customer quote reps can use in decks and emails.",
            (
                FieldSpec("quote", "Quote", "text", 2000, True),
                FieldSpec("person", "Person", "line", 200, True),
                FieldSpec("person_title", "Their title", "line", 200),
                FieldSpec("company", "Company", "line", 200, True),
                FieldSpec("permission", "We have permission to use this quote publicly", "bool"),
            ),
        ),
        KindSpec(
            AssetKind.WHITE_PAPER, "White paper", "White papers",
            "A long-form paper: an abstract here, the document attached.",
            (FieldSpec("abstract", "Abstract", "text", 5000, True),),
            needs_attachment_to_publish=True,
        ),
        KindSpec(
            AssetKind.SALES_AID, "Sales aid", "Sales aids",
            "Battle cards, one-pagers and talk tracks.",
            (FieldSpec("aid_type", "Type", "choice", 20, True, SALES_AID_TYPES),),
        ),
    )
}


def kind_spec(kind: str) -> KindSpec:
    return KINDS[kind]


def kind_label(kind: str) -> str:
    return KINDS[kind].label if kind in KINDS else kind


def stage_label(stage: str) -> str:
    return dict(STAGES).get(stage, stage)
