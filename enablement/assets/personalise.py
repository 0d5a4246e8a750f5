"""Email templates filled in with a rep's values, safely, and the panel that does it on the
asset page (`/assets/<id>/personalise` without script, `POST /api/v1/assets/<id>/render` as JSON).

A template's merge fields are `{{ name }}` placeholders and nothing else: rendering is one regular
expression substitution over plain text. No template engine runs, so a template can't reach
objects, config or files, and a value that itself looks like `{{ other }}` stays text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from markupsafe import Markup, escape

from enablement.assets.forms import MergeForm
from enablement.errors import ValidationError
from enablement.markets import market_name, markets
from enablement.models import Asset, AssetKind, User

# A placeholder: two braces, a name made of letters, digits and underscores, two braces.
# Anything else between braces ({{ user.name }}, {{ 7*7 }}) is not a field and stays as written.
PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]{0,49})\s*\}\}")
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,49}$")
VALUE_MAX = 500
FIELDS_MAX = 50
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

LABELS = {
    "first_name": "First name",
    "last_name": "Last name",
    "company": "Company",
    "rep_name": "Your name",
    "rep_email": "Your email",
    "rep_phone": "Your phone",
    "market": "Market",
}


def field_label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").strip().capitalize() or name)


def placeholders(*texts: str) -> list[str]:
    """The merge fields the texts use, each once, in the order a reader meets them."""
    seen: dict[str, None] = {}
    for text in texts:
        for match in PLACEHOLDER.finditer(text or ""):
            seen.setdefault(match.group(1), None)
    return list(seen)


def substitute(text: str, values: dict[str, str], *, html: bool = False,
               single_line: bool = False, mark: bool = False,
               breaks: bool = True) -> tuple[str, list[str]]:
    """`text` with every filled placeholder replaced by its value, and the names left empty.

    With `html`, the result is HTML: the template's own text and the values are escaped, line
    breaks become <br> (unless not `breaks`: the preview keeps them and wraps with CSS).
    Placeholders without a value stay visible as `{{ name }}` (inside <mark> with `mark`, for
    the on-screen preview).
    """
    missing: dict[str, None] = {}
    parts: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(text or ""):
        parts.append(_piece(text[position:match.start()], html, breaks))
        value = values.get(match.group(1), "")
        if single_line:
            value = " ".join(value.split())
        if value.strip():
            parts.append(_piece(value, html, breaks))
        else:
            missing.setdefault(match.group(1), None)
            left = _piece(match.group(0), html, breaks)
            parts.append(f'<mark class="merge-missing-field">{left}</mark>' if html and mark
                         else left)
        position = match.end()
    parts.append(_piece((text or "")[position:], html, breaks))
    return "".join(parts), list(missing)


def _piece(text: str, html: bool, breaks: bool = True) -> str:
    if not html:
        return text
    escaped = str(escape(text)).replace("\r\n", "\n")
    return escaped.replace("\n", "<br>\n") if breaks else escaped


@dataclass
class RenderedEmail:
    subject: str
    body: str
    body_html: str
    missing: list[str]
    fields: list[str] = field(default_factory=list)

    @property
    def mailto(self) -> str:
        """A mailto: link that opens the rep's mail client with subject and body filled in."""
        return f"mailto:?subject={quote(self.subject, safe='')}&body={quote(self.body, safe='')}"

    # The on-screen preview: escaped text, with the fields still empty highlighted.
    subject_preview: Markup = Markup("")
    body_preview: Markup = Markup("")

    def as_json(self) -> dict:
        return {"subject": self.subject, "body": self.body, "body_html": self.body_html,
                "missing": self.missing}


def template_parts(asset: Asset) -> tuple[str, str]:
    """An email template's subject and body as marketing wrote them."""
    details = asset.details or {}
    return str(details.get("subject") or ""), str(details.get("email_body") or "")


def require_template(asset: Asset) -> None:
    if asset.kind != AssetKind.EMAIL_TEMPLATE:
        raise ValidationError("Only email templates can be filled in.",
                              {"kind": "This asset is not an email template."})


