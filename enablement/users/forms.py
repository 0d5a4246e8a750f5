"""Admin forms for users."""

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, Length, Optional

from enablement.models import Role

ROLE_CHOICES = [SelectChoice(r.value, r.label) for r in Role]


class NewUserForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    name = StringField("Name", validators=[Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES, default="rep")
    password = PasswordField(
        "Password", validators=[Optional(), Length(max=200)],
        description="Leave empty to generate one; it is shown once.",
    )


class EditUserForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    role = SelectField("Role", choices=ROLE_CHOICES)
    active = BooleanField("Active (can sign in)")
    password = PasswordField(
        "New password", validators=[Optional(), Length(max=200)],
        description="Leave empty to keep the current password.",
    )


class ScimTokenForm(FlaskForm):
    name = StringField("Which identity provider", validators=[Length(max=80)],
                       render_kw={"placeholder": "e.g. Okta"})


class TokenForm(FlaskForm):
    name = StringField("What the token is for", validators=[Length(max=80)],
                       render_kw={"placeholder": "e.g. CRM webhook"})
