"""The helpful / not helpful form on an asset's page and on its feedback page."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField
from wtforms.validators import AnyOf, Length

from enablement.feedback.services import COMMENT_MAX


class FeedbackForm(FlaskForm):
    # Set by the button pressed: "yes" (helpful) or "no".
    helpful = HiddenField(validators=[AnyOf(["yes", "no"], message="Choose helpful or not.")])
    comment = TextAreaField("Comment (optional)", validators=[Length(max=COMMENT_MAX)],
                            render_kw={"rows": 2, "maxlength": COMMENT_MAX},
                            description="What worked, what was missing: the asset's owner reads "
                                        "this.")
