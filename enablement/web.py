"""What every feature's pages share: the button form, form errors, choices, page numbers, times.

Helpers used by several features live here, never in one feature's views.py (STYLE.md habit 19).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from flask import flash
from flask_wtf import FlaskForm
from wtforms import SelectChoice

from enablement.assets.kinds import KINDS
from enablement.errors import DomainError, ValidationError
from enablement.markets import markets
from enablement.pagination import MAX_PAGE


class ActionForm(FlaskForm):
    """A button that changes something: only carries the CSRF token."""


def show_form_errors(form, error: DomainError, aliases: dict[str, str] | None = None) -> None:
    """Show a service's refusal on the form: each message beside its field, the rest flashed
    (a refusal that names no field is flashed whole).

    `aliases` maps the service's field names to the form's where they differ.
    """
    if not error.fields:
        flash(error.message, "danger")
    for name, message in error.fields.items():
        name = (aliases or {}).get(name, name)
        if name in form:
            form[name].errors = [*form[name].errors, message]
        else:
            flash(message, "danger")


def choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def market_choices(empty: str | None = None) -> list[SelectChoice]:
    """The hub's markets for a select box, after an `empty` choice when given."""
    first = [SelectChoice("", empty)] if empty else []
    return first + [SelectChoice(m.slug, m.name) for m in markets().values()]


def kind_choices(empty: str | None = None) -> list[SelectChoice]:
    """The asset kinds for a select box, after an `empty` choice when given."""
    first = [SelectChoice("", empty)] if empty else []
    return first + [SelectChoice(slug, spec.label) for slug, spec in KINDS.items()]


def page_number(args, name: str = "page", default: int = 1) -> int:
    """A page number (or page size) from the query string; anything that isn't a whole number is
    the default. Not clamped below: services clamp for pages, the JSON search refuses 0 with a
    422. Above MAX_PAGE it is a 422 naming the parameter."""
    try:
        value = int(args.get(name, default))
    except (TypeError, ValueError):
        return default
    if value > MAX_PAGE:
        raise ValidationError("Invalid paging.",
                              {name: f"Use a whole number from 1 to {MAX_PAGE:,}."})
    return value


def iso(value: date | datetime | None) -> str | None:
    """A date or time as ISO 8601 text, offset included (None stays None)."""
    return value.isoformat() if value is not None else None


def iso_utc(value: datetime | None) -> str | None:
    """A UTC time as ISO 8601 ending in `Z`, as the news and insights APIs write it."""
    return value.isoformat().replace("+00:00", "Z") if value is not None else None
