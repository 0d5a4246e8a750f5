"""The admin form for a webhook receiver."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField, URLField, widgets
from wtforms.validators import Length

from enablement.web import choices, market_choices
from enablement.webhooks.events import EVENTS, SLACK_EVENTS


class CheckboxList(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):
        """The service checks the events against the receiver's format."""


def event_choices():
    labels = {**{name: f"{name}: {label}" for name, label in EVENTS.items()},
              **{name: f"{name} (Slack): {label}" for name, label in SLACK_EVENTS.items()
                 if name not in EVENTS}}
    return choices(labels.items())


class EndpointForm(FlaskForm):
    url = URLField("Receiver URL", validators=[Length(max=2000)],
                   description="Where the hub POSTs each event, e.g. https://crm.example.com/"
                               "hooks/hub, or a Slack incoming webhook.")
    description = StringField("What it is for", validators=[Length(max=200)])
    format = SelectField("Format", choices=choices([
        ("hub", "Signed JSON (X-Hub-Signature)"),
        ("slack", "Slack incoming webhook (a channel)")]), default="hub")
    events = CheckboxList("Events", choices=[])
    market = SelectField("Market (Slack channels only)", choices=[], validate_choice=False,
                         description="Leave empty to tell the channel about every market.")
    active = BooleanField("On (sends deliveries)", default=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.events.choices = event_choices()
        self.market.choices = market_choices("Every market")

    def values(self) -> dict:
        return {"url": self.url.data, "description": self.description.data,
                "format": self.format.data, "events": list(self.events.data or []),
                "market": self.market.data or None, "active": bool(self.active.data)}
