"""The search page, result clicks, and the synonyms marketing maintains."""

from __future__ import annotations

import functools

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import Role, SearchLog, Synonym
from enablement.requests.forms import request_form
from enablement.search import service, synonyms
from enablement.search.forms import params_from, search_args
from enablement.search.registry import SEARCHABLES
from enablement.security import role_required
from enablement.web import ActionForm

bp = Blueprint("search", __name__)


@bp.get("/search")
@role_required(Role.REP)
def results():
    params = params_from(request.args)
    found = service.search(current_user, params) if params.q.strip() else None
    db.session.commit()
    form = request_form(text=params.q, search_query=params.q)
    return render_template("search/results.html", params=params, found=found,
                           request_form=form, facet_url=functools.partial(_facet_url, params),
                           page_url=functools.partial(_page_url, params),
                           sort_args=search_args(params, sort=None, page=None),
                           FACET_LABELS=FACET_LABELS)


FACET_LABELS = {"type": "Type", "kind": "Kind", "market": "Market", "persona": "Persona",
                "stage": "Sales stage"}


def _facet_url(params: service.SearchParams, name: str, value: str) -> str:
    """The results with `value` toggled in facet `name`, from the first page."""
    selected = params.filters.get(name, [])
    values = [v for v in selected if v != value] if value in selected else [*selected, value]
    return url_for("search.results", **search_args(params, page=None, **{name: values}))


def _page_url(params: service.SearchParams, **changes) -> str:
    return url_for("search.results", **search_args(params, **changes))


@bp.get("/search/open/<int:log_id>/<doc_type>/<int:doc_id>")
@role_required(Role.REP)
def open_result(log_id: int, doc_type: str, doc_id: int):
    """Follow a result, remembering which one was opened (searches nobody opens are gaps)."""
    searchable = SEARCHABLES.get(doc_type)
    if searchable is None or searchable.url is None:
        abort(404)
    entry = db.session.get(SearchLog, log_id)
    if entry is not None and entry.user_id == current_user.id and not entry.clicked_doc:
        entry.clicked_doc = f"{doc_type}:{doc_id}"
        db.session.commit()
    return redirect(searchable.url(doc_id))


class SynonymForm(FlaskForm):
    terms = TextAreaField("Terms that mean the same",
                          validators=[DataRequired(), Length(max=800)],
                          description="Comma-separated, e.g. ROI, return on investment",
                          render_kw={"rows": 2})


@bp.route("/search/synonyms", methods=["GET", "POST"])
@role_required(Role.MARKETING)
def synonym_list():
    form = SynonymForm()
    if form.validate_on_submit():
        try:
            synonyms.add_synonyms(current_user, form.terms.data)
        except ValidationError as error:
            db.session.rollback()
            form.terms.errors = [*form.terms.errors, error.message]
        else:
            db.session.commit()
            flash("Synonyms saved: searches use them from now on.", "success")
            return redirect(url_for("search.synonym_list"))
    groups = db.session.scalars(select(Synonym).order_by(Synonym.id)).all()
    return render_template("search/synonyms.html", form=form, groups=groups,
                           action_form=ActionForm()), 422 if form.errors else 200


@bp.post("/search/synonyms/<int:synonym_id>/delete")
@role_required(Role.MARKETING)
def delete_synonym(synonym_id: int):
    synonym = db.session.get(Synonym, synonym_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    synonyms.delete_synonyms(current_user, synonym)
    db.session.commit()
    flash("Synonym group removed.", "success")
    return redirect(url_for("search.synonym_list"))
