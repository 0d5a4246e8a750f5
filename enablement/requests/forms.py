"""Forms for content requests: asking, and marketing linking or drafting an answer."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from enablement.requests.services import TEXT_MAX
from enablement.web import kind_choices, market_choices


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


def request_form(**kwargs) -> RequestForm:
    """The request form with the hub's markets and kinds (the search page offers it too)."""
    form = RequestForm(**kwargs)
    form.market.choices = market_choices("Any market")
    form.kind.choices = kind_choices("Any kind")
    return form
