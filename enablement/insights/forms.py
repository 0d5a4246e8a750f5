"""Forms for content requests and wins."""

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length

from enablement.insights.requests import TEXT_MAX
from enablement.insights.wins import ACCOUNT_MAX, NOTE_MAX


class RequestForm(FlaskForm):
    text = TextAreaField("What do you need?", validators=[DataRequired(), Length(max=TEXT_MAX)],
                         render_kw={"rows": 3})
    market = SelectField("Market", choices=[], validate_choice=False)
    kind = SelectField("Kind", choices=[], validate_choice=False)
    search_query = HiddenField()


class LinkForm(FlaskForm):
    asset_id = SelectField("Asset that answers it", choices=[], validate_choice=False)


class DraftForm(FlaskForm):
    kind = SelectField("Kind of asset", choices=[], validate_choice=False)


class MultiSelect(SelectMultipleField):
    def pre_validate(self, form):
        """The service checks the ids (published assets only)."""


class WinForm(FlaskForm):
    account = StringField("Account", render_kw={"maxlength": ACCOUNT_MAX})
    amount = StringField("Amount", render_kw={"inputmode": "decimal"},
                         description="The deal's value, e.g. 48000.")
    closed_on = StringField("Closed on", render_kw={"type": "date"})
    market = SelectField("Market", choices=[], validate_choice=False)
    asset_ids = MultiSelect("Assets that helped", choices=[],
                            render_kw={"size": 8},
                            description="Hold Ctrl (⌘ on a Mac) to choose several.")
    lead_source = SelectField("Who sourced the lead?", choices=[], validate_choice=False)
    lead_marketer = SelectField("Marketer who generated the lead", choices=[],
                                validate_choice=False,
                                description="When marketing sourced it: who gets the credit.")
    rep = SelectField("Closed by", choices=[], validate_choice=False)
    note = TextAreaField("Note", render_kw={"rows": 3, "maxlength": NOTE_MAX},
                         description="What tipped it: the story others can learn from.")
