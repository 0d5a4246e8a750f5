"""Browser forms for news: talking points and pins."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField

from enablement.news.services import TALKING_POINTS_MAX


class TalkingPointsForm(FlaskForm):
    talking_points = TextAreaField(
        "Talking points",
        description=f"Markdown, at most {TALKING_POINTS_MAX:,} characters. What should a rep say "
                    "about this news? Reps see it in the digest, in search and on this page.",
    )


class PinForm(FlaskForm):
    pinned = HiddenField()
