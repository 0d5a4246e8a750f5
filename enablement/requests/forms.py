"""Forms for content requests: asking, the thread, and marketing's owner, date, link and draft."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from enablement.requests.services import COMMENT_MAX, TEXT_MAX
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


class CommentForm(FlaskForm):
    comment = TextAreaField("Add a comment", validators=[
        DataRequired("Write something first."),
        Length(max=COMMENT_MAX, message=f"At most {COMMENT_MAX:,} characters.")])


class PlanForm(FlaskForm):
    owner_id = SelectField("Owner", choices=[], validate_choice=False)
    # Checked by the service (today to a year ahead), the same rule as the API's.
    expected_on = StringField("Expected by", render_kw={"type": "date"})


class ConfirmDraftForm(FlaskForm):
    confirmed = BooleanField("I've replaced the rep's words with the real content",
                             validators=[DataRequired("Tick the box to confirm.")])


def request_form(**kwargs) -> RequestForm:
    """The request form with the hub's markets and kinds (the search page offers it too)."""
    form = RequestForm(**kwargs)
    form.market.choices = market_choices("Any market")
    form.kind.choices = kind_choices("Any kind")
    return form
