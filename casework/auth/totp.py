"""The second factor: time-based one-time codes (RFC 6238: 6 digits, 30-second steps) via pyotp.

A code is accepted for the current step and one step either side (phone clocks drift), and
only once: the step of the last accepted code is stored and no code of that step or an earlier
one is accepted again. Setting up stores a secret first and turns the factor on only when a
code made from it is confirmed, so a reload of the set-up page shows the same secret.

Services flush; the caller commits.
"""
import hmac
from datetime import datetime

import pyotp
import segno
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm.attributes import set_committed_value

from casework.auth.models import Role, User
from casework.auth.sessions import end_all_sessions
from casework.core.clock import utcnow
from casework.core.extensions import db

DRIFT_STEPS = 1


def required_for(user: User) -> bool:
    """Whether the user's roles oblige them to use the second factor (``TOTP_REQUIRED_ROLES``)."""
    required = {Role(r) for r in current_app.config["TOTP_REQUIRED_ROLES"]}
    return bool(required & user.roles())


def pending_secret(user: User) -> str:
    """The secret being set up (made on first call); the factor stays off until confirmed."""
    if user.totp_enabled:
        raise ValueError("the second factor is already on")
    if user.totp_secret is None:
        user.totp_secret = pyotp.random_base32()
        db.session.flush()
    return user.totp_secret


def provisioning_uri(user: User, secret: str) -> str:
    """The ``otpauth://`` address an authenticator app reads (as a link or a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(
        name=user.email, issuer_name=current_app.config["TOTP_ISSUER"]
    )


def qr_code_svg(uri: str) -> str:
    """``uri`` as a QR code in inline SVG, drawn on the server (no script, no inline style, so
    the CSP stands), with its text alternative; the key stays beside it as text."""
    svg = segno.make(uri, error="m").svg_inline(
        scale=4, svgclass="totp-qr__code", lineclass=None,
        title="QR-kod som lägger till kontot i autentiseringsappen")
    return svg.replace("<svg ", '<svg role="img" ', 1)


def enable(user: User, code: str) -> bool:
    """Turn the factor on if ``code`` matches the pending secret; ends the user's sessions."""
    if user.totp_enabled or user.totp_secret is None or not verify(user, code):
        return False
    user.totp_enabled_at = utcnow()
    end_all_sessions(user.id, "totp")
    return True


def disable(user: User) -> None:
    """Turn the factor off and forget the secret; ends the user's sessions."""
    user.totp_secret = user.totp_enabled_at = user.totp_last_step = None
    end_all_sessions(user.id, "totp")


def verify(user: User, code: str, now: datetime | None = None) -> bool:
    """Whether ``code`` is a fresh code of the user's secret; an accepted code is used up."""
    step = _matching_step(user.totp_secret, code, user.totp_last_step, now or utcnow())
    if step is None:
        return False
    # Compare-and-set, so that two requests racing with one code cannot both pass.
    used = db.session.execute(
        sa.update(User)
        .where(User.id == user.id,
               sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if used.rowcount != 1:
        return False
    set_committed_value(user, "totp_last_step", step)
    return True


def _matching_step(secret: str | None, code: str, last_step: int | None, now: datetime) -> int | None:
    code = "".join((code or "").split())
    if not secret or len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None
