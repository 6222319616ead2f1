"""The user pages: the list (``/admin/anvandare``), a new user, one user's page with its
changes, and the import of many users from a file. The work is ``casework.auth.accounts``'s and
``casework.auth.user_import``'s.

The list's text filter names people, so it is posted and kept out of the URL
(``casework.web.private_terms``). A user the admin does not manage answers 404. Every change
answers with a redirect to the user's page (a double click changes nothing twice: the second
finds the change made, or is refused with a message); links are e-mailed after the answer,
committed (``unit_of_work.after_commit``), from a thread of their own.
"""
from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from casework.access.needs import ADMIN, requires
from casework.admin import user_forms
from casework.admin.blueprint import bp
from casework.auth import accounts, throttle, user_import
from casework.auth.models import Role, User
from casework.auth.views import too_many_attempts
from casework.cases import submissions
from casework.core import unit_of_work
from casework.core.errors import DomainError
from casework.core.extensions import db
from casework.core.refusals import refusals
from casework.core.sheets import SheetError
from casework.organisation.models import OrgNode
from casework.web.private_terms import EXPIRED, PrivateTerms

TEXT = PrivateTerms("admin-users", "sok")
LINK_SENT = "En länk för att välja lösenord har skickats till {email}. Den gäller i {hours} timmar."


@bp.get("/anvandare")
@requires(ADMIN)
def users():
    reading = TEXT.read(request.args)
    if reading.expired:
        flash(EXPIRED, "info")
    form = user_forms.UserFilterForm.for_admin(current_user, reading.formdata)
    found = accounts.search(current_user, form.filters(_nodes())) if form.validate() else None
    return render_template("admin/users.html", form=form, users=found)


@bp.post("/anvandare")
@requires(ADMIN)
def search_users():
    form = user_forms.UserFilterForm.for_admin(current_user, request.form)
    if not form.validate():
        return render_template("admin/users.html", form=form, users=None), 400
    return redirect(url_for(".users", **TEXT.arguments(form, TEXT.remember(form))), 303)


@bp.route("/anvandare/ny", methods=["GET", "POST"])
@requires(ADMIN)
def new_user():
    form = user_forms.NewUserForm.for_admin(current_user)
    if form.validate_on_submit():
        grant = form.grant.form
        with refusals(form) as refused:
            user, send = accounts.create_user(
                current_user, form.email.data, form.name.data,
                [(Role(grant.role.data), _node(grant.node.data))])
        if not refused:
            flash(f"{user.name} har lagts till. " + _sent(user), "success")
            return _then(send, redirect(url_for(".user", user_id=user.id), 303))
    return render_template("admin/user_new.html", form=form), 400 if form.errors else 200


@bp.get("/anvandare/<int:user_id>")
@requires(ADMIN)
def user(user_id: int):
    return _user_page(_managed(user_id))


@bp.post("/anvandare/<int:user_id>/namn")
@requires(ADMIN)
def rename_user(user_id: int):
    person = _managed(user_id)
    form = user_forms.NameForm()
    if not form.validate():
        return _user_page(person, name_form=form, status=400)
    return _change(person, lambda: accounts.rename(person, form.name.data), "Namnet är ändrat.")


@bp.post("/anvandare/<int:user_id>/titel")
@requires(ADMIN)
def retitle_user(user_id: int):
    person = _managed(user_id)
    form = user_forms.TitleForm()
    if not form.validate():
        return _user_page(person, title_form=form, status=400)
    return _change(person, lambda: accounts.set_title(person, form.title.data),
                   "Titeln är ändrad.")


@bp.post("/anvandare/<int:user_id>/behorigheter")
@requires(ADMIN)
def add_grant(user_id: int):
    person = _managed(user_id)
    form = user_forms.GrantForm.for_admin(current_user)
    if not form.validate():
        return _user_page(person, grant_form=form, status=400)
    grant = form.grant.form
    return _change(person, lambda: accounts.add_grant(
        current_user, person, Role(grant.role.data), _node(grant.node.data)),
        "Behörigheten är tillagd.")


@bp.post("/anvandare/<int:user_id>/behorigheter/<int:grant_id>/ta-bort")
@requires(ADMIN)
def remove_grant(user_id: int, grant_id: int):
    person = _managed(user_id)
    return _change(person, lambda: accounts.remove_grant(current_user, person, grant_id),
                   "Behörigheten är borttagen.")


@bp.post("/anvandare/<int:user_id>/inaktivera")
@requires(ADMIN)
def deactivate_user(user_id: int):
    person = _managed(user_id)
    return _change(person, lambda: accounts.deactivate(current_user, person),
                   "Användaren är inaktiverad och utloggad överallt.")


@bp.post("/anvandare/<int:user_id>/aktivera")
@requires(ADMIN)
def reactivate_user(user_id: int):
    person = _managed(user_id)
    return _change(person, lambda: accounts.reactivate(person), "Användaren är aktiv igen.")


