"""The signed-in user's own account: changing the password, turning the second factor on and off.

A change to either ends every session of the user (a copied cookie dies with them) and gives
this browser a new one. Checks of the current password count towards the login throttle, so
a stolen session cannot be used to guess it.
"""
from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from casework.access.needs import SIGNED_IN, requires
from casework.auth import services, throttle, totp
from casework.auth.forms import CodeForm, PasswordChangeForm, TotpDisableForm
from casework.auth.passwords import verify_password
from casework.auth.views import bp, renew_session, too_many_attempts

WRONG_PASSWORD = "Fel lösenord."


@bp.route("/account/password", methods=["GET", "POST"])
@requires(SIGNED_IN)
def password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        refused = _password_refused(form.current_password)
        if refused is not None:
            return refused
        if not form.current_password.errors:
            try:
                services.set_password(current_user, form.new_password.data)
            except services.WeakPassword as weak:
                form.new_password.errors.extend(weak.problems)
            else:
                return _changed("Ditt lösenord är bytt. Du är utloggad på alla andra ställen.")
    return render_template("auth/password.html", form=form)


@bp.get("/account/totp", endpoint="totp")
@requires(SIGNED_IN)
def totp_page():
    return _totp_page(CodeForm(), TotpDisableForm())


@bp.post("/account/totp/enable")
@requires(SIGNED_IN)
def totp_enable():
    form = CodeForm()
    if current_user.totp_enabled:
        return redirect(url_for("auth.totp"))
    if form.validate_on_submit():
        if totp.enable(current_user, form.code.data):
            return _changed("Tvåstegsverifiering är på. Du är utloggad på alla andra ställen.")
        form.code.errors.append("Koden stämmer inte. Kontrollera att telefonens klocka går rätt "
                                "och skriv in koden som appen visar nu.")
    return _totp_page(form, TotpDisableForm())


@bp.post("/account/totp/disable")
@requires(SIGNED_IN)
def totp_disable():
    form = TotpDisableForm()
    if not current_user.totp_enabled or totp.required_for(current_user):
        return redirect(url_for("auth.totp"))
    if form.validate_on_submit():
        refused = _password_refused(form.password)
        if refused is not None:
            return refused
        if not form.password.errors:
            if totp.verify(current_user, form.code.data):
                totp.disable(current_user)
                return _changed("Tvåstegsverifiering är av. Du är utloggad på alla andra ställen.")
            form.code.errors.append("Fel kod, eller en kod som redan har använts.")
    return _totp_page(CodeForm(), form)


def _totp_page(enable_form: CodeForm, disable_form: TotpDisableForm):
    secret = uri = qr_code = None
    if not current_user.totp_enabled:
        secret = totp.pending_secret(current_user)
        uri = totp.provisioning_uri(current_user, secret)
        qr_code = Markup(totp.qr_code_svg(uri))  # segno's own markup: the uri is encoded in it
    return render_template(
        "auth/totp.html", enable_form=enable_form, disable_form=disable_form, secret=secret,
        secret_groups=_groups(secret), uri=uri, qr_code=qr_code,
        required=totp.required_for(current_user),
    )


def _password_refused(field):
    """A 429 response when the account or address is throttled; otherwise ``None``, after
    checking the password typed in ``field`` and marking the field if it is wrong."""
    try:
        attempt = throttle.begin(current_user.email)
    except throttle.TooManyAttempts as refused:
        return too_many_attempts(refused)
    if verify_password(current_user.password_hash, field.data):
        attempt.passed()
    else:
        # The page is answered 200, so the request commits the counted failure with it.
        field.errors.extend(attempt.failed(WRONG_PASSWORD))
    return None


def _changed(message: str):
    renew_session(current_user)
    flash(message, "success")
    return redirect(url_for("web.start"))


def _groups(secret: str | None) -> str | None:
    """The secret in groups of four, easier to type into an app."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4)) if secret else None
