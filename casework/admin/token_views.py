"""The API token pages (``/admin/api-nycklar``): the tokens of the admin's subtrees, a new one
(its secret shown once, on the answer to the form, and never again) and revoking one. The work
is ``casework.auth.tokens``'s; a token of a node the admin does not manage answers 404."""
from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from casework.access.needs import ADMIN, requires
from casework.admin.blueprint import bp
from casework.admin.token_forms import NewTokenForm, RevokeForm
from casework.auth import tokens
from casework.core.clock import utcnow
from casework.core.errors import DomainError
from casework.core.refusals import refusals


@bp.get("/api-nycklar")
@requires(ADMIN)
def api_tokens():
    return render_template("admin/tokens.html", tokens=tokens.managed_tokens(current_user),
                           now=utcnow(), usable=tokens.usable, revoke=RevokeForm())


@bp.route("/api-nycklar/ny", methods=["GET", "POST"])
@requires(ADMIN)
def new_api_token():
    form = NewTokenForm.for_admin(current_user, current_app.config["API_TOKEN_DAYS"])
    if form.validate_on_submit():
        with refusals(form) as refused:
            token, secret = tokens.create_token(
                current_user, name=form.name.data, node=form.nodes.get(form.node.data),
                scope=form.scope.data, days=int(form.days.data))
        if not refused:
            # The one answer that shows the secret: not stored by the browser (no-store).
            return render_template("admin/token_created.html", token=token, secret=secret)
    return render_template("admin/token_new.html", form=form), 400 if form.errors else 200


@bp.post("/api-nycklar/<int:token_id>/aterkalla")
@requires(ADMIN)
def revoke_api_token(token_id: int):
    token = tokens.managed_token(current_user, token_id)
    if token is None:
        abort(404)
    if not RevokeForm().validate_on_submit():
        abort(400)
    try:
        tokens.revoke_token(token)
    except DomainError as refused:  # already revoked: a second click
        flash(str(refused), "info")
    else:
        flash(f"Nyckeln {token.name} är återkallad.", "success")
    return redirect(url_for(".api_tokens"), 303)