def clean_values(raw) -> dict[str, str]:
    """The values a rep typed, as text; raises ValidationError naming what is wrong."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValidationError("`fields` must be an object of names and values.",
                              {"fields": "Send an object, e.g. {\"first_name\": \"Dana\"}."})
    if len(raw) > FIELDS_MAX:
        raise ValidationError("Too many fields.", {"fields": f"At most {FIELDS_MAX} fields."})
    errors: dict[str, str] = {}
    values: dict[str, str] = {}
    for name, value in raw.items():
        key = f"fields.{name}"
        if not isinstance(name, str) or not NAME.match(name):
            errors[key] = "Field names are letters, digits and underscores."
            continue
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            errors[key] = "Values are text."
            continue
        text = _CONTROL.sub("", str(value).replace("\r\n", "\n")).strip()
        if len(text) > VALUE_MAX:
            errors[key] = f"At most {VALUE_MAX} characters."
            continue
        values[name] = text
    if errors:
        raise ValidationError("Some fields need attention.", errors)
    return values


def defaults(user: User, asset: Asset, market: str | None = None) -> dict[str, str]:
    """What the hub can fill in for the rep: their own name and email, and the market.

    The market is the one the rep came from (`?market=`) or the asset's only market.
    """
    values = {"rep_name": user.name or "", "rep_email": user.email or ""}
    if market and market in markets():
        values["market"] = market_name(market)
    elif len(asset.markets) == 1:
        values["market"] = market_name(asset.markets[0])
    return values


def render_email(asset: Asset, values: dict[str, str]) -> RenderedEmail:
    """The template filled with `values`; fields left empty are listed in `missing`."""
    require_template(asset)
    subject_text, body_text = template_parts(asset)
    subject, missing_subject = substitute(subject_text, values, single_line=True)
    body, missing_body = substitute(body_text, values)
    body_html, _ = substitute(body_text, values, html=True)
    missing = list(dict.fromkeys(missing_subject + missing_body))
    # Markup is safe here: `substitute` escapes the template's text and every value.
    subject_preview = Markup(substitute(subject_text, values, html=True, single_line=True,  # noqa: S704  # nosec B704 - escaped
                                        mark=True)[0])
    body_preview = Markup(substitute(body_text, values, html=True, mark=True,  # noqa: S704  # nosec B704 - escaped
                                     breaks=False)[0])
    return RenderedEmail(subject, body, body_html, missing,
                         placeholders(subject_text, body_text), subject_preview, body_preview)


def render_for(user: User, asset: Asset, raw_fields, market: str | None = None) -> RenderedEmail:
    """The API's render: the caller's values over what the hub fills in for them."""
    require_template(asset)
    values = defaults(user, asset, market)
    values.update(clean_values(raw_fields))
    return render_email(asset, values)


# ---------------------------------------------------------------- the panel on the asset page


@dataclass
class MergeField:
    name: str
    label: str
    value: str
    error: str = ""


@dataclass
class MergePanel:
    """An email template's merge fields with the rep's values, and the email they make."""

    fields: list[MergeField]
    email: RenderedEmail
    subject_template: str
    body_template: str
    form: MergeForm

    @property
    def missing_labels(self) -> list[str]:
        return [field_label(name) for name in self.email.missing]


def merge_panel(user: User, asset: Asset, values: dict[str, str] | None = None,
                errors: dict[str, str] | None = None, market: str | None = None) -> MergePanel:
    """The personalisation panel: `values` as typed, or what the hub can fill in for the rep."""
    subject, body = template_parts(asset)
    if values is None:
        values = defaults(user, asset, market)
    names = placeholders(subject, body)
    errors = errors or {}
    fields = [MergeField(name, field_label(name), values.get(name, ""),
                         errors.get(f"fields.{name}", "")) for name in names]
    safe_values = {k: v for k, v in values.items() if f"fields.{k}" not in errors}
    return MergePanel(fields, render_email(asset, safe_values), subject, body,
                      MergeForm(formdata=None))
