"""Device cookies: a browser that has signed in to an account is known to the throttle.

After OWASP's "Slow Down Online Guessing Attacks with Device Cookies": the throttle counts a
known browser's failures on their own, and lets it past the limit of an address that a guesser
shares (a NAT, an untrusted proxy), so that nobody else can lock its user out.

The cookie holds up to ``MAX_ACCOUNTS`` entries (care units share computers), each a random
nonce and an HMAC binding it to one account's throttle key. Nothing in it names the account or
can be turned back into one, and an entry for another account cannot be made without the secret
key. The cookie is HttpOnly, and Secure where the session cookie is.
"""
import hashlib
import hmac
import secrets

from flask import after_this_request, current_app, request

COOKIE = "casework_device"
MAX_ACCOUNTS = 8
MAX_AGE_SECONDS = 365 * 24 * 3600


def known_device(account_key: str) -> str | None:
    """The nonce of this browser's entry for the account, or ``None`` if it has none."""
    for nonce, tag in _entries():
        if hmac.compare_digest(tag, _tag(account_key, nonce)):
            return nonce
    return None


def remember_device(account_key: str) -> None:
    """Give this browser an entry for the account with the response, unless it has one."""
    if known_device(account_key) is not None:
        return
    nonce = secrets.token_urlsafe(12)
    entries = [(nonce, _tag(account_key, nonce)), *_entries()][:MAX_ACCOUNTS]
    value = "~".join(f"{n}.{t}" for n, t in entries)

    @after_this_request
    def _set(response):
        response.set_cookie(
            COOKIE, value, max_age=MAX_AGE_SECONDS, httponly=True, samesite="Lax",
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        )
        return response


def _entries() -> list[tuple[str, str]]:
    entries = []
    for entry in request.cookies.get(COOKIE, "").split("~"):
        nonce, _, tag = entry.partition(".")
        if nonce and tag:
            entries.append((nonce, tag))
    return entries[:MAX_ACCOUNTS]


def _tag(account_key: str, nonce: str) -> str:
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"device:{account_key}:{nonce}".encode(), hashlib.sha256).hexdigest()[:32]
