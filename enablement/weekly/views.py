"""The one-click unsubscribe behind every weekly email's link and List-Unsubscribe header.

GET shows a confirmation with a button (link scanners and previews fetch GETs; they must not
unsubscribe anyone). POST unsubscribes: mail clients send it on their own (RFC 8058
`List-Unsubscribe=One-Click`) without a session or a CSRF token, so the signed token in the URL
is what authorises it, and nothing else is accepted.
"""

from flask import Blueprint, render_template, request

from enablement.extensions import csrf, db
from enablement.security import public
from enablement.weekly import services
from enablement.weekly.unsubscribe import LinkError, user_for_token

bp = Blueprint("weekly", __name__)
TOKEN_MAX = 300  # our tokens are under 100 characters


@bp.route("/weekly-email/unsubscribe/<token>", methods=["GET", "POST"])
@public
@csrf.exempt
def unsubscribe(token: str):
    try:
        if len(token) > TOKEN_MAX:
            raise LinkError("This unsubscribe link isn't valid.")
        user = user_for_token(token)
    except LinkError as error:
        return render_template("weekly/unsubscribe.html", error=str(error)), 400
    if request.method == "GET":
        return render_template("weekly/unsubscribe.html", address=_masked(user.email),
                               subscribed=services.is_subscribed(user))
    services.unsubscribe(user)
    db.session.commit()
    return render_template("weekly/unsubscribe.html", address=_masked(user.email), done=True)


def _masked(email: str) -> str:
    """Enough of the address to recognise it, in case the email was forwarded."""
    name, _, domain = email.partition("@")
    return f"{name[:1]}…@{domain}"
