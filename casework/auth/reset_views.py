"""The forgotten-password pages: asking for a link (``/login/glomt``) and setting a new
password through it (``/losenord/<token>``). The work is in ``casework.auth.reset``.

The link's page is sent with ``Referrer-Policy: no-referrer`` so its address, which holds the
token, goes nowhere, and the access log writes the path without the token
(``casework.web.log_redaction``).
"""
from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_login import current_user, logout_user

from casework.access.needs import PUBLIC, requires
from casework.auth import reset, services, throttle
from casework.auth.forms import ResetPasswordForm, ResetRequestForm
from casework.auth.views import bp, too_many_attempts
from casework.core import unit_of_work
from casework.web.security import without_referrer as _private

SENT = ("Om adressen finns hos oss har vi skickat en länk till den. Länken gäller i "
        "{hours} timmar och kan användas en gång.")


@bp.route("/login/glomt", methods=["GET", "POST"])
@requires(PUBLIC)
def forgot():
    if current_user.is_authenticated:
        return redirect(url_for("web.start"))
    form = ResetRequestForm()
    if form.validate_on_submit():
        try:
            throttle.count_reset_request(form.email.data)
        except throttle.TooManyAttempts as refused:
            form.form_errors.append(
                "Det har kommit många förfrågningar om att byta lösenord. Försök igen om "
                f"{refused.wait}.")
            return too_many_attempts(refused, "auth/forgot.html", form=form)
        unit_of_work.after_commit(reset.request_reset(form.email.data))
        return render_template("auth/forgot_sent.html", sent=SENT.format(hours=_hours()))
    return render_template("auth/forgot.html", form=form)


@bp.route("/losenord/<token>", methods=["GET", "POST"])
@requires(PUBLIC)
def reset_password(token: str):
    user = reset.link_user(token)
    if user is None:
        return _private(render_template("auth/reset_invalid.html"), 410)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            reset.reset_password(token, form.new_password.data)
        except services.WeakPassword as weak:
            form.new_password.errors.extend(weak.problems)
        except reset.LinkInvalid:
            return _private(render_template("auth/reset_invalid.html"), 410)
        else:
            # Whoever was signed in in this browser is signed out with every other session.
            logout_user()
            session.clear()
            flash("Lösenordet är bytt. Logga in med det nya.", "success")
            return _private(redirect(url_for("auth.login")))
    return _private(render_template("auth/reset.html", form=form))


def _hours() -> int:
    return current_app.config["PASSWORD_RESET_HOURS"]
