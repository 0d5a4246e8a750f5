"""The search page, result clicks, and the synonyms marketing maintains."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from enablement.assets.kinds import KINDS
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.models import Role, SearchLog, Synonym
from enablement.models.base import as_id
from enablement.requests.forms import request_form
from enablement.search import answer_feedback as votes
from enablement.search import answer_links, service, synonyms
from enablement.search import query as querying
from enablement.search.forms import MAX_QUERY_CHARS, params_from, search_args
from enablement.search.registry import SEARCHABLES
from enablement.security import role_required
from enablement.shares.rules import shareable_ids
from enablement.web import ActionForm

bp = Blueprint("search", __name__)


@bp.get("/search")
@role_required(Role.REP)
def results():
    params = params_from(request.args)
    found = service.search(current_user, params) if params.q.strip() else None
    # Asked for (ask=1): answered in the page, which then works without JS. Read as a question:
    # answered after the results, by answers.js, so the results never wait for it.
    panel = _panel(params.q, found.log_id) if found and params.ask else None
    answers_url = url_for("search.answer_panel", q=params.q, log=found.log_id) \
        if found and not params.ask and service.wants_answers(params) else None
    db.session.commit()
    chosen = _chosen(params, found)
    shareable = shareable_ids(hit.id for hit in found.hits if hit.type == "asset") \
        if found else set()
    form = request_form(text=params.q, search_query=params.q, **_asked_about(chosen))
    return render_template("search/results.html", params=params, found=found,
                           panel=panel, answers_url=answers_url, shareable=shareable,
                           max_query_chars=querying.MAX_QUERY_CHARS,
                           request_form=form, chosen=chosen,
                           facet_url=functools.partial(_facet_url, params, chosen),
                           page_url=functools.partial(_page_url, params),
                           sort_args=search_args(params, sort=None, page=None),
                           FACET_LABELS=FACET_LABELS)


@bp.get("/search/answers")
@role_required(Role.REP)
def answer_panel():
    """The answer panel alone, for the results page to load after its results."""
    panel = _panel(request.args.get("q", "")[:MAX_QUERY_CHARS], request.args.get("log"))
    db.session.commit()
    return render_template("search/_answers.html", panel=panel)


def _panel(question: str, log_id) -> dict:
    found = service.ask(question)
    log_id = as_id(log_id)
    service.record_answers(current_user, log_id, len(found))
    return {"answers": [{"key": answer.key, "title": answer.title, "passage": answer.passage,
                         "source": answer_links.source(answer), "url": answer_links.url(answer),
                         "filename": answer.filename}
                        for answer in found],
            "log_id": log_id, "form": ActionForm()}


@bp.post("/search/answers/feedback")
@role_required(Role.REP)
def answer_feedback():
    """A rep's "helpful / not helpful" on an answer to their question."""
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        vote = votes.rate(current_user, request.form.get("log_id"),
                                    request.form.get("passage"), request.form.get("helpful"))
    except ValidationError:
        db.session.rollback()
        abort(422)
    question = vote.search_log.query if vote.search_log else ""
    db.session.commit()
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"helpful": vote.helpful}), 201
    flash("Thanks: marketing sees which answers help.", "success")
    return redirect(url_for("search.results", q=question, ask=1, _anchor="answers"), 303)


FACET_LABELS = {"type": "Type", "kind": "Kind", "market": "Market", "persona": "Persona",
                "stage": "Sales stage"}


@dataclass
class Chosen:
    """A filter in force, as a chip: chosen in the facets, or named by the rep's words."""

    facet: str
    value: str
    label: str | None  # None: the page names it as it names the facet's values
    words: str | None  # the words that named it, when they did
    remove_url: str


def _chosen(params: service.SearchParams, found: service.SearchResults | None) -> list[Chosen]:
    """Every filter in force, each with the link that removes it: a facet value unchosen, or
    the words that named it searched as words (`literal=`)."""
    chips: list[Chosen] = []
    understood = found.understood if found else []
    for detection in understood:
        remaining = [v for v in params.filters.get(detection.facet, []) if v != detection.value]
        url = url_for("search.results", **search_args(
            params, page=None, literal=[*params.literal, detection.key],
            **{detection.facet: remaining}))
        chips.append(Chosen(detection.facet, detection.value, detection.label, detection.words,
                            url))
    named = {(chip.facet, chip.value) for chip in chips}
    for name, values in params.filters.items():
        for value in values:
            if (name, value) not in named:
                chips.append(Chosen(name, value, None, None, _toggle_url(params, name, value)))
    return chips


def _asked_about(chosen: list[Chosen]) -> dict[str, str]:
    """The request form's market and kind, when the search was about exactly one of each."""
    asked = {}
    for facet, field in (("market", "market"), ("kind", "kind")):
        values = {chip.value for chip in chosen if chip.facet == facet}
        if len(values) == 1 and (facet != "kind" or values <= set(KINDS)):
            asked[field] = values.pop()
    return asked


def _facet_url(params: service.SearchParams, chosen: list[Chosen], name: str, value: str) -> str:
    """The results with `value` toggled in facet `name`, from the first page; a value the rep's
    words named is toggled off by searching those words as words."""
    for chip in chosen:
        if (chip.facet, chip.value) == (name, value):
            return chip.remove_url
    return _toggle_url(params, name, value)


def _toggle_url(params: service.SearchParams, name: str, value: str) -> str:
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
