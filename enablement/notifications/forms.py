"""The form where people choose how the hub tells them things: today, the weekly email."""

from flask_wtf import FlaskForm
from wtforms import BooleanField

from enablement.assets.forms import CheckboxList


class NotificationSettingsForm(FlaskForm):
    weekly_email = BooleanField("Send me a weekly email")
    markets = CheckboxList("Markets in my weekly email",
                           description="None ticked: news and assets of every market.")
