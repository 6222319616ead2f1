"""Login and logout. Every POST is CSRF-checked by Flask-WTF's ``CSRFProtect``."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from casework.auth.authentication import authenticate
from casework.auth.forms import LoginForm
from casework.auth.models import User
from casework.extensions import db, login_manager

bp = Blueprint("auth", __name__)

BAD_CREDENTIALS = "Fel e-postadress eller lösenord."

# Flask-Login settings sit with the views they point to.
login_manager.login_view = "auth.login"
login_manager.login_message = "Logga in för att fortsätta."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("web.start"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()  # nothing set before login carries over (session fixation)
            login_user(user)
            db.session.commit()
            return redirect(_local_path(request.args.get("next")) or url_for("web.start"))
        form.form_errors.append(BAD_CREDENTIALS)
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    session.clear()
    flash("Du är utloggad.", "info")
    return redirect(url_for("auth.login"))


def _local_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site; anything that could leave the site is dropped."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target
