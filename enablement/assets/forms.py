"""Browser forms for assets, built from the kind definitions so they never drift from the API."""

from __future__ import annotations

from functools import cache

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired, MultipleFileField
from markupsafe import Markup
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


# What a draft needs to be saved, and what every kind needs before it is published (as
# services.publish_problems asks; each kind adds its own fields and, for some, a document).
REQUIRED_TO_SAVE = ("title",)
NEEDED_TO_PUBLISH = ("summary", "markets")
DOCUMENT_TYPES = ".pdf,.docx,.pptx"


def marked(label: str, need: str | None) -> str | Markup:
    """A field's label saying it is needed to publish (part of its name, so a screen reader says
    it too). What saving needs carries `required` instead: the label stays the field's name, and
    hub.css shows "required" beside it."""
    if need == "publish":
        return Markup('{} <span class="field-need field-need-publish">needed to publish</span>'
                      ).format(label)
    return label


class AssetFormBase(FlaskForm):
    title = StringField("Title", render_kw={"required": True})
    summary = TextAreaField(marked("Summary", "publish"),
                            description="One or two sentences reps see in lists.")
    body = TextAreaField("Body", description="Markdown: **bold**, lists, ## headings, links.")
    markets = CheckboxList(marked("Markets", "publish"))
    personas = StringField("Personas", description="Comma-separated, e.g. CFO, Safety Manager.")
    stages = CheckboxList("Sales stages", choices=[])
    products = StringField("Products", description="Comma-separated.")
    review_by = StringField("Review by", render_kw={"type": "date"},
                            description="When marketing should check this is still accurate.")

    internal_only = BooleanField("Internal only: reps use it, it is never shared with buyers")

    files = MultipleFileField("Add documents", render_kw={"accept": DOCUMENT_TYPES})

    common_fields = ("title", "summary", "body", "markets", "personas", "stages", "products",
                     "review_by", "internal_only")
    kind_fields: tuple[str, ...] = ()
    needs: dict[str, str] = {}  # field name -> "save" or "publish"
    refusal: str | None = None  # why the last save was refused, above the list of problems
    other_problems: tuple[str, ...] = ()  # problems with no field on the form (e.g. a request's)

    @property
    def fields_in_page_order(self) -> list:
        """The fields as the page shows them, for the list of problems above the form."""
        names = ("title", "summary", *self.kind_fields, "body", "files", "markets", "stages",
                 "personas", "products", "review_by", "internal_only")
        return [self[name] for name in names]

    def to_input(self) -> dict:
        """The submitted values as the service expects them."""
        data = {name: self[name].data for name in self.common_fields + self.kind_fields}
        return data


def _field_for(spec: FieldSpec):
    kwargs = {"description": spec.help}
    label = marked(spec.label, "publish" if spec.required_to_publish else None)
    if spec.type == "bool":
        return BooleanField(label, **kwargs)
    if spec.type == "choice":
        return SelectField(label, choices=choices([("", "Choose…"), *spec.choices]),
                           validate_choice=False, **kwargs)  # the service checks the choice
    if spec.type in ("text", "metrics"):
        return TextAreaField(label, **kwargs)
    return StringField(label, **kwargs)


@cache
def asset_form_class(kind: str) -> type[AssetFormBase]:
    spec = kind_spec(kind)
    attributes = {f.name: _field_for(f) for f in spec.fields}
    attributes["kind_fields"] = tuple(f.name for f in spec.fields)
    needs = dict.fromkeys(REQUIRED_TO_SAVE, "save") | dict.fromkeys(NEEDED_TO_PUBLISH, "publish")
    needs |= {f.name: "publish" for f in spec.fields if f.required_to_publish}
    if spec.needs_attachment_to_publish:
        attributes["files"] = MultipleFileField(marked("Add documents", "publish"),
                                                render_kw={"accept": DOCUMENT_TYPES})
        needs["files"] = "publish"
    attributes["needs"] = needs
    return type(f"{spec.label.replace(' ', '')}Form", (AssetFormBase,), attributes)


def chosen_files(form: AssetFormBase) -> list:
    """The documents chosen in the form's file field (a browser sends an empty part for none)."""
    return [f for f in form.files.data or [] if getattr(f, "filename", "")]


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