@bp.post("/anvandare/<int:user_id>/tvastegsverifiering")
@requires(ADMIN)
def reset_second_factor(user_id: int):
    person = _managed(user_id)
    return _change(person, lambda: accounts.reset_second_factor(current_user, person),
                   "Tvåstegsverifieringen är avstängd; användaren ställer in den igen vid "
                   "nästa inloggning om rollen kräver det.")


@bp.post("/anvandare/<int:user_id>/lank")
@requires(ADMIN)
def send_link(user_id: int):
    person = _managed(user_id)
    if not user_forms.ConfirmForm().validate():
        abort(400)
    try:
        throttle.count_reset_request(person.email, per_client=False)
    except throttle.TooManyAttempts as refused:
        flash(f"Det har skickats många länkar till {person.email}. Försök igen om "
              f"{refused.wait}.", "error")
        return too_many_attempts(refused, "admin/user.html", **_user_context(person))
    try:
        send = accounts.send_password_link(person)
    except DomainError as refused:
        flash(str(refused), "error")
        return redirect(url_for(".user", user_id=person.id), 303)
    flash(_sent(person), "success")
    return _then(send, redirect(url_for(".user", user_id=person.id), 303))


@bp.route("/anvandare/import", methods=["GET", "POST"])
@requires(ADMIN)
def import_users():
    """The file sent: every row checked and shown, and, when none is bad, the confirmation."""
    form = user_forms.ImportUploadForm()
    if not form.validate_on_submit():
        return render_template("admin/users_import.html", form=form, checked=None)
    upload = form.file.data
    try:
        if not upload or not upload.filename:
            raise SheetError("Välj en fil att läsa in.")
        checked = user_import.check(current_user, upload.read(user_import.MAX_BYTES + 1),
                                    upload.filename)
    except SheetError as refused:
        form.file.errors = [str(refused)]
        return render_template("admin/users_import.html", form=form, checked=None), 400
    confirm = user_forms.ImportConfirmForm(rows=checked.as_json())
    return render_template("admin/users_import.html", form=form, checked=checked,
                           confirm=confirm), 400 if checked.bad else 200


@bp.post("/anvandare/import/bekrafta")
@requires(ADMIN)
def confirm_import():
    """Create the users of the checked rows, checked again; all or nobody."""
    confirm = user_forms.ImportConfirmForm()
    if not confirm.validate():
        abort(400)
    if submissions.claim(confirm.token.data, current_user.id) is not None:
        flash("Filen är redan inläst: användarna lades till vid första klicket.", "info")
        return redirect(url_for(".users"), 303)
    try:
        checked = user_import.check_posted(current_user, confirm.rows.data)
    except SheetError as refused:
        flash(f"Ingen användare skapades: {refused} Läs in filen igen.", "error")
        return redirect(url_for(".import_users"), 303)
    if checked.bad:  # changed since the preview (an address taken meanwhile, say)
        return render_template("admin/users_import.html", form=user_forms.ImportUploadForm(),
                               checked=checked), 400
    created, send = user_import.create_all(current_user, checked)
    flash(f"{len(created)} användare har lagts till och fått en länk för att välja "
          "lösenord.", "success")
    return _then(send, redirect(url_for(".users"), 303))


def _managed(user_id: int) -> User:
    person = accounts.managed_user(current_user, user_id)
    if person is None:
        abort(404)
    return person


def _node(node_id: str) -> OrgNode:
    """A node chosen in a form; the form's choices are the managed ones, the service checks
    again."""
    node = db.session.get(OrgNode, int(node_id))
    if node is None:
        abort(400)
    return node


def _nodes() -> dict[str, OrgNode]:
    return {str(node.id): node for node in accounts.managed_nodes(current_user)}


def _change(person: User, change, done: str):
    """Run one of the user page's changes: its message, and back to the page."""
    if not user_forms.ConfirmForm().validate():  # the CSRF token (every form has it)
        abort(400)
    try:
        change()
    except DomainError as refused:
        unit_of_work.rollback()
        flash(str(refused), "error")
    else:
        flash(done, "success")
    return redirect(url_for(".user", user_id=person.id), 303)


def _user_context(person: User, **forms) -> dict:
    return {
        "person": person,
        "name_form": forms.get("name_form") or user_forms.NameForm(name=person.name),
        "title_form": forms.get("title_form") or user_forms.TitleForm(title=person.title),
        "grant_form": forms.get("grant_form") or user_forms.GrantForm.for_admin(current_user),
        "confirm": user_forms.ConfirmForm(),
        "may_remove": len(person.grants) > 1,
        "myself": person.id == current_user.id,
    }


def _user_page(person: User, status: int = 200, **forms):
    return render_template("admin/user.html", **_user_context(person, **forms)), status


def _sent(person: User) -> str:
    return LINK_SENT.format(email=person.email, hours=current_app.config["PASSWORD_RESET_HOURS"])


def _then(send, response):
    """``response``, with ``send`` to run once the request is committed."""
    unit_of_work.after_commit(send)
    return response
