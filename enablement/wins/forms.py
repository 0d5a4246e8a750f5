"""The form a rep (or marketing, for a rep) records a won deal with, and corrects it."""

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField

from enablement.wins.services import ACCOUNT_MAX, NOTE_MAX


class AssetIds(SelectMultipleField):
    """The assets that helped, as ids. The page lists them itself (wins/_asset_picker.html:
    chosen first, then the person's recently used, then the rest) and the service checks them
    (published assets only), so whatever was sent stays chosen if the form comes back."""

    def pre_validate(self, form):
        """Any ids may come back: the service names the ones it refuses."""


class WinForm(FlaskForm):
    account = StringField("Account", render_kw={"maxlength": ACCOUNT_MAX})
    amount = StringField("Amount", render_kw={"inputmode": "decimal"},
                         description="The deal's value, e.g. 48000.")
    closed_on = StringField("Closed on", render_kw={"type": "date"})
    market = SelectField("Market", choices=[], validate_choice=False)
    asset_ids = AssetIds("Assets that helped", choices=[],
                         description="Tick every one that helped; those you used lately come "
                                     "first.")
    lead_source = SelectField("Who sourced the lead?", choices=[], validate_choice=False)
    lead_marketer = SelectField("Marketer who generated the lead", choices=[],
                                validate_choice=False,
                                description="When marketing sourced it: who gets the credit.")
    rep = SelectField("Closed by", choices=[], validate_choice=False)
    note = TextAreaField("Note", render_kw={"rows": 3, "maxlength": NOTE_MAX},
                         description="What tipped it: the story others can learn from.")


def plain_amount(amount: Decimal) -> str:
    """An amount as typed in a form: 48000, or 48000.50 with cents."""
    return f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"
