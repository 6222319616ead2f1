"""Security headers on every response.

The Content-Security-Policy allows scripts and styles only from the app itself, so no inline
script can run; pages with case or report content are never stored by browsers or proxies.
"""
from flask import Flask, Response, make_response, request

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def register_security_headers(app: Flask) -> None:
    production = app.config["ENV_NAME"] == "production"

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if production:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"
        return response


def without_referrer(page, status: int | None = None) -> Response:
    """A page whose address holds a secret (a link's token): sent with
    ``Referrer-Policy: no-referrer``, so that the address goes nowhere from it."""
    response = make_response(page)
    if status is not None:
        response.status_code = status
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
