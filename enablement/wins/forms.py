"""The form a rep (or marketing, for a rep) records a won deal with."""

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField

from enablement.wins.services import ACCOUNT_MAX, NOTE_MAX


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
