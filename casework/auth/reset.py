"""A forgotten password: a one-time link by e-mail, and the new password set through it.

``request_reset`` does the same work for every address asked for: it makes a token and hashes
it whether or not the address belongs to an active user, and the caller answers the same page
either way, so the answer does not tell who has an account. The e-mail is not sent while the
request is answered: ``request_reset`` returns what sends it, which the view hands to the unit
of work to run once the request is committed (``unit_of_work.after_commit``), and which sends
from a thread of its own (``MAIL_LINKS_IN_BACKGROUND``), so the mail server's time does not
show in the answer's either. Only an active user's
request stores the token's SHA-256 (``PasswordReset``) and sends the link; the token itself is
in the e-mail only. A link works once and for ``PASSWORD_RESET_HOURS``; setting a password
through it uses up every open link of the user, ends all the user's sessions (as a password
change does, ``services.set_password``) and is audited with the user as actor.

Services flush; the caller commits.
"""
import logging
import smtplib
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from casework import trail
from casework.auth import services
from casework.auth.models import PasswordReset, User
from casework.core.clock import as_utc, utcnow
from casework.core.errors import DomainError
from casework.core.extensions import db
from casework.core.mail import send_mail
from casework.core.secret_tokens import new_token, token_hash, worth_looking_up

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class LinkMail:
    """What a link's e-mail says: a forgotten password's, or a new account's."""

    subject: str
    opening: str
    ending: str


RESET = LinkMail(
    "Byt ditt lösenord i casework",
    "Någon, förhoppningsvis du, har bett om en länk för att byta lösenord i casework.\n"
    "Öppna länken och välj ett nytt lösenord:",
    "Har du inte bett om den kan du bortse från det här meddelandet; ditt lösenord "
    "är då oförändrat.",
)
INVITE = LinkMail(
    "Ditt konto i casework",
    "Du har fått ett konto i casework. Öppna länken och välj ditt lösenord:",
    "Logga sedan in med din e-postadress. Har länken hunnit sluta gälla kan du be om en ny "
    "under \"Glömt lösenordet?\" på inloggningssidan.",
)


class LinkInvalid(DomainError):
    """The link is unknown, used or expired: the user asks for a new one."""

    message = "Länken gäller inte längre."


def request_reset(email: str) -> Callable[[], None]:
    """Store a link for ``email`` if it is an active user's address, and return what sends it
    (to run after the commit, outside the request); for any other address do the same token
    work and return what sends nothing."""
    token = new_token()
    hashed = token_hash(token)
    user = services.user_by_email(email)
    if user is None or not user.active:
        return _nothing
    trail.record("password_reset_link", actor=user)
    return _store_link(user, token, hashed, RESET)


def send_link(user: User, mail: LinkMail) -> Callable[[], None]:
    """Store a link for ``user`` (an admin sends it: a new account's, or a new one for a lost
    password), and return what sends it, as ``request_reset``."""
    token = new_token()
    return _store_link(user, token, token_hash(token), mail)


def _store_link(user: User, token: str, hashed: str,
                mail: LinkMail) -> Callable[[], None]:
    now = utcnow()
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    db.session.add(PasswordReset(token_hash=hashed, user_id=user.id, created_at=now,
                                 expires_at=now + timedelta(hours=hours)))
    db.session.flush()
    app, to, body = current_app._get_current_object(), user.email, _body(token, hours, mail)

    def deliver() -> None:
        with app.app_context():
            try:
                send_mail(to, mail.subject, body)
            except (smtplib.SMTPException, OSError) as error:
                # The page said it was sent: it must not tell that this address has an account.
                log.warning("the password link e-mail was not sent (%s)", type(error).__name__)

    def send() -> None:
        if app.config["MAIL_LINKS_IN_BACKGROUND"]:
            threading.Thread(target=deliver, name="casework-link-mail").start()
        else:
            deliver()

    return send


def _nothing() -> None:
    return None


def link_user(token: str) -> User | None:
    """The active user whose open link ``token`` is, or ``None``."""
    record = _open_link(token)
    if record is None:
        return None
    user = db.session.get(User, record.user_id)
    return user if user is not None and user.active else None


def reset_password(token: str, password: str) -> User:
    """Set the password of the link's user (the policy applies: ``services.WeakPassword``
    leaves the link open) and use the link up; raises ``LinkInvalid`` for a link that is
    unknown, used or expired."""
    record = _open_link(token)
    user = link_user(token) if record is not None else None
    if user is None:
        raise LinkInvalid()
    services.set_password(user, password)  # ends every session of the user
    now = utcnow()
    # Conditional, so that of two requests with the same link only one sets the password.
    used = db.session.execute(
        sa.update(PasswordReset).where(PasswordReset.id == record.id,
                                       PasswordReset.used_at.is_(None))
        .values(used_at=now)
    ).rowcount
    if used != 1:
        raise LinkInvalid()
    db.session.execute(
        sa.update(PasswordReset).where(PasswordReset.user_id == user.id,
                                       PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    trail.record("password_reset", actor=user)
    db.session.flush()
    return user


def _open_link(token: str) -> PasswordReset | None:
    if not worth_looking_up(token):
        return None
    record = db.session.scalar(
        sa.select(PasswordReset).where(PasswordReset.token_hash == token_hash(token)))
    if record is None or record.used_at is not None or as_utc(record.expires_at) <= utcnow():
        return None
    return record


def _body(token: str, hours: int, mail: LinkMail) -> str:
    link = f"{current_app.config['BASE_URL'].rstrip('/')}/losenord/{token}"
    return (f"Hej!\n\n{mail.opening}\n\n{link}\n\n"
            f"Länken gäller i {hours} timmar och kan användas en gång. {mail.ending}\n")

