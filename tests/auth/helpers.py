"""Shared by the session, throttle and second-factor tests."""
from datetime import timedelta

import sqlalchemy as sa

from casework.auth.models import LoginCounter, UserSession
from casework.core.extensions import db


def post_login(client, email, password, address="127.0.0.1", query=""):
    return client.post(f"/login{query}", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def copy_session(source, target) -> None:
    """Give ``target`` the very session cookie ``source`` has, as a thief would."""
    target.set_cookie("session", session_cookie(source))


def signed_in(client) -> bool:
    response = client.get("/")
    return response.status_code == 200


def records(user) -> list[UserSession]:
    db.session.expire_all()
    return list(db.session.scalars(
        sa.select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)
    ))


def skip_slowdown() -> None:
    """Let the throttle's slow-down pass: every last failure happened an hour ago (the windows
    stay as they are)."""
    for counter in db.session.scalars(sa.select(LoginCounter)):
        if counter.last_failure_at is not None:
            counter.last_failure_at -= timedelta(hours=1)
    db.session.flush()
