"""The share builder and the share page's forms (the service checks every value)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    IntegerField,
    PasswordField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import Optional

from enablement.shares.services import EXPIRY_DEFAULT_DAYS, EXPIRY_MAX_DAYS


class AssetChecklist(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):
        """The service says which assets may be shared, and why not."""


class ShareForm(FlaskForm):
    asset_ids = AssetChecklist("What to share", choices=[])
    account = StringField("Account or opportunity", render_kw={"required": True,
                                                               "maxlength": 200})
    recipient_name = StringField("Recipient's name", render_kw={"maxlength": 120})
    recipient_email = StringField("Recipient's email", render_kw={"type": "email",
                                                                  "maxlength": 254})
    note = TextAreaField("Personal note", description="Markdown: **bold**, lists, links.")
    expires_in_days = IntegerField(
        "Expires after (days)", default=EXPIRY_DEFAULT_DAYS, validators=[Optional()],
        render_kw={"min": 1, "max": EXPIRY_MAX_DAYS},
        description=f"At most {EXPIRY_MAX_DAYS} days.")
    allow_download = BooleanField("Let them download the documents")
    require_email = BooleanField("Ask for their email before they can read")
    passcode = PasswordField("Passcode (optional)", render_kw={"autocomplete": "new-password",
                                                               "maxlength": 100},
                             description="They type it before they can read. Tell them "
                                         "separately.")

    def to_input(self) -> dict:
        data = {name: self[name].data for name in (
            "account", "recipient_name", "recipient_email", "note", "allow_download",
            "require_email")}
        data["expires_in_days"] = self.expires_in_days.data
        data["asset_ids"] = list(self.asset_ids.data or [])
        if self.passcode.data:
            data["passcode"] = self.passcode.data
        return data


class AddAssetsForm(FlaskForm):
    asset_ids = AssetChecklist("Add assets", choices=[])


class ExtendForm(FlaskForm):
    expires_in_days = IntegerField("Expire in (days from today)", default=EXPIRY_DEFAULT_DAYS,
                                   validators=[Optional()],
                                   render_kw={"min": 1, "max": EXPIRY_MAX_DAYS})
