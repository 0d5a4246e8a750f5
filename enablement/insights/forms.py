"""Forms for content requests."""

from flask_wtf import FlaskForm
from wtforms import (
    HiddenField,
    SelectField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length

from enablement.insights.requests import TEXT_MAX


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
