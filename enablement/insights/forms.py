"""Forms on /insights: a draft from a search that found nothing, and the admins' targets."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import AnyOf, DataRequired, Length

from enablement.insights import metrics
from enablement.insights.periods import PRESETS
from enablement.web import kind_choices


class GapDraftForm(FlaskForm):
    query = HiddenField(validators=[DataRequired(), Length(max=400)])
    kind = SelectField("Kind", choices=kind_choices, validate_choice=False)


class GapSetAsideForm(FlaskForm):
    """Dismiss or snooze a gap (the button pressed says which), or bring one back."""

    query = HiddenField(validators=[DataRequired(), Length(max=400)])
    how = HiddenField(validators=[AnyOf(("dismiss", "snooze", "bring_back"))])


def target_field_name(metric: str, days: int) -> str:
    return f"target_{metric}_{days}"


class TargetsForm(FlaskForm):
    """One box per shared metric and period length; an empty box means no target."""

    def fields_for(self, metric: str) -> list:
        return [self[target_field_name(metric, days)] for days in PRESETS]


for _metric in metrics.METRICS.values():
    for _days in PRESETS:
        setattr(TargetsForm, target_field_name(_metric.key, _days), StringField(
            f"{_metric.label}, {_days} days", render_kw={"inputmode": "decimal"}))


def filled_targets_form(**kwargs) -> TargetsForm:
    """The targets form filled with the targets set today."""
    values = {target_field_name(metric, days): f"{target.normalize():f}"
              for (metric, days), target in metrics.all_targets().items()}
    return TargetsForm(data=values, **kwargs)
