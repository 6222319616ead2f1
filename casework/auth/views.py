"""Login (password, then a code when the user has a second factor) and logout.

Every POST is CSRF-checked by Flask-WTF's ``CSRFProtect``. A signed-in session is a
``UserSession`` record (see ``casework.auth.sessions``): the cookie holds its token next to
Flask-Login's user id, and the user loader accepts the cookie only while the record is open.
Remember-me cookies are never set, and one presented anyway finds no session token, so it
signs nobody in. The account pages (password, second factor) are in ``account_views``.
"""
import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from casework.access.needs import PUBLIC, requires
from casework.auth import sessions, throttle, totp
from casework.auth.authentication import authenticate
from casework.auth.forms import CodeForm, LoginForm
from casework.auth.models import User
from casework.cases import submissions
from casework.core.extensions import db, login_manager

bp = Blueprint("auth", __name__)

BAD_CREDENTIALS = "Fel e-postadress eller lösenord."
BAD_CODE = "Fel kod, eller en kod som redan har använts. Vänta på nästa kod i appen."
ENDED = "Din inloggning har upphört. Logga in igen."
#: The session key of the server-side session's token.
TOKEN_KEY = "_session_token"
#: The session key of a login waiting for its code, and how long it waits.
PENDING_KEY = "_pending_login"
PENDING_SECONDS = 300
#: What a user who must set up a second factor may reach before doing so.
SETUP_ENDPOINTS = frozenset({"auth.totp", "auth.totp_enable", "auth.logout", "static"})

# Flask-Login settings sit with the views they point to.
login_manager.login_view = "auth.login"
login_manager.login_message = "Logga in för att fortsätta."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    # A session ended here, or its last use moved on, is committed with the request.
    user = sessions.session_user(session.get(TOKEN_KEY), int(user_id))
    if user is None:
        for key in ("_user_id", "_fresh", "_id", TOKEN_KEY):
            session.pop(key, None)
        flash(ENDED, "info")
    return user


@bp.before_app_request
def _check_session():
    """Load the user before any view runs; then keep a user who must use a second factor on
    its set-up page until it is on."""
    if request.endpoint == "static" or not current_user.is_authenticated:
        return None
    if request.endpoint not in SETUP_ENDPOINTS and not current_user.totp_enabled \
            and totp.required_for(current_user):
        flash("Du måste aktivera tvåstegsverifiering innan du kan fortsätta.", "info")
        return redirect(url_for("auth.totp"))
    return None


@bp.route("/login", methods=["GET", "POST"])
@requires(PUBLIC)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("web.start"))
    form = LoginForm()
    if form.validate_on_submit():
        email = form.email.data
        try:
            attempt = throttle.begin(email)
        except throttle.TooManyAttempts as refused:
            form.form_errors.append(refused.message)
            return too_many_attempts(refused, "auth/login.html", form=form)
        user = authenticate(email, form.password.data)
        if user is None:
            # Answered 200, so the request commits the counted failure with it.
            form.form_errors.extend(attempt.failed(BAD_CREDENTIALS))
        elif user.totp_enabled:
            attempt.passed()
            return _ask_for_code(user)
        else:
            return complete_login(user, attempt)
    return render_template("auth/login.html", form=form)


@bp.route("/login/code", methods=["GET", "POST"])
@requires(PUBLIC)
def login_code():
    """The second step: the user passed the password and is not signed in until the code is right."""
    user = _pending_user()
    if user is None:
        flash("Inloggningen tog för lång tid. Logga in igen.", "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        try:
            attempt = throttle.begin(user.email)
        except throttle.TooManyAttempts as refused:
            return too_many_attempts(refused)
        if totp.verify(user, form.code.data):
            return complete_login(user, attempt, session.get(PENDING_KEY, {}).get("next"))
        form.code.errors.extend(attempt.failed(BAD_CODE))  # answered 200: committed
    return render_template("auth/login_code.html", form=form)


@bp.post("/logout")
@requires(PUBLIC)
def logout():
    """Public: ending a session needs none, and whoever comes with an expired one is told
    they are signed out all the same."""
    sessions.end_session(session.get(TOKEN_KEY))
    logout_user()
    session.clear()
    flash("Du är utloggad.", "info")
    return redirect(url_for("auth.login"))


def complete_login(user: User, attempt: throttle.Attempt, next_path: str | None = None):
    """Sign ``user`` in with a new server-side session and go on to ``next`` or the start page."""
    target = _local_path(next_path or request.args.get("next")) or url_for("web.start")
    session.clear()  # nothing set before login carries over (session fixation)
    login_user(user)
    session[TOKEN_KEY] = sessions.start_session(user)
    submissions.prune(user.id)
    attempt.signed_in()
    return redirect(target)


def renew_session(user: User) -> None:
    """Give this browser a new session after the user's sessions were all ended (a password
    or second-factor change), so the user stays signed in here and nowhere else."""
    session[TOKEN_KEY] = sessions.start_session(user)


def too_many_attempts(refused: throttle.TooManyAttempts, template: str = "errors/429.html",
                      **context):
    response = make_response(render_template(template, refused=refused, **context), 429)
    response.headers["Retry-After"] = str(refused.retry_after)
    return response


def _ask_for_code(user: User):
    next_path = _local_path(request.args.get("next"))
    session.clear()
    session[PENDING_KEY] = {"user_id": user.id, "at": int(time.time()), "next": next_path}
    return redirect(url_for("auth.login_code"))


def _pending_user() -> User | None:
    pending = session.get(PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        session.pop(PENDING_KEY, None)
        return None
    user = db.session.get(User, pending["user_id"])
    return user if user is not None and user.active and user.totp_enabled else None


def _local_path(target: str | None) -> str | None:
    """``target`` if it is a path on this site; anything that could leave the site is dropped."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in target):
        return None
    return target


from casework.auth import (
    account_views,  # noqa: F401  (adds the account pages to bp)
    reset_views,  # noqa: F401  (adds the forgotten-password pages)
)
