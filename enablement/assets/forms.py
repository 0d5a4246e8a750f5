"""Browser forms for assets, built from the kind definitions so they never drift from the API."""

from __future__ import annotations

from functools import cache

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)

from enablement.assets.kinds import FieldSpec, kind_spec
from enablement.web import choices


class CheckboxList(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):
        """The service checks values against the current markets and stages."""


class AssetFormBase(FlaskForm):
    title = StringField("Title")
    summary = TextAreaField("Summary", description="One or two sentences reps see in lists.")
    body = TextAreaField("Body", description="Markdown: **bold**, lists, ## headings, links.")
    markets = CheckboxList("Markets")
    personas = StringField("Personas", description="Comma-separated, e.g. CFO, Safety Manager.")
    stages = CheckboxList("Sales stages", choices=[])
    products = StringField("Products", description="Comma-separated.")
    review_by = StringField("Review by", render_kw={"type": "date"},
                            description="When marketing should check this is still accurate.")

    common_fields = ("title", "summary", "body", "markets", "personas", "stages", "products",
                     "review_by")
    kind_fields: tuple[str, ...] = ()

    def to_input(self) -> dict:
        """The submitted values as the service expects them."""
        data = {name: self[name].data for name in self.common_fields + self.kind_fields}
        return data


def _field_for(spec: FieldSpec):
    kwargs = {"description": spec.help}
    if spec.type == "bool":
        return BooleanField(spec.label, **kwargs)
    if spec.type == "choice":
        return SelectField(spec.label, choices=choices([("", "Choose…"), *spec.choices]),
                           validate_choice=False, **kwargs)  # the service checks the choice
    if spec.type in ("text", "metrics"):
        return TextAreaField(spec.label, **kwargs)
    return StringField(spec.label, **kwargs)


@cache
def asset_form_class(kind: str) -> type[AssetFormBase]:
    spec = kind_spec(kind)
    attributes = {f.name: _field_for(f) for f in spec.fields}
    attributes["kind_fields"] = tuple(f.name for f in spec.fields)
    return type(f"{spec.label.replace(' ', '')}Form", (AssetFormBase,), attributes)


def form_values(values: dict, kind: str) -> dict:
    """An asset's stored values shaped for a form (lists as comma text, metrics as lines)."""
    shaped = dict(values)
    for name in ("personas", "products"):
        shaped[name] = ", ".join(values.get(name) or [])
    for field_spec in kind_spec(kind).fields:
        if field_spec.type == "metrics":
            shaped[field_spec.name] = "\n".join(
                f"{m['value']} | {m['label']}" for m in values.get(field_spec.name) or []
            )
    return shaped


class UploadForm(FlaskForm):
    file = FileField("Attach a document (PDF, Word or PowerPoint)",
                     validators=[FileRequired("Choose a file to upload.")])


class MergeForm(FlaskForm):
    """Carries the CSRF token; an email template's fields are inputs named `field.NAME`."""
