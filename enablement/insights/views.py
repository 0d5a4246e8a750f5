"""Content requests in the browser."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import SelectChoice

from enablement.assets.forms import ActionForm
from enablement.assets.kinds import KINDS
from enablement.errors import ValidationError
from enablement.extensions import db
from enablement.insights import requests as content_requests
from enablement.insights.forms import RequestForm
from enablement.markets import markets
from enablement.models import ContentRequest, RequestStatus, Role
from enablement.security import role_required

bp = Blueprint("insights", __name__)


def request_form(**kwargs) -> RequestForm:
    form = RequestForm(**kwargs)
    form.market.choices = [SelectChoice("", "Any market")] + [
        SelectChoice(m.slug, m.name) for m in markets().values()
    ]
    form.kind.choices = [SelectChoice("", "Any kind")] + [
        SelectChoice(slug, spec.label) for slug, spec in KINDS.items()
    ]
    return form


@bp.route("/requests", methods=["GET", "POST"])
@role_required(Role.REP)
def requests_page():
    form = request_form()
    status = 200
    if form.validate_on_submit():
        try:
            content_requests.create_request(current_user, form.text.data, form.market.data,
                                            form.kind.data, form.search_query.data)
        except ValidationError as error:
            db.session.rollback()
            for name, message in error.fields.items():
                form[name].errors = [*form[name].errors, message]
        else:
            db.session.commit()
            flash("Request sent to marketing. You'll see its status here.", "success")
            return redirect(url_for("insights.requests_page"))
    if form.errors:
        status = 422
    return render_template(
        "insights/requests.html", form=form, action_form=ActionForm(),
        requests=content_requests.visible_requests(current_user, request.args.get("status")),
        statuses=[s.value for s in RequestStatus],
    ), status


@bp.post("/requests/<int:request_id>/status")
@role_required(Role.MARKETING)
def request_status(request_id: int):
    content_request = db.session.get(ContentRequest, request_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    content_requests.set_status(current_user, content_request, request.form.get("status", ""))
    db.session.commit()
    flash("Request updated.", "success")
    return redirect(url_for("insights.requests_page"))
